package dev.twofa.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.AccountId;
import dev.twofa.core.Changed;
import dev.twofa.core.Refused;
import dev.twofa.core.TotpSetup;
import dev.twofa.core.TrustedDevice;
import dev.twofa.core.TwoFactorService;
import dev.twofa.core.Verified;
import dev.twofa.spring.security.Browser.Page;
import dev.twofa.testkit.AuthenticatorApp;
import dev.twofa.testkit.TwoFactorTestKit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The second step on the real framework: a Spring Boot application on a random port, its real
 * filter chain (form login, CSRF, sessions), driven over HTTP by a client that keeps cookies.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"logging.level.dev.twofa=DEBUG", "logging.level.org.springframework.security=DEBUG"})
@ExtendWith(OutputCaptureExtension.class)
class TwoFactorLoginTest {

    private static final AtomicInteger USERS = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    TwoFactorTestKit kit;

    // ---------------------------------------------------------------- logins

    @Test
    void login_userWithoutMethod_pageRightAfterPassword() {
        Browser browser = new Browser(port);
        String user = newUser("plain");
        browser.open("/page");

        Page page = browser.follow(browser.loginWithPassword(user));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).isEqualTo("page of " + user + " [FACTOR_PASSWORD, ROLE_USER]");
    }

    @Test
    void login_appOn_secondStepAskedBeforeThePage() {
        Browser browser = new Browser(port);
        String user = newUser("app");
        enableApp(user);
        browser.open("/page");

        Page second = browser.follow(browser.loginWithPassword(user));

        assertThat(second.url()).endsWith(TwoFactorConfigurer.DEFAULT_URL);
        assertThat(second.body()).contains("Enter the code shown in your authenticator app.")
                .contains("name=\"code\"").contains("name=\"recoveryCode\"").contains("name=\"rememberDevice\"")
                .contains("name=\"_csrf\"").doesNotContain("<script");
        assertThat(browser.get("/page").location()).endsWith(TwoFactorConfigurer.DEFAULT_URL);
    }

    @Test
    void login_secondStepUnderWay_permitAllResourcesStillServed() {
        Browser browser = new Browser(port);
        String user = newUser("app");
        enableApp(user);
        browser.open("/page");
        browser.follow(browser.loginWithPassword(user));

        Page style = browser.get("/public/style.css");

        assertThat(style.status()).isEqualTo(200);
        assertThat(style.body()).isEqualTo("body{}");
        assertThat(browser.get("/page").location()).endsWith(TwoFactorConfigurer.DEFAULT_URL);
    }

    @Test
    void login_appWrongCodeThenRightCode_refusedWithTriesLeftThenPage() {
        Browser browser = new Browser(port);
        String user = newUser("app");
        AuthenticatorApp app = enableApp(user);
        browser.open("/page");
        browser.follow(browser.loginWithPassword(user));

        Page wrong = browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", wrong(app.currentCode()))));

        assertThat(wrong.body()).contains("That code is not right. Check the code and try again. You have 9 tries left.")
                .contains("name=\"code\"");
        assertThat(browser.get(TwoFactorConfigurer.DEFAULT_URL).body()).doesNotContain("That code is not right")
                .contains("Enter the code shown in your authenticator app.");

        Page right = browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", app.currentCode()));

        assertThat(right.location()).contains("/page");
        assertThat(browser.follow(right).body())
                .isEqualTo("page of " + user + " [FACTOR_PASSWORD, FACTOR_TWOFA_APP, ROLE_USER]");
    }

    @Test
    void login_appCodeUsedTwice_secondUseRefusedAsAlreadyUsed() {
        String user = newUser("app");
        AuthenticatorApp app = enableApp(user);
        String code = app.currentCode();
        Browser first = new Browser(port);
        first.open("/page");
        first.follow(first.loginWithPassword(user));
        assertThat(first.follow(first.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", code))).body())
                .startsWith("page of " + user);

        Browser second = new Browser(port);
        second.open("/page");
        second.follow(second.loginWithPassword(user));
        Page replay = second.follow(second.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", code)));

        assertThat(replay.url()).endsWith(TwoFactorConfigurer.DEFAULT_URL);
        assertThat(replay.body()).contains("That code was already used.");
        assertThat(second.get("/page").status()).isEqualTo(302);
    }

    @Test
    void login_smsOn_codeSentByTextMessageAndAccepted() {
        Browser browser = new Browser(port);
        String user = newUser("sms");
        String number = enableSms(user);
        browser.open("/page");

        Page second = browser.follow(browser.loginWithPassword(user));

        assertThat(second.body()).contains("We sent a code by text message to the number ending "
                + number.substring(number.length() - 3) + ".").contains("Send a new code");
        String code = kit.sms().lastCodeTo(number);
        Page page = browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", code)));
        assertThat(page.body()).isEqualTo("page of " + user + " [FACTOR_PASSWORD, FACTOR_TWOFA_SMS, ROLE_USER]");
    }

    @Test
    void login_smsResend_newCodeWorksOldDoesNot() {
        Browser browser = new Browser(port);
        String user = newUser("sms");
        String number = enableSms(user);
        browser.open("/page");
        browser.follow(browser.loginWithPassword(user));
        String first = kit.sms().lastCodeTo(number);
        kit.clock().advance(Duration.ofMinutes(1));

        Page resent = browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("resend", "true")));

        assertThat(resent.body()).contains("We sent a new code to the number ending");
        String second = kit.sms().lastCodeTo(number);
        assertThat(second).isNotEqualTo(first);
        assertThat(browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", first))).url())
                .endsWith(TwoFactorConfigurer.DEFAULT_URL);
        assertThat(browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", second))).body())
                .startsWith("page of " + user);
    }

    @Test
    void login_recoveryCode_grantsTheRecoveryFactor() {
        Browser browser = new Browser(port);
        String user = newUser("recovery");
        EnabledApp enabled = enableAppWithCodes(user);
        browser.open("/page");
        browser.follow(browser.loginWithPassword(user));

        Page page = browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL,
                Map.of("recoveryCode", enabled.recoveryCodes().get(0))));

        assertThat(page.body()).isEqualTo("page of " + user + " [FACTOR_PASSWORD, FACTOR_TWOFA_RECOVERY, ROLE_USER]");
        assertThat(kit.service().status(AccountId.of(user)).recoveryCodesLeft())
                .isEqualTo(enabled.recoveryCodes().size() - 1);
    }

    @Test
    void login_afterSecondStep_sessionIdChanged() {
        Browser browser = new Browser(port);
        String user = newUser("app");
        AuthenticatorApp app = enableApp(user);
        browser.open("/page");
        browser.follow(browser.loginWithPassword(user));
        String beforeSecondStep = browser.cookie("JSESSIONID").orElseThrow();

        browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", app.currentCode())));

        assertThat(browser.cookie("JSESSIONID")).isPresent().get().isNotEqualTo(beforeSecondStep);
    }

    @Test
    void login_secondStepPostWithoutCsrfToken_forbiddenAndNothingCounted() {
        Browser browser = new Browser(port);
        String user = newUser("app");
        AuthenticatorApp app = enableApp(user);
        browser.open("/page");
        browser.follow(browser.loginWithPassword(user));

        Page forbidden = browser.postRaw(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", wrong(app.currentCode())));

        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(kit.service().status(AccountId.of(user)).consecutiveFailures()).isZero();
        assertThat(browser.get("/page").location()).endsWith(TwoFactorConfigurer.DEFAULT_URL);
    }

    @Test
    void login_tooManyWrongCodes_lockedMessageWithoutForm() {
        Browser browser = new Browser(port);
        String user = newUser("app");
        AuthenticatorApp app = enableApp(user);
        browser.open("/page");
        browser.follow(browser.loginWithPassword(user));

        Page page = null;
        for (int i = 0; i < 40 && (page == null || page.body().contains("name=\"code\"")); i++) {
            page = browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", wrong(app.currentCode()))));
            if (page.body().contains("Please wait")) {
                kit.clock().advance(Duration.ofMinutes(16));   // the growing delay between tries
            }
        }

        assertThat(page.body()).contains("For your safety, signing in with a code is blocked after too many wrong codes")
                .doesNotContain("name=\"code\"").doesNotContain("name=\"recoveryCode\"");
        Page right = browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", app.currentCode())));
        assertThat(right.body()).doesNotContain("page of");
        Browser later = new Browser(port);
        later.open("/page");
        Page again = later.follow(later.loginWithPassword(user));
        assertThat(again.url()).endsWith(TwoFactorConfigurer.DEFAULT_URL);
        assertThat(again.body()).contains("signing in with a code is blocked").doesNotContain("name=\"code\"");

        kit.clock().advance(Duration.ofHours(2));

        Page unlocked = later.get(TwoFactorConfigurer.DEFAULT_URL);
        assertThat(unlocked.body()).contains("Enter the code shown in your authenticator app.").contains("name=\"code\"");
        assertThat(later.follow(later.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", app.currentCode()))).body())
                .startsWith("page of " + user);
    }

    @Test
    void login_sameCodeFromManySessionsAtOnce_exactlyOneLogsIn() throws Exception {
        String user = newUser("race");
        AuthenticatorApp app = enableApp(user);
        int sessions = 6;
        List<Browser> browsers = new java.util.ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            Browser browser = new Browser(port);
            browser.open("/page");
            browser.follow(browser.loginWithPassword(user));
            browsers.add(browser);
        }
        String code = app.currentCode();
        CyclicBarrier start = new CyclicBarrier(sessions);
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        try {
            List<Future<Page>> posts = new java.util.ArrayList<>();
            for (Browser browser : browsers) {
                posts.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", code));
                }));
            }
            int loggedIn = 0;
            for (Future<Page> post : posts) {
                loggedIn += post.get(30, TimeUnit.SECONDS).location().contains("/page") ? 1 : 0;
            }

            assertThat(loggedIn).isEqualTo(1);
            assertThat(browsers).filteredOn(b -> b.get("/page").status() == 200).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void login_smsSendLimitReached_plainMessageAndRecoveryCodeOffered() {
        Browser browser = new Browser(port);
        String user = newUser("sms");
        enableSms(user);
        browser.open("/page");
        Page page = browser.follow(browser.loginWithPassword(user));
        for (int i = 0; i < 10 && !page.body().contains("We cannot send more codes right now"); i++) {
            kit.clock().advance(Duration.ofMinutes(1));
            page = browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("resend", "true")));
        }

        assertThat(page.body()).contains("We cannot send more codes right now. Try again in about")
                .contains(", or use one of your recovery codes.").contains("name=\"recoveryCode\"");
    }

    // ---------------------------------------------------------------- the principal

    @Test
    void login_codeOfAnotherUserInTheSameSession_refused() {
        Browser browser = new Browser(port);
        String alice = newUser("alice");
        String bob = newUser("bob");
        AuthenticatorApp aliceApp = enableApp(alice);
        enableApp(bob);
        browser.open("/page");
        browser.follow(browser.loginWithPassword(alice));
        browser.follow(browser.loginWithPassword(bob));

        Page page = browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL,
                Map.of("code", aliceApp.currentCode(), "username", alice)));

        assertThat(page.body()).contains("That code is not right").doesNotContain("page of");
        assertThat(kit.service().status(AccountId.of(bob)).consecutiveFailures()).isEqualTo(1);
        assertThat(kit.service().status(AccountId.of(alice)).consecutiveFailures()).isZero();
    }

    @Test
    void login_anotherUserAfterAFullLogin_doesNotInheritTheFactor() {
        Browser browser = new Browser(port);
        String alice = newUser("alice");
        String bob = newUser("bob");
        AuthenticatorApp aliceApp = enableApp(alice);
        enableApp(bob);
        browser.open("/page");
        browser.follow(browser.loginWithPassword(alice));
        assertThat(browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", aliceApp.currentCode())))
                .body()).contains("FACTOR_TWOFA_APP");

        Page afterBob = browser.follow(browser.loginWithPassword(bob));

        assertThat(afterBob.url()).endsWith(TwoFactorConfigurer.DEFAULT_URL);
        assertThat(browser.get("/page").location()).endsWith(TwoFactorConfigurer.DEFAULT_URL);
    }

    // ---------------------------------------------------------------- proofs

    @Test
    void proofs_afterTheSecondStep_theSessionsProofAllowsDeactivation() {
        Browser browser = new Browser(port);
        String user = newUser("app");
        AuthenticatorApp app = enableApp(user);
        browser.open("/page");
        browser.follow(browser.loginWithPassword(user));
        browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", app.currentCode())));

        browser.get("/form");
        Page deactivated = browser.post("/deactivate", Map.of());

        assertThat(deactivated.body()).isEqualTo(Changed.class.getSimpleName());
        assertThat(kit.service().status(AccountId.of(user)).hasActiveMethod()).isFalse();
    }

    @Test
    void proofs_anotherUserLogsInInTheSameSession_previousUsersProofNotGiven() {
        Browser browser = new Browser(port);
        String alice = newUser("alice");
        String bob = newUser("bob");
        AuthenticatorApp app = enableApp(alice);
        browser.open("/page");
        browser.follow(browser.loginWithPassword(alice));
        browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", app.currentCode())));
        assertThat(browser.get("/has-proof").body()).isEqualTo("true");

        browser.follow(browser.loginWithPassword(bob));

        assertThat(browser.get("/page").body()).startsWith("page of " + bob);
        assertThat(browser.get("/has-proof").body()).isEqualTo("false");
    }

    @Test
    void proofs_storedAfterConnectingAnApp_sessionNotAskedForACode() {
        Browser browser = new Browser(port);
        String user = newUser("connect");
        browser.open("/page");
        browser.follow(browser.loginWithPassword(user));
        TotpSetup setup = (TotpSetup) service().startTotp(AccountId.of(user), user);
        AuthenticatorApp app = new AuthenticatorApp(kit.clock());
        app.addAccount(setup.otpauthUri());
        browser.get("/form");
        String before = browser.cookie("JSESSIONID").orElseThrow();

        Page confirmed = browser.post("/confirm-app", Map.of("code", app.currentCode()));

        assertThat(confirmed.body()).isEqualTo(Verified.class.getSimpleName());
        assertThat(browser.get("/page").body()).contains("FACTOR_TWOFA_APP");
        assertThat(browser.get("/has-proof").body()).isEqualTo("true");
        assertThat(browser.cookie("JSESSIONID")).get().isNotEqualTo(before);
    }

    @Test
    void proofs_smsTurnedOnInThisSession_notAskedForACodeButConfirmForSensitive() {
        Browser browser = new Browser(port);
        String user = newUser("turn-on");
        AccountId account = AccountId.of(user);
        browser.open("/page");
        browser.follow(browser.loginWithPassword(user));
        int n = USERS.incrementAndGet();
        String number = String.format("+420 603 %03d %03d", n / 1000, n % 1000);
        service().addNumber(account, number);
        service().sendVerificationCode(account);
        service().verifyNumber(account, kit.sms().lastCodeTo(number));
        browser.get("/form");

        Page enabled = browser.post("/enable-sms", Map.of());

        assertThat(enabled.body()).startsWith(Changed.class.getSimpleName());
        assertThat(browser.post("/enable-sms", Map.of()).body())   // the token in the same response is the new one
                .startsWith(Refused.class.getSimpleName());
        assertThat(browser.get("/page").body())
                .isEqualTo("page of " + user + " [FACTOR_PASSWORD, FACTOR_TWOFA_TURNED_ON, ROLE_USER]");
        assertThat(browser.get("/sensitive").location()).endsWith(TwoFactorConfigurer.DEFAULT_URL + "?confirm");
    }

    @Test
    void login_methodTurnedOnInAnotherSession_thisSessionAskedForTheSecondStep() {
        Browser browser = new Browser(port);
        String user = newUser("later");
        browser.open("/page");
        browser.follow(browser.loginWithPassword(user));
        assertThat(browser.get("/page").status()).isEqualTo(200);

        enableApp(user);

        assertThat(browser.get("/page").location()).endsWith(TwoFactorConfigurer.DEFAULT_URL);
    }

    @Test
    void login_smsAskedAgainTooSoon_saysToUseTheCodeSent() {
        Browser browser = new Browser(port);
        String user = newUser("sms");
        enableSms(user);
        browser.open("/page");
        browser.follow(browser.loginWithPassword(user));

        Page again = browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("resend", "true")));

        assertThat(again.url()).endsWith(TwoFactorConfigurer.DEFAULT_URL);
        assertThat(again.body()).contains("We sent you a code a moment ago. Enter that code, or ask for a new one in")
                .contains("name=\"code\"");
    }

    @Test
    void login_smsNumberWithdrawnByPerson_noCodeSentRecoveryCodeOffered() {
        Browser browser = new Browser(port);
        String user = newUser("withdrawn");
        AccountId account = AccountId.of(user);
        int n = USERS.incrementAndGet();
        String number = String.format("+420 602 %03d %03d", n / 1000, n % 1000);
        kit.persons().add(account, number);
        service().addNumber(account, number);
        Changed enabled = (Changed) service().enableSms(account);
        kit.persons().remove(account, number);
        int sent = kit.sms().messages().size();
        browser.open("/page");

        Page second = browser.follow(browser.loginWithPassword(user));

        assertThat(kit.sms().messages()).hasSize(sent);
        assertThat(second.body()).contains("We cannot send a code because your phone number is no longer on record.")
                .doesNotContain("name=\"code\"").contains("name=\"recoveryCode\"");
        Page page = browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL,
                Map.of("recoveryCode", enabled.newRecoveryCodesIfAny().orElseThrow().codes().get(0))));
        assertThat(page.body()).isEqualTo("page of " + user + " [FACTOR_PASSWORD, FACTOR_TWOFA_RECOVERY, ROLE_USER]");
    }

    // ---------------------------------------------------------------- remembered devices

    @Test
    void rememberDevice_asked_cookieSetAndNextLoginNeedsNoSecondStep() {
        String user = newUser("device");
        AuthenticatorApp app = enableApp(user);
        Browser first = new Browser(port);
        first.open("/page");
        first.follow(first.loginWithPassword(user));

        Page done = first.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", app.currentCode(), "rememberDevice", "true"));

        assertThat(done.setCookies()).filteredOn(c -> c.startsWith(TwoFactorConfigurer.DEFAULT_DEVICE_COOKIE + "="))
                .singleElement().asString()
                .contains("HttpOnly").contains("SameSite=Lax").contains("Path=/").contains("Max-Age=2592000")
                .doesNotContain("Secure");
        Browser next = first.newSessionKeepingCookie(TwoFactorConfigurer.DEFAULT_DEVICE_COOKIE);
        next.open("/page");
        Page page = next.follow(next.loginWithPassword(user));
        assertThat(page.body()).isEqualTo("page of " + user + " [FACTOR_PASSWORD, FACTOR_TWOFA_DEVICE, ROLE_USER]");
        assertThat(kit.service().devices().list(AccountId.of(user))).singleElement()
                .extracting(TrustedDevice::label).isEqualTo("Firefox on Windows");
    }

    @Test
    void rememberDevice_notAsked_noCookieAndNextLoginAsksAgain() {
        String user = newUser("device");
        AuthenticatorApp app = enableApp(user);
        Browser first = new Browser(port);
        first.open("/page");
        first.follow(first.loginWithPassword(user));

        Page done = first.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", app.currentCode()));

        assertThat(done.setCookies()).noneMatch(c -> c.startsWith(TwoFactorConfigurer.DEFAULT_DEVICE_COOKIE + "="));
        assertThat(kit.service().devices().list(AccountId.of(user))).isEmpty();
    }

    @Test
    void rememberDevice_revoked_nextLoginAsksForTheCodeAgain() {
        String user = newUser("device");
        AuthenticatorApp app = enableApp(user);
        Browser first = new Browser(port);
        first.open("/page");
        first.follow(first.loginWithPassword(user));
        first.follow(first.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", app.currentCode(), "rememberDevice", "true")));

        kit.service().devices().revokeAll(AccountId.of(user));

        Browser next = first.newSessionKeepingCookie(TwoFactorConfigurer.DEFAULT_DEVICE_COOKIE);
        next.open("/page");
        Page page = next.follow(next.loginWithPassword(user));
        assertThat(page.url()).endsWith(TwoFactorConfigurer.DEFAULT_URL);
        assertThat(page.body()).contains("Enter the code shown in your authenticator app.");
    }

    @Test
    void rememberDevice_tokenOfAnotherAccount_secondStepAsked() {
        String alice = newUser("alice");
        String bob = newUser("bob");
        AuthenticatorApp aliceApp = enableApp(alice);
        enableApp(bob);
        Browser first = new Browser(port);
        first.open("/page");
        first.follow(first.loginWithPassword(alice));
        first.follow(first.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", aliceApp.currentCode(), "rememberDevice", "true")));

        Browser next = first.newSessionKeepingCookie(TwoFactorConfigurer.DEFAULT_DEVICE_COOKIE);
        next.open("/page");
        Page page = next.follow(next.loginWithPassword(bob));

        assertThat(page.url()).endsWith(TwoFactorConfigurer.DEFAULT_URL);
    }

    // ---------------------------------------------------------------- confirming again

    @Test
    void sensitive_codeFromTheLogin_allowedWithinTheDuration() {
        Browser browser = loggedInWithApp(newUser("confirm")).browser();

        assertThat(browser.get("/sensitive").body()).startsWith("sensitive of ");
    }

    @Test
    void sensitive_recoveryCodeAtTheLogin_allowedWithinTheDurationThenAskedAgain() {
        String user = newUser("confirm-recovery");
        List<String> codes = enableAppWithCodes(user).recoveryCodes();
        Browser browser = new Browser(port);
        browser.open("/page");
        browser.follow(browser.loginWithPassword(user));
        browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("recoveryCode", codes.get(0))));

        Page within = browser.get("/sensitive");
        kit.clock().advance(TestApplication.RECENT.plusSeconds(1));
        Page after = browser.get("/sensitive");

        assertThat(within.body()).as("a recovery code counts as a recent code, Location " + within.location())
                .startsWith("sensitive of ");
        assertThat(after.location()).endsWith(TwoFactorConfigurer.DEFAULT_URL + "?confirm");
    }

    @Test
    void sensitive_afterTheDuration_confirmAskedThenAllowed() {
        LoggedIn in = loggedInWithApp(newUser("confirm"));
        Browser browser = in.browser();
        kit.clock().advance(TestApplication.RECENT.plusSeconds(1));

        Page asked = browser.get("/sensitive");

        assertThat(asked.location()).endsWith(TwoFactorConfigurer.DEFAULT_URL + "?confirm");
        Page confirm = browser.follow(asked);
        assertThat(confirm.body()).contains("Confirm it is you").contains("please confirm it is you")
                .doesNotContain("rememberDevice");
        assertThat(browser.get("/page").status()).isEqualTo(200);

        Page back = browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", in.app().currentCode()));

        assertThat(back.location()).contains("/sensitive");
        assertThat(browser.follow(back).body()).startsWith("sensitive of ");
    }

    @Test
    void sensitive_afterTheDurationRecoveryCode_allowedAndTheCodeUsedUp() {
        String user = newUser("confirm-recovery-later");
        EnabledApp enabled = enableAppWithCodes(user);
        Browser browser = new Browser(port);
        browser.open("/page");
        browser.follow(browser.loginWithPassword(user));
        browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", enabled.app().currentCode())));
        kit.clock().advance(TestApplication.RECENT.plusSeconds(1));
        browser.follow(browser.get("/sensitive"));

        Page back = browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("recoveryCode", enabled.recoveryCodes().get(0)));

        assertThat(back.location()).as("after a recovery code to confirm").contains("/sensitive");
        assertThat(browser.follow(back).body()).startsWith("sensitive of ");
        assertThat(kit.service().status(AccountId.of(user)).recoveryCodesLeft())
                .isEqualTo(enabled.recoveryCodes().size() - 1);
    }

    @Test
    void login_codeWithTheRecoveryFieldLeftEmpty_loggedIn() {
        String user = newUser("both-fields");
        AuthenticatorApp app = enableApp(user);
        Browser browser = new Browser(port);
        browser.open("/page");
        browser.follow(browser.loginWithPassword(user));

        Page page = browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL,
                Map.of("code", app.currentCode(), "recoveryCode", " ")));

        assertThat(page.body()).startsWith("page of " + user + " [FACTOR_PASSWORD, FACTOR_TWOFA_APP");
    }

    @Test
    void sensitive_afterTheDurationWrongCode_stillAsked() {
        LoggedIn in = loggedInWithApp(newUser("confirm"));
        Browser browser = in.browser();
        kit.clock().advance(TestApplication.RECENT.plusSeconds(1));
        browser.follow(browser.get("/sensitive"));

        Page wrong = browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL,
                Map.of("code", wrong(in.app().currentCode()))));

        assertThat(wrong.body()).contains("That code is not right");
        assertThat(browser.get("/sensitive").location()).endsWith("?confirm");
    }

    @Test
    void sensitive_smsUser_confirmSendsACodeOnlyWhenAsked() {
        Browser browser = new Browser(port);
        String user = newUser("sms");
        String number = enableSms(user);
        browser.open("/page");
        browser.follow(browser.loginWithPassword(user));
        browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", kit.sms().lastCodeTo(number))));
        kit.clock().advance(TestApplication.RECENT.plusMinutes(1));
        int sent = kit.sms().messages().size();

        Page confirm = browser.follow(browser.get("/sensitive"));
        browser.get(TwoFactorConfigurer.DEFAULT_URL + "?confirm");   // a reload

        assertThat(kit.sms().messages()).as("texts sent by GETs").hasSize(sent);
        assertThat(confirm.body()).contains("and we will send a code by text message to the number ending").contains(">Send code</button>").doesNotContain("name=\"code\"");
        Page asked = browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("resend", "true")));
        assertThat(kit.sms().messages()).hasSize(sent + 1);
        assertThat(asked.url()).endsWith(TwoFactorConfigurer.DEFAULT_URL + "?confirm");
        assertThat(asked.body()).contains("We sent a code by text message to the number ending")
                .contains("name=\"code\"").contains(">Send a new code</button>")
                .doesNotContain("We sent a new code");
        Page back = browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL,
                Map.of("code", kit.sms().lastCodeTo(number))));
        assertThat(back.body()).startsWith("sensitive of ");
    }

    @Test
    void sensitive_appCodeThenMethodSwitchedToSms_confirmAskedWithTheNewMethod() {
        String user = newUser("switch");
        Browser browser = loggedInWithApp(user).browser();
        browser.get("/form");
        assertThat(browser.post("/deactivate", Map.of()).body()).isEqualTo(Changed.class.getSimpleName());
        String number = enableSms(user);

        Page confirm = browser.follow(browser.get("/sensitive"));

        assertThat(confirm.url()).endsWith(TwoFactorConfigurer.DEFAULT_URL + "?confirm");
        assertThat(confirm.body()).contains(">Send code</button>");
        browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("resend", "true")));
        Page back = browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL,
                Map.of("code", kit.sms().lastCodeTo(number))));
        assertThat(back.body()).startsWith("sensitive of ");
    }

    @Test
    void sensitive_loginOnARememberedDevice_confirmAsked() {
        String user = newUser("device");
        AuthenticatorApp app = enableApp(user);
        Browser first = new Browser(port);
        first.open("/page");
        first.follow(first.loginWithPassword(user));
        first.follow(first.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", app.currentCode(), "rememberDevice", "true")));
        Browser next = first.newSessionKeepingCookie(TwoFactorConfigurer.DEFAULT_DEVICE_COOKIE);
        next.open("/page");
        next.follow(next.loginWithPassword(user));

        assertThat(next.get("/sensitive").location()).endsWith("?confirm");
        assertThat(next.get("/has-proof").body()).isEqualTo("false");
    }

    @Test
    void sensitive_userWithoutMethod_allowed() {
        Browser browser = new Browser(port);
        String user = newUser("plain");
        browser.open("/page");
        browser.follow(browser.loginWithPassword(user));

        assertThat(browser.get("/sensitive").body()).isEqualTo("sensitive of " + user);
    }

    @Test
    void sensitive_anonymous_sentToTheLoginPage() {
        Page page = new Browser(port).get("/sensitive");

        assertThat(page.location()).endsWith("/login");
    }

    // ---------------------------------------------------------------- secrets

    @Test
    void secrets_codesAndDeviceTokens_neverInUrlsOrLogs(CapturedOutput output) {
        String user = newUser("secret");
        AuthenticatorApp app = enableApp(user);
        Browser browser = new Browser(port);
        browser.open("/page");
        browser.follow(browser.loginWithPassword(user));
        String wrongCode = wrong(app.currentCode());
        browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", wrongCode)));
        String code = app.currentCode();
        browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", code, "rememberDevice", "true")));
        String token = browser.cookie(TwoFactorConfigurer.DEFAULT_DEVICE_COOKIE).orElseThrow();
        String smsUser = newUser("secret-sms");
        String number = enableSms(smsUser);
        Browser sms = new Browser(port);
        sms.open("/page");
        sms.follow(sms.loginWithPassword(smsUser));
        String smsCode = kit.sms().lastCodeTo(number);
        sms.follow(sms.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", smsCode)));

        assertThat(output.getAll()).contains("second step LOGIN of account")
                .doesNotContain(token).doesNotContain(number).doesNotContain(TestApplication.PASSWORD)
                .doesNotContain("code=" + code).doesNotContain("code=" + smsCode).doesNotContain(wrongCode);
        List<String> urls = new java.util.ArrayList<>(browser.visitedUrls());
        urls.addAll(sms.visitedUrls());
        assertThat(urls).noneMatch(u -> u.contains(code) || u.contains(smsCode) || u.contains(wrongCode)
                || u.contains(token));
    }

    record LoggedIn(Browser browser, AuthenticatorApp app) {
    }

    LoggedIn loggedInWithApp(String user) {
        AuthenticatorApp app = enableApp(user);
        Browser browser = new Browser(port);
        browser.open("/page");
        browser.follow(browser.loginWithPassword(user));
        Page page = browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", app.currentCode())));
        assertThat(page.body()).startsWith("page of " + user);
        kit.clock().advance(Duration.ofSeconds(30));   // a later code is a new one
        return new LoggedIn(browser, app);
    }

    // ---------------------------------------------------------------- text messages only by POST

    @Test
    void resend_getWithoutCsrfToken_sendsNothing() {
        String user = newUser("csrf");
        enableSms(user);
        Browser victim = new Browser(port);
        victim.open("/page");
        victim.follow(victim.loginWithPassword(user));
        kit.clock().advance(Duration.ofMinutes(1));   // past the resend cooldown
        int before = kit.sms().messages().size();

        Page page = victim.follow(victim.get(TwoFactorConfigurer.DEFAULT_URL + "?resend"));   // what a hostile page makes the browser do
        victim.get(TwoFactorConfigurer.DEFAULT_URL);   // a reload

        assertThat(kit.sms().messages()).as("texts sent by GETs").hasSize(before);
        assertThat(page.body()).contains("name=\"code\"");
    }

    @Test
    void login_smsLockEnded_reloadSendsNothingSendCodeByPost() {
        Browser browser = new Browser(port);
        String user = newUser("sms-lock");
        String number = enableSms(user);
        browser.open("/page");
        browser.follow(browser.loginWithPassword(user));
        Page page = null;
        for (int i = 0; i < 40 && (page == null || page.body().contains("name=\"code\"")); i++) {
            page = browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL,
                    Map.of("code", wrong(kit.sms().lastCodeTo(number)))));
            if (page.body().contains("Please wait")) {
                kit.clock().advance(Duration.ofMinutes(16));
            }
            if (page.body().contains("This code has expired")) {
                page = browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("resend", "true")));
            }
        }
        assertThat(page.body()).contains("signing in with a code is blocked");
        kit.clock().advance(Duration.ofHours(2));
        int before = kit.sms().messages().size();

        Page unlocked = browser.get(TwoFactorConfigurer.DEFAULT_URL);
        browser.get(TwoFactorConfigurer.DEFAULT_URL);

        assertThat(kit.sms().messages()).as("texts sent by GETs after the lock").hasSize(before);
        assertThat(unlocked.body()).contains(">Send code</button>").doesNotContain("name=\"code\"");
        Page sent = browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("resend", "true")));
        assertThat(kit.sms().messages()).hasSize(before + 1);
        assertThat(sent.body()).contains("name=\"code\"");
        assertThat(browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL,
                Map.of("code", kit.sms().lastCodeTo(number)))).body()).startsWith("page of " + user);
    }

    @Test
    void resend_postWithoutCsrfToken_refusedAndSendsNothing() {
        String user = newUser("csrf-post");
        enableSms(user);
        Browser victim = new Browser(port);
        victim.open("/page");
        victim.follow(victim.loginWithPassword(user));
        kit.clock().advance(Duration.ofMinutes(1));
        int before = kit.sms().messages().size();

        Page refused = victim.postRaw(TwoFactorConfigurer.DEFAULT_URL, Map.of("resend", "true"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(kit.sms().messages()).hasSize(before);
    }

    @Test
    void resend_crossSiteGetsWhileLoggedIn_doNotUseUpTheBudgetOfTheNextLogin() {
        String user = newUser("pump");
        String number = enableSms(user);
        Browser victim = new Browser(port);
        victim.open("/page");
        victim.follow(victim.loginWithPassword(user));
        Page in = victim.follow(victim.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", kit.sms().lastCodeTo(number))));
        assertThat(in.body()).startsWith("page of " + user);

        for (int i = 0; i < 15; i++) {
            kit.clock().advance(Duration.ofSeconds(31));
            victim.get(TwoFactorConfigurer.DEFAULT_URL + "?resend");
        }

        kit.clock().advance(Duration.ofSeconds(31));
        Browser nextLogin = new Browser(port);
        nextLogin.open("/page");
        Page second = nextLogin.follow(nextLogin.loginWithPassword(user));
        assertThat(second.body()).as("the victim's next login").contains("We sent a code by text message")
                .doesNotContain("We cannot send more codes right now");
    }

    @Test
    void rememberDevice_recoveryCodeLogin_noDeviceCookie() {
        String user = newUser("recovered");
        List<String> codes = enableAppWithCodes(user).recoveryCodes();
        Browser attacker = new Browser(port);
        attacker.open("/page");
        attacker.follow(attacker.loginWithPassword(user));

        Page done = attacker.post(TwoFactorConfigurer.DEFAULT_URL,
                Map.of("recoveryCode", codes.get(0), "rememberDevice", "true"));

        assertThat(done.location()).contains("/page");
        assertThat(done.setCookies()).as("device cookie after a recovery-code login")
                .noneMatch(c -> c.startsWith(TwoFactorConfigurer.DEFAULT_DEVICE_COOKIE + "="));
    }

    @Test
    void secondStep_done_rawCsrfTokenRenewed() {
        String user = newUser("csrf-renew");
        List<String> codes = enableAppWithCodes(user).recoveryCodes();
        Browser browser = new Browser(port);
        browser.open("/page");
        Page secondStep = browser.follow(browser.loginWithPassword(user));
        String before = rawCsrf(secondStep.body());

        browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("recoveryCode", codes.get(0))));
        String after = rawCsrf(browser.get("/form").body());

        assertThat(after).as("raw CSRF token after the second step").isNotEqualTo(before);
    }

    /** Unmasks a CSRF token of a page (XorCsrfTokenRequestAttributeHandler: random half XOR token half). */
    private static String rawCsrf(String html) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("a CSRF field in " + html).isTrue();
        byte[] masked = java.util.Base64.getUrlDecoder().decode(m.group(1));
        int half = masked.length / 2;
        byte[] raw = new byte[half];
        for (int i = 0; i < half; i++) {
            raw[i] = (byte) (masked[i] ^ masked[half + i]);
        }
        return java.util.HexFormat.of().formatHex(raw);
    }

    @Test
    void secondStep_logOut_endsTheSessionBeforeTheSecondStep() {
        String user = newUser("way-out");
        enableApp(user);
        Browser browser = new Browser(port);
        browser.open("/page");
        Page second = browser.follow(browser.loginWithPassword(user));
        assertThat(second.body()).contains("<button type=\"submit\">Log out</button>");

        Page out = browser.post("/logout", Map.of());

        assertThat(out.location()).endsWith("/login?logout");
        assertThat(browser.get("/page").location()).endsWith("/login");
    }

    @Test
    void stylesheet_passwordOnlyUser_servedAsCss() {
        String user = newUser("css");
        enableApp(user);
        Browser browser = new Browser(port);
        browser.open("/page");
        Page second = browser.follow(browser.loginWithPassword(user));
        assertThat(second.body()).contains("href=\"" + TwoFactorConfigurer.DEFAULT_URL + ".css\"");

        Page css = browser.get(TwoFactorConfigurer.DEFAULT_URL + ".css");

        assertThat(css.status()).isEqualTo(200);
        assertThat(css.body()).contains("font-family");
    }

    // ---------------------------------------------------------------- helpers

    private TwoFactorService service() {
        return kit.service();
    }

    static String newUser(String prefix) {
        return prefix + "-" + USERS.incrementAndGet();
    }

    record EnabledApp(AuthenticatorApp app, List<String> recoveryCodes) {
    }

    AuthenticatorApp enableApp(String user) {
        return enableAppWithCodes(user).app();
    }

    EnabledApp enableAppWithCodes(String user) {
        AccountId account = AccountId.of(user);
        TotpSetup setup = (TotpSetup) service().startTotp(account, user);
        AuthenticatorApp app = new AuthenticatorApp(kit.clock());
        app.addAccount(setup.otpauthUri());
        Verified verified = (Verified) service().confirmTotp(account, app.currentCode());
        kit.clock().advance(Duration.ofSeconds(30));   // the login needs the next code
        return new EnabledApp(app, verified.newRecoveryCodesIfAny().orElseThrow().codes());
    }

    String enableSms(String user) {
        AccountId account = AccountId.of(user);
        int n = USERS.incrementAndGet();
        String number = String.format("+420 601 %03d %03d", n / 1000, n % 1000);
        service().addNumber(account, number);
        service().sendVerificationCode(account);
        assertThat(service().verifyNumber(account, kit.sms().lastCodeTo(number)).verified()).isTrue();
        assertThat(service().enableSms(account)).isInstanceOf(Changed.class);
        kit.clock().advance(Duration.ofMinutes(1));   // past the resend cooldown
        return number.replace(" ", "");
    }

    static String wrong(String code) {
        char first = code.charAt(0);
        return (first == '9' ? '0' : (char) (first + 1)) + code.substring(1);
    }

}
