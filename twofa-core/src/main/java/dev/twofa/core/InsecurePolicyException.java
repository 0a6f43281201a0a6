package dev.twofa.core;

/**
 * Thrown by {@link TwoFactorServiceBuilder#build()} when the configured digits, window and
 * lockout let an attacker guess a code with a chance above {@link GuessingPolicy#MAX_CHANCE}
 * per lockout period. The message names the figure and the settings to change.
 */
public class InsecurePolicyException extends TwoFactorException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the figure and the settings to change
     */
    public InsecurePolicyException(String message) {
        super(message);
    }
}
