package dev.twofa.testkit;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.AccountId;
import dev.twofa.core.Rejected;
import dev.twofa.core.TotpSetup;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The rare login in which the app shows the same six digits in two neighbouring time steps (about
 * once per million): the real service, store and TOTP, end to end. Steps 59,061,240 and 59,061,241
 * (2026-02-23T09:00:00Z and 09:00:30Z) share the code 963181 for the RFC 4226 test seed
 * "12345678901234567890" (found by a search with the plain RFC 4226 computation; twofa-totp's
 * tests keep the search's results in {@code SharedCode}); the kit's TOTP is made to hand out that
 * seed as its "random" secret, and the test checks the app's codes before relying on them.
 */
class SharedAppCodeTest {

    private static final AccountId ALICE = AccountId.of("alice");
    private static final long STEP = 59_061_240L;
    private static final String SHARED = "963181";

    /** A SecureRandom that hands out the RFC 4226 test seed: for this test's secret only. */
    private static SecureRandom rfcSeed() {
        return new SecureRandom() {
            private static final long serialVersionUID = 1L;

            @Override
            public void nextBytes(byte[] bytes) {
                byte[] seed = "12345678901234567890".getBytes(US_ASCII);
                System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
            }
        };
    }

    @Test
    void appLogin_sameDigitsInTheNextStep_isAcceptedAndThenRefusedAsAReplay() {
        TwoFactorTestKit kit = TwoFactorTestKit.builder()
                .startAt(Instant.ofEpochSecond(STEP * 30 + 5))
                .totp(b -> b.random(rfcSeed()))
                .build();
        TotpSetup setup = (TotpSetup) kit.service().startTotp(ALICE, "alice@example.com");
        kit.app().addAccount(setup.otpauthUri());
        assertThat(setup.manualEntryKey()).isEqualTo("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
        assertThat(kit.app().currentCode()).isEqualTo(SHARED);

        // The customer connects the app with the code it shows now (step STEP, which step STEP + 1 shares).
        assertThat(kit.service().confirmTotp(ALICE, kit.app().currentCode()).verified()).isTrue();
        kit.clock().advance(Duration.ofSeconds(30));                  // the next step: the same digits
        assertThat(kit.app().currentCode()).isEqualTo(SHARED);

        // A fresh, correct code: accepted, though step STEP (used by the confirmation) matches too.
        assertThat(kit.service().completeLogin(ALICE, kit.app().currentCode()).verified()).isTrue();
        // Both steps the digits match are used now: a replay.
        assertThat(kit.service().completeLogin(ALICE, SHARED))
                .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).isEqualTo(Rejected.Reason.REPLAY));
        assertThat(kit.store().load(ALICE).orElseThrow().totp().lastAcceptedStep()).isEqualTo(STEP + 1);
    }
}
