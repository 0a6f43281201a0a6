package dev.twofa.core;

import static dev.twofa.core.fixtures.Fixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.fixtures.Fixture;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The second step of a login: what it asks for, and each code accepted at most once. */
class LoginTest {

    private final Fixture f = new Fixture();
    private final TwoFactorService service = f.service;

    @Test
    void beginLogin_noActiveMethod_noSecondFactor() {
        assertThat(service.beginLogin(ALICE)).isInstanceOf(NoSecondFactor.class);
        assertThat(service.completeLogin(ALICE, "123456")).isInstanceOf(Refused.class);
    }

    @Test
    void beginLogin_totpActive_asksForAppCode() {
        f.totpActive();

        assertThat(service.beginLogin(ALICE)).isInstanceOf(AppCodeRequired.class);
        assertThat(f.sms.sent).hasValue(0);
    }

    @Test
    void beginLogin_smsActive_sendsCodeToMaskedNumber() {
        f.smsActive();
        f.clock.advance(Duration.ofMinutes(1));

        LoginStep step = service.beginLogin(ALICE);

        assertThat(step).isEqualTo(new SmsSent("+420 *** *** 456", f.clock.instant().plus(Duration.ofMinutes(5)),
                f.clock.instant().plusSeconds(30)));
    }

    @Test
    void completeLogin_smsCode_acceptedOnce() {
        f.smsActive();
        f.clock.advance(Duration.ofMinutes(1));
        service.beginLogin(ALICE);
        String code = f.lastSms();

        assertThat(service.completeLogin(ALICE, code).verified()).isTrue();
        assertThat(service.completeLogin(ALICE, code)).isInstanceOf(Expired.class);
        assertThat(f.eventTypes()).contains(TwoFactorEvent.Type.LOGIN_SUCCEEDED);
        assertThat(service.status(ALICE).consecutiveFailures()).as("a used code is refused before the count")
                .isZero();
    }

    @Test
    void completeLogin_verificationCodeOfNumber_notALoginCode() {
        f.addPerson(AccountId.of("nobody"), Fixture.E164);
        service.addNumber(ALICE, Fixture.NUMBER);
        service.sendVerificationCode(ALICE);
        String verificationCode = f.lastSms();
        // SMS login cannot be on yet, but a step-up or login must never accept a code of another purpose
        assertThat(service.stepUp(ALICE, verificationCode)).isInstanceOf(Refused.class);
        assertThat(service.verifyNumber(ALICE, verificationCode).verified()).isTrue();
    }

    @Test
    void completeLogin_stepUpCode_notAccepted() {
        f.smsActive();
        f.clock.advance(Duration.ofMinutes(1));
        service.sendStepUpCode(ALICE);

        assertThat(service.completeLogin(ALICE, f.lastSms())).isInstanceOf(Expired.class);
    }

    @Test
    void completeLogin_appCode_acceptedOnceThenReplayRefused() {
        String key = f.totpActive();
        String code = f.appCode(key);

        assertThat(service.completeLogin(ALICE, code).verified()).isTrue();
        VerifyResult replay = service.completeLogin(ALICE, code);

        assertThat(replay).isEqualTo(new Rejected(Rejected.Reason.REPLAY, 9));
        assertThat(f.eventTypes()).contains(TwoFactorEvent.Type.REPLAY_REFUSED);
    }

    @Test
    void completeLogin_olderStepThanWatermark_replay() {
        String key = f.totpActive();
        String previousStepCode = f.appCode(key);
        f.clock.advance(Duration.ofSeconds(30));
        assertThat(service.completeLogin(ALICE, f.appCode(key)).verified()).isTrue();

        // the previous step's code is still inside the window, but behind the watermark
        assertThat(service.completeLogin(ALICE, previousStepCode)).isEqualTo(new Rejected(Rejected.Reason.REPLAY, 9));
    }

    @Test
    void completeLogin_nextStep_acceptedAgain() {
        String key = f.totpActive();
        assertThat(service.completeLogin(ALICE, f.appCode(key)).verified()).isTrue();
        f.clock.advance(Duration.ofSeconds(30));

        assertThat(service.completeLogin(ALICE, f.appCode(key)).verified()).isTrue();
    }

    @Test
    void completeLogin_malformedCodes_rejectedMalformedAndCounted() {
        String key = f.totpActive();
        String[] bad = {"+12345", "\u0661\u0662\u0663\u0664\u0665\u0666", "12345", "1234567", "", null, "12a456"};
        int failures = 0;
        for (String code : bad) {
            f.clock.advance(Duration.ofMinutes(16)); // beyond any throttle delay
            VerifyResult result = service.completeLogin(ALICE, code);
            failures++;
            assertThat(result).as("code %s", code).isInstanceOf(Rejected.class);
            assertThat(((Rejected) result).reason()).isEqualTo(Rejected.Reason.MALFORMED);
            assertThat(service.status(ALICE).consecutiveFailures()).isEqualTo(failures);
        }
        f.clock.advance(Duration.ofMinutes(1));
        assertThat(service.completeLogin(ALICE, "  " + f.appCode(key).substring(0, 3) + " " + f.appCode(key).substring(3))
                .verified()).isTrue();
        assertThat(service.status(ALICE).consecutiveFailures()).isZero();
    }

    @Test
    void completeLogin_malformedSmsCode_rejectedMalformedWithoutLookingAtTheChallenge() {
        f.smsActive();
        f.clock.advance(Duration.ofMinutes(1));
        service.beginLogin(ALICE);
        int looked = f.sms.matchCalls.get();

        assertThat(service.completeLogin(ALICE, "12a456")).isInstanceOfSatisfying(Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(Rejected.Reason.MALFORMED));

        assertThat(f.sms.matchCalls.get()).isEqualTo(looked);
        assertThat(service.status(ALICE).consecutiveFailures()).isEqualTo(1);
        assertThat(service.completeLogin(ALICE, f.lastSms()).verified()).isTrue();
    }

    @Test
    void normalizeCode_onlyExactAsciiDigits() {
        assertThat(CodeChecks.normalizeCode("123 456", 6)).isEqualTo("123456");
        assertThat(CodeChecks.normalizeCode("１２３４５６", 6)).isNull();
        assertThat(CodeChecks.normalizeCode("-12345", 6)).isNull();
        assertThat(CodeChecks.normalizeCode("12345678", 8)).isEqualTo("12345678");
        assertThat(CodeChecks.normalizeCode("1234567", 6)).isNull();
    }

    @Test
    void normalizeCode_inputOf64Characters_lookedAtLongerRefused() {
        assertThat(CodeChecks.normalizeCode(" ".repeat(CodeChecks.MAX_CODE_INPUT - 6) + "123456", 6)).isEqualTo("123456");
        assertThat(CodeChecks.normalizeCode(" ".repeat(CodeChecks.MAX_CODE_INPUT - 5) + "123456", 6)).isNull();
    }
}
