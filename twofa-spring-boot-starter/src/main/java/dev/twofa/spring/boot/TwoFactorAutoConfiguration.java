package dev.twofa.spring.boot;

import org.springframework.boot.autoconfigure.AutoConfiguration;

/**
 * Configures twofa in a Spring Boot application (skeleton; filled in by the starter's issue).
 *
 * <p>Thread-safety: a configuration class; the beans it makes state their own.
 */
@AutoConfiguration
public class TwoFactorAutoConfiguration {

    /** Creates the configuration; Spring calls this. */
    public TwoFactorAutoConfiguration() {
    }
}
