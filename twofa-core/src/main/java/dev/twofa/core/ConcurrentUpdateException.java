package dev.twofa.core;

/**
 * Thrown when an account's profile changed under every one of the configured attempts to update
 * it (see {@link TwoFactorServiceBuilder#maxUpdateAttempts(int)}). Nothing of this call was
 * stored; the caller may retry.
 */
public class ConcurrentUpdateException extends TwoFactorException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which account and how many attempts
     */
    public ConcurrentUpdateException(String message) {
        super(message);
    }
}
