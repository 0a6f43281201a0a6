package com.example.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.AccountId;
import dev.twofa.core.Expired;
import dev.twofa.core.Rejected;
import dev.twofa.core.SmsNotSent;
import dev.twofa.core.TotpSetup;
import dev.twofa.testkit.TwoFactorTestKit;
import dev.twofa.totp.QrCode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SecondFactorLoginTest {

    // A TwoFactorService on an in-memory store, a settable clock, real SMS codes sent to a
    // recording sender, real TOTP, a Person directory, recorded events and an authenticator app.
    TwoFactorTestKit kit = TwoFactorTestKit.create();
    AccountId alice = AccountId.of("customer-42");

    @Test
    void smsLogin_codeFromTheOutbox_logsIn() {
        kit.service().addNumber(alice, "+420 601 123 456");
        kit.service().sendVerificationCode(alice);
        kit.service().verifyNumber(alice, kit.sms().lastCodeTo("+420 601 123 456"));
        kit.service().enableSms(alice);
        kit.clock().advance(Duration.ofMinutes(1));             // later (past the resend cooldown)

        kit.service().beginLogin(alice);                        // the login SMS goes out
        String code = kit.sms().lastCodeTo("+420 601 123 456"); // what the customer reads

        assertThat(kit.service().completeLogin(alice, code).verified()).isTrue();
    }

    @Test
    void smsLogin_codeTypedAfterSixMinutes_isExpired() {
        kit.persons().add(alice, "+420 601 123 456");           // a Person verified it: no SMS
        kit.service().addNumber(alice, "+420 601 123 456");
        kit.service().enableSms(alice);
        kit.service().beginLogin(alice);

        kit.clock().advance(Duration.ofMinutes(6));             // no sleeping: move the clock

        assertThat(kit.service().completeLogin(alice, kit.sms().lastCodeTo("+420 601 123 456")))
                .isInstanceOf(Expired.class);
    }

    @Test
    void smsGateway_down_nothingIsSentAndTheCustomerMayRetry() {
        kit.service().addNumber(alice, "+420 601 123 456");
        kit.sms().failNext(1);                                  // script the gateway failure

        assertThat(kit.service().sendVerificationCode(alice)).isInstanceOf(SmsNotSent.class);
        assertThat(kit.sms().messages()).isEmpty();
    }

    @Test
    void appLogin_scannedQrCode_logsInOnceAndRefusesTheReplay() {
        TotpSetup setup = (TotpSetup) kit.service().startTotp(alice, "alice@example.com");
        kit.app().scanPng(QrCode.defaults().png(setup.otpauthUri())); // the phone scans the QR code
        kit.service().confirmTotp(alice, kit.app().currentCode());

        kit.clock().advance(Duration.ofSeconds(30));            // the next TOTP time step
        String code = kit.app().currentCode();

        assertThat(kit.service().completeLogin(alice, code).verified()).isTrue();
        assertThat(kit.service().completeLogin(alice, code))
                .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).isEqualTo(Rejected.Reason.REPLAY));
    }
}
