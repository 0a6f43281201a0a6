package dev.twofa.core;

import static dev.twofa.core.fixtures.Fixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twofa.core.fixtures.FakeTotpChannel;
import dev.twofa.core.fixtures.Fixture;
import dev.twofa.core.spi.TwoFactorProfile;
import dev.twofa.core.spi.TwoFactorProfile.Verification;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Support reset (issue 14.2): the host's support staff turn the second factor off for a customer
 * who lost the phone. Everything of the factor goes, the number stays unverified, and one event
 * carries who and why.
 */
class SupportResetTest {

    private static final String AGENT = "agent-17";
    private static final String WHY = "ticket 4711: phone lost, identity checked by video call";

    private final Fixture f = new Fixture();
    private final TwoFactorService service = f.service;

    @Test
    void resetTwoFactor_smsActive_methodOffNumberUnverifiedCodesAndProofsGone() {
        f.smsActive();
        f.clock.advance(Duration.ofSeconds(31));
        service.beginLogin(ALICE);                             // an outstanding login code
        String loginCode = f.lastSms();

        ChangeResult result = service.resetTwoFactor(ALICE, AGENT, WHY);

        assertThat(result).isInstanceOfSatisfying(Changed.class, c -> {
            assertThat(c.status().activeMethod()).isNull();
            assertThat(c.status().numberVerified()).isFalse();
            assertThat(c.status().number()).isEqualTo(Fixture.E164);
            assertThat(c.recoveryCodesDropped()).isEqualTo(10);
        });
        TwoFactorProfile p = f.store.get(ALICE);
        assertThat(p.phone().verification()).isEqualTo(Verification.UNVERIFIED);
        assertThat(p.recoveryCodes()).isEmpty();
        assertThat(p.proofs()).isEmpty();
        assertThat(p.totp()).isNull();
        assertThat(p.smsChallenge().used()).isTrue();
        assertThat(service.beginLogin(ALICE)).isInstanceOf(NoSecondFactor.class);
        assertThat(service.completeLogin(ALICE, loginCode)).isInstanceOf(Refused.class);
    }

    @Test
    void resetTwoFactor_totpActive_secretDroppedAndProofNoLongerWorks() {
        String key = f.totpActive();
        Proof proof = ((Verified) service.stepUp(ALICE, f.appCode(key))).proof();

        service.resetTwoFactor(ALICE, AGENT, WHY);

        assertThat(f.store.get(ALICE).totp()).isNull();
        assertThat(service.status(ALICE).hasActiveMethod()).isFalse();
        assertThat(service.deactivate(ALICE, proof)).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(Refused.Refusal.NO_ACTIVE_METHOD));
        assertThat(f.store.get(ALICE).proofs()).isEmpty();
    }

    @Test
    void resetTwoFactor_pendingEnrollmentAndPendingNumber_bothDropped() {
        f.smsActive();
        Proof proof = smsStepUp();
        service.changeNumber(ALICE, "+420 777 000 111", proof);   // pending until verified
        assertThat(f.store.get(ALICE).pendingNumber()).isNotNull();

        service.resetTwoFactor(ALICE, AGENT, WHY);
        assertThat(f.store.get(ALICE).pendingNumber()).isNull();

        TotpSetup setup = (TotpSetup) service.startTotp(ALICE, "alice@example.com");
        service.resetTwoFactor(ALICE, AGENT, WHY);
        assertThat(f.store.get(ALICE).totp()).isNull();
        assertThat(service.confirmTotp(ALICE, FakeTotpChannel.codeFor(setup.manualEntryKey(), f.clock.instant())))
                .isInstanceOfSatisfying(Refused.class,
                        r -> assertThat(r.refusal()).isEqualTo(Refused.Refusal.NO_PENDING_ENROLLMENT));
    }

    @Test
    void resetTwoFactor_lockedOut_lockCleared() {
        String key = f.totpActive();
        for (int i = 0; i < 10; i++) {
            service.completeLogin(ALICE, "000000".equals(f.appCode(key)) ? "111111" : "000000");
            f.clock.advance(Duration.ofMinutes(16));
        }
        assertThat(service.status(ALICE).lockedUntil()).isNotNull();
        long epoch = f.store.get(ALICE).failures().epoch();

        service.resetTwoFactor(ALICE, AGENT, WHY);

        assertThat(service.status(ALICE).lockedUntil()).isNull();
        assertThat(service.status(ALICE).consecutiveFailures()).isZero();
        assertThat(f.store.get(ALICE).failures().epoch()).isEqualTo(epoch + 1);
    }

    @Test
    void resetTwoFactor_afterReset_numberMustBeVerifiedAgainBeforeSmsLogin() {
        f.smsActive();
        service.resetTwoFactor(ALICE, AGENT, WHY);

        assertThat(service.enableSms(ALICE)).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(Refused.Refusal.NUMBER_NOT_VERIFIED));
        f.clock.advance(Duration.ofSeconds(31));
        assertThat(service.sendVerificationCode(ALICE)).isInstanceOf(SmsSent.class);
        assertThat(service.verifyNumber(ALICE, f.lastSms()).verified()).isTrue();
        assertThat(service.enableSms(ALICE)).isInstanceOf(Changed.class);
    }

    @Test
    void resetTwoFactor_event_carriesActorAndReasonAndNoNumber() {
        f.smsActive();
        int before = f.events.size();

        service.resetTwoFactor(ALICE, AGENT, WHY);

        assertThat(f.events.subList(before, f.events.size())).containsExactly(new TwoFactorEvent(
                TwoFactorEvent.Type.SUPPORT_RESET, ALICE, f.clock.instant(), Method.SMS, null,
                new SupportAction(AGENT, WHY)));
    }

    @Test
    void resetTwoFactor_nothingSet_eventForTheAuditAndNothingStored() {
        int saves = f.store.saves.get();

        ChangeResult result = service.resetTwoFactor(ALICE, AGENT, WHY);

        assertThat(result).isInstanceOfSatisfying(Changed.class, c -> assertThat(c.recoveryCodesDropped()).isZero());
        assertThat(f.store.saves.get()).isEqualTo(saves);
        assertThat(f.eventTypes()).containsExactly(TwoFactorEvent.Type.SUPPORT_RESET);
    }

    static Stream<String> badTexts() {
        return Stream.of(null, "", "   ", "line\nforged", "tab\there", "bell\u0007", "rtl\u202Eoverride",
                "zero\u200Bwidth", "line\u2028sep", "x".repeat(SupportAction.MAX_REASON + 1));
    }

    @ParameterizedTest
    @MethodSource("badTexts")
    void resetTwoFactor_badReason_refusedAndNothingChanged(String reason) {
        f.smsActive();
        TwoFactorProfile before = f.store.get(ALICE);
        int events = f.events.size();

        assertThatThrownBy(() -> service.resetTwoFactor(ALICE, AGENT, reason))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("reason");
        assertThat(f.store.get(ALICE)).isEqualTo(before);
        assertThat(f.events).hasSize(events);
    }

    @ParameterizedTest
    @MethodSource("badTexts")
    void resetTwoFactor_badActor_refused(String actor) {
        assertThatThrownBy(() -> service.resetTwoFactor(ALICE, actor, WHY))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("actor");
        assertThat(f.store.get(ALICE)).isNull();
    }

    @Test
    void supportAction_longestAllowedAndNonLatin_accepted() {
        SupportAction a = new SupportAction("x".repeat(SupportAction.MAX_ACTOR), "Telefon ztracen – ověřeno 😀");

        assertThat(a.actor()).hasSize(SupportAction.MAX_ACTOR);
        assertThatThrownBy(() -> new SupportAction("x".repeat(SupportAction.MAX_ACTOR + 1), WHY))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("at most 100");
    }

    @Test
    void resetTwoFactor_nullAccount_refused() {
        assertThatThrownBy(() -> service.resetTwoFactor(null, AGENT, WHY)).isInstanceOf(InvalidInputException.class);
    }

    private Proof smsStepUp() {
        f.clock.advance(Duration.ofSeconds(31));
        assertThat(service.sendStepUpCode(ALICE)).isInstanceOf(SmsSent.class);
        return ((Verified) service.stepUp(ALICE, f.lastSms())).proof();
    }
}
