package dev.twofa.examples.customeradmin;

import dev.twofa.spring.security.TwoFactorAuthorizations;
import dev.twofa.spring.security.TwoFactorConfigurer;
import jakarta.servlet.DispatcherType;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The example's one filter chain: Spring Security's form login, CSRF tokens, session handling and
 * security headers (with a content security policy that allows the page's own styles and script
 * and the QR code's data: image), and twofa's second step from the starter ({@link
 * TwoFactorConfigurer}) on the example's own page. Every page but the login page, the style sheet
 * and the error pages needs a fully logged-in customer; deactivate, Change number and new recovery
 * codes need a code of the last {@link #CONFIRM_VALIDITY}.
 *
 * <p>Thread-safety: a configuration class; the chain is thread-safe.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    /** The content security policy of every page. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    /** The example's second-step page (it posts to the starter's {@link TwoFactorConfigurer#DEFAULT_URL}). */
    public static final String SECOND_STEP_PAGE = "/login/code";
    /** The pages that ask to confirm again with a fresh code. */
    private static final String[] CONFIRM_AGAIN = {"/security/deactivate", "/security/number/change", "/security/recovery-codes"};
    /** How long a code counts for the pages that ask to confirm again (twofa's default proof validity). */
    public static final Duration CONFIRM_VALIDITY = Duration.ofMinutes(5);

    /** Creates the configuration; Spring calls this. */
    public SecurityConfiguration() {
    }

    /**
     * Returns the chain of the style sheet and the script: open to everyone, with the security
     * headers, no session and no saved request. In a chain of their own because twofa's second step
     * applies to every rule that lets a logged-in user in, and a half-logged-in page's style sheet
     * must neither be refused nor become the page the login returns to.
     */
    @Bean
    @Order(1)
    SecurityFilterChain staticResources(HttpSecurity http) throws Exception {
        http.securityMatcher("/css/**", "/js/**", "/favicon.ico")
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .requestCache(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain filterChain(HttpSecurity http) throws Exception {
        // README:customer-admin-chain
        http.authorizeHttpRequests(a -> a
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers("/login", "/error").permitAll()
                        .requestMatchers(CONFIRM_AGAIN).access(TwoFactorAuthorizations.recentSecondFactor(CONFIRM_VALIDITY))
                        .requestMatchers("/support/**").hasRole("SUPPORT")
                        .anyRequest().authenticated())
                .formLogin(f -> f.loginPage("/login").failureUrl("/login?error"))
                .with(TwoFactorConfigurer.twoFactor(), t -> t.secondStepPage(SECOND_STEP_PAGE));
        // README:end
        http.logout(l -> l.logoutSuccessUrl("/login?logout"))
                .headers(h -> h
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }
}
