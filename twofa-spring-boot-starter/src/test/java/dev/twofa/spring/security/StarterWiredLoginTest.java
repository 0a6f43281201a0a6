package dev.twofa.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.AccountId;
import dev.twofa.core.TotpSetup;
import dev.twofa.core.TwoFactorService;
import dev.twofa.spring.security.Browser.Page;
import dev.twofa.testkit.AuthenticatorApp;
import dev.twofa.testkit.SettableClock;
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

/** The second step on the starter's own {@code TwoFactorService} bean, made from {@code twofa.*} properties. */
@SpringBootTest(classes = StarterWiredLoginTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"twofa.store=memory", "twofa.totp.issuer=Example Hosting",
                "twofa.secret-protection.keys.k1=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
                "twofa.secret-protection.current-key=k1"})
class StarterWiredLoginTest {

    @LocalServerPort
    int port;

    @Autowired
    TwoFactorService service;

    @Autowired
    SettableClock clock;

    @Test
    void starterService_appUser_secondStepThenPage() {
        TotpSetup setup = (TotpSetup) service.startTotp(AccountId.of("wired"), "wired");
        AuthenticatorApp app = new AuthenticatorApp(clock);
        app.addAccount(setup.otpauthUri());
        assertThat(service.confirmTotp(AccountId.of("wired"), app.currentCode()).verified()).isTrue();
        clock.advance(Duration.ofSeconds(30));
        Browser browser = new Browser(port);
        browser.open("/page");

        Page second = browser.follow(browser.loginWithPassword("wired"));
        Page page = browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", app.currentCode())));

        assertThat(second.url()).endsWith(TwoFactorConfigurer.DEFAULT_URL);
        assertThat(page.body()).isEqualTo("page of wired");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({TwoFactorSecurityAutoConfiguration.class, App.Pages.class})
    static class App {

        @Bean
        SettableClock clock() {
            return new SettableClock();
        }

        @Bean
        UserDetailsService users() {
            return name -> User.withUsername(name).password("{noop}" + TestApplication.PASSWORD).roles("USER").build();
        }

        @Bean
        SecurityFilterChain chain(HttpSecurity http) throws Exception {
            http.authorizeHttpRequests(a -> a.anyRequest().authenticated())
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
        }
    }
}
