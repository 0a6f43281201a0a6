package dev.twofa.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.LockoutPolicy;
import dev.twofa.testkit.SettableClock;
import dev.twofa.totp.Totp;
import dev.twofa.totp.TotpSecrets;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drives the Security page over HTTP as a browser would: cookies, CSRF tokens parsed from the
 * forms, redirects followed, SMS codes read from the outbox page and app codes computed from the
 * manual key shown on the QR page.
 */
class SecurityPageE2ETest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern MANUAL_KEY = Pattern.compile("<code id=\"manual-key\">([A-Z2-7 ]+)</code>");
    private static final Pattern NEWEST_SMS = Pattern.compile("<span class=\"sms-text\">([^<]*)</span>");
    private static final Pattern SIX_DIGITS = Pattern.compile("\\b(\\d{6})\\b");

    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-02T09:00:00Z"));
    private SecurityPageServer server;
    private final Browser browser = new Browser();

    @BeforeEach
    void start() throws IOException {
        server = SecurityPageServer.builder().clock(clock).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void securityPage_wholeStory_smsThenAppLoginsWork() throws Exception {
        HttpResponse<String> page = get("/login");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("set-cookie")).get().asString()
                .contains("HttpOnly").contains("SameSite=Strict").contains("twofa_session=");

        // Log in without a second factor.
        page = post("/login", "user", "alice", "password", "alice");
        assertThat(page.uri().getPath()).isEqualTo("/security");
        assertThat(page.body()).contains("Logged in with the password only").contains("No number.");

        // Add, send code, verify.
        page = post("/security/number/add", "number", "+420 601 123 456");
        assertThat(page.body()).contains("Number saved").contains("+420601123456").contains("not verified");
        page = post("/security/number/send-code");
        assertThat(page.body()).contains("A code was sent by SMS to +420 *** *** 456");
        page = post("/security/number/verify", "code", newestSmsCode());
        assertThat(page.body()).contains("The number is verified.").doesNotContain("not verified");

        // Enable SMS login, log out, log in with the SMS code.
        page = post("/security/sms/enable");
        assertThat(page.body()).contains("Login via SMS is on");
        page = post("/logout");
        assertThat(page.uri().getPath()).isEqualTo("/login");
        assertThat(page.body()).contains("Logged out.");
        assertThat(get("/security").uri().getPath()).isEqualTo("/login");
        clock.advance(Duration.ofSeconds(31)); // the resend cooldown counts from the verification SMS
        page = post("/login", "user", "alice", "password", "alice");
        assertThat(page.uri().getPath()).isEqualTo("/login/code");
        assertThat(page.body()).contains("Enter the code sent by SMS to +420 *** *** 456");
        page = post("/login/code", "code", newestSmsCode());
        assertThat(page.uri().getPath()).isEqualTo("/security");
        assertThat(page.body()).contains("Logged in with your second factor.").contains("Active: every login asks");

        // Connecting an app while SMS is active is refused, naming SMS.
        page = post("/security/app/start");
        assertThat(page.uri().getPath()).isEqualTo("/security");
        assertThat(page.body()).contains("Login via SMS is on. To switch, deactivate it first.");

        // Deactivation needs this session's live proof: the login's has run out; confirm with an SMS code.
        clock.advance(Duration.ofMinutes(6));
        page = post("/security/deactivate");
        assertThat(page.body()).contains("first confirm with a current code");
        page = post("/security/step-up/send");
        assertThat(page.body()).contains("A code was sent by SMS");
        page = post("/security/step-up", "code", newestSmsCode());
        assertThat(page.body()).contains("Confirmed.");
        page = post("/security/deactivate");
        assertThat(page.body()).contains("Two-factor login is off.").contains("Enable login via SMS");

        // Connect a device: QR page sent with no-store, then verify with the app's code.
        page = post("/security/app/start");
        assertThat(page.uri().getPath()).isEqualTo("/security/app");
        assertThat(page.headers().firstValue("cache-control")).contains("no-store");
        assertThat(page.body()).contains("<svg").doesNotContain("otpauth://");
        String manualKey = match(MANUAL_KEY, page.body());
        Totp app = Totp.builder().issuer("Example Hosting").build();
        String setupCode = app.generate(TotpSecrets.fromBase32(manualKey), clock.instant());
        page = post("/security/app/confirm", "code", setupCode);
        assertThat(page.uri().getPath()).isEqualTo("/security");
        assertThat(page.body()).contains("Your authenticator app is connected").contains("Connected: every login");

        // Log out, log in with the app: the setup code is refused as a replay, the next one works.
        post("/logout");
        page = post("/login", "user", "alice", "password", "alice");
        assertThat(page.body()).contains("Enter the code your authenticator app shows.");
        page = post("/login/code", "code", setupCode);
        assertThat(page.uri().getPath()).isEqualTo("/login/code");
        assertThat(page.body()).contains("That code was already used.");
        clock.advance(Duration.ofSeconds(30));
        page = post("/login/code", "code", app.generate(TotpSecrets.fromBase32(manualKey), clock.instant()));
        assertThat(page.uri().getPath()).isEqualTo("/security");
        assertThat(page.body()).contains("Logged in with your second factor.").contains("Connected: every login");
    }

    @Test
    void post_withoutOrWithWrongCsrfToken_isRefusedWith403AndChangesNothing() throws Exception {
        get("/login");
        post("/login", "user", "alice", "password", "alice");

        HttpResponse<String> missing = postRaw("/security/number/add", form("number", "+420 601 123 456"));
        HttpResponse<String> wrong = postRaw("/security/number/add",
                form("csrf", browser.csrf.substring(1) + "x", "number", "+420 601 123 456"));
        HttpResponse<String> empty = postRaw("/security/number/add", form("csrf", "", "number", "+420 601 123 456"));

        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(empty.statusCode()).isEqualTo(403);
        assertThat(get("/security").body()).contains("No number.").doesNotContain("+420601123456");
    }

    @Test
    void post_withoutSession_isRefusedWith403() throws Exception {
        HttpResponse<String> forged = postRaw("/login", form("csrf", "guess", "user", "alice", "password", "alice"));

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(get("/security").uri().getPath()).isEqualTo("/login");
    }

    @Test
    void login_wrongPassword_staysLoggedOutWithMessage() throws Exception {
        get("/login");

        HttpResponse<String> page = post("/login", "user", "alice", "password", "bob");

        assertThat(page.uri().getPath()).isEqualTo("/login");
        assertThat(page.body()).contains("Wrong user or password.");
        assertThat(get("/security").uri().getPath()).isEqualTo("/login");
    }

    @Test
    void login_rotatesSessionCookieAndCsrfToken() throws Exception {
        get("/login");
        String before = browser.csrf;

        post("/login", "user", "alice", "password", "alice");

        assertThat(browser.csrf).isNotEqualTo(before);
        assertThat(postRaw("/security/number/add", form("csrf", before, "number", "+420601123456")).statusCode())
                .isEqualTo(403);
    }

    @Test
    void addNumber_personsVerifiedNumber_isVerifiedWithoutSms() throws Exception {
        get("/login");
        post("/login", "user", "bob", "password", "bob");

        HttpResponse<String> page = post("/security/number/add", "number", "+420 601 555 000");

        assertThat(page.body()).contains("verified").doesNotContain("not verified")
                .contains("a contact person of the account has it verified");
        assertThat(post("/security/sms/enable").body()).contains("Login via SMS is on");
        assertThat(get("/outbox").body()).contains("No SMS yet.");
    }

    @Test
    void loginWithRecoveryCode_afterStepUpMadeCodes_logsInOnceAndUsesTheCodeUp() throws Exception {
        get("/login");
        post("/login", "user", "bob", "password", "bob");
        post("/security/number/add", "number", "+420 601 555 000");
        post("/security/sms/enable");
        assertThat(post("/security/recovery-codes").body()).contains("first confirm with a current code");
        post("/security/step-up/send");
        post("/security/step-up", "code", newestSmsCode());

        HttpResponse<String> codesPage = post("/security/recovery-codes");

        assertThat(codesPage.headers().firstValue("cache-control")).contains("no-store");
        String recoveryCode = match(Pattern.compile("<ol id=\"recovery-codes\"><li><code>([^<]+)</code>"),
                codesPage.body());
        post("/logout");
        post("/login", "user", "bob", "password", "bob");
        HttpResponse<String> page = post("/login/recovery", "code", recoveryCode);
        assertThat(page.uri().getPath()).isEqualTo("/security");
        assertThat(page.body()).contains("Logged in with your second factor.").contains("Recovery codes left: 9");
        post("/logout");
        post("/login", "user", "bob", "password", "bob");
        assertThat(post("/login/recovery", "code", recoveryCode).body()).contains("Wrong recovery code.");
    }

    @Test
    void addNumber_malformed_showsMessageAndChangesNothing() throws Exception {
        get("/login");
        post("/login", "user", "alice", "password", "alice");

        HttpResponse<String> page = post("/security/number/add", "number", "<script>alert(1)</script>");

        assertThat(page.body()).contains("Phone number may contain only digits").doesNotContain("<script>alert")
                .contains("No number.");
    }

    // ---------------------------------------------------------------- lockout

    @Test
    void confirmApp_thirtyWrongCodes_pagesAnswer200AndSayUntilSupportUnlocksIt() throws Exception {
        Totp app = Totp.builder().issuer("Example Hosting").build();
        logIn(browser, "alice");
        for (int failure = 1; failure <= LockoutPolicy.DEFAULT_PERMANENT_LOCK_AFTER; failure++) {
            // Past the growing delay (at most 15 min) and the 1 h lock of every failure from the 10th on,
            // keeping the session (30 min idle) alive. Actions are submitted without following the
            // redirect; only the QR page is rendered, for the key and the previous failure's message.
            clock.advance(Duration.ofMinutes(29));
            browser.touch();
            clock.advance(Duration.ofMinutes(29));
            browser.touch();
            clock.advance(Duration.ofMinutes(2).plusSeconds(1));
            browser.submit("/security/app/start"); // the previous enrollment expired after 10 min
            HttpResponse<String> qrPage = get("/security/app");
            assertThat(qrPage.uri().getPath()).isEqualTo("/security/app");
            if (failure > 1 && failure <= 10) {
                assertThat(qrPage.body()).as("after failure %d", failure - 1).contains("Wrong code.");
            } else if (failure > 10) {
                assertThat(qrPage.body()).as("after failure %d", failure - 1)
                        .containsPattern("locked after too many wrong codes, until \\d\\d:\\d\\d:\\d\\d UTC\\.");
            }
            String manualKey = match(MANUAL_KEY, qrPage.body());
            browser.submit("/security/app/confirm", "code", wrongAppCode(app, manualKey, clock.instant()));
        }

        HttpResponse<String> afterLast = get("/security/app");
        assertThat(afterLast.statusCode()).isEqualTo(200);
        assertThat(afterLast.body()).contains("locked after too many wrong codes, until support unlocks it.");
        clock.advance(Duration.ofDays(365));
        HttpResponse<String> security = logIn(browser, "alice");
        assertThat(security.statusCode()).isEqualTo(200);
        assertThat(security.uri().getPath()).isEqualTo("/security");
        assertThat(security.body()).contains("locked after too many wrong codes, until support unlocks it.");
    }

    @Test
    void login_tenWrongAppCodes_codePageAnswers200WithLockTimeAndLoginStaysLocked() throws Exception {
        Totp app = Totp.builder().issuer("Example Hosting").build();
        logIn(browser, "alice");
        String manualKey = match(MANUAL_KEY, post("/security/app/start").body());
        post("/security/app/confirm", "code", app.generate(TotpSecrets.fromBase32(manualKey), clock.instant()));
        post("/logout");
        post("/login", "user", "alice", "password", "alice");

        HttpResponse<String> page = null;
        for (int failure = 1; failure <= 10; failure++) {
            clock.advance(Duration.ofSeconds(65)); // past the delay after the previous failure (at most 64 s)
            page = post("/login/code", "code", wrongAppCode(app, manualKey, clock.instant()));
        }

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.uri().getPath()).isEqualTo("/login/code");
        assertThat(page.body()).contains("locked after too many wrong codes, until 10:10:50 UTC.");
        page = logIn(browser, "alice");
        assertThat(page.uri().getPath()).isEqualTo("/login/code");
        assertThat(page.body()).contains("locked after too many wrong codes, until 10:10:50 UTC.");
        assertThat(get("/security").uri().getPath()).isEqualTo("/login");
    }

    @Test
    void deactivate_fromAnotherSessionRightAfterTheOwnersLogin_isRefused() throws Exception {
        logIn(browser, "alice");
        post("/security/number/add", "number", "+420 601 123 456");
        post("/security/number/send-code");
        post("/security/number/verify", "code", newestSmsCode());
        post("/security/sms/enable");
        // An older session of the same account (say, a laptop left logged in), its proof long gone.
        Browser otherSession = new Browser();
        clock.advance(Duration.ofSeconds(31));
        logIn(otherSession, "alice");
        otherSession.post("/login/code", "code", otherSession.newestSmsCode());
        clock.advance(Duration.ofMinutes(10));
        // The owner logs in with the SMS code now.
        clock.advance(Duration.ofSeconds(31));
        post("/logout");
        logIn(browser, "alice");
        assertThat(post("/login/code", "code", newestSmsCode()).body()).contains("Logged in with your second factor.");

        HttpResponse<String> attempt = otherSession.post("/security/deactivate");

        assertThat(attempt.body()).contains("first confirm with a current code").doesNotContain("Two-factor login is off.");
        assertThat(post("/security/deactivate").body()).contains("Two-factor login is off.");
    }

    // ---------------------------------------------------------------- outbox

    @Test
    void outbox_otherUsersSession_doesNotShowAlicesCodes() throws Exception {
        logIn(browser, "alice");
        post("/security/number/add", "number", "+420 601 123 456");
        post("/security/number/send-code");
        String alicesCode = newestSmsCode();
        Browser bob = new Browser();
        logIn(bob, "bob");

        HttpResponse<String> bobsOutbox = bob.outbox();

        assertThat(bobsOutbox.statusCode()).isEqualTo(200);
        assertThat(bobsOutbox.body()).contains("No SMS yet.").doesNotContain("sms-text")
                .doesNotContain("*** *** 456");
        assertThat(browser.outbox().body()).contains("to +420 *** *** 456 (VERIFY_NUMBER)")
                .contains(alicesCode);
    }

    @Test
    void outbox_withoutSession_showsNoCodes() throws Exception {
        logIn(browser, "alice");
        post("/security/number/add", "number", "+420 601 123 456");
        post("/security/number/send-code");
        String alicesCode = newestSmsCode();

        HttpResponse<String> anonymous = new Browser().outbox();

        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(alicesCode).matches("\\d{6}");
        assertThat(anonymous.body()).contains("Log in to see the SMS sent to your number.")
                .doesNotContain("sms-text").doesNotContain("*** *** 456");
    }

    @Test
    void outbox_afterPasswordStep_showsOnlyTheUsersLoginCode() throws Exception {
        logIn(browser, "alice");
        post("/security/number/add", "number", "+420 601 123 456");
        post("/security/number/send-code");
        post("/security/number/verify", "code", newestSmsCode());
        post("/security/sms/enable");
        Browser bob = new Browser();
        logIn(bob, "bob");
        bob.post("/security/number/add", "number", "+420 601 555 000");
        bob.post("/security/sms/enable");
        clock.advance(Duration.ofSeconds(31)); // alice's resend cooldown
        Browser alicesSecondStep = new Browser();
        Browser bobsSecondStep = new Browser();
        logIn(alicesSecondStep, "alice");
        logIn(bobsSecondStep, "bob");

        String alicesBody = alicesSecondStep.outbox().body();
        String bobsBody = bobsSecondStep.outbox().body();

        assertThat(alicesBody).contains("to +420 *** *** 456 (LOGIN)").doesNotContain("*** *** 000");
        assertThat(bobsBody).contains("to +420 *** *** 000 (LOGIN)").doesNotContain("*** *** 456");
        assertThat(bobsSecondStep.post("/login/code", "code", bobsSecondStep.newestSmsCode()).body())
                .contains("Logged in with your second factor.");
    }

    // ---------------------------------------------------------------- app page

    @Test
    void appPage_afterAppConfirmedInAnotherSession_redirectsWithoutManualKey() throws Exception {
        logIn(browser, "alice");
        HttpResponse<String> qrPage = post("/security/app/start");
        String manualKey = match(MANUAL_KEY, qrPage.body());
        Browser otherTab = new Browser();
        logIn(otherTab, "alice");
        Totp app = Totp.builder().issuer("Example Hosting").build();
        assertThat(otherTab.post("/security/app/confirm", "code",
                app.generate(TotpSecrets.fromBase32(manualKey), clock.instant())).body())
                .contains("Your authenticator app is connected");

        HttpResponse<String> page = get("/security/app");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.uri().getPath()).isEqualTo("/security");
        assertThat(page.body()).contains("Your authenticator app is already connected.")
                .doesNotContain("manual-key").doesNotContain(manualKey).doesNotContain("<svg")
                .doesNotContain("Continue connecting");
    }

    @Test
    void appPage_afterSmsEnabled_redirectsWithoutManualKey() throws Exception {
        logIn(browser, "bob");
        String manualKey = match(MANUAL_KEY, post("/security/app/start").body());
        post("/security/number/add", "number", "+420 601 555 000");
        post("/security/sms/enable"); // drops the pending enrollment

        HttpResponse<String> page = get("/security/app");

        assertThat(page.uri().getPath()).isEqualTo("/security");
        assertThat(page.body()).contains("No device connection is pending")
                .doesNotContain("manual-key").doesNotContain(manualKey).doesNotContain("<svg");
    }

    @Test
    void appPage_afterStartingAgainInAnotherSession_showsOnlyTheNewKey() throws Exception {
        logIn(browser, "alice");
        String firstKey = match(MANUAL_KEY, post("/security/app/start").body());
        clock.advance(Duration.ofSeconds(1));
        Browser otherTab = new Browser();
        logIn(otherTab, "alice");
        String secondKey = match(MANUAL_KEY, otherTab.post("/security/app/start").body());

        HttpResponse<String> stale = get("/security/app");
        HttpResponse<String> current = otherTab.get("/security/app");

        assertThat(stale.uri().getPath()).isEqualTo("/security");
        assertThat(stale.body()).doesNotContain("manual-key").doesNotContain(firstKey);
        assertThat(current.uri().getPath()).isEqualTo("/security/app");
        assertThat(current.body()).contains(secondKey);
    }

    @Test
    void appPage_pendingEnrollment_showsKeyUntilItExpires() throws Exception {
        logIn(browser, "alice");
        String manualKey = match(MANUAL_KEY, post("/security/app/start").body());
        clock.advance(Duration.ofMinutes(9));
        assertThat(get("/security").body()).contains("Continue connecting your device");
        assertThat(get("/security/app").body()).contains(manualKey);
        clock.advance(Duration.ofMinutes(1));

        HttpResponse<String> page = get("/security/app");

        assertThat(page.uri().getPath()).isEqualTo("/security");
        assertThat(page.body()).contains("No device connection is pending").doesNotContain(manualKey)
                .doesNotContain("Continue connecting");
    }

    // ---------------------------------------------------------------- a tiny browser

    /** Logs in with the demo password (a fresh session first, so it works after an idle expiry too). */
    private static HttpResponse<String> logIn(Browser b, String user) throws IOException, InterruptedException {
        b.get("/login");
        return b.post("/login", "user", user, "password", user);
    }

    /** Returns a 6-digit code the app does not show around {@code at} (two steps either side). */
    private static String wrongAppCode(Totp app, String manualKey, Instant at) {
        Set<String> near = new HashSet<>();
        for (int step = -2; step <= 2; step++) {
            near.add(app.generate(TotpSecrets.fromBase32(manualKey), at.plusSeconds(30L * step)));
        }
        for (int d = 0; d <= 9; d++) {
            String candidate = String.valueOf(d).repeat(6);
            if (!near.contains(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("ten codes cannot all be near");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return browser.get(path);
    }

    private HttpResponse<String> post(String path, String... fields) throws IOException, InterruptedException {
        return browser.post(path, fields);
    }

    private HttpResponse<String> postRaw(String path, String body) throws IOException, InterruptedException {
        return browser.postRaw(path, body);
    }

    private String newestSmsCode() throws IOException, InterruptedException {
        return browser.newestSmsCode();
    }

    /** One browser: its own cookies and the CSRF token of the last page it got. */
    private final class Browser {
        private final CookieManager cookies = new CookieManager();
        private final HttpClient client = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(5)).build();
        /** The same browser not following redirects: for many actions in a row, without rendering pages. */
        private final HttpClient noFollow = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        private String csrf;

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return remember(client.send(HttpRequest.newBuilder(server.uri().resolve(path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()));
        }

        /** Submits a form of the current page: the CSRF token of the last page is added. */
        HttpResponse<String> post(String path, String... fields) throws IOException, InterruptedException {
            String[] withToken = new String[fields.length + 2];
            withToken[0] = "csrf";
            withToken[1] = csrf;
            System.arraycopy(fields, 0, withToken, 2, fields.length);
            HttpResponse<String> response = postRaw(path, form(withToken));
            assertThat(response.statusCode()).as("POST %s", path).isEqualTo(200);
            return response;
        }

        HttpResponse<String> postRaw(String path, String body) throws IOException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(server.uri().resolve(path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            return remember(client.send(request, HttpResponse.BodyHandlers.ofString()));
        }

        /** Submits a form of the current page and expects the redirect, without following it. */
        void submit(String path, String... fields) throws IOException, InterruptedException {
            String[] withToken = new String[fields.length + 2];
            withToken[0] = "csrf";
            withToken[1] = csrf;
            System.arraycopy(fields, 0, withToken, 2, fields.length);
            HttpResponse<String> response = noFollow.send(HttpRequest.newBuilder(server.uri().resolve(path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(withToken))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("POST %s", path).isEqualTo(303);
        }

        /** Keeps the session alive with a request answered by a redirect (to the Security page), not followed. */
        void touch() throws IOException, InterruptedException {
            HttpResponse<String> response = noFollow.send(HttpRequest.newBuilder(server.uri().resolve("/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.headers().firstValue("location")).contains("/security");
        }

        /** Returns the outbox page as this browser sees it (the CSRF token is kept as it was). */
        HttpResponse<String> outbox() throws IOException, InterruptedException {
            return client.send(HttpRequest.newBuilder(server.uri().resolve("/outbox")).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** Reads the newest SMS on the outbox page (the demo's phone) and returns its code. */
        String newestSmsCode() throws IOException, InterruptedException {
            return match(SIX_DIGITS, match(NEWEST_SMS, outbox().body()));
        }

        /** Checks that no URL of the exchange (redirects included) carries a query, and keeps the token. */
        private HttpResponse<String> remember(HttpResponse<String> response) {
            for (Optional<HttpResponse<String>> r = Optional.of(response); r.isPresent(); r = r.get().previousResponse()) {
                URI uri = r.get().uri();
                assertThat(uri.getRawQuery()).as("query of %s", uri).isNull();
                assertThat(r.get().headers().allValues("location")).noneMatch(l -> l.contains("?"));
            }
            Matcher m = CSRF.matcher(response.body());
            if (m.find()) {
                csrf = m.group(1);
            }
            return response;
        }
    }

    private static String form(String... fields) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            map.put(fields[i], fields[i + 1]);
        }
        return map.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static String match(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as("%s in %s", pattern, text).isTrue();
        return m.group(1);
    }
}
