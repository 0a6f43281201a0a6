package dev.twofa.spring.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;

/**
 * Makes the beans of twofa's Spring Security part when Spring Security is on a servlet
 * application's class path: {@link TwoFactorAccounts} (by login name) and {@link TwoFactorProofs},
 * each unless the host defines its own. The filter chain itself is the host's: add {@link
 * TwoFactorConfigurer} to it.
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
}
