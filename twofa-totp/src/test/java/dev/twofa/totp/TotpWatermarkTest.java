package dev.twofa.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twofa.core.InvalidInputException;
import dev.twofa.core.Secret;
import dev.twofa.core.spi.TotpChannel;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Verify with a replay watermark (the last accepted step), above all when a code matches several
 * steps of the window: a matching step above the watermark wins, so a fresh code that shares its
 * digits with an already used step is accepted, and the used step itself is still a replay.
 */
class TotpWatermarkTest {

    private static final Secret SECRET = SharedCode.secret();
    private static final long A = SharedCode.ADJACENT_FIRST;
    private static final long G = SharedCode.GAP_FIRST;
    private final Totp totp = Totp.builder().issuer("Example").build();

    @BeforeAll
    static void theCollisionsHold() {
        Hotp hotp = Hotp.builder().build();
        assertThat(hotp.generate(SECRET, A)).isEqualTo(SharedCode.ADJACENT_CODE);
        assertThat(hotp.generate(SECRET, A + 1)).isEqualTo(SharedCode.ADJACENT_CODE);
        assertThat(hotp.generate(SECRET, A - 1)).isNotEqualTo(SharedCode.ADJACENT_CODE);
        assertThat(hotp.generate(SECRET, A + 2)).isNotEqualTo(SharedCode.ADJACENT_CODE);
        assertThat(hotp.generate(SECRET, G)).isEqualTo(SharedCode.GAP_CODE);
        assertThat(hotp.generate(SECRET, G + 1)).isNotEqualTo(SharedCode.GAP_CODE);
        assertThat(hotp.generate(SECRET, G + 2)).isEqualTo(SharedCode.GAP_CODE);
    }

    /** 10 seconds into a step. */
    private Instant in(long step) {
        return totp.stepStart(step).plusSeconds(10);
    }

    @Test
    void verify_neighbouringStepsShareTheCode_theStepAboveTheWatermarkWins() {
        Instant now = in(A + 1); // window A .. A + 2: steps A and A + 1 match

        assertThat(totp.verify(SECRET, SharedCode.ADJACENT_CODE, now, -1)).hasValue(A);
        assertThat(totp.verify(SECRET, SharedCode.ADJACENT_CODE, now, A - 1)).hasValue(A);
        assertThat(totp.verify(SECRET, SharedCode.ADJACENT_CODE, now, A)).as("the fresh step, not a replay")
                .hasValue(A + 1);
        assertThat(totp.verify(SECRET, SharedCode.ADJACENT_CODE, now, A + 1)).as("both used: a replay")
                .hasValue(A + 1);
        assertThat(totp.verify(SECRET, SharedCode.ADJACENT_CODE, now, A + 7)).hasValue(A + 1);
    }

    @Test
    void verify_sameDigitsSubmittedThrice_acceptedOncePerMatchingStepThenAReplay() {
        Instant now = in(A + 1);
        long watermark = -1;
        int accepted = 0;
        for (int i = 0; i < 3; i++) {
            // What the caller (twofa-core) does: accept a step above the watermark and store it.
            OptionalLong step = totp.verify(SECRET, SharedCode.ADJACENT_CODE, now, watermark);
            assertThat(step).isPresent();
            if (step.getAsLong() > watermark) {
                watermark = step.getAsLong();
                accepted++;
            } else {
                assertThat(i).as("refused as a replay only once both steps are used").isEqualTo(2);
            }
        }
        assertThat(accepted).isEqualTo(2);
        assertThat(watermark).isEqualTo(A + 1);
    }

    @Test
    void verify_stepsTwoApartShareTheCode_theLowestAboveTheWatermarkElseTheHighestWins() {
        Instant now = in(G + 1); // window G .. G + 2: steps G and G + 2 match, G + 1 does not

        assertThat(totp.verify(SECRET, SharedCode.GAP_CODE, now, -1)).hasValue(G);
        assertThat(totp.verify(SECRET, SharedCode.GAP_CODE, now, G)).hasValue(G + 2);
        assertThat(totp.verify(SECRET, SharedCode.GAP_CODE, now, G + 1)).hasValue(G + 2);
        assertThat(totp.verify(SECRET, SharedCode.GAP_CODE, now, G + 2)).hasValue(G + 2);
    }

    @Test
    void verify_withoutWatermark_returnsTheLatestMatch() {
        assertThat(totp.verify(SECRET, SharedCode.ADJACENT_CODE, in(A + 1))).hasValue(A + 1);
        assertThat(totp.verify(SECRET, SharedCode.GAP_CODE, in(G + 1))).hasValue(G + 2);
        assertThat(totp.verify(SECRET, SharedCode.ADJACENT_CODE, in(A + 1), Long.MAX_VALUE)).hasValue(A + 1);
    }

    @Test
    void verify_asTotpChannel_passesTheWatermarkOn() {
        TotpChannel channel = totp;

        assertThat(channel.verify(SECRET, SharedCode.ADJACENT_CODE, in(A + 1), -1)).hasValue(A);
        assertThat(channel.verify(SECRET, SharedCode.ADJACENT_CODE, in(A + 1), A)).hasValue(A + 1);
    }

    @Test
    void verify_singleMatch_isReturnedWhateverTheWatermark() {
        Instant now = in(A + 1);
        String current = totp.generate(SECRET, totp.stepStart(A + 2)); // only step A + 2 has it

        for (long watermark : new long[] {-1, 0, A, A + 1, A + 2, A + 3, Long.MAX_VALUE}) {
            assertThat(totp.verify(SECRET, current, now, watermark)).as("watermark %d", watermark).hasValue(A + 2);
        }
        assertThat(totp.verify(SECRET, "000000", now, A)).isEmpty();
    }

    @Test
    void verify_watermarkBelowMinusOne_isRefusedEvenForAMalformedCode() {
        Instant now = in(A);

        assertThatThrownBy(() -> totp.verify(SECRET, SharedCode.ADJACENT_CODE, now, -2))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("lastAcceptedStep");
        assertThatThrownBy(() -> totp.verify(SECRET, "12", now, Long.MIN_VALUE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("lastAcceptedStep");
        assertThatThrownBy(() -> totp.verify(null, SharedCode.ADJACENT_CODE, now, -1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("secret");
    }

    @Test
    void verify_noStepsBack_leavesThePreviousStepOutAlsoWhenItSharesTheCode() {
        Totp noBack = Totp.builder().issuer("Example").stepsBack(0).build();

        assertThat(noBack.stepsBack()).isZero();
        assertThat(noBack.acceptedCodesPerTry()).isEqualTo(2);
        // At step A + 1 the window is A + 1 .. A + 2: step A, which shares the code, is out of it.
        assertThat(noBack.verify(SECRET, SharedCode.ADJACENT_CODE, in(A + 1), -1)).hasValue(A + 1);
        // At step A both steps are in: current and one ahead.
        assertThat(noBack.verify(SECRET, SharedCode.ADJACENT_CODE, in(A), -1)).hasValue(A);
        assertThat(noBack.verify(SECRET, SharedCode.ADJACENT_CODE, in(A), A)).hasValue(A + 1);
        // At step A + 2 neither is.
        assertThat(noBack.verify(SECRET, SharedCode.ADJACENT_CODE, in(A + 2), -1)).isEmpty();
        assertThat(totp.verify(SECRET, SharedCode.ADJACENT_CODE, in(A + 2), -1)).hasValue(A + 1);
    }

    @Test
    void verify_noStepsBackNorAhead_acceptsTheCurrentStepOnly() {
        Totp exact = Totp.builder().issuer("Example").stepsBack(0).stepsAhead(0).build();

        assertThat(exact.acceptedCodesPerTry()).isEqualTo(1);
        assertThat(exact.verify(SECRET, SharedCode.GAP_CODE, in(G), -1)).hasValue(G);
        assertThat(exact.verify(SECRET, SharedCode.GAP_CODE, in(G + 1), -1)).isEmpty();
        assertThat(exact.verify(SECRET, SharedCode.GAP_CODE, in(G + 2), G)).hasValue(G + 2);
        assertThat(exact.verify(SECRET, SharedCode.GAP_CODE, in(G + 2), G + 2)).hasValue(G + 2);
    }
}
