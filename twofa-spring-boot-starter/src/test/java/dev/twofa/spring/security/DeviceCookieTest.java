package dev.twofa.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.AccountId;
import dev.twofa.core.TotpSetup;
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
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A host behind a TLS proxy that does not forward the scheme (the server sees plain HTTP), with
 * {@code deviceCookieSecure(true)}: the remembered device's cookie is {@code Secure} anyway.
 */
@SpringBootTest(classes = DeviceCookieTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeviceCookieTest {

    @LocalServerPort
    int port;

    @Autowired
    TwoFactorTestKit kit;

    @Test
    void deviceCookieSecure_plainHttpRequest_cookieSecureHttpOnlyLax() {
        AccountId account = AccountId.of("proxied");
        TotpSetup setup = (TotpSetup) kit.service().startTotp(account, "proxied");
        AuthenticatorApp app = new AuthenticatorApp(kit.clock());
        app.addAccount(setup.otpauthUri());
        kit.service().confirmTotp(account, app.currentCode());
        kit.clock().advance(Duration.ofSeconds(30));
        Browser browser = new Browser(port);
        browser.open("/page");
        browser.follow(browser.loginWithPassword("proxied"));

        Page done = browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", app.currentCode(), "rememberDevice", "true"));

        assertThat(done.setCookies()).filteredOn(c -> c.startsWith(TwoFactorConfigurer.DEFAULT_DEVICE_COOKIE + "="))
                .singleElement().satisfies(c -> assertThat(c).contains("; Secure").contains("; HttpOnly")
                        .contains("SameSite=Lax").contains("Path=/"));
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
            http.authorizeHttpRequests(a -> a.anyRequest().authenticated())
                    .formLogin(Customizer.withDefaults())
                    .with(TwoFactorConfigurer.twoFactor().deviceCookieSecure(true), Customizer.withDefaults());
            return http.build();
        }

        @RestController
        static class Pages {
            @GetMapping("/page")
            String page(Authentication user) {
                return "page of " + user.getName();
            }
        }
    }
}
