package dev.twofa.examples.customeradmin.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.AccountId;
import dev.twofa.core.SmsPurpose;
import dev.twofa.examples.customeradmin.DemoUsers;
import dev.twofa.examples.customeradmin.Outbox;
import dev.twofa.examples.customeradmin.browser.Browser.Viewport;
import dev.twofa.testkit.AuthenticatorApp;
import dev.twofa.testkit.SettableClock;
import dev.twofa.totp.OtpAuthUri;
import dev.twofa.totp.TotpSecrets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The seed's whole story in a real browser, on a desktop and on a 390 px wide phone: password
 * login, Add Number (a wrong number first), Verify Number with the code from the Outbox page,
 * Enable authentication with its recovery codes, the app refused while SMS is active, log out and
 * in with the SMS code, confirm again and deactivate (the recovery codes' deletion announced),
 * Connect device from the QR code on the screen and from the manual key, log in with the app's
 * code, the same code refused again, a recovery code, remember this device, and the lock after
 * too many wrong codes. A screenshot per step under {@code target/screenshots/<viewport>/}.
 */
@BrowserTest
class CustomerAdminStoryTest {

    @LocalServerPort
    int port;
    @Autowired
    DemoUsers users;
    @Autowired
    Outbox outbox;
    @Autowired
    SettableClock clock;

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void seedStory_inRealBrowser_everyStepWorksAndFitsTheScreen(Viewport viewport) throws Exception {
        String user = viewport == Viewport.DESKTOP ? "desk" : "phone";
        String typed = viewport == Viewport.DESKTOP ? "601234501" : "+420601234502";
        String grouped = viewport == Viewport.DESKTOP ? "+420 601 234 501" : "+420 601 234 502";
        String newNumber = viewport == Viewport.DESKTOP ? "+420 601 234 511" : "+420 601 234 512";
        String zone = viewport == Viewport.DESKTOP ? "Europe/Prague" : "America/New_York";
        String zoneName = viewport == Viewport.DESKTOP ? "Central European" : "Eastern";
        String password = users.password(user);

        try (Browser browser = Browser.open(viewport, "http://127.0.0.1:" + port, zone, "")) {
            // Password login (a real browser POST with Spring Security's CSRF token).
            LoginPage login = LoginPage.open(browser);
            browser.screenshot("login");
            login.logIn(user, password);
            SecurityPage security = new SecurityPage(browser);
            browser.assertAt("/security");
            assertThat(security.status()).startsWith("Off.");
            browser.screenshot("security-off");

            // Add Number: a wrong number first; the error is under the field and the typed text kept.
            NumberForm form = security.addNumber();
            assertThat(form.hint()).contains("+420 601 123 456");
            form.type("601 12x 456").save();
            assertThat(form.fieldError()).contains("not a phone number").contains("+420 601 123 456");
            assertThat(form.typedValue()).isEqualTo("601 12x 456");
            assertThat(form.errorFollowsField()).isTrue();
            browser.screenshot("number-error");
            form.type(typed).save();
            assertThat(security.number()).isEqualTo(grouped);
            assertThat(security.numberState()).isEqualTo("not verified");
            browser.screenshot("number-saved");

            // Verify Number, Send Code, the code from the Outbox page.
            VerifyNumberPage verify = security.verifyNumber();
            verify.sendCode();
            assertThat(verify.sentMessage()).contains("We sent a code by SMS to").contains(zoneName);
            browser.screenshot("code-sent");
            String code = OutboxPage.open(browser).newestCode();
            browser.screenshot("outbox");
            browser.go("/security/number/verify");
            verify.confirm(code);
            assertThat(security.smsNotice()).contains("verified");
            assertThat(security.numberState()).isEqualTo("verified");
            browser.screenshot("number-verified");

            // Enable authentication: login via SMS on, recovery codes shown once.
            RecoveryCodesPage codes = security.enableAuthentication();
            assertThat(codes.headline()).contains("Login via SMS is on");
            List<String> smsRecoveryCodes = codes.codes();
            assertThat(smsRecoveryCodes).hasSize(10).doesNotHaveDuplicates();
            browser.screenshot("sms-recovery-codes");
            clock.advance(Duration.ofMinutes(2)); // the customer stores the codes
            codes.saved();
            // Turning login via SMS on makes this session prove it at once: the first code by SMS.
            browser.assertAt("/login/code");
            browser.screenshot("first-sms-code");
            new SecondStepPage(browser).enterCode(latestCode(user, SmsPurpose.LOGIN)).submit();
            browser.assertAt("/security");
            assertThat(security.status()).contains("login via SMS");
            assertThat(security.recoveryCodesLeft()).contains("10 of 10");
            browser.screenshot("sms-on");

            // One method at a time: the app is refused, naming the active method.
            security.connectDevice();
            assertThat(security.appError()).contains("Login via SMS is active")
                    .contains("first deactivate login via SMS");
            browser.screenshot("app-refused-while-sms");

            // Log out, log in with the password and the SMS code.
            security.logOut();
            assertThat(login.message()).contains("logged out");
            clock.advance(Duration.ofMinutes(2)); // past the SMS resend wait
            login.logIn(user, password);
            SecondStepPage second = new SecondStepPage(browser);
            browser.assertAt("/login/code");
            assertThat(second.prompt()).contains("text message").contains("ending " + grouped.substring(grouped.length() - 3));
            browser.screenshot("second-step-sms");
            second.enterCode(latestCode(user, SmsPurpose.LOGIN)).submit();
            browser.assertAt("/security");
            browser.screenshot("logged-in-with-sms");

            // Change number: after a while it asks to confirm again; the new number is verified by SMS.
            clock.advance(Duration.ofMinutes(6));
            security.changeNumber();
            browser.assertAt("/login/code");
            assertThat(second.prompt()).contains("confirm it is you");
            second.enterCode(latestCode(user, SmsPurpose.STEP_UP)).submit();
            browser.assertAt("/security/number/change");
            new NumberForm(browser).type(newNumber).save();
            assertThat(security.pendingNumber()).isEqualTo(newNumber);
            assertThat(security.number()).isEqualTo(grouped);
            browser.screenshot("number-change-pending");
            clock.advance(Duration.ofMinutes(2));
            security.verifyNumber().sendCode().confirm(latestCode(user, SmsPurpose.VERIFY_NUMBER));
            assertThat(security.number()).isEqualTo(newNumber);
            browser.screenshot("number-changed");

            // Deactivate: after a while it asks to confirm again with a fresh code.
            clock.advance(Duration.ofMinutes(6));
            security.deactivate();
            browser.assertAt("/login/code");
            assertThat(second.prompt()).contains("confirm it is you");
            browser.screenshot("confirm-again");
            second.enterCode(latestCode(user, SmsPurpose.STEP_UP)).submit();
            DeactivatePage deactivate = new DeactivatePage(browser);
            browser.assertAt("/security/deactivate");
            assertThat(deactivate.warning()).contains("10").contains("recovery codes will be deleted");
            browser.screenshot("deactivate");
            deactivate.deactivate();
            assertThat(security.notice()).contains("Login via SMS is off")
                    .contains("10 unused recovery codes were deleted");
            assertThat(security.status()).startsWith("Off.");
            browser.screenshot("sms-off");

            // Connect device: scan the QR code as painted on the screen; a second app takes the manual key.
            security.connectDevice();
            ConnectDevicePage connect = new ConnectDevicePage(browser);
            browser.assertAt("/security/app");
            connect.displayQrCode();
            browser.screenshot("qr-code");
            AuthenticatorApp phone = new AuthenticatorApp(clock);
            OtpAuthUri scanned = phone.scanPng(connect.qrPicture());
            assertThat(scanned.issuer()).isEqualTo("Customer Administration");
            assertThat(connect.appLink()).isEqualTo(scanned.build());
            String key = connect.manualKey();
            assertThat(key).matches("([A-Z2-7]{4} )+[A-Z2-7]{1,4}");
            AuthenticatorApp typedIn = new AuthenticatorApp(clock);
            typedIn.addAccount(new OtpAuthUri("Customer Administration", user,
                    TotpSecrets.fromBase32(key.replace(" ", ""))).build());
            assertThat(typedIn.currentCode()).isEqualTo(phone.currentCode());
            connect.verify(phone.currentCode());
            List<String> appRecoveryCodes = codes.codes();
            assertThat(codes.headline()).contains("authenticator app is connected");
            assertThat(appRecoveryCodes).hasSize(10).doesNotContainAnyElementsOf(smsRecoveryCodes);
            browser.screenshot("app-recovery-codes");
            codes.saved();
            assertThat(security.status()).contains("the authenticator app");
            browser.screenshot("app-on");

            // Log in with the app's code; the code just used is refused.
            security.logOut();
            login.logIn(user, password);
            assertThat(second.prompt()).contains("authenticator app");
            browser.screenshot("second-step-app");
            second.enterCode(phone.currentCode()).submit();
            browser.assertAt("/login/code");
            assertThat(second.fieldError()).contains("already used");
            browser.screenshot("replay-refused");
            clock.advance(Duration.ofSeconds(30));
            second.enterCode(phone.currentCode()).submit();
            browser.assertAt("/security");
            browser.screenshot("logged-in-with-app");

            // A recovery code instead (lost phone).
            security.logOut();
            login.logIn(user, password);
            second.useRecoveryCode(appRecoveryCodes.get(0));
            browser.assertAt("/security");
            assertThat(security.recoveryCodesLeft()).contains("9 of 10");
            browser.screenshot("logged-in-with-recovery-code");

            // Remember this device: the next login needs no code.
            security.logOut();
            login.logIn(user, password);
            clock.advance(Duration.ofSeconds(30));
            second.enterCode(phone.currentCode()).rememberThisDevice().submit();
            assertThat(security.devices()).contains(viewport == Viewport.DESKTOP ? "Chrome on Linux" : "Chrome on Android");
            browser.screenshot("device-remembered");
            security.logOut();
            login.logIn(user, password);
            browser.assertAt("/security"); // a remembered device skips the code
            browser.screenshot("remembered-device-login");

            // Too many wrong codes: the lock's message, in the customer's time, and no form.
            security.forgetFirstDevice();
            security.logOut();
            login.logIn(user, password);
            for (int i = 0; i < 10 && !second.locked(); i++) {
                second.enterCode(wrongCode(phone)).submit();
                clock.advance(Duration.ofMinutes(16)); // past the growing delay between tries
            }
            assertThat(second.locked()).isTrue();
            assertThat(second.lockMessage()).contains("blocked").contains(zoneName);
            assertThat(second.formsInMain()).isZero();
            browser.screenshot("locked");
        }
    }

    /** Returns the code of the newest SMS for the purpose: what the customer reads on the phone. */
    private String latestCode(String user, SmsPurpose purpose) {
        return outbox.sentFor(AccountId.of(user)).stream().filter(s -> s.purpose() == purpose).findFirst()
                .map(s -> OutboxPage.codeIn(s.text())).orElseThrow();
    }

    /** Returns a code the app does not show now nor a step before or after. */
    private String wrongCode(AuthenticatorApp app) {
        List<String> near = List.of(app.codeAt(clock.instant().minusSeconds(30)), app.currentCode(),
                app.codeAt(clock.instant().plusSeconds(30)));
        for (int candidate = 0; ; candidate++) {
            String code = String.format("%06d", candidate);
            if (!near.contains(code)) {
                return code;
            }
        }
    }
}
