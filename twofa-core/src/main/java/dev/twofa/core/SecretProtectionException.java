package dev.twofa.core;

/**
 * Thrown when a stored TOTP secret cannot be unprotected: it was tampered with, copied from
 * another account, or protected with another key. Nothing was changed.
 */
public class SecretProtectionException extends TwoFactorException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which account and why, without the secret
     */
    public SecretProtectionException(String message) {
        super(message);
    }
}
