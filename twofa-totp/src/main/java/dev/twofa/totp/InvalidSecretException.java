package dev.twofa.totp;

import dev.twofa.core.InvalidInputException;

/**
 * Thrown when a secret cannot be imported: the Base32 text is malformed, or the key is shorter
 * than 16 bytes (128 bits, RFC 4226 section 4, R6) or longer than allowed. Nothing was changed.
 *
 * <p>The message says what is wrong but never repeats the secret.
 *
 * <p>Safe to share between threads once thrown.
 */
public class InvalidSecretException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, without the secret
     */
    public InvalidSecretException(String message) {
        super(message);
    }
}
