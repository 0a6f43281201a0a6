package dev.twofa.examples.customeradmin.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.AccountId;
import dev.twofa.core.Changed;
import dev.twofa.core.TotpSetup;
import dev.twofa.core.TwoFactorService;
import dev.twofa.examples.customeradmin.DemoUsers;
import dev.twofa.examples.customeradmin.Outbox;
import dev.twofa.testkit.AuthenticatorApp;
import dev.twofa.testkit.SettableClock;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Attacks from the hostile review of the example, over real HTTP (cookies, CSRF tokens, the real
 * filter chain): one account must never see another's codes, and a session logged in with the
 * password alone must not keep access once the account turns a method on.
 */
@BrowserTest
class AccountIsolationTest {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6,10})\\b");

    @LocalServerPort
    int port;
    @Autowired
    DemoUsers users;
    @Autowired
    Outbox outbox;
    @Autowired
    SettableClock clock;
    @Autowired
    TwoFactorService twoFactor;

    /**
     * Attack: "victim" has login via SMS on its number. The attacker has victim's password and an
     * account of their own ("mallory"). As mallory they add victim's number to mallory's own profile
     * (no code needed to add it); if the Outbox page listed texts by number, it would show victim's
     * login code, and the attacker would log in as victim with it.
     */
    @Test
    void outbox_anotherAccountsNumberAdded_itsLoginCodesNotShown() {
        String number = "+420 602 777 111";
        AccountId victim = AccountId.of("victim");
        twoFactor.addNumber(victim, number);
        twoFactor.sendVerificationCode(victim);
        assertThat(twoFactor.verifyNumber(victim, lastCode(victim)).verified()).isTrue();
        assertThat(twoFactor.enableSms(victim)).isInstanceOf(Changed.class);
        clock.advance(Duration.ofMinutes(2));

        Http attacker = new Http(port);
        attacker.logIn("mallory", users.password("mallory"));
        assertThat(attacker.get("/security").status()).as("mallory fully logged in").isEqualTo(200);
        attacker.get("/security/number/add");
        attacker.post("/security/number/add", Map.of("number", number));

        Http asVictim = new Http(port);
        asVictim.logIn("victim", users.password("victim"));
        assertThat(asVictim.get("/security").location()).endsWith("/login/code");
        asVictim.get("/login/code");
        assertThat(outbox.sentFor(victim)).as("the login code was sent").hasSize(2);
        String outboxPage = attacker.get("/outbox").body();
        assertThat(attacker.get("/outbox").status()).isEqualTo(200);
        Matcher m = CODE.matcher(outboxPage);
        String stolen = m.find() ? m.group(1) : "000000";
        assertThat(outboxPage).as("mallory's Outbox").doesNotContain(lastCode(victim));
        asVictim.post("/login/second-step", Map.of("code", stolen));

        assertThat(asVictim.get("/security").status()).as("victim's Profile > Security with a code read from"
                + " mallory's Outbox").isNotEqualTo(200);
    }

    /**
     * Attack: the attacker logged in with the password while the account had no method. The owner
     * then connects an app in another session. The attacker's old session must be asked for the
     * second step, not keep full access.
     */
    @Test
    void session_methodTurnedOnElsewhere_oldPasswordOnlySessionAskedForTheSecondStep() {
        Http attacker = new Http(port);
        attacker.logIn("late", users.password("late"));
        assertThat(attacker.get("/security").status()).isEqualTo(200);

        AccountId owner = AccountId.of("late");
        TotpSetup setup = (TotpSetup) twoFactor.startTotp(owner, "late");
        AuthenticatorApp app = new AuthenticatorApp(clock);
        app.addAccount(setup.otpauthUri());
        assertThat(twoFactor.confirmTotp(owner, app.currentCode()).verified()).isTrue();

        assertThat(attacker.get("/security").status()).as("the old session after the owner turned the app on")
                .isNotEqualTo(200);
    }

    private String lastCode(AccountId account) {
        List<Outbox.Sent> sent = outbox.sentFor(account);
        Matcher m = CODE.matcher(sent.get(0).text());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** A cookie-keeping HTTP client that sends the last page's CSRF token with each form. */
    static final class Http {
        private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

        record Page(int status, String location, String body) {
        }

        private final String base;
        private final HttpClient http;
        private String csrf;

        Http(int port) {
            this.base = "http://127.0.0.1:" + port;
            this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        }

        Page logIn(String user, String password) {
            get("/login");
            return post("/login", Map.of("username", user, "password", password));
        }

        Page get(String path) {
            return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
        }

        Page post(String path, Map<String, String> fields) {
            Map<String, String> form = new LinkedHashMap<>(fields);
            if (csrf != null) {
                form.putIfAbsent("_csrf", csrf);
            }
            String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
            return send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        private Page send(HttpRequest.Builder request) {
            try {
                HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                Matcher m = CSRF.matcher(r.body());
                if (m.find()) {
                    csrf = m.group(1);
                }
                return new Page(r.statusCode(), r.headers().firstValue("Location").orElse(null), r.body());
            } catch (IOException e) {
                throw new AssertionError("request failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
