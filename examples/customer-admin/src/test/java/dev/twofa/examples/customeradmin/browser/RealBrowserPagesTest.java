package dev.twofa.examples.customeradmin.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.AccountId;
import dev.twofa.core.Changed;
import dev.twofa.core.PhoneNumber;
import dev.twofa.core.SmsPurpose;
import dev.twofa.core.SmsSent;
import dev.twofa.core.TwoFactorService;
import dev.twofa.core.Verified;
import dev.twofa.examples.customeradmin.DemoUsers;
import dev.twofa.examples.customeradmin.Outbox;
import dev.twofa.examples.customeradmin.browser.Browser.Viewport;
import dev.twofa.testkit.SettableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What broke the old page, in a real browser: Chromium's own form POSTs (the password login and
 * the second step) are accepted; a POST without Spring Security's CSRF token is refused with a
 * friendly page; unknown pages and wrong methods get friendly pages with navigation. And the
 * support desk's reset of a customer who lost the phone.
 */
@BrowserTest
class RealBrowserPagesTest {

    /** Logs in with Chromium's POSTs. */
    private static final String USER = "posts";
    private static final PhoneNumber NUMBER = new PhoneNumber("+420601234503");
    /** Opens the error pages (never turns a method on). */
    private static final String VISITOR = "pages";
    /** Is reset by the support desk. */
    private static final String LOST_PHONE = "reset";
    private static final PhoneNumber LOST_NUMBER = new PhoneNumber("+420601234504");

    @LocalServerPort
    int port;
    @Autowired
    DemoUsers users;
    @Autowired
    Outbox outbox;
    @Autowired
    TwoFactorService twoFactor;
    @Autowired
    SettableClock clock;

    private Browser open(Viewport viewport) throws Exception {
        return Browser.open(viewport, "http://127.0.0.1:" + port, "Europe/Prague", "-pages");
    }

    @Test
    void passwordAndSecondStepPosts_fromChromium_areAccepted() throws Exception {
        try (Browser browser = open(Viewport.DESKTOP)) {
            LoginPage.open(browser).logIn(USER, users.password(USER));
            browser.assertAt("/security");
            assertThat(browser.driver().getTitle()).startsWith("Security");

            turnOnSmsFor(AccountId.of(USER), NUMBER);
            clock.advance(Duration.ofMinutes(2));
            new SecurityPage(browser).logOut();
            LoginPage.current(browser).logIn(USER, users.password(USER));
            browser.assertAt("/login/code");
            new SecondStepPage(browser).enterCode(codeFor(AccountId.of(USER), SmsPurpose.LOGIN)).submit();
            browser.assertAt("/security");
            assertThat(new SecurityPage(browser).status()).contains("login via SMS");
        }
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void formWithoutCsrfToken_isRefused_withAFriendlyPage(Viewport viewport) throws Exception {
        try (Browser browser = open(viewport)) {
            LoginPage.open(browser).logIn(VISITOR, users.password(VISITOR));
            browser.go("/security/number/add");
            ((JavascriptExecutor) browser.driver()).executeScript(
                    "document.querySelector('main form input[name=_csrf]').remove()");
            new NumberForm(browser).type("+420 601 234 599").save();
            assertThat(browser.text(By.tagName("h1"))).isEqualTo("You cannot open this page");
            assertThat(browser.find(By.linkText("Profile › Security")).getDomAttribute("href")).isEqualTo("/security");
            browser.screenshot("403-no-csrf-token");
            browser.go("/security");
            assertThat(browser.text(By.tagName("main"))).doesNotContain("+420 601 234 599");
        }
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void unknownPageAndWrongMethod_showFriendlyPages_withNavigation(Viewport viewport) throws Exception {
        try (Browser browser = open(viewport)) {
            LoginPage.open(browser).logIn(VISITOR, users.password(VISITOR));
            browser.go("/security/no-such-page");
            assertThat(browser.text(By.tagName("h1"))).isEqualTo("Page not found");
            assertThat(browser.has(By.linkText("Profile › Security"))).isTrue();
            browser.screenshot("404-not-found");
            browser.go("/security/sms/enable");
            assertThat(browser.text(By.tagName("h1"))).isEqualTo("This address does not work that way");
            assertThat(browser.has(By.linkText("Profile › Security"))).isTrue();
            browser.screenshot("405-wrong-method");
        }
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void supportReset_byTheSupportDesk_turnsTheCustomersMethodOff(Viewport viewport) throws Exception {
        AccountId lost = AccountId.of(LOST_PHONE);
        clock.advance(Duration.ofMinutes(2)); // past the SMS wait of an earlier run
        turnOnSmsFor(lost, LOST_NUMBER);
        try (Browser browser = open(viewport)) {
            LoginPage.open(browser).logIn(DemoUsers.SUPPORT, users.password(DemoUsers.SUPPORT));
            browser.go("/support");
            browser.type(By.id("customer"), "nobody");
            browser.click(By.id("reset"));
            assertThat(browser.text(By.id("customer-error"))).contains("no customer");
            assertThat(browser.text(By.id("reason-error"))).contains("Say why");
            assertThat(browser.find(By.id("customer")).getDomProperty("value")).isEqualTo("nobody");
            browser.screenshot("support-form-errors");
            browser.type(By.id("customer"), LOST_PHONE);
            browser.type(By.id("reason"), "Ticket 4711: phone lost, identity checked by call back");
            browser.click(By.id("reset"));
            assertThat(browser.text(By.cssSelector("main .notice"))).contains("of reset is reset")
                    .contains("10 unused recovery codes");
            browser.screenshot("support-reset-done");
        }
        assertThat(twoFactor.status(lost).activeMethod()).isNull();
        assertThat(twoFactor.status(lost).numberVerified()).isFalse();
        assertThat(twoFactor.status(lost).recoveryCodesLeft()).isZero();
    }

    @Test
    void numberOfAContactPerson_needsNoSms_enableAuthenticationAtOnce() throws Exception {
        try (Browser browser = open(Viewport.PHONE)) {
            LoginPage.open(browser).logIn("bob", users.password("bob"));
            new SecurityPage(browser).addNumber().type("+420 601 555 000").save();
            SecurityPage security = new SecurityPage(browser);
            assertThat(security.smsNotice()).contains("contact person").contains("Enable authentication");
            assertThat(security.numberState()).isEqualTo("verified");
            assertThat(browser.has(By.id("verify-number"))).isFalse();
            assertThat(browser.has(By.id("enable-sms"))).isTrue();
            browser.screenshot("contact-person-number");
        }
    }

    @Test
    void supportPage_forACustomer_isRefusedWithAFriendlyPage() throws Exception {
        try (Browser browser = open(Viewport.DESKTOP)) {
            LoginPage.open(browser).logIn(VISITOR, users.password(VISITOR));
            browser.go("/support");
            assertThat(browser.text(By.tagName("h1"))).isEqualTo("You cannot open this page");
        }
    }

    /** Sets up login via SMS through the service (the story test does it through the page). */
    private void turnOnSmsFor(AccountId account, PhoneNumber number) {
        if (twoFactor.status(account).number() == null) {
            assertThat(twoFactor.addNumber(account, number.e164())).isInstanceOf(Changed.class);
        }
        assertThat(twoFactor.sendVerificationCode(account)).isInstanceOf(SmsSent.class);
        assertThat(twoFactor.verifyNumber(account, codeFor(account, SmsPurpose.VERIFY_NUMBER))).isInstanceOf(Verified.class);
        assertThat(twoFactor.enableSms(account)).isInstanceOf(Changed.class);
    }

    private String codeFor(AccountId account, SmsPurpose purpose) {
        return outbox.sentFor(account).stream().filter(s -> s.purpose() == purpose).findFirst()
                .map(s -> OutboxPage.codeIn(s.text())).orElseThrow();
    }
}
