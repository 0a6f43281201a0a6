package dev.twofa.core;

import static dev.twofa.core.fixtures.Fixture.ALICE;
import static dev.twofa.core.fixtures.Fixture.E164;
import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.fixtures.Fixture;
import dev.twofa.core.spi.TwoFactorProfile;
import dev.twofa.core.spi.TwoFactorProfile.Verification;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A number verified through one of the account's Persons counts only while the Person directory
 * still has it: it is asked again when a code would go to it, when SMS login is turned on, when the
 * status is shown and when a verification code is asked for. A withdrawn number gets no code.
 */
class PersonRecheckTest {

    private final Fixture f = new Fixture();
    private final TwoFactorService service = f.service;

    /** SMS login on a Person's number; returns the codes made with a step-up before the withdrawal. */
    private List<String> smsActiveOnPersonNumberThenWithdrawn() {
        f.addPerson(ALICE, E164);
        assertThat(service.addNumber(ALICE, Fixture.NUMBER)).isInstanceOf(Changed.class);
        assertThat(service.enableSms(ALICE)).isInstanceOf(Changed.class);
        assertThat(service.sendStepUpCode(ALICE)).isInstanceOf(SmsSent.class);
        Proof proof = ProofTest.proofOf(service.stepUp(ALICE, f.lastSms()));
        List<String> codes = ((RecoveryCodes) service.generateRecoveryCodes(ALICE, proof)).codes();
        f.personNumbers.clear();                      // the Person no longer has the number
        f.clock.advance(Duration.ofSeconds(31));      // past the resend cooldown
        return codes;
    }

    @Test
    void beginLogin_personWithdrewActiveNumber_smsNumberWithdrawnEventOnceAndNoSms() {
        smsActiveOnPersonNumberThenWithdrawn();
        int sent = f.sms.sent.get();

        LoginStep step = service.beginLogin(ALICE);

        assertThat(step).isEqualTo(new SmsNumberWithdrawn(E164.masked()));
        assertThat(f.sms.sent).as("no SMS to a withdrawn number").hasValue(sent);
        TwoFactorProfile stored = f.store.get(ALICE);
        assertThat(stored.phone().verification()).as("the withdrawal is stored").isEqualTo(Verification.WITHDRAWN);
        assertThat(stored.proofs()).as("proofs made with the number end with it").isEmpty();
        assertThat(f.events.get(f.events.size() - 1)).isEqualTo(new TwoFactorEvent(
                TwoFactorEvent.Type.PERSON_NUMBER_WITHDRAWN, ALICE, f.clock.instant(), Method.SMS, E164.masked()));
        int events = f.events.size();

        assertThat(service.beginLogin(ALICE)).isEqualTo(new SmsNumberWithdrawn(E164.masked()));
        assertThat(service.sendStepUpCode(ALICE)).isEqualTo(new SmsNumberWithdrawn(E164.masked()));
        assertThat(f.events).as("told once, not at every try").hasSize(events);
        assertThat(f.sms.sent).hasValue(sent);
    }

    @Test
    void sendStepUpCode_personWithdrewActiveNumber_smsNumberWithdrawnEventAndNoSms() {
        smsActiveOnPersonNumberThenWithdrawn();
        int sent = f.sms.sent.get();

        SendResult result = service.sendStepUpCode(ALICE);

        assertThat(result).isEqualTo(new SmsNumberWithdrawn(E164.masked()));
        assertThat(f.sms.sent).hasValue(sent);
        assertThat(f.eventTypes()).containsOnlyOnce(TwoFactorEvent.Type.PERSON_NUMBER_WITHDRAWN);
    }

    @Test
    void completeLoginWithRecoveryCode_personWithdrewActiveNumber_stillVerified() {
        List<String> codes = smsActiveOnPersonNumberThenWithdrawn();
        assertThat(service.beginLogin(ALICE)).isInstanceOf(SmsNumberWithdrawn.class);

        VerifyResult result = service.completeLoginWithRecoveryCode(ALICE, codes.get(0));

        assertThat(result.verified()).isTrue();
        assertThat(service.deactivate(ALICE, ProofTest.proofOf(result))).as("and the proof lets SMS login be turned off")
                .isInstanceOf(Changed.class);
    }

    @Test
    void status_personWithdrewNumber_showsUnverified() {
        f.addPerson(ALICE, E164);
        service.addNumber(ALICE, Fixture.NUMBER);
        assertThat(service.status(ALICE).numberVerified()).isTrue();
        assertThat(service.status(ALICE).numberFromPerson()).isTrue();

        f.personNumbers.clear();

        TwoFactorStatus status = service.status(ALICE);
        assertThat(status.number()).isEqualTo(E164);
        assertThat(status.numberVerified()).isFalse();
        assertThat(status.numberFromPerson()).isFalse();
    }

    @Test
    void status_smsActiveAndPersonWithdrewNumber_showsUnverified() {
        smsActiveOnPersonNumberThenWithdrawn();

        TwoFactorStatus status = service.status(ALICE);

        assertThat(status.activeMethod()).isEqualTo(Method.SMS);
        assertThat(status.numberVerified()).isFalse();
    }

    @Test
    void enableSms_personWithdrewNumber_refusedNumberNotVerified() {
        f.addPerson(ALICE, E164);
        service.addNumber(ALICE, Fixture.NUMBER);
        f.personNumbers.clear();
        TwoFactorProfile before = f.store.get(ALICE);

        ChangeResult result = service.enableSms(ALICE);

        assertThat(result).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(Refused.Refusal.NUMBER_NOT_VERIFIED));
        assertThat(f.store.get(ALICE)).isEqualTo(before);
    }

    @Test
    void enableSms_personStillHasNumber_enabledWithoutSms() {
        f.addPerson(ALICE, E164);
        service.addNumber(ALICE, Fixture.NUMBER);

        assertThat(service.enableSms(ALICE)).isInstanceOf(Changed.class);
        assertThat(f.sms.sent).hasValue(0);
    }

    @Test
    void sendVerificationCode_personWithdrewNumberSmsNotActive_sendsAndVerifyNumberMakesItSmsVerified() {
        f.addPerson(ALICE, E164);
        service.addNumber(ALICE, Fixture.NUMBER);
        assertThat(service.sendVerificationCode(ALICE)).as("while the Person has it, nothing to verify")
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.refusal()).isEqualTo(Refused.Refusal.NOTHING_TO_VERIFY));
        f.personNumbers.clear();

        assertThat(service.sendVerificationCode(ALICE)).isInstanceOf(SmsSent.class);
        assertThat(f.sms.sent).hasValue(1);
        assertThat(service.verifyNumber(ALICE, f.lastSms()).verified()).isTrue();

        assertThat(f.store.get(ALICE).phone().verification()).isEqualTo(Verification.SMS);
        assertThat(service.status(ALICE).numberVerified()).isTrue();
        assertThat(service.status(ALICE).numberFromPerson()).isFalse();
        assertThat(service.enableSms(ALICE)).isInstanceOf(Changed.class);
    }

    @Test
    void sendVerificationCode_smsActiveAndPersonWithdrewNumber_smsNumberWithdrawnNoSms() {
        smsActiveOnPersonNumberThenWithdrawn();
        int sent = f.sms.sent.get();

        assertThat(service.sendVerificationCode(ALICE)).isEqualTo(new SmsNumberWithdrawn(E164.masked()));
        assertThat(f.sms.sent).as("while SMS login is on, a withdrawn number is not verified again by SMS").hasValue(sent);
    }

    @Test
    void verifyNumber_personWithdrewNumberWithoutCode_refusedNothingCounted() {
        f.addPerson(ALICE, E164);
        service.addNumber(ALICE, Fixture.NUMBER);
        assertThat(service.verifyNumber(ALICE, "123456")).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(Refused.Refusal.NOTHING_TO_VERIFY));
        f.personNumbers.clear();

        assertThat(service.verifyNumber(ALICE, "123456")).as("no code was sent").isInstanceOf(Expired.class);
        assertThat(service.status(ALICE).consecutiveFailures()).isZero();
    }

    @Test
    void beginLogin_personGivesNumberBackAfterTheWithdrawal_staysWithdrawnUntilTheCustomerSetsANumber() {
        smsActiveOnPersonNumberThenWithdrawn();
        assertThat(service.beginLogin(ALICE)).isInstanceOf(SmsNumberWithdrawn.class);

        f.addPerson(ALICE, E164);

        assertThat(service.beginLogin(ALICE)).as("fail closed: a withdrawal once told is final")
                .isInstanceOf(SmsNumberWithdrawn.class);
    }

    @Test
    void beginLogin_personHasAnotherNumber_stillWithdrawn() {
        smsActiveOnPersonNumberThenWithdrawn();
        f.addPerson(ALICE, new PhoneNumber("+420777000111"));       // the Person vouches only for another number

        assertThat(service.beginLogin(ALICE)).isEqualTo(new SmsNumberWithdrawn(E164.masked()));
    }

    @Test
    void personVouch_vouchesOnlyForTheNumberAsked() {
        PersonVouch vouch = new PersonVouch(E164, true);

        assertThat(vouch.vouchesFor(E164)).isTrue();
        assertThat(vouch.vouchesFor(new PhoneNumber("+420777000111"))).isFalse();
        assertThat(new PersonVouch(E164, false).vouchesFor(E164)).isFalse();
        assertThat(PersonVouch.NOT_ASKED.vouchesFor(E164)).isFalse();
    }
}
