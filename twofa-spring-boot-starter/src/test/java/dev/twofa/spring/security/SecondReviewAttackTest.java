package dev.twofa.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.AccountId;
import dev.twofa.core.Changed;
import dev.twofa.core.TwoFactorService;
import dev.twofa.spring.security.Browser.Page;
import dev.twofa.testkit.AuthenticatorApp;
import dev.twofa.testkit.TwoFactorTestKit;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Attacks from the second hostile review, on the fixes of the first (every chain, permitAll with
 * method security, the Log out button, POST-only resend, a method switched during confirm mode,
 * the stylesheet path). An application with two chains, method security, a custom logout URL and a
 * user store that returns names as typed (as LDAP does).
 */
@SpringBootTest(classes = SecondReviewAttackTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SecondReviewAttackTest {

    @LocalServerPort
    int port;

    @Autowired
    TwoFactorTestKit kit;

    /** Every chain takes the account mapping from the one bean (here lower-cased), so another chain cannot map differently. */
    @Test
    void configurerAccounts_loginNameInOtherCase_otherChainRefusesPasswordOnly() {
        enableApp("case-victim");
        Browser attacker = new Browser(port);
        attacker.open("/page");
        Page second = attacker.follow(attacker.loginWithPassword("CASE-VICTIM"));
        assertThat(second.url()).endsWith(TwoFactorConfigurer.DEFAULT_URL);   // the main chain asks for the code

        Page api = attacker.get("/api/data");

        assertThat(api.status()).as("other chain, password only, name in other case: " + api.body()).isEqualTo(403);
    }

    /** permitAll URL + method security (@PreAuthorize): the second step is not part of method security. */
    @Test
    void methodSecurity_permitAllUrl_passwordOnlyRefused() {
        enableApp("ms-victim");
        Browser attacker = new Browser(port);
        attacker.open("/page");
        Page second = attacker.follow(attacker.loginWithPassword("ms-victim"));
        assertThat(second.url()).endsWith(TwoFactorConfigurer.DEFAULT_URL);

        Page data = attacker.get("/public/me");

        assertThat(data.status()).as("@PreAuthorize behind permitAll, password only: " + data.body()).isNotEqualTo(200);
    }

    /** The default page's Log out posts to /logout, not to the chain's logout URL. */
    @Test
    void defaultPageLogOut_customLogoutUrl_endsTheSession() {
        enableApp("logout-user");
        Browser browser = new Browser(port);
        browser.open("/page");
        Page second = browser.follow(browser.loginWithPassword("logout-user"));
        assertThat(second.body()).contains("Log out");
        String action = second.body().replaceAll("(?s).*<form class=\"logout\" method=\"post\" action=\"([^\"]+)\".*", "$1");

        browser.follow(browser.post(action, Map.of()));
        Page after = browser.get(TwoFactorConfigurer.DEFAULT_URL);

        assertThat(after.location()).as("after Log out (posted to " + action + ") the second step is still there: "
                + after.status() + " " + after.body()).endsWith("/login");
    }

    /** methodTurnedOn needs the result of turning a method on: a change that turned nothing on is refused, no factor granted. */
    @Test
    void methodTurnedOn_calledWhenNothingWasTurnedOn_grantsNoFactor() {
        enableApp("turned-victim");
        Browser attacker = new Browser(port);
        attacker.open("/page");
        attacker.follow(attacker.loginWithPassword("turned-victim"));

        attacker.get("/public/enable-failed");   // a host's handler: enableSms refused (METHOD_ACTIVE), then methodTurnedOn
        Page page = attacker.get("/page");

        assertThat(page.status()).as("password only, after methodTurnedOn without a method turned on: " + page.body())
                .isNotEqualTo(200);
    }

    /** Confirm mode keeps the method of its first GET: after a switch to SMS elsewhere no "Send code" is offered. */
    @Test
    void confirmMode_methodSwitchedElsewhere_offersTheNewMethod() {
        AuthenticatorApp app = enableApp("switch-user");
        AccountId account = AccountId.of("switch-user");
        Browser browser = new Browser(port);
        browser.open("/page");
        browser.follow(browser.loginWithPassword("switch-user"));
        browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", app.currentCode())));
        kit.clock().advance(Duration.ofMinutes(10));
        Page confirm = browser.open("/sensitive");
        assertThat(confirm.url()).endsWith("?confirm");
        kit.clock().advance(Duration.ofSeconds(30));
        dev.twofa.core.Proof proof = ((dev.twofa.core.Verified) kit.service().stepUp(account, app.currentCode())).proof();
        assertThat(kit.service().deactivate(account, proof)).isInstanceOf(Changed.class);   // in another session
        enableSms("switch-user");

        Page again = browser.open("/sensitive");

        assertThat(again.body()).as("confirm page after the switch to SMS: " + again.body()).contains("Send");
    }

    /** The public style sheet URL: only its exact path is served; variants are not, or are refused. */
    @Test
    void stylesheet_pathVariants_onlyTheExactPathServed() {
        Browser anonymous = new Browser(port);
        assertThat(anonymous.get("/login/second-step.css").status()).isEqualTo(200);
        for (String variant : List.of("/login/second-step.css/", "/login/second-step.cssx", "/login/second-step.CSS",
                "/login/second-step.css;jsessionid=abc", "/login/second-step;x=1.css", "/login//second-step.css",
                "/login/./second-step.css", "/login/x/../second-step.css", "/login/second-step%2Ecss")) {
            Page page = anonymous.get(variant);
            assertThat(page.status() == 200 && page.body().contains("font-family")).as(variant + " -> " + page.status())
                    .isFalse();
        }
    }

    /** Parallel GETs of the login's second step (two tabs opened at once, a hostile page's images). */
    @Test
    void loginSecondStep_parallelGets_oneTextMessage() throws Exception {
        String number = enableSms("parallel-user");
        Browser browser = new Browser(port);
        Page login = browser.loginWithPassword("parallel-user");   // not followed: no GET of the page yet
        assertThat(login.redirect()).isTrue();
        String session = browser.cookie("JSESSIONID").orElseThrow();
        int before = sentTo(number);
        int threads = 8;
        CyclicBarrier barrier = new CyclicBarrier(threads);
        HttpClient http = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            results.add(pool.submit(() -> {
                barrier.await();
                return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + TwoFactorConfigurer.DEFAULT_URL))
                        .header("Cookie", "JSESSIONID=" + session).GET().build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode();
            }));
        }
        for (Future<Integer> r : results) {
            assertThat(r.get()).isEqualTo(200);
        }
        pool.shutdown();

        assertThat(sentTo(number) - before).as("text messages sent by parallel GETs").isEqualTo(1);
    }

    private int sentTo(String number) {
        return (int) kit.sms().messages().stream().filter(m -> m.destination().e164().equals(number)).count();
    }

    private String enableSms(String user) {
        AccountId account = AccountId.of(user);
        String number = "+420601777" + String.format("%03d", user.length());
        TwoFactorService service = kit.service();
        service.addNumber(account, number);
        service.sendVerificationCode(account);
        assertThat(service.verifyNumber(account, kit.sms().lastCodeTo(number)).verified()).isTrue();
        assertThat(service.enableSms(account)).isInstanceOf(Changed.class);
        kit.clock().advance(Duration.ofMinutes(1));
        return number;
    }

    private AuthenticatorApp enableApp(String user) {
        return KitBeans.enableApp(kit, user);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableMethodSecurity
    @Import({App.Pages.class, KitBeans.class})
    static class App {


        @Bean
        TwoFactorAccounts accounts() {
            return TwoFactorAccounts.lowerCaseName();
        }

        @Bean
        UserDetailsService users() {
            // finds names ignoring case and returns them as typed (LDAP)
            return name -> User.withUsername(name).password("{noop}" + TestApplication.PASSWORD).roles("USER").build();
        }

        @Bean
        @Order(1)
        SecurityFilterChain api(HttpSecurity http) {
            http.securityMatcher("/api/**").authorizeHttpRequests(a -> a.anyRequest().authenticated());
            return http.build();
        }

        @Bean
        @Order(2)
        SecurityFilterChain main(HttpSecurity http) {
            http.authorizeHttpRequests(a -> a.requestMatchers("/public/**").permitAll()
                    .requestMatchers("/sensitive").access(TwoFactorAuthorizations.recentSecondFactor(Duration.ofMinutes(5))).anyRequest().authenticated())
                    .formLogin(Customizer.withDefaults())
                    .logout(l -> l.logoutUrl("/signout"))
                    .with(TwoFactorConfigurer.twoFactor(), t -> t.logoutUrl("/signout"));
            return http.build();
        }

        @RestController
        static class Pages {
            private final TwoFactorService service;
            private final TwoFactorProofs proofs;

            Pages(TwoFactorService service, TwoFactorProofs proofs) {
                this.service = service;
                this.proofs = proofs;
            }

            @GetMapping("/page")
            String page(Authentication user) {
                return "page of " + user.getName();
            }

            @GetMapping("/sensitive")
            String sensitive() {
                return "sensitive";
            }

            @GetMapping("/api/data")
            String data(Authentication user) {
                return "customer data of " + user.getName();
            }

            @GetMapping("/public/enable-failed")
            String enableFailed(jakarta.servlet.http.HttpServletRequest request, Authentication user) {
                if (service.enableSms(AccountId.of(user.getName())) instanceof Changed) {
                    return "turned on";
                }
                // a misuse: a change that turned nothing on (the status as it is, no fresh codes)
                proofs.methodTurnedOn(request, new Changed(service.status(AccountId.of(user.getName()))));
                return "refused";
            }

            @GetMapping("/public/me")
            @PreAuthorize("isAuthenticated()")
            String me(Authentication user) {
                return "private data of " + user.getName();
            }
        }
    }
}
