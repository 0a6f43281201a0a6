package dev.twofa.spring.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManagerFactory;
import org.springframework.security.authorization.DefaultAuthorizationManagerFactory;
import org.springframework.security.config.Customizer;
import org.springframework.security.core.Authentication;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.util.function.SingletonSupplier;
import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Supplier;

/**
 * Makes the beans of twofa's Spring Security part when Spring Security is on a servlet
 * application's class path: {@link TwoFactorAccounts} (by login name) and {@link TwoFactorProofs},
 * each unless the host defines its own, and the customizer that requires the second step in every
 * filter chain. The filter chains themselves are the host's: add {@link TwoFactorConfigurer} to the
 * chain of the browser pages.
 *
 * <p>Thread-safety: a configuration class; the beans it makes are thread-safe.
 */
@AutoConfiguration
@ConditionalOnClass(HttpSecurity.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class TwoFactorSecurityAutoConfiguration {

    /** Creates the configuration; Spring calls this. */
    public TwoFactorSecurityAutoConfiguration() {
    }

    /**
     * Returns the default mapping of a user to an account, {@link TwoFactorAccounts#byName()}.
     *
     * @return the mapping
     */
    @Bean
    @ConditionalOnMissingBean
    public TwoFactorAccounts twoFactorAccounts() {
        return TwoFactorAccounts.byName();
    }

    /**
     * Returns the session's proofs for the given mapping.
     *
     * @param accounts how a user maps to an account
     * @return the proofs
     */
    @Bean
    @ConditionalOnMissingBean
    public TwoFactorProofs twoFactorProofs(TwoFactorAccounts accounts) {
        return new TwoFactorProofs(accounts);
    }

    /**
     * Returns the customizer Spring Security applies to every {@link HttpSecurity} it makes: in a
     * chain without {@link TwoFactorConfigurer} (a second chain for an API or Actuator sharing the
     * login session), wherever the chain's rules let a logged-in user in, a user whose account has
     * a method on must also have a twofa factor of this login, else the request is refused (403).
     * A chain that reads the login session but has no {@code authorizeHttpRequests} fails to build
     * with a message. Not replaceable: a chain that lets in a user who gave only the password would
     * undo the second step.
     *
     * @return the customizer
     */
    @Bean
    public Customizer<HttpSecurity> twoFactorEveryChain() {
        return http -> http.with(new SecondFactorEveryChain(), Customizer.withDefaults());
    }

    /**
     * Returns the factory of Spring Security's authorization rules outside the filter chains, such
     * as method security ({@code @PreAuthorize("isAuthenticated()")}, {@code hasRole(...)} behind a
     * {@code permitAll} URL): like the rules of every chain, a rule that lets a logged-in user in
     * also needs, for a user whose account has a method on, a twofa factor of this login. Request
     * rules are left to the chains' own check (which knows the second-step page and error
     * dispatches). Backs off when the host has its own {@code AuthorizationManagerFactory} (for
     * example from {@code @EnableMultiFactorAuthentication}): then give it this requirement yourself.
     *
     * @param context the application context, for the service, the mapping and the clock
     * @return the factory
     */
    @Bean
    @ConditionalOnMissingBean(AuthorizationManagerFactory.class)
    @SuppressWarnings("rawtypes")   // raw, as Spring Security's own: injected for every T (MethodInvocation, ...)
    public DefaultAuthorizationManagerFactory twoFactorAuthorizationManagerFactory(ApplicationContext context) {
        Supplier<SecondFactorCheck> check = SingletonSupplier.of(() -> SecondFactorCheck.from(context));
        DefaultAuthorizationManagerFactory<Object> factory = new DefaultAuthorizationManagerFactory<>();
        factory.setAdditionalAuthorization((authentication, object) -> {
            Authentication user = authentication.get();
            if (object instanceof RequestAuthorizationContext || object instanceof HttpServletRequest
                    || !SecondFactorCheck.loggedIn(user)) {
                return GRANTED;   // the rule itself decides for anonymous users, the chains' check for requests
            }
            return check.get().check(user, null);
        });
        return factory;
    }

    private static final AuthorizationDecision GRANTED = new AuthorizationDecision(true);
}
