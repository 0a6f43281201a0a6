package dev.twofa.core;

import java.util.Objects;

/**
 * Identifies one account of the host application: the unit whose second factor twofa manages.
 *
 * <p>The value is the host's own key (a user id, a customer number); it is not secret and may be
 * logged. It must be 1 to {@value #MAX_LENGTH} characters without control characters and without
 * unpaired surrogates (which UTF-8 encoders and database drivers turn into {@code ?}, so that
 * {@code "bob\uD800"} would share a row and send limits with {@code "bob?"}).
 *
 * @param value the host's key for the account
 *     <p>Immutable and thread-safe.
 */
public record AccountId(String value) {

    /** The longest accepted account key, in characters. */
    public static final int MAX_LENGTH = 255;

    /**
     * Validates the key.
     *
     * @throws InvalidInputException if the value is null, blank, longer than {@value #MAX_LENGTH}
     *     characters, or holds a control character or an unpaired surrogate
     */
    public AccountId {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("account id must not be null or blank");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidInputException(
                    "account id is " + value.length() + " characters, at most " + MAX_LENGTH + " allowed");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new InvalidInputException("account id must not contain control characters");
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;                                                    // a whole supplementary character
            } else if (Character.isSurrogate(c)) {
                throw new InvalidInputException("account id must not contain unpaired surrogates (not valid Unicode)");
            }
        }
    }

    /**
     * Returns the account id for a host key.
     *
     * @param value the host's key
     * @return the account id
     * @throws InvalidInputException as the constructor
     */
    public static AccountId of(String value) {
        return new AccountId(value);
    }

    @Override
    public String toString() {
        return Objects.toString(value);
    }
}
