package dev.twofa.core;

import static dev.twofa.core.fixtures.Fixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twofa.core.fixtures.Fixture;
import dev.twofa.core.spi.TwoFactorProfile;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The findings of the hostile review of the core split, each pinned: a correct number
 * verification never locks; codes in flight die with the number or method they were sent for;
 * a number set while a factor is on needs the session's proof; typed results for a missing SMS
 * channel and a failing Person directory.
 */
class ReviewFindingsTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final LockoutPolicy NO_DELAY = new LockoutPolicy(9, Duration.ofMinutes(15), 10, HOUR, 30);

    private static String wrong(String right) {
        return "000000".equals(right) ? "111111" : "000000";
    }

    private static long count(Fixture f, TwoFactorEvent.Type type) {
        return f.events.stream().filter(e -> e.type() == type).count();
    }

    @Test
    void verifyNumber_correctCodeAfterAnExpiredLock_leavesTheFailuresAsTheyWereAndUnlocked() {
        Fixture f = new Fixture(b -> b.lockoutPolicy(NO_DELAY));
        f.service.addNumber(ALICE, Fixture.NUMBER);
        String key = f.totpActive();
        for (int i = 0; i < 10; i++) {
            f.service.completeLogin(ALICE, wrong(f.appCode(key)));
        }
        f.clock.advance(HOUR.plusSeconds(1));
        TwoFactorProfile.Failures before = f.store.get(ALICE).failures();
        assertThat(f.service.status(ALICE).lockedUntil()).isNull();
        f.service.sendVerificationCode(ALICE);

        assertThat(f.service.verifyNumber(ALICE, f.lastSms())).isInstanceOf(Verified.class);

        assertThat(f.store.get(ALICE).failures()).as("as if the verification's try was never counted").isEqualTo(before);
        assertThat(f.service.status(ALICE).lockedUntil()).isNull();
        f.clock.advance(Duration.ofSeconds(30));
        assertThat(f.service.completeLogin(ALICE, f.appCode(key))).isInstanceOf(Verified.class);
    }

    @Test
    void verifyNumber_correctCodeOneTryBeforeThePermanentLock_doesNotLockForGood() {
        Fixture f = new Fixture(b -> b.lockoutPolicy(NO_DELAY));
        f.service.addNumber(ALICE, Fixture.NUMBER);
        String key = f.totpActive();
        for (int i = 0; i < 29; i++) {
            f.clock.advance(HOUR.plusSeconds(1));
            f.service.completeLogin(ALICE, wrong(f.appCode(key)));
        }
        f.clock.advance(HOUR.plusSeconds(1));
        assertThat(f.service.status(ALICE).consecutiveFailures()).isEqualTo(29);
        f.service.sendVerificationCode(ALICE);
        long locks = count(f, TwoFactorEvent.Type.LOCKED_OUT);

        assertThat(f.service.verifyNumber(ALICE, f.lastSms())).isInstanceOf(Verified.class);

        assertThat(f.service.status(ALICE).lockedUntil()).isNull();
        assertThat(f.service.status(ALICE).consecutiveFailures()).isEqualTo(29);
        assertThat(count(f, TwoFactorEvent.Type.LOCKED_OUT)).as("no lock was made, none announced").isEqualTo(locks);
    }

    @Test
    void stepUp_codeSentToTheOldNumberInFlightAcrossAPersonNumberChange_doesNotProve() {
        Fixture f = new Fixture();
        f.smsActive();
        f.clock.advance(Duration.ofMinutes(1));
        f.service.sendStepUpCode(ALICE);
        Proof owner = ((Verified) f.service.stepUp(ALICE, f.lastSms())).proof();
        f.clock.advance(Duration.ofMinutes(1));
        f.service.sendStepUpCode(ALICE);
        String codeToOldNumber = f.lastSms();
        f.addPerson(ALICE, new PhoneNumber("+420777000333"));
        f.store.afterNextSave.set(() -> assertThat(f.service.changeNumber(ALICE, "+420 777 000 333", owner))
                .isInstanceOf(Changed.class));

        VerifyResult result = f.service.stepUp(ALICE, codeToOldNumber);

        assertThat(result).isInstanceOf(Expired.class);
        assertThat(f.store.get(ALICE).proofs()).as("no proof for the new number from a code to the old").isEmpty();
    }

    @Test
    void completeLogin_spentLoginCodeAcrossDeactivateAndReenable_doesNotProve() {
        Fixture f = new Fixture();
        f.smsActive();
        f.clock.advance(Duration.ofMinutes(1));
        f.service.sendStepUpCode(ALICE);
        Proof owner = ((Verified) f.service.stepUp(ALICE, f.lastSms())).proof();
        f.clock.advance(Duration.ofMinutes(1));
        f.service.beginLogin(ALICE);
        String loginCode = f.lastSms();
        f.store.afterNextSave.set(() -> {
            assertThat(f.service.deactivate(ALICE, owner)).isInstanceOf(Changed.class);
            assertThat(f.service.enableSms(ALICE)).isInstanceOf(Changed.class);
        });

        assertThat(f.service.completeLogin(ALICE, loginCode)).isInstanceOf(Expired.class);
        assertThat(f.service.completeLogin(ALICE, loginCode)).as("closed by the deactivation").isInstanceOf(Expired.class);
    }

    @Test
    void addNumber_whileTheAppIsOnWithoutProof_refusedStepUpRequiredAndNothingStored() {
        Fixture f = new Fixture();
        String key = f.totpActive();
        TwoFactorProfile before = f.store.get(ALICE);

        ChangeResult result = f.service.addNumber(ALICE, Fixture.NUMBER);

        assertThat(((Refused) result).refusal()).isEqualTo(Refused.Refusal.STEP_UP_REQUIRED);
        assertThat(f.store.get(ALICE)).isEqualTo(before);
        Proof proof = ((Verified) f.service.stepUp(ALICE, f.appCode(key))).proof();
        assertThat(f.service.addNumber(ALICE, Fixture.NUMBER, proof)).isInstanceOf(Changed.class);
        assertThat(f.store.get(ALICE).proofs()).as("adding a number changes no factor: the proof stays").hasSize(1);
    }

    @Test
    void changeNumber_whileTheAppIsOnWithoutProof_refusedStepUpRequired() {
        Fixture f = new Fixture();
        f.service.addNumber(ALICE, Fixture.NUMBER);
        String key = f.totpActive();

        assertThat(((Refused) f.service.changeNumber(ALICE, "+420 777 000 111", null)).refusal())
                .isEqualTo(Refused.Refusal.STEP_UP_REQUIRED);
        Proof proof = ((Verified) f.service.stepUp(ALICE, f.appCode(key))).proof();
        assertThat(f.service.changeNumber(ALICE, "+420 777 000 111", proof)).isInstanceOf(Changed.class);
        assertThat(f.service.status(ALICE).number()).isEqualTo(new PhoneNumber("+420777000111"));
    }

    @Test
    void verifyNumber_serviceWithoutSms_refusedMethodNotConfigured() {
        Fixture f = new Fixture();
        TwoFactorService appOnly = TwoFactorService.builder().store(f.store).clock(f.clock).totp(f.totp).build();
        appOnly.addNumber(ALICE, Fixture.NUMBER);

        assertThat(((Refused) appOnly.verifyNumber(ALICE, "123456")).refusal())
                .isEqualTo(Refused.Refusal.METHOD_NOT_CONFIGURED);
        assertThat(appOnly.status(ALICE).consecutiveFailures()).isZero();
    }

    @Test
    void personDirectoryThatThrows_typedExceptionAndNothingChanged() {
        Fixture f = new Fixture();
        TwoFactorService broken = TwoFactorService.builder().store(f.store).clock(f.clock).sms(f.sms)
                .personDirectory((account, number) -> {
                    throw new IllegalStateException("directory down: +420601123456");
                }).build();

        assertThatThrownBy(() -> broken.addNumber(ALICE, Fixture.NUMBER))
                .isInstanceOf(PersonDirectoryException.class).hasMessageNotContaining("601123456")
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(f.store.get(ALICE)).isNull();
    }
}
