package dev.twofa.totp;

import dev.twofa.core.InvalidInputException;

/**
 * Thrown by {@link QrCode} when a text cannot become a QR code: it is null, empty, holds an
 * unpaired UTF-16 surrogate (so it could not decode back to the same text), or is too long for
 * the largest symbol (version 40) at the chosen {@link ErrorCorrection}. Nothing was rendered.
 *
 * <p>The message names the failure and at most the text's length, never the text: the text is
 * normally an otpauth URI, which holds the secret.
 */
public class InvalidQrTextException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong with the text, without the text itself
     */
    public InvalidQrTextException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the encoder's failure as cause.
     *
     * @param message what is wrong with the text, without the text itself
     * @param cause the encoder's exception, whose message does not hold the text either
     */
    public InvalidQrTextException(String message, Throwable cause) {
        super(message);
        initCause(cause);
    }
}
