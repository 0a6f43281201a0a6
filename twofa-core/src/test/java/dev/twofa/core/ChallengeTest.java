package dev.twofa.core;

import static dev.twofa.core.fixtures.Fixture.ALICE;
import static dev.twofa.core.fixtures.Fixture.E164;
import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.fixtures.Fixture;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An SMS code counts only for the purpose and the number it was sent for, and a change of the
 * number kills the outstanding verification code (but not a login code of the active number).
 */
class ChallengeTest {

    private static final PhoneNumber OTHER = new PhoneNumber("+420777000111");

    private final Fixture f = new Fixture();
    private final TwoFactorService service = f.service;

    @Test
    void completeLogin_codeSentToThePreviousActiveNumber_expiredAndNotCounted() {
        f.addPerson(ALICE, OTHER);
        f.smsActive();
        f.clock.advance(Duration.ofSeconds(31));
        service.sendStepUpCode(ALICE);
        Proof proof = ProofTest.proofOf(service.stepUp(ALICE, f.lastSms()));
        f.clock.advance(Duration.ofSeconds(31));
        assertThat(service.beginLogin(ALICE)).isInstanceOf(SmsSent.class);
        String codeToOldNumber = f.lastSms();
        // a Person's number takes over at once; the login code sent to the old one stays stored
        assertThat(service.changeNumber(ALICE, "+420 777 000 111", proof)).isInstanceOf(Changed.class);
        assertThat(f.store.get(ALICE).smsChallenge().destination()).isEqualTo(E164);
        int matches = f.sms.matchCalls.get();

        VerifyResult result = service.completeLogin(ALICE, codeToOldNumber);

        assertThat(result).isInstanceOf(Expired.class);
        assertThat(f.sms.matchCalls).as("never evaluated").hasValue(matches);
        assertThat(service.status(ALICE).consecutiveFailures()).isZero();
    }

    @Test
    void stepUp_loginCode_expired() {
        f.smsActive();
        f.clock.advance(Duration.ofSeconds(31));
        service.beginLogin(ALICE);

        assertThat(service.stepUp(ALICE, f.lastSms())).isInstanceOf(Expired.class);
        assertThat(service.completeLogin(ALICE, f.lastSms()).verified()).as("still good for its purpose").isTrue();
    }

    @Test
    void verifyNumber_codeAfterChangeAndChangeBack_deadBecauseChangeNumberDroppedIt() {
        service.addNumber(ALICE, Fixture.NUMBER);
        assertThat(service.sendVerificationCode(ALICE)).isInstanceOf(SmsSent.class);
        String code = f.lastSms();
        service.changeNumber(ALICE, "+420 777 000 111", null);
        service.changeNumber(ALICE, Fixture.NUMBER, null);      // the code's number again

        assertThat(service.verifyNumber(ALICE, code)).isInstanceOf(Expired.class);
        assertThat(f.store.get(ALICE).smsChallenge().attemptsLeft()).isZero();
    }

    @Test
    void verifyNumber_codeAfterDeleteAndAddAgain_deadBecauseDeleteNumberDroppedIt() {
        service.addNumber(ALICE, Fixture.NUMBER);
        assertThat(service.sendVerificationCode(ALICE)).isInstanceOf(SmsSent.class);
        String code = f.lastSms();
        assertThat(service.deleteNumber(ALICE)).isInstanceOf(Changed.class);
        service.addNumber(ALICE, Fixture.NUMBER);

        assertThat(service.verifyNumber(ALICE, code)).isInstanceOf(Expired.class);
        assertThat(service.sendVerificationCode(ALICE)).as("the dropped code's send still counts for the cooldown")
                .isInstanceOf(SmsNotSent.class);
    }

    @Test
    void changeNumber_whileLoginCodeOut_loginCodeToTheActiveNumberStillWorks() {
        f.smsActive();
        f.clock.advance(Duration.ofSeconds(31));
        service.sendStepUpCode(ALICE);
        Proof proof = ProofTest.proofOf(service.stepUp(ALICE, f.lastSms()));
        f.clock.advance(Duration.ofSeconds(31));
        assertThat(service.beginLogin(ALICE)).isInstanceOf(SmsSent.class);
        String login = f.lastSms();

        assertThat(service.changeNumber(ALICE, "+420 777 000 111", proof)).isInstanceOf(Changed.class);

        assertThat(service.completeLogin(ALICE, login).verified()).isTrue();
    }

    @Test
    void changeNumber_whileSmsActiveAndVerificationCodeOut_oldVerificationCodeDead() {
        f.smsActive();
        Proof first = stepUp();
        Proof second = stepUp();
        Proof third = stepUp();
        service.changeNumber(ALICE, "+420 777 000 111", first);
        f.clock.advance(Duration.ofSeconds(31));
        assertThat(service.sendVerificationCode(ALICE)).isInstanceOf(SmsSent.class);
        String code = f.sms.lastCodeTo(OTHER);

        assertThat(service.changeNumber(ALICE, "+420 602 987 654", second)).isInstanceOf(Changed.class);
        assertThat(service.changeNumber(ALICE, "+420 777 000 111", third)).isInstanceOf(Changed.class); // the code's number again

        assertThat(service.status(ALICE).pendingNumber()).isEqualTo(OTHER);
        assertThat(service.verifyNumber(ALICE, code)).isInstanceOf(Expired.class);
    }

    private Proof stepUp() {
        f.clock.advance(Duration.ofSeconds(31));
        assertThat(service.sendStepUpCode(ALICE)).isInstanceOf(SmsSent.class);
        return ProofTest.proofOf(service.stepUp(ALICE, f.lastSms()));
    }

    @Test
    void deactivate_withOutstandingLoginCode_codeDead() {
        f.smsActive();
        f.clock.advance(Duration.ofSeconds(31));
        service.sendStepUpCode(ALICE);
        Proof proof = ProofTest.proofOf(service.stepUp(ALICE, f.lastSms()));
        f.clock.advance(Duration.ofSeconds(31));
        service.beginLogin(ALICE);
        String login = f.lastSms();

        assertThat(service.deactivate(ALICE, proof)).isInstanceOf(Changed.class);
        assertThat(service.enableSms(ALICE)).isInstanceOf(Changed.class);

        assertThat(service.completeLogin(ALICE, login)).isInstanceOf(Expired.class);
    }
}
