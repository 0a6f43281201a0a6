package dev.twofa.spring.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Supplier;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.annotation.web.configurers.SecurityContextConfigurer;
import org.springframework.util.function.SingletonSupplier;

/**
 * Puts twofa's second step into the authorization of a filter chain that has no {@link
 * TwoFactorConfigurer}, so that a second chain sharing the login session (an API, Actuator) does
 * not let in a user who has only the password: wherever its rules let a logged-in user in, a user
 * whose account has a method on needs a twofa factor of this login, else is refused (403; only the
 * chain with {@link TwoFactorConfigurer} shows the second-step page). {@code
 * TwoFactorSecurityAutoConfiguration} applies it to every {@link HttpSecurity} as a {@code
 * Customizer<HttpSecurity>} bean. A chain that reads the login session but has no {@code
 * authorizeHttpRequests} cannot be guarded, so it fails to build with a message.
 *
 * <p>Thread-safety: used by one thread while the chain is built; the rule it adds is thread-safe.
 */
final class SecondFactorEveryChain extends AbstractHttpConfigurer<SecondFactorEveryChain, HttpSecurity> {

    @Override
    @SuppressWarnings("unchecked")
    public void init(HttpSecurity http) {
        if (http.getConfigurer(TwoFactorConfigurer.class) != null) {
            return;   // that configurer adds the second step itself, with its page
        }
        AuthorizeHttpRequestsConfigurer<HttpSecurity> authorize = http.getConfigurer(
                AuthorizeHttpRequestsConfigurer.class);
        if (authorize == null) {
            if (http.getConfigurer(SecurityContextConfigurer.class) == null) {
                return;   // the chain does not read the login session
            }
            throw new IllegalStateException("twofa: this SecurityFilterChain reads the login session but has no "
                    + "authorizeHttpRequests(...), so twofa cannot require the second step in it and a user who "
                    + "gave only the password would be logged in there. Add authorizeHttpRequests(...) to the chain "
                    + "(for example anyRequest().permitAll() or authenticated()); twofa then adds the second step "
                    + "to its rules.");
        }
        ApplicationContext context = http.getSharedObject(ApplicationContext.class);
        Supplier<SecondFactorCheck> check = SingletonSupplier.of(() -> SecondFactorCheck.from(context));
        authorize.getRegistry().withObjectPostProcessor(new ObjectPostProcessor<AuthorizationManager<HttpServletRequest>>() {
            @Override
            public <O extends AuthorizationManager<HttpServletRequest>> O postProcess(O rules) {
                return (O) new SecondFactorRequired(rules, check, request -> false);
            }
        });
    }
}
