package dev.twofa.examples.customeradmin;

import dev.twofa.examples.customeradmin.interim.InterimSecondStep;
import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The example's one filter chain: Spring Security's form login, CSRF tokens, session handling and
 * security headers (with a content security policy that allows the page's own styles and script
 * and the QR code's data: image). Every page but the login pages, the style sheet and the error
 * pages needs a fully logged-in customer.
 *
 * <p>Thread-safety: a configuration class; the chain is thread-safe.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    /** The content security policy of every page. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /** Creates the configuration; Spring calls this. */
    public SecurityConfiguration() {
    }

    @Bean
    SecurityFilterChain filterChain(HttpSecurity http, InterimSecondStep secondStep) throws Exception {
        http.authorizeHttpRequests(a -> a
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers("/login", "/css/**", "/js/**", "/favicon.ico", "/error").permitAll()
                        .requestMatchers("/login/second-step").authenticated()
                        .anyRequest().hasAuthority(InterimSecondStep.DONE))
                .formLogin(f -> f.loginPage("/login").successHandler(secondStep).failureUrl("/login?error"))
                .logout(l -> l.logoutSuccessUrl("/login?logout"))
                .headers(h -> h
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }
}
