package dev.twofa.core;

/**
 * Thrown when an argument is null, empty, malformed or out of range. Nothing was changed.
 *
 * <p>The message says what is wrong with the input without repeating a secret or full number.
 */
public class InvalidInputException extends TwoFactorException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong with the input
     */
    public InvalidInputException(String message) {
        super(message);
    }
}
