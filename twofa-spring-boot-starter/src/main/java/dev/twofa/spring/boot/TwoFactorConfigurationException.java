package dev.twofa.spring.boot;

import dev.twofa.core.TwoFactorException;
import java.util.Objects;

/**
 * Refuses an application's start because twofa's configuration cannot work: a missing store, key,
 * issuer or SMS sender, or a setting out of its bounds. {@link TwoFactorFailureAnalyzer} prints its
 * {@link #description()} and {@link #action()} instead of a stack trace.
 *
 * <p>Messages name the property at fault, never its value when that is a key.
 *
 * <p>Immutable and thread-safe.
 */
public final class TwoFactorConfigurationException extends TwoFactorException {

    private static final long serialVersionUID = 1L;

    private final String action;

    /**
     * Creates the exception.
     *
     * @param description what is wrong, naming the property or bean at fault and never a key
     * @param action what the developer does to fix it
     */
    TwoFactorConfigurationException(String description, String action) {
        super(Objects.requireNonNull(description, "description"));
        this.action = Objects.requireNonNull(action, "action");
    }

    /**
     * Returns what is wrong.
     *
     * @return the description, naming the property or bean at fault
     */
    public String description() {
        return getMessage();
    }

    /**
     * Returns what to do to fix it.
     *
     * @return the action
     */
    public String action() {
        return action;
    }
}
