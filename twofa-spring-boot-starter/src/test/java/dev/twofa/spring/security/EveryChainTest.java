package dev.twofa.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.spring.security.Browser.Page;
import dev.twofa.testkit.AuthenticatorApp;
import dev.twofa.testkit.TwoFactorTestKit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A host with a second filter chain for {@code /api/**} that shares the HTTP session (as hosts with
 * an API, Actuator or H2 console chain have), a public path in the main chain, a user store that
 * finds names ignoring case and returns them as typed, and free-form authority names in its user
 * records. From the hostile review of the Spring layer.
 */
@SpringBootTest(classes = EveryChainTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EveryChainTest {

    @LocalServerPort
    int port;

    @Autowired
    TwoFactorTestKit kit;

    @Test
    void otherChain_passwordOnlySession_refused() {
        enableApp("victim-chain");
        Browser attacker = new Browser(port);
        attacker.open("/page");
        Page second = attacker.follow(attacker.loginWithPassword("victim-chain"));
        assertThat(second.url()).endsWith(TwoFactorConfigurer.DEFAULT_URL);   // the main chain asks for the code

        Page api = attacker.get("/api/data");

        assertThat(api.status()).as("API of the other chain, password only: " + api.body()).isEqualTo(403);
    }

    @Test
    void otherChain_afterTheSecondStep_served() {
        AuthenticatorApp app = enableApp("chain-done");
        Browser browser = new Browser(port);
        browser.open("/page");
        browser.follow(browser.loginWithPassword("chain-done"));
        browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", app.currentCode())));

        Page api = browser.get("/api/data");

        assertThat(api.status()).isEqualTo(200);
        assertThat(api.body()).isEqualTo("customer data of chain-done");
    }

    @Test
    void otherChain_userWithoutMethod_servedAfterThePassword() {
        Browser browser = new Browser(port);
        browser.open("/page");
        browser.follow(browser.loginWithPassword("no-method"));

        Page api = browser.get("/api/data");

        assertThat(api.status()).isEqualTo(200);
        assertThat(api.body()).isEqualTo("customer data of no-method");
    }

    @Test
    void permitAll_passwordOnlyUser_publicPathServed() {
        enableApp("victim-public");
        Browser browser = new Browser(port);
        browser.open("/page");
        browser.follow(browser.loginWithPassword("victim-public"));

        Page css = browser.get("/public/site.css");

        assertThat(css.status()).as("permitAll path for a password-only user, Location " + css.location())
                .isEqualTo(200);
    }

    @Test
    void plainAuthorityNamedLikeAFactor_appOn_secondStepStillAsked() {
        enableApp("tagged-victim");
        Browser attacker = new Browser(port);
        attacker.open("/page");

        Page page = attacker.follow(attacker.loginWithPassword("tagged-victim"));

        assertThat(page.url()).as("where the password alone leads: " + page.body())
                .endsWith(TwoFactorConfigurer.DEFAULT_URL);
        assertThat(attacker.get("/api/data").status()).isEqualTo(403);
    }

    @Test
    void lowerCaseName_loginNameInOtherCase_secondStepStillAsked() {
        AuthenticatorApp app = enableApp("ldap-victim");
        Browser attacker = new Browser(port);
        attacker.open("/page");

        Page page = attacker.follow(attacker.loginWithPassword("LDAP-VICTIM"));

        assertThat(page.url()).as("where the password alone leads: " + page.body())
                .endsWith(TwoFactorConfigurer.DEFAULT_URL);
        Page in = attacker.follow(attacker.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", app.currentCode())));
        assertThat(in.body()).isEqualTo("page of LDAP-VICTIM");
    }

    private AuthenticatorApp enableApp(String user) {
        return KitBeans.enableApp(kit, user);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({App.Pages.class, KitBeans.class})
    static class App {


        @Bean
        TwoFactorAccounts accounts() {
            return TwoFactorAccounts.lowerCaseName();
        }

        @Bean
        UserDetailsService users() {
            // finds every name ignoring case and returns it as typed, as LDAP providers do; user
            // records carry free-form authority names (a group called FACTOR_TWOFA_DEVICE)
            return name -> User.withUsername(name).password("{noop}" + TestApplication.PASSWORD)
                    .authorities(name.startsWith("tagged") ? new String[] {"ROLE_USER", TwoFactorAuthorities.DEVICE}
                            : new String[] {"ROLE_USER"})
                    .build();
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
            http.authorizeHttpRequests(a -> a.requestMatchers("/public/**").permitAll().anyRequest().authenticated())
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

            @GetMapping("/api/data")
            String data(Authentication user) {
                return "customer data of " + user.getName();
            }

            @GetMapping("/public/site.css")
            String css() {
                return "body{}";
            }
        }
    }
}
