package dev.twofa.totp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twofa.core.InvalidInputException;
import dev.twofa.core.Secret;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The drifted window (django-otp's drift): centred elsewhere, never wider, bounded by maxDrift. */
class TotpDriftTest {

    private static final Secret SECRET = Secret.copyOf("12345678901234567890".getBytes(US_ASCII));
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:10Z");

    private final Totp totp = Totp.builder().issuer("Example").build();
    private final long step = totp.timeStep(NOW);

    private String codeAt(long s) {
        return totp.generate(SECRET, totp.stepStart(s));
    }

    @Test
    void verify_driftTwo_acceptsExactlyStepsOneToThreeAhead() {
        for (int offset = -3; offset <= 5; offset++) {
            boolean accepted = totp.verify(SECRET, codeAt(step + offset), NOW, -1, 2).isPresent();
            assertThat(accepted).as("offset %d", offset).isEqualTo(offset >= 1 && offset <= 3);
        }
    }

    @Test
    void verify_anyDrift_sameNumberOfAcceptedSteps() {
        for (int drift = -2; drift <= 2; drift++) {
            int d = drift;
            long accepted = IntStream.rangeClosed(-6, 6)
                    .filter(o -> totp.verify(SECRET, codeAt(step + o), NOW, -1, d).isPresent()).count();
            assertThat(accepted).as("drift %d", drift).isEqualTo(totp.acceptedCodesPerTry());
        }
    }

    @Test
    void verify_driftZero_sameAsWithoutDrift() {
        for (int offset = -2; offset <= 2; offset++) {
            assertThat(totp.verify(SECRET, codeAt(step + offset), NOW, -1, 0))
                    .isEqualTo(totp.verify(SECRET, codeAt(step + offset), NOW, -1));
        }
    }

    @Test
    void verify_driftBeyondMaxDrift_refused() {
        assertThatThrownBy(() -> totp.verify(SECRET, codeAt(step), NOW, -1, 3))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("drift must be -2 to 2");
        Totp off = Totp.builder().issuer("Example").maxDrift(0).build();
        assertThatThrownBy(() -> off.verify(SECRET, codeAt(step), NOW, -1, 1)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void verify_driftBackAtT0_noStepBeforeT0() {
        Instant start = Instant.EPOCH.plusSeconds(5);

        assertThat(totp.verify(SECRET, totp.generate(SECRET, Instant.EPOCH), start, -1, -2)).isEmpty();
        assertThat(totp.verify(SECRET, totp.generate(SECRET, Instant.EPOCH), start, -1, -1)).isPresent();
    }

    @Test
    void maxDrift_defaultsAndBounds() {
        assertThat(totp.maxDrift()).isEqualTo(Totp.DEFAULT_MAX_DRIFT).isEqualTo(2);
        assertThat(Totp.builder().issuer("E").maxDrift(10).build().maxDrift()).isEqualTo(10);
        assertThatThrownBy(() -> Totp.builder().maxDrift(11)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxDrift");
        assertThatThrownBy(() -> Totp.builder().maxDrift(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Totp.builder().maxDrift(1).maxDrift(2)).isInstanceOf(IllegalStateException.class);
        assertThat(totp.toString()).contains("drift up to 2");
    }
}
