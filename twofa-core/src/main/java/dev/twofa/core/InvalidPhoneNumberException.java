package dev.twofa.core;

/**
 * Thrown when a phone number cannot be read as an E.164 number. Nothing was changed.
 *
 * <p>The message says what is wrong (letters, too few or too many digits, empty) and never
 * repeats the number.
 */
public class InvalidPhoneNumberException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong with the number
     */
    public InvalidPhoneNumberException(String message) {
        super(message);
    }
}
