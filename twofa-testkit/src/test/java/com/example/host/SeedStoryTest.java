package com.example.host;

import static dev.twofa.core.TwoFactorEvent.Type.LOGIN_SUCCEEDED;
import static dev.twofa.core.TwoFactorEvent.Type.METHOD_ACTIVATED;
import static dev.twofa.core.TwoFactorEvent.Type.METHOD_DEACTIVATED;
import static dev.twofa.core.TwoFactorEvent.Type.NUMBER_ADDED;
import static dev.twofa.core.TwoFactorEvent.Type.NUMBER_VERIFIED;
import static dev.twofa.core.TwoFactorEvent.Type.REPLAY_REFUSED;
import static dev.twofa.core.TwoFactorEvent.Type.SMS_SENT;
import static dev.twofa.core.TwoFactorEvent.Type.STEP_UP_SUCCEEDED;
import static dev.twofa.core.TwoFactorEvent.Type.TOTP_ENROLLMENT_STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.AccountId;
import dev.twofa.core.AppCodeRequired;
import dev.twofa.core.Changed;
import dev.twofa.core.Method;
import dev.twofa.core.Refused;
import dev.twofa.core.Rejected;
import dev.twofa.core.SmsSent;
import dev.twofa.core.TotpSetup;
import dev.twofa.core.TwoFactorEvent;
import dev.twofa.core.TwoFactorService;
import dev.twofa.core.Verified;
import dev.twofa.core.VerifyResult;
import dev.twofa.core.Proof;
import dev.twofa.testkit.TwoFactorTestKit;
import dev.twofa.totp.QrCode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The seed story of DESIGN.md, end to end, through public API only (this package is not twofa's):
 * SMS login from adding the number to deactivation, then an authenticator app connected by
 * scanning the QR code's PNG, its code accepted once and refused as a replay; plus the Person
 * number path and the refused switch.
 */
class SeedStoryTest {

    private static final String NUMBER = "+420 601 123 456";

    private final TwoFactorTestKit kit = TwoFactorTestKit.create();
    private final TwoFactorService twoFactor = kit.service();
    private final AccountId alice = AccountId.of("customer-42");

    @Test
    void seedStory_smsThenDeactivateThenAppByScanningThePng_eachCodeAcceptedOnce() {
        // Profile > Security > Login via SMS: add number, Save. Unverified.
        assertThat(twoFactor.addNumber(alice, NUMBER)).isInstanceOfSatisfying(Changed.class, changed -> {
            assertThat(changed.status().number()).hasToString("+420 *** *** 456");
            assertThat(changed.status().numberVerified()).isFalse();
        });

        // Verify number: Send code, enter the code from the SMS.
        assertThat(twoFactor.sendVerificationCode(alice)).isInstanceOfSatisfying(SmsSent.class,
                sent -> assertThat(sent.maskedNumber()).isEqualTo("+420 *** *** 456"));
        assertThat(kit.sms().lastMessage().text()).startsWith("Example Hosting: ").doesNotContain("601 123");
        assertThat(twoFactor.verifyNumber(alice, kit.sms().lastCodeTo(NUMBER))).isInstanceOfSatisfying(
                Verified.class, verified -> assertThat(verified.status().numberVerified()).isTrue());

        // Enable authentication.
        assertThat(twoFactor.enableSms(alice)).isInstanceOfSatisfying(Changed.class,
                changed -> assertThat(changed.status().activeMethod()).isEqualTo(Method.SMS));

        // Log in, a while later (SMS codes to one account go out at most every 30 s): the password
        // was right; an SMS code goes out and is typed in.
        kit.clock().advance(kit.smsCodes().resendCooldown());
        assertThat(twoFactor.beginLogin(alice)).isInstanceOf(SmsSent.class);
        String loginCode = kit.sms().lastCodeTo(NUMBER);
        VerifyResult login = twoFactor.completeLogin(alice, loginCode);
        assertThat(login).isInstanceOf(Verified.class);
        Proof loginProof = ((Verified) login).proof();
        assertThat(twoFactor.completeLogin(alice, loginCode).verified()).as("an SMS code works once").isFalse();

        // Later (the login's proof is stale): deactivating needs a step-up with a fresh SMS code.
        kit.clock().advance(Duration.ofMinutes(10));
        assertThat(twoFactor.deactivate(alice, loginProof)).isInstanceOfSatisfying(Refused.class,
                refused -> assertThat(refused.refusal()).isEqualTo(Refused.Refusal.STEP_UP_REQUIRED));
        assertThat(twoFactor.sendStepUpCode(alice)).isInstanceOf(SmsSent.class);
        VerifyResult stepUp = twoFactor.stepUp(alice, kit.sms().lastCodeTo(NUMBER));
        assertThat(stepUp).isInstanceOf(Verified.class);
        assertThat(twoFactor.deactivate(alice, ((Verified) stepUp).proof())).isInstanceOfSatisfying(Changed.class,
                changed -> assertThat(changed.status().activeMethod()).isNull());

        // OTP authentication: Connect device, Display QR code, the phone scans the PNG.
        TotpSetup setup = (TotpSetup) twoFactor.startTotp(alice, "alice@example.com");
        byte[] png = QrCode.defaults().png(setup.otpauthUri());
        kit.app().scanPng(png);
        assertThat(kit.app().accounts()).containsExactly("Example Hosting:alice@example.com");

        // Verify: the code the app shows connects the device.
        assertThat(twoFactor.confirmTotp(alice, kit.app().currentCode())).isInstanceOfSatisfying(Verified.class,
                verified -> assertThat(verified.status().activeMethod()).isEqualTo(Method.TOTP));

        // Log in with the app's code (the confirming code's time step is used: wait for the next).
        kit.clock().advance(kit.totp().period());
        assertThat(twoFactor.beginLogin(alice)).isInstanceOf(AppCodeRequired.class);
        String appCode = kit.app().currentCode();
        assertThat(twoFactor.completeLogin(alice, appCode)).isInstanceOf(Verified.class);

        // The same code again, still inside its time step: refused as a replay.
        assertThat(twoFactor.completeLogin(alice, appCode)).isInstanceOfSatisfying(Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(Rejected.Reason.REPLAY));

        assertThat(kit.events()).extracting(TwoFactorEvent::type).containsExactly(
                NUMBER_ADDED, SMS_SENT, NUMBER_VERIFIED, METHOD_ACTIVATED,
                SMS_SENT, LOGIN_SUCCEEDED,
                SMS_SENT, STEP_UP_SUCCEEDED, METHOD_DEACTIVATED,
                TOTP_ENROLLMENT_STARTED, METHOD_ACTIVATED,
                LOGIN_SUCCEEDED, REPLAY_REFUSED);
        assertThat(kit.sms().messages()).hasSize(3);
    }

    @Test
    void personNumber_numberVerifiedByAPerson_enablesSmsWithoutAnSms() {
        AccountId bob = AccountId.of("customer-43");
        kit.persons().add(bob, "+420 777 000 111");

        assertThat(twoFactor.addNumber(bob, "00420 777-000-111")).isInstanceOfSatisfying(Changed.class, changed -> {
            assertThat(changed.status().numberVerified()).isTrue();
            assertThat(changed.status().numberFromPerson()).isTrue();
        });
        assertThat(twoFactor.enableSms(bob)).isInstanceOfSatisfying(Changed.class,
                changed -> assertThat(changed.status().activeMethod()).isEqualTo(Method.SMS));

        assertThat(kit.sms().messages()).as("no SMS round trip").isEmpty();
        assertThat(kit.events()).extracting(TwoFactorEvent::type)
                .containsExactly(NUMBER_ADDED, NUMBER_VERIFIED, METHOD_ACTIVATED);
    }

    @Test
    void switchMethod_otherMethodActive_isRefusedNamingTheActiveMethod() {
        AccountId bob = AccountId.of("customer-43");
        kit.persons().add(bob, "+420 777 000 111");
        twoFactor.addNumber(bob, "+420 777 000 111");
        twoFactor.enableSms(bob);

        assertThat(twoFactor.startTotp(bob, "bob@example.com")).isInstanceOfSatisfying(Refused.class, refused -> {
            assertThat(refused.refusal()).isEqualTo(Refused.Refusal.METHOD_ACTIVE);
            assertThat(refused.activeMethod()).isEqualTo(Method.SMS);
            assertThat(refused.message()).contains("SMS").contains("deactivate");
        });

        TotpSetup setup = (TotpSetup) twoFactor.startTotp(alice, "alice@example.com");
        kit.app().scanSvg(QrCode.defaults().svg(setup.otpauthUri()));
        twoFactor.confirmTotp(alice, kit.app().currentCode());
        kit.persons().add(alice, NUMBER);
        twoFactor.addNumber(alice, NUMBER);

        assertThat(twoFactor.enableSms(alice)).isInstanceOfSatisfying(Refused.class, refused -> {
            assertThat(refused.refusal()).isEqualTo(Refused.Refusal.METHOD_ACTIVE);
            assertThat(refused.activeMethod()).isEqualTo(Method.TOTP);
            assertThat(refused.message()).contains("authenticator app");
        });
        assertThat(twoFactor.status(alice).activeMethod()).isEqualTo(Method.TOTP);
        assertThat(twoFactor.status(bob).activeMethod()).isEqualTo(Method.SMS);
    }
}
