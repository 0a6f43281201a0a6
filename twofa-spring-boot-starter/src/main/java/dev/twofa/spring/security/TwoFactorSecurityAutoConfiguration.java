package dev.twofa.spring.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;

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
}
