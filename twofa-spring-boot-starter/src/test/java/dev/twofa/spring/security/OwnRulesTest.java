package dev.twofa.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.spring.security.Browser.Page;
import dev.twofa.testkit.AuthenticatorApp;
import dev.twofa.testkit.TwoFactorTestKit;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A host whose chain has rules of its own: {@link TwoFactorAuthorizations#secondFactor()} as a
 * path's whole rule, twofa's rules combined with Spring Security's {@code AuthorizationManagers.anyOf}
 * (where a rule that abstains instead of granting would deny), a host rule that abstains (Spring
 * Security's {@code AuthorizationFilter} lets such a request in), and a page only for visitors who
 * are not logged in ({@code anonymous()}). From PIT mutation testing of the security rules.
 */
@SpringBootTest(classes = OwnRulesTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OwnRulesTest {

    @LocalServerPort
    int port;

    @Autowired
    TwoFactorTestKit kit;

    @Test
    void secondFactorRule_passwordOnly_secondStepAskedThenServed() {
        AuthenticatorApp app = enableApp("own-rule");
        Browser browser = new Browser(port);
        browser.open("/own");
        browser.follow(browser.loginWithPassword("own-rule"));

        Page passwordOnly = browser.get("/own");
        Page in = browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", app.currentCode())));

        assertThat(passwordOnly.status()).as("password only: " + passwordOnly.body()).isEqualTo(302);
        assertThat(passwordOnly.location()).endsWith(TwoFactorConfigurer.DEFAULT_URL);
        assertThat(in.body()).isEqualTo("own of own-rule");
    }

    @Test
    void abstainingRule_passwordOnly_secondStepAskedThenServed() {
        AuthenticatorApp app = enableApp("abstain-rule");
        Browser browser = new Browser(port);
        browser.open("/page");
        browser.follow(browser.loginWithPassword("abstain-rule"));

        Page passwordOnly = browser.get("/abstain");
        browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", app.currentCode())));
        Page in = browser.get("/abstain");

        assertThat(passwordOnly.status()).as("a rule that abstains, password only: " + passwordOnly.body())
                .isEqualTo(302);
        assertThat(passwordOnly.location()).endsWith(TwoFactorConfigurer.DEFAULT_URL);
        assertThat(in.body()).isEqualTo("abstain of abstain-rule");
    }

    @Test
    void secondFactorInAnyOf_userWithoutMethod_served() {
        Browser browser = new Browser(port);
        browser.open("/page");
        browser.follow(browser.loginWithPassword("plain-either"));

        Page either = browser.get("/either");

        assertThat(either.status()).as("no method on, not an admin: " + either.body()).isEqualTo(200);
        assertThat(either.body()).isEqualTo("either of plain-either");
    }

    @Test
    void recentSecondFactorInAnyOf_codeAtTheLogin_servedWithinTheDuration() {
        AuthenticatorApp app = enableApp("recent-either");
        Browser browser = new Browser(port);
        browser.open("/page");
        browser.follow(browser.loginWithPassword("recent-either"));
        browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", app.currentCode())));

        Page recent = browser.get("/recent-either");

        assertThat(recent.status()).as("code just given, not an admin: " + recent.body()).isEqualTo(200);
        assertThat(recent.body()).isEqualTo("recent-either of recent-either");
    }

    @Test
    void anonymousRule_visitorNotLoggedIn_served() {
        Browser visitor = new Browser(port);

        Page signUp = visitor.get("/sign-up");

        assertThat(signUp.status()).as("Location " + signUp.location()).isEqualTo(200);
        assertThat(signUp.body()).isEqualTo("sign-up form");
    }

    private AuthenticatorApp enableApp(String user) {
        return KitBeans.enableApp(kit, user);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({App.Pages.class, KitBeans.class})
    static class App {


        @Bean
        UserDetailsService users() {
            return name -> User.withUsername(name).password("{noop}" + TestApplication.PASSWORD).roles("USER").build();
        }

        @Bean
        SecurityFilterChain chain(HttpSecurity http) {
            http.authorizeHttpRequests(a -> a
                            .requestMatchers("/own").access(TwoFactorAuthorizations.secondFactor())
                            .requestMatchers("/either").access(AuthorizationManagers.anyOf(
                                    TwoFactorAuthorizations.secondFactor(), AuthorityAuthorizationManager.hasRole("ADMIN")))
                            .requestMatchers("/recent-either").access(AuthorizationManagers.anyOf(
                                    TwoFactorAuthorizations.recentSecondFactor(Duration.ofMinutes(5)),
                                    AuthorityAuthorizationManager.hasRole("ADMIN")))
                            .requestMatchers("/abstain").access((authentication, context) -> null)
                            .requestMatchers("/sign-up").anonymous()
                            .anyRequest().authenticated())
                    .formLogin(Customizer.withDefaults())
                    .with(TwoFactorConfigurer.twoFactor(), Customizer.withDefaults());
            return http.build();
        }

        @RestController
        static class Pages {
            @GetMapping("/page")
            String page(Authentication user) {
                return "page of " + user.getName();
            }

            @GetMapping("/own")
            String own(Authentication user) {
                return "own of " + user.getName();
            }

            @GetMapping("/either")
            String either(Authentication user) {
                return "either of " + user.getName();
            }

            @GetMapping("/recent-either")
            String recentEither(Authentication user) {
                return "recent-either of " + user.getName();
            }

            @GetMapping("/abstain")
            String abstain(Authentication user) {
                return "abstain of " + user.getName();
            }

            @GetMapping("/sign-up")
            String signUp() {
                return "sign-up form";
            }
        }
    }
}
