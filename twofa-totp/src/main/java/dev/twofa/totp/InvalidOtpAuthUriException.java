package dev.twofa.totp;

import dev.twofa.core.InvalidInputException;

/**
 * Thrown when an otpauth URI cannot be parsed, or when its parts (issuer, account name, digits,
 * algorithm, period) cannot make one. Nothing was changed.
 *
 * <p>The message names the part that is wrong but never repeats the URI or the secret.
 *
 * <p>Safe to share between threads once thrown.
 */
public class InvalidOtpAuthUriException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, without the URI or the secret
     */
    public InvalidOtpAuthUriException(String message) {
        super(message);
    }
}
