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

    // ---- with a replay watermark ----

    /**
     * Checks one verify against the rule, from the codes of the window computed one step at a time:
     * the result is a matching step of the window; the lowest one above the watermark when any
     * matching step is above it; otherwise the highest matching step; empty when none matches.
     */
    static void assertWatermarkRule(Totp totp, Secret secret, String code, Instant now, long watermark) {
        OptionalLong result = totp.verify(secret, code, now, watermark);

        long step = totp.timeStep(now);
        long lowestAbove = -1;
        long highest = -1;
        for (long s = Math.max(0, step - totp.stepsBack()); s <= step + totp.stepsAhead(); s++) {
            if (totp.generate(secret, totp.stepStart(s)).equals(code)) {
                highest = s;
                lowestAbove = lowestAbove < 0 && s > watermark ? s : lowestAbove;
            }
        }
        if (highest < 0) {
            assertThat(result).isEmpty();
            return;
        }
        assertThat(result).isPresent();
        long matched = result.getAsLong();
        assertThat(totp.generate(secret, totp.stepStart(matched))).as("a matching step").isEqualTo(code);
        assertThat(matched).as("in the window").isBetween(step - totp.stepsBack(), step + totp.stepsAhead());
        if (lowestAbove >= 0) {
            assertThat(matched).as("above the watermark %d when a match is", watermark).isGreaterThan(watermark)
                    .isEqualTo(lowestAbove);
        } else {
            assertThat(matched).as("a replay: the highest match").isLessThanOrEqualTo(watermark).isEqualTo(highest);
        }
    }

    @Test
    void verifyWithWatermark_randomSettingsCodesAndWatermarks_followsTheRule() {
        qt().forAll(setups(), instants(), integers().between(-Totp.MAX_STEPS - 1, Totp.MAX_STEPS + 1),
                integers().between(-13, 12)).checkAssert((s, now, k, w) -> {
                    Totp totp = s.totp();
                    long step = totp.timeStep(now);
                    String code = totp.generate(s.secret(), totp.stepStart(Math.max(0, step + k)));
                    long watermark = w == -13 ? -1 : Math.max(-1, step + w);

                    assertWatermarkRule(totp, s.secret(), code, now, watermark);
                });
    }

    @Test
    void verifyWithWatermark_codesSharedByTwoSteps_followsTheRule() {
        // The two known collisions of SharedCode (steps A and A + 1; G and G + 2), under random
        // periods and windows, at and around them, against watermarks around them.
        Gen<Totp> totps = integers().between(1, 120).zip(integers().between(0, Totp.MAX_STEPS),
                integers().between(0, Totp.MAX_STEPS), (period, back, ahead) -> Totp.builder().issuer("P")
                        .period(Duration.ofSeconds(period)).stepsBack(back).stepsAhead(ahead).build());
        Secret secret = SharedCode.secret();
        qt().forAll(totps, integers().between(0, 1), integers().between(-Totp.MAX_STEPS - 1, Totp.MAX_STEPS + 2),
                integers().between(-4, 4)).checkAssert((totp, pair, offset, w) -> {
                    long first = pair == 0 ? SharedCode.ADJACENT_FIRST : SharedCode.GAP_FIRST;
                    String code = pair == 0 ? SharedCode.ADJACENT_CODE : SharedCode.GAP_CODE;
                    Instant now = totp.stepStart(first + offset).plusSeconds(totp.period().getSeconds() - 1);
                    long watermark = w == -4 ? -1 : first + w;

                    assertWatermarkRule(totp, secret, code, now, watermark);
                });
    }

    @Test
    void verifyWithWatermark_bothCollidingStepsInTheWindow_eachIsAcceptedOnceInOrder() {
        Gen<Totp> totps = integers().between(1, 120).zip(integers().between(2, Totp.MAX_STEPS),
                integers().between(2, Totp.MAX_STEPS), (period, back, ahead) -> Totp.builder().issuer("P")
                        .period(Duration.ofSeconds(period)).stepsBack(back).stepsAhead(ahead).build());
        Secret secret = SharedCode.secret();
        long a = SharedCode.ADJACENT_FIRST;
        qt().forAll(totps, integers().between(-1, 2), integers().between(1, 5)).checkAssert((totp, offset, below) -> {
            Instant now = totp.stepStart(a + offset); // both a and a + 1 are within two steps
            long watermark = a - below;

            OptionalLong first = totp.verify(secret, SharedCode.ADJACENT_CODE, now, watermark);
            OptionalLong second = totp.verify(secret, SharedCode.ADJACENT_CODE, now, first.getAsLong());
            OptionalLong third = totp.verify(secret, SharedCode.ADJACENT_CODE, now, second.getAsLong());

            assertThat(first).hasValue(a);
            assertThat(second).hasValue(a + 1);
            assertThat(third).as("a replay").hasValue(a + 1);
        });
    }
}
