package dev.twofa.spring.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link TwoFactorConfigurationException} at startup into Spring Boot's "APPLICATION FAILED
 * TO START" report: what is wrong and what to do. Registered in {@code META-INF/spring.factories}.
 *
 * <p>Stateless and thread-safe.
 */
public final class TwoFactorFailureAnalyzer extends AbstractFailureAnalyzer<TwoFactorConfigurationException> {

    /** Creates the analyzer; Spring Boot calls this. */
    public TwoFactorFailureAnalyzer() {
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, TwoFactorConfigurationException cause) {
        return new FailureAnalysis(cause.description(), cause.action(), cause);
    }
}
