package dev.twofa.core;

import static dev.twofa.core.fixtures.Fixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.fixtures.FakeTotpChannel;
import dev.twofa.core.fixtures.Fixture;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A code check counts its try, evaluates the code, then stores the outcome. These tests put
 * another request between the count and the outcome (through the store's afterNextSave hook) and
 * check the outcome is applied only to the credential that was checked.
 */
class CheckRaceTest {

    private static final Duration HOUR = Duration.ofHours(1);

    private long events(Fixture f, TwoFactorEvent.Type type) {
        return f.events.stream().filter(e -> e.type() == type).count();
    }

    @Test
    void completeLogin_smsCodeReplacedBetweenCountAndOutcome_expiredAndNewCodeIntact() {
        Fixture f = new Fixture();
        f.smsActive();
        f.clock.advance(Duration.ofMinutes(1));
        f.service.beginLogin(ALICE);
        String first = f.lastSms();
        f.clock.advance(Duration.ofSeconds(31));
        f.store.afterNextSave.set(() -> f.service.beginLogin(ALICE)); // a resend lands in between

        VerifyResult result = f.service.completeLogin(ALICE, first);

        assertThat(result).isInstanceOf(Expired.class);
        assertThat(events(f, TwoFactorEvent.Type.LOGIN_SUCCEEDED)).isZero();
        assertThat(f.store.get(ALICE).smsChallenge().attemptsLeft()).isEqualTo(5);
        f.clock.advance(Duration.ofSeconds(1));
        assertThat(f.service.completeLogin(ALICE, f.lastSms()).verified()).isTrue();
    }

    @Test
    void confirmTotp_enrollmentRestartedBetweenCountAndOutcome_expiredAndNothingActivated() {
        Fixture f = new Fixture();
        TotpSetup first = (TotpSetup) f.service.startTotp(ALICE, "alice@example.com");
        f.store.afterNextSave.set(() -> f.service.startTotp(ALICE, "alice@example.com"));

        VerifyResult result = f.service.confirmTotp(ALICE, FakeTotpChannel.codeFor(first.manualEntryKey(), f.clock.instant()));

        assertThat(result).isInstanceOf(Expired.class);
        assertThat(f.service.status(ALICE).activeMethod()).isNull();
    }

    @Test
    void completeLogin_appReconnectedBetweenCountAndOutcome_theOldAppsCodeExpired() {
        Fixture f = new Fixture();
        String oldKey = f.totpActive();
        f.clock.advance(Duration.ofSeconds(30));
        Proof proof = ((Verified) f.service.completeLogin(ALICE, f.appCode(oldKey))).proof();
        String oldAppsNextCode = FakeTotpChannel.codeFor(oldKey, f.clock.instant().plusSeconds(30));
        f.store.afterNextSave.set(() -> {                       // the customer connects a new phone meanwhile
            assertThat(f.service.deactivate(ALICE, proof)).isInstanceOf(Changed.class);
            TotpSetup fresh = (TotpSetup) f.service.startTotp(ALICE, "alice@example.com");
            assertThat(f.service.confirmTotp(ALICE, FakeTotpChannel.codeFor(fresh.manualEntryKey(), f.clock.instant()))
                    .verified()).isTrue();
        });
        long logins = events(f, TwoFactorEvent.Type.LOGIN_SUCCEEDED);

        VerifyResult result = f.service.completeLogin(ALICE, oldAppsNextCode);

        assertThat(result).as("a code of the old secret proves nothing for the new one").isInstanceOf(Expired.class);
        assertThat(events(f, TwoFactorEvent.Type.LOGIN_SUCCEEDED)).isEqualTo(logins);
    }

    @Test
    void verifyNumber_lockingTryEndsExpired_lockedOutWithOneEvent() {
        Fixture f = new Fixture(b -> b.lockoutPolicy(new LockoutPolicy(9, Duration.ofMinutes(15), 10, HOUR, 30)));
        f.service.addNumber(ALICE, Fixture.NUMBER);
        for (int code = 0; code < 2; code++) {              // 9 failures: 5 kill the first code, 4 on the second
            f.service.sendVerificationCode(ALICE);
            String wrong = "000000".equals(f.lastSms()) ? "111111" : "000000";
            for (int i = 0; i < (code == 0 ? 5 : 4); i++) {
                f.service.verifyNumber(ALICE, wrong);
            }
            f.clock.advance(Duration.ofSeconds(31));
        }
        assertThat(f.service.status(ALICE).consecutiveFailures()).isEqualTo(9);
        f.store.afterNextSave.set(() -> f.service.changeNumber(ALICE, "+420 777 000 111", null));

        VerifyResult result = f.service.verifyNumber(ALICE, "000000".equals(f.lastSms()) ? "111111" : "000000");

        assertThat(result).isEqualTo(new LockedOut(f.clock.instant().plus(HOUR)));
        assertThat(events(f, TwoFactorEvent.Type.LOCKED_OUT)).isEqualTo(1);
    }

    @Test
    void completeLogin_lockReachedByOtherTriesDuringSuccess_lockStays() {
        Fixture f = new Fixture(b -> b.lockoutPolicy(new LockoutPolicy(9, Duration.ofMinutes(15), 10, HOUR, 30)));
        String key = f.totpActive();
        String right = f.appCode(key);
        String wrong = right.equals("000000") ? "111111" : "000000";
        TwoFactorService attacker = f.newNode();
        f.store.afterNextSave.set(() -> {
            for (int i = 0; i < 9; i++) {
                attacker.completeLogin(ALICE, wrong);
            }
        });

        VerifyResult result = f.service.completeLogin(ALICE, right);

        assertThat(result.verified()).isTrue();
        assertThat(f.service.status(ALICE).lockedUntil()).isEqualTo(f.clock.instant().plus(HOUR));
        assertThat(f.service.completeLogin(ALICE, wrong)).isInstanceOf(LockedOut.class);
    }

    @Test
    void verifyNumber_success_doesNotResetTheSecondFactorsFailures() {
        Fixture f = new Fixture();
        f.service.addNumber(ALICE, Fixture.NUMBER);      // before a method is on: no proof needed
        String key = f.totpActive();
        String wrong = f.appCode(key).equals("000000") ? "111111" : "000000";
        f.service.completeLogin(ALICE, wrong);
        f.service.completeLogin(ALICE, wrong);
        f.service.sendVerificationCode(ALICE);

        assertThat(f.service.verifyNumber(ALICE, f.lastSms()).verified()).isTrue();

        assertThat(f.service.status(ALICE).consecutiveFailures()).as("the app's failures still count").isEqualTo(2);
    }

    // ------------------------------------------------------------------ beginLogin while the SMS goes out

    @Test
    void beginLogin_pendingNumberVerifiedWhileLoginSmsGoesOut_smsSentToTheNewNumber() {
        Fixture f = new Fixture();
        PhoneNumber other = new PhoneNumber("+420777000111");
        f.smsActive();
        f.clock.advance(Duration.ofSeconds(31));
        f.service.sendStepUpCode(ALICE);
        Proof proof = ProofTest.proofOf(f.service.stepUp(ALICE, f.lastSms()));
        assertThat(f.service.changeNumber(ALICE, "+420 777 000 111", proof)).isInstanceOf(Changed.class);
        f.clock.advance(Duration.ofSeconds(31));
        assertThat(f.service.sendVerificationCode(ALICE)).isInstanceOf(SmsSent.class);
        String verification = f.sms.lastCodeTo(other);
        f.clock.advance(Duration.ofSeconds(31));
        TwoFactorService otherNode = f.newNode();
        f.sms.duringNextIssue.set(() -> assertThat(otherNode.verifyNumber(ALICE, verification).verified()).isTrue());

        LoginStep step = f.service.beginLogin(ALICE);

        assertThat(step).isInstanceOfSatisfying(SmsSent.class, s -> assertThat(s.maskedNumber()).isEqualTo(other.masked()));
        assertThat(f.store.get(ALICE).smsChallenge().destination()).isEqualTo(other);
        assertThat(f.service.completeLogin(ALICE, f.sms.lastCodeTo(other)).verified()).isTrue();
    }

    @Test
    void beginLogin_smsDeactivatedWhileLoginSmsGoesOut_noSecondFactorAndNoChallengeStored() {
        Fixture f = new Fixture();
        f.smsActive();
        f.clock.advance(Duration.ofSeconds(31));
        f.service.sendStepUpCode(ALICE);
        Proof proof = ProofTest.proofOf(f.service.stepUp(ALICE, f.lastSms()));
        f.clock.advance(Duration.ofSeconds(31));
        TwoFactorService otherNode = f.newNode();
        f.sms.duringNextIssue.set(() -> assertThat(otherNode.deactivate(ALICE, proof)).isInstanceOf(Changed.class));

        LoginStep step = f.service.beginLogin(ALICE);

        assertThat(step).isInstanceOf(NoSecondFactor.class);
        assertThat(f.store.get(ALICE).smsChallenge().purpose()).as("the login code was never stored")
                .isEqualTo(SmsPurpose.STEP_UP);
        assertThat(f.eventTypes()).doesNotContain(TwoFactorEvent.Type.LOGIN_SUCCEEDED);
    }

    @Test
    void beginLogin_switchedToTheAppWhileLoginSmsGoesOut_appCodeRequired() {
        Fixture f = new Fixture();
        f.smsActive();
        f.clock.advance(Duration.ofSeconds(31));
        f.service.sendStepUpCode(ALICE);
        Proof proof = ProofTest.proofOf(f.service.stepUp(ALICE, f.lastSms()));
        f.clock.advance(Duration.ofSeconds(31));
        TwoFactorService otherNode = f.newNode();
        f.sms.duringNextIssue.set(() -> {
            assertThat(otherNode.deactivate(ALICE, proof)).isInstanceOf(Changed.class);
            TotpSetup setup = (TotpSetup) otherNode.startTotp(ALICE, "alice@example.com");
            assertThat(otherNode.confirmTotp(ALICE, FakeTotpChannel.codeFor(setup.manualEntryKey(), f.clock.instant()))
                    .verified()).isTrue();
        });

        assertThat(f.service.beginLogin(ALICE)).isInstanceOf(AppCodeRequired.class);
    }

    @Test
    void beginLogin_personWithdrewNumberWhileLoginSmsGoesOut_smsNumberWithdrawn() {
        Fixture f = new Fixture();
        f.addPerson(ALICE, Fixture.E164);
        f.service.addNumber(ALICE, Fixture.NUMBER);
        f.service.enableSms(ALICE);
        // the directory is asked before the send; a withdrawal during it is seen at the next send
        f.sms.duringNextIssue.set(f.personNumbers::clear);

        assertThat(f.service.beginLogin(ALICE)).isInstanceOf(SmsSent.class);
        f.clock.advance(Duration.ofSeconds(31));
        assertThat(f.service.beginLogin(ALICE)).isEqualTo(new SmsNumberWithdrawn(Fixture.E164.masked()));
    }

    @Test
    void sendVerificationCode_numberChangedWhileSmsGoesOut_refusedAndNothingStored() {
        Fixture f = new Fixture();
        f.service.addNumber(ALICE, Fixture.NUMBER);
        TwoFactorService otherNode = f.newNode();
        f.sms.duringNextIssue.set(() -> otherNode.changeNumber(ALICE, "+420 777 000 111", null));

        SendResult result = f.service.sendVerificationCode(ALICE);

        assertThat(result).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(Refused.Refusal.NOTHING_TO_VERIFY));
        assertThat(f.store.get(ALICE).smsChallenge()).isNull();
        assertThat(f.eventTypes()).doesNotContain(TwoFactorEvent.Type.SMS_SENT);
    }
}
