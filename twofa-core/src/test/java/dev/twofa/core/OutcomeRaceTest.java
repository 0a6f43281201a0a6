package dev.twofa.core;

import static dev.twofa.core.fixtures.Fixture.ALICE;
import static dev.twofa.core.fixtures.Fixture.E164;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twofa.core.fixtures.Fixture;
import dev.twofa.core.spi.TwoFactorProfile;
import dev.twofa.core.spi.TwoFactorProfile.PhoneState;
import dev.twofa.core.spi.TwoFactorProfile.Verification;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Another request lands between a code check's counted try and its outcome (the store's
 * afterNextSave hook), between a check and its write (beforeLoad), or while an SMS goes out: the
 * outcome is decided on the profile as it is then, never on the one the check started from.
 */
class OutcomeRaceTest {

    private static final PhoneNumber OTHER = new PhoneNumber("+420777000111");
    private static final LockoutPolicy NO_DELAY = new LockoutPolicy(9, Duration.ofMinutes(15), 10, Duration.ofHours(1), 30);

    private long count(Fixture f, TwoFactorEvent.Type type) {
        return f.events.stream().filter(e -> e.type() == type).count();
    }

    private static Proof totpLogin(Fixture f, String key) {
        f.clock.advance(Duration.ofSeconds(30));
        return ProofTest.proofOf(f.service.completeLogin(ALICE, f.appCode(key)));
    }

    private static Proof smsStepUp(Fixture f) {
        f.clock.advance(Duration.ofSeconds(31));
        assertThat(f.service.sendStepUpCode(ALICE)).isInstanceOf(SmsSent.class);
        return ProofTest.proofOf(f.service.stepUp(ALICE, f.lastSms()));
    }

    // ------------------------------------------------------------------ between count and outcome

    @Test
    void stepUp_sameCodeAcceptedByAnotherRequestBetweenCountAndOutcome_expiredAndOneProof() {
        Fixture f = new Fixture();
        f.smsActive();
        f.clock.advance(Duration.ofSeconds(31));
        f.service.sendStepUpCode(ALICE);
        String code = f.lastSms();
        TwoFactorService other = f.newNode();
        f.store.afterNextSave.set(() -> assertThat(other.stepUp(ALICE, code).verified()).isTrue());

        VerifyResult result = f.service.stepUp(ALICE, code);

        assertThat(result).isInstanceOf(Expired.class);
        assertThat(count(f, TwoFactorEvent.Type.STEP_UP_SUCCEEDED)).isEqualTo(1);
        assertThat(f.store.get(ALICE).proofs()).hasSize(1);
        assertThat(f.store.get(ALICE).failures().consecutive()).isZero();
    }

    @Test
    void completeLogin_methodDeactivatedBetweenCountAndOutcome_refusedNoActiveMethod() {
        Fixture f = new Fixture();
        String key = f.totpActive();
        Proof proof = totpLogin(f, key);
        f.clock.advance(Duration.ofSeconds(30));
        TwoFactorService other = f.newNode();
        f.store.afterNextSave.set(() -> assertThat(other.deactivate(ALICE, proof)).isInstanceOf(Changed.class));
        long logins = count(f, TwoFactorEvent.Type.LOGIN_SUCCEEDED);

        VerifyResult result = f.service.completeLogin(ALICE, f.appCode(key));

        assertThat(result).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(Refused.Refusal.NO_ACTIVE_METHOD));
        assertThat(count(f, TwoFactorEvent.Type.LOGIN_SUCCEEDED)).isEqualTo(logins);
        assertThat(f.store.get(ALICE).proofs()).isEmpty();
    }

    @Test
    void completeLogin_switchedToSmsBetweenCountAndOutcome_expired() {
        Fixture f = new Fixture();
        f.addPerson(ALICE, E164);
        f.service.addNumber(ALICE, Fixture.NUMBER);            // a Person's number: verified, no SMS needed
        String key = f.totpActive();
        Proof proof = totpLogin(f, key);
        f.clock.advance(Duration.ofSeconds(30));
        TwoFactorService other = f.newNode();
        f.store.afterNextSave.set(() -> {
            assertThat(other.deactivate(ALICE, proof)).isInstanceOf(Changed.class);
            assertThat(other.enableSms(ALICE)).isInstanceOf(Changed.class);
        });

        VerifyResult result = f.service.completeLogin(ALICE, f.appCode(key));

        assertThat(result).isInstanceOf(Expired.class);
        assertThat(f.store.get(ALICE).activeMethod()).isEqualTo(Method.SMS);
        assertThat(f.store.get(ALICE).proofs()).isEmpty();
    }

    @Test
    void completeLogin_activeNumberReplacedBetweenCountAndOutcome_expired() {
        Fixture f = new Fixture();
        f.addPerson(ALICE, OTHER);
        f.smsActive();
        Proof proof = smsStepUp(f);
        f.clock.advance(Duration.ofSeconds(31));
        assertThat(f.service.beginLogin(ALICE)).isInstanceOf(SmsSent.class);
        String code = f.lastSms();
        TwoFactorService other = f.newNode();
        // a Person's number takes over at once
        f.store.afterNextSave.set(() -> assertThat(other.changeNumber(ALICE, "+420 777 000 111", proof))
                .isInstanceOf(Changed.class));

        VerifyResult result = f.service.completeLogin(ALICE, code);

        assertThat(result).isInstanceOf(Expired.class);
        assertThat(f.store.get(ALICE).phone().number()).isEqualTo(OTHER);
        assertThat(f.store.get(ALICE).proofs()).isEmpty();
    }

    @Test
    void verifyNumber_numberChangedBetweenCountAndOutcome_refusedAndNoNumberVerified() {
        Fixture f = new Fixture();
        f.service.addNumber(ALICE, Fixture.NUMBER);
        f.service.sendVerificationCode(ALICE);
        TwoFactorService other = f.newNode();
        f.store.afterNextSave.set(() -> assertThat(other.changeNumber(ALICE, "+420 777 000 111", null))
                .isInstanceOf(Changed.class));

        VerifyResult result = f.service.verifyNumber(ALICE, f.lastSms());

        assertThat(result).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(Refused.Refusal.NOTHING_TO_VERIFY));
        assertThat(f.store.get(ALICE).phone()).isEqualTo(new PhoneState(OTHER, Verification.UNVERIFIED));
        assertThat(f.eventTypes()).doesNotContain(TwoFactorEvent.Type.NUMBER_VERIFIED);
    }

    @Test
    void completeLogin_wrongCode_storesOnlyItsCountedTry() {
        Fixture f = new Fixture();
        String key = f.totpActive();
        long version = f.store.get(ALICE).version();
        int saves = f.store.saves.get();

        assertThat(f.service.completeLogin(ALICE, LockoutTest.wrong(f.appCode(key)))).isInstanceOf(Rejected.class);

        assertThat(f.store.saves.get() - saves).as("the outcome changes nothing more").isEqualTo(1);
        assertThat(f.store.get(ALICE).version()).isEqualTo(version + 1);
    }

    // ------------------------------------------------------------------ a broken channel

    @Test
    void completeLogin_channelThrowsOnTheLockingTry_lockStoredAndOneLockedOutEvent() {
        Fixture f = new Fixture(b -> b.lockoutPolicy(NO_DELAY));
        String key = f.totpActive();
        for (int i = 0; i < 9; i++) {
            assertThat(f.service.completeLogin(ALICE, LockoutTest.wrong(f.appCode(key)))).isInstanceOf(Rejected.class);
        }
        f.totp.failVerify.set(true);

        assertThatThrownBy(() -> f.service.completeLogin(ALICE, f.appCode(key))).isInstanceOf(IllegalStateException.class);

        assertThat(f.store.get(ALICE).failures().consecutive()).isEqualTo(10);
        assertThat(f.store.get(ALICE).failures().lockedUntil()).isEqualTo(f.clock.instant().plus(Duration.ofHours(1)));
        assertThat(count(f, TwoFactorEvent.Type.LOCKED_OUT)).isEqualTo(1);
        f.totp.failVerify.set(false);
        assertThat(f.service.completeLogin(ALICE, f.appCode(key))).isInstanceOf(LockedOut.class);
    }

    @Test
    void completeLogin_channelThrowsBelowTheLock_tryStaysCountedWithoutLockedOutEvent() {
        Fixture f = new Fixture();
        String key = f.totpActive();
        f.totp.failVerify.set(true);

        assertThatThrownBy(() -> f.service.completeLogin(ALICE, f.appCode(key))).isInstanceOf(IllegalStateException.class);

        assertThat(f.store.get(ALICE).failures().consecutive()).isEqualTo(1);
        assertThat(f.store.get(ALICE).failures().lockedUntil()).isNull();
        assertThat(f.eventTypes()).doesNotContain(TwoFactorEvent.Type.LOCKED_OUT);
        f.totp.failVerify.set(false);
        assertThat(f.service.completeLogin(ALICE, f.appCode(key)).verified()).isTrue();
    }

    // ------------------------------------------------------------------ between check and write

    @Test
    void generateRecoveryCodes_methodDeactivatedWhileCodesAreHashed_refusedAndNothingStored() {
        Fixture f = new Fixture();
        String key = f.totpActive();
        Proof mine = totpLogin(f, key);
        Proof theirs = totpLogin(f, key);
        TwoFactorService other = f.newNode();
        f.store.beforeLoad(2, () -> assertThat(other.deactivate(ALICE, theirs)).isInstanceOf(Changed.class));

        RecoveryCodesResult result = f.service.generateRecoveryCodes(ALICE, mine);

        assertThat(result).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(Refused.Refusal.NO_ACTIVE_METHOD));
        assertThat(f.store.get(ALICE).recoveryCodes()).isEmpty();
        assertThat(f.eventTypes()).doesNotContain(TwoFactorEvent.Type.RECOVERY_CODES_GENERATED);
    }

    @Test
    void generateRecoveryCodes_proofUsedUpWhileCodesAreHashed_stepUpRequiredAndNothingStored() {
        Fixture f = new Fixture();
        f.smsActive();
        Proof proof = smsStepUp(f);
        TwoFactorService other = f.newNode();
        f.store.beforeLoad(2, () -> assertThat(other.changeNumber(ALICE, "+420 777 000 111", proof))
                .isInstanceOf(Changed.class));

        RecoveryCodesResult result = f.service.generateRecoveryCodes(ALICE, proof);

        assertThat(result).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(Refused.Refusal.STEP_UP_REQUIRED));
        assertThat(f.store.get(ALICE).recoveryCodes()).isEmpty();
    }

    // ------------------------------------------------------------------ while the SMS goes out

    @Test
    void beginLogin_numberChangesDuringEverySend_concurrentUpdateAfterMaxAttempts() {
        Fixture f = new Fixture(b -> b.maxUpdateAttempts(3));
        f.smsActive();
        f.clock.advance(Duration.ofSeconds(31));
        Runnable[] flip = new Runnable[1];
        flip[0] = () -> {                                      // another writer swaps the active number each time
            TwoFactorProfile p = f.store.get(ALICE);
            PhoneNumber next = p.phone().number().equals(E164) ? OTHER : E164;
            assertThat(f.store.compareAndSet(p.version(),
                    p.withPhone(new PhoneState(next, Verification.SMS), null).withVersion(p.version() + 1))).isTrue();
            f.sms.duringNextIssue.set(flip[0]);
        };
        f.sms.duringNextIssue.set(flip[0]);
        int sent = f.sms.sent.get();

        assertThatThrownBy(() -> f.service.beginLogin(ALICE)).isInstanceOf(ConcurrentUpdateException.class)
                .hasMessageContaining("kept changing");

        assertThat(f.sms.sent.get() - sent).as("one send per attempt").isEqualTo(3);
        assertThat(f.store.get(ALICE).smsChallenge().purpose()).as("no login code stored").isEqualTo(SmsPurpose.VERIFY_NUMBER);
    }

    @Test
    void beginLogin_numberChangesDuringTheFirstSendOnly_smsSentToTheNewNumber() {
        Fixture f = new Fixture(b -> b.maxUpdateAttempts(2));
        f.smsActive();
        f.clock.advance(Duration.ofSeconds(31));
        f.sms.duringNextIssue.set(() -> {
            TwoFactorProfile p = f.store.get(ALICE);
            f.store.compareAndSet(p.version(), p.withPhone(new PhoneState(OTHER, Verification.SMS), null)
                    .withVersion(p.version() + 1));
        });

        assertThat(f.service.beginLogin(ALICE)).isEqualTo(new SmsSent(OTHER.masked(),
                f.clock.instant().plus(dev.twofa.core.fixtures.FakeSmsChannel.VALIDITY),
                f.clock.instant().plus(dev.twofa.core.fixtures.FakeSmsChannel.COOLDOWN)));
    }
}
