package dev.twofa.core;

import java.util.Objects;

/**
 * Thrown when a phone number cannot be read as an E.164 number, or may not receive SMS codes.
 * Nothing was changed.
 *
 * <p>The message says what is wrong (letters, too few or too many digits, empty, a premium-rate
 * number) and never repeats the number; {@link #reason()} says it as a value a page can map to
 * its own text.
 */
public class InvalidPhoneNumberException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    /** Why a number was refused. Thread-safe (an enum). */
    public enum Reason {
        /** The text is not a phone number: letters, wrong characters, too few or too many digits. */
        MALFORMED,
        /** The text reads as a number, but no such number exists in its country's numbering plan. */
        INVALID_NUMBER,
        /** The number exists but cannot receive SMS codes (premium-rate, shared-cost, a fixed line...). */
        NOT_FOR_SMS,
        /** The number belongs to a country or prefix the host does not send SMS to. */
        NOT_ALLOWED
    }

    private final Reason reason;

    /**
     * Creates the exception for a malformed number ({@link Reason#MALFORMED}).
     *
     * @param message what is wrong with the number
     */
    public InvalidPhoneNumberException(String message) {
        this(Reason.MALFORMED, message);
    }

    /**
     * Creates the exception.
     *
     * @param reason why the number was refused
     * @param message what is wrong with the number, without the number
     */
    public InvalidPhoneNumberException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Returns why the number was refused.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
