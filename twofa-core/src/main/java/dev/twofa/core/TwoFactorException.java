package dev.twofa.core;

/**
 * The root of every exception twofa throws. Exceptions report misuse and infrastructure failures;
 * expected outcomes (a wrong code, a refused switch) are returned as values instead.
 *
 * <p>Messages never contain a secret, a code, an otpauth URI or a full phone number.
 */
public abstract class TwoFactorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, without secrets
     */
    protected TwoFactorException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong, without secrets
     * @param cause the underlying failure
     */
    protected TwoFactorException(String message, Throwable cause) {
        super(message, cause);
    }
}
