package dev.twofa.core;

/**
 * Thrown when the host's {@link dev.twofa.core.spi.ProfileStore} failed (threw). The stored
 * profile is whatever the store kept, which for a failed write is the profile before the call.
 */
public class StoreException extends TwoFactorException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was being done
     * @param cause the store's exception
     */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
