package dev.twofa.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.twofa.core.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Properties of generate and verify over random instants, windows, algorithms and settings. */
class TotpPropertiesTest {

    /** A random engine: algorithm, digits, period, window. */
    record Setup(Totp totp, Secret secret) {}

    static Gen<Setup> setups() {
        Gen<int[]> settings = integers().between(0, 2).zip(integers().between(6, 8), integers().between(1, 120),
                (alg, digits, period) -> new int[] {alg, digits, period});
        Gen<int[]> windows = integers().between(0, Totp.MAX_STEPS).zip(integers().between(0, Totp.MAX_STEPS),
                (back, ahead) -> new int[] {back, ahead});
        Gen<Secret> secrets = TotpSecretsTest.keys(16, 64).map(Secret::copyOf);
        return settings.zip(windows, secrets, (s, w, secret) -> new Setup(Totp.builder()
                .issuer("P")
                .algorithm(Algorithm.values()[s[0]])
                .digits(s[1])
                .period(Duration.ofSeconds(s[2]))
                .stepsBack(w[0])
                .stepsAhead(w[1])
                .build(), secret));
    }

    /** Instants from the epoch to past 2^34 seconds (year 2514), with a fraction of a second. */
    static Gen<Instant> instants() {
        return longs().between(0, 20_000_000_000L).zip(integers().between(0, 999_999_999), Instant::ofEpochSecond);
    }

    @Test
    void generateThenVerify_atTheSameInstant_returnsThatStep() {
        qt().forAll(setups(), instants()).checkAssert((s, now) -> {
            String code = s.totp().generate(s.secret(), now);

            assertThat(code).hasSize(s.totp().codeDigits()).matches("[0-9]+");
            OptionalLong step = s.totp().verify(s.secret(), code, now);
            // The latest match wins: a later step in the window with the same code is a true collision.
            assertThat(step).isPresent();
            assertThat(step.getAsLong()).isBetween(s.totp().timeStep(now), s.totp().timeStep(now) + s.totp().stepsAhead());
            assertThat(s.totp().generate(s.secret(), s.totp().stepStart(step.getAsLong()))).isEqualTo(code);
        });
    }

    @Test
    void generateThenVerify_anywhereInTheWindow_returnsTheGeneratingStepOrALaterCollision() {
        qt().forAll(setups(), instants(), integers().between(-Totp.MAX_STEPS, Totp.MAX_STEPS)).checkAssert((s, now, k) -> {
            Totp totp = s.totp();
            long step = totp.timeStep(now);
            if (k < -totp.stepsBack() || k > totp.stepsAhead() || step + k < 0) {
                return;
            }
            String code = totp.generate(s.secret(), totp.stepStart(step + k));

            OptionalLong matched = totp.verify(s.secret(), code, now);

            assertThat(matched).isPresent();
            assertThat(matched.getAsLong()).isBetween(step + k, step + totp.stepsAhead());
            assertThat(totp.generate(s.secret(), totp.stepStart(matched.getAsLong()))).isEqualTo(code);
        });
    }

    @Test
    void verify_codeFromOutsideTheWindow_neverMatchesItsOwnStep() {
        qt().forAll(setups(), instants(), integers().between(1, 50), integers().between(0, 1)).checkAssert((s, now, d, sign) -> {
            Totp totp = s.totp();
            long step = totp.timeStep(now);
            long outside = sign == 0 ? step - totp.stepsBack() - d : step + totp.stepsAhead() + d;
            if (outside < 0) {
                return;
            }
            String code = totp.generate(s.secret(), totp.stepStart(outside));

            OptionalLong matched = totp.verify(s.secret(), code, now);

            // Refused, unless (rarely) an in-window step happens to have the same code.
            if (matched.isPresent()) {
                assertThat(matched.getAsLong()).isBetween(step - totp.stepsBack(), step + totp.stepsAhead());
                assertThat(totp.generate(s.secret(), totp.stepStart(matched.getAsLong()))).isEqualTo(code);
            }
            assertThat(matched).isNotEqualTo(OptionalLong.of(outside));
        });
    }

    @Test
    void verify_codeOfAnotherSecret_isRefusedOrAGenuineCollision() {
        qt().forAll(setups(), instants(), TotpSecretsTest.keys(16, 64)).checkAssert((s, now, otherKey) -> {
            Secret other = Secret.copyOf(otherKey);
            String code = s.totp().generate(other, now);

            OptionalLong matched = s.totp().verify(s.secret(), code, now);

            if (matched.isPresent()) {
                assertThat(s.totp().generate(s.secret(), s.totp().stepStart(matched.getAsLong()))).isEqualTo(code);
            }
        });
    }
}
