package dev.twofa.spring.security;

import dev.twofa.core.AccountId;
import dev.twofa.core.ChangeResult;
import dev.twofa.core.Changed;
import dev.twofa.core.TwoFactorService;
import dev.twofa.core.Verified;
import dev.twofa.core.VerifyResult;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.authorization.EnableMultiFactorAuthentication;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small host: form login with users held in memory (every name exists, with one password), a
 * page, a sensitive page that needs a code from the last 5 minutes, and a deactivation that needs
 * the session's proof. Spring's own factor merging is on ({@code @EnableMultiFactorAuthentication}),
 * as a host using Spring Security's MFA has it.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableMultiFactorAuthentication(authorities = {})
@Import({TwoFactorSecurityAutoConfiguration.class, TestApplication.Pages.class, KitBeans.class})
class TestApplication {

    static final String PASSWORD = "correct horse battery staple";
    static final Duration RECENT = Duration.ofMinutes(5);


    @Bean
    UserDetailsService users() {
        return name -> User.withUsername(name).password("{noop}" + PASSWORD).roles("USER").build();
    }

    // README:chain
    @Bean
    SecurityFilterChain chain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a
                        .requestMatchers("/public/**").permitAll()
                        .requestMatchers("/sensitive").access(TwoFactorAuthorizations.recentSecondFactor(RECENT))
                        .anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .with(TwoFactorConfigurer.twoFactor(), Customizer.withDefaults());
        return http.build();
    }
    // README:end

    @RestController
    static class Pages {
        private final TwoFactorService service;
        private final TwoFactorProofs proofs;

        Pages(TwoFactorService service, TwoFactorProofs proofs) {
            this.service = service;
            this.proofs = proofs;
        }

        @GetMapping("/public/style.css")
        String style() {
            return "body{}";
        }

        @GetMapping("/page")
        String page(Authentication user) {
            return "page of " + user.getName() + " " + user.getAuthorities().stream()
                    .map(GrantedAuthority::getAuthority).sorted().toList();
        }

        @GetMapping("/sensitive")
        String sensitive(Authentication user) {
            return "sensitive of " + user.getName();
        }

        @PostMapping("/confirm-app")
        String confirmApp(Authentication user, HttpServletRequest request, @RequestParam("code") String code) {
            VerifyResult result = service.confirmTotp(AccountId.of(user.getName()), code);
            if (result instanceof Verified verified) {
                proofs.store(request, verified.proof());
            }
            return result.getClass().getSimpleName();
        }

        @PostMapping("/enable-sms")
        String enableSms(Authentication user, HttpServletRequest request) {
            ChangeResult result = service.enableSms(AccountId.of(user.getName()));
            if (result instanceof Changed changed) {
                proofs.methodTurnedOn(request, changed);
            }
            CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
            return result.getClass().getSimpleName() + "<input type=\"hidden\" name=\"_csrf\" value=\""
                    + csrf.getToken() + "\">";
        }

        @GetMapping("/has-proof")
        String hasProof(HttpServletRequest request) {
            return String.valueOf(proofs.current(request).isPresent());
        }

        @GetMapping("/form")
        String form(CsrfToken csrf) {
            return "<form><input type=\"hidden\" name=\"_csrf\" value=\"" + csrf.getToken() + "\"></form>";
        }

        // README:proofs
        @PostMapping("/deactivate")
        String deactivate(Authentication user, HttpServletRequest request) {
            ChangeResult result = service.deactivate(AccountId.of(user.getName()),
                    proofs.current(request).orElse(null));
            return result.getClass().getSimpleName();
        }
        // README:end
    }
}
