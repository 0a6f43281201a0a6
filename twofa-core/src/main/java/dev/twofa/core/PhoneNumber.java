package dev.twofa.core;

import java.util.Set;

/**
 * A phone number in E.164 form ({@code +} and 7 to 15 digits, the first not zero), such as
 * {@code +420601123456}.
 *
 * <p>{@link #parse(String, String)} reads numbers as people type them: {@code +420 601 123 456},
 * {@code 00420601123456}, {@code (+420) 601-123-456}, and national {@code 601 123 456} with a
 * default country calling code. {@link #toString()} and {@link #masked()} show only the calling code
 * and the last three digits ({@code +420 *** *** 456}), so a number can be logged or put into an
 * event without disclosing it; {@link #e164()} gives the full number to the code that sends SMS.
 *
 * @param e164 the full number in E.164 form
 *     <p>Immutable and thread-safe.
 */
public record PhoneNumber(String e164) {

    /** The fewest digits accepted (calling code included). */
    public static final int MIN_DIGITS = 7;

    /** The most digits E.164 allows (calling code included). */
    public static final int MAX_DIGITS = 15;

    /** The longest raw input read by {@link #parse}; longer input is refused before parsing. */
    public static final int MAX_INPUT_LENGTH = 64;

    // ITU-T E.164 country calling codes of one and two digits; every other code has three.
    private static final Set<String> SHORT_CODES = Set.of(
            "1", "7", "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44",
            "45", "46", "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61",
            "62", "63", "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95",
            "98");

    /**
     * Validates the E.164 form.
     *
     * @throws InvalidPhoneNumberException if the value is not {@code +} followed by 7 to 15 ASCII
     *     digits, the first not zero
     */
    public PhoneNumber {
        if (e164 == null || e164.isEmpty()) {
            throw new InvalidPhoneNumberException("phone number is empty");
        }
        if (e164.charAt(0) != '+') {
            throw new InvalidPhoneNumberException("E.164 phone number must start with +");
        }
        checkDigits(e164.substring(1));
    }

    /**
     * Reads a number in international form ({@code +} or {@code 00} first). Spaces, hyphens, dots,
     * slashes and parentheses are ignored.
     *
     * @param raw the number as typed
     * @return the number in E.164 form
     * @throws InvalidPhoneNumberException if the input is empty, too long, holds letters or other
     *     characters, is in national form, or has too few or too many digits
     */
    public static PhoneNumber parse(String raw) {
        return parse(raw, null);
    }

    /**
     * Reads a number as people type it. International forms ({@code +420 601 123 456}, {@code
     * 00420601123456}, {@code (+420) 601-123-456}) are read as they are, without a trunk zero in
     * parentheses ({@code +44 (0)20 7946 0018} is {@code +442079460018}); a national form ({@code
     * 601 123 456}, or {@code 0601 123 456} with a trunk zero, which is dropped except for Italy's
     * {@code 39}) gets {@code defaultCallingCode} put in front. Spaces, hyphens, dots, slashes and
     * parentheses are ignored.
     *
     * @param raw the number as typed
     * @param defaultCallingCode the country calling code for national numbers, digits only (such as
     *     {@code "420"}), or null to refuse national numbers
     * @return the number in E.164 form
     * @throws InvalidPhoneNumberException if the input is empty, longer than {@value
     *     #MAX_INPUT_LENGTH} characters, holds letters, non-ASCII digits or other characters, is
     *     national without a default calling code, or has fewer than {@value #MIN_DIGITS} or more than
     *     {@value #MAX_DIGITS} digits
     * @throws InvalidInputException if {@code defaultCallingCode} is not 1 to 3 ASCII digits
     */
    public static PhoneNumber parse(String raw, String defaultCallingCode) {
        if (defaultCallingCode != null && !defaultCallingCode.matches("[1-9][0-9]{0,2}")) {
            throw new InvalidInputException("default calling code must be 1 to 3 digits, such as 420");
        }
        if (raw == null || raw.isBlank()) {
            throw new InvalidPhoneNumberException("phone number is empty");
        }
        if (raw.length() > MAX_INPUT_LENGTH) {
            throw new InvalidPhoneNumberException(
                    "phone number input is longer than " + MAX_INPUT_LENGTH + " characters");
        }
        StringBuilder digits = new StringBuilder(raw.length());
        boolean plus = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean international = plus || (digits.length() > 2 && digits.charAt(0) == '0' && digits.charAt(1) == '0');
            if (c == '(' && international && digits.length() > 0 && raw.startsWith("(0)", i)) {
                i += 2;                       // "+44 (0)20 ...": the trunk zero of the national form, not dialled
                continue;
            }
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c == '+') {
                if (plus || digits.length() > 0) {
                    throw new InvalidPhoneNumberException("phone number may have + only at the start");
                }
                plus = true;
            } else if (c == '-' || c == '.' || c == '/' || c == '(' || c == ')' || c == '\t'
                    || Character.isSpaceChar(c)) {
                continue;
            } else if (Character.isLetter(c)) {
                throw new InvalidPhoneNumberException("phone number must not contain letters");
            } else if (Character.isDigit(c)) {
                throw new InvalidPhoneNumberException("phone number must use ASCII digits 0-9 only");
            } else {
                throw new InvalidPhoneNumberException(
                        "phone number may contain only digits, +, spaces, - . / ( )");
            }
        }
        if (digits.length() == 0) {
            throw new InvalidPhoneNumberException("phone number is empty");
        }
        String international;
        if (plus) {
            international = digits.toString();
        } else if (digits.length() > 2 && digits.charAt(0) == '0' && digits.charAt(1) == '0') {
            international = digits.substring(2);
        } else {
            if (defaultCallingCode == null) {
                throw new InvalidPhoneNumberException(
                        "phone number must start with + or 00 and the country calling code");
            }
            String national = digits.toString();
            if (national.startsWith("0") && !defaultCallingCode.equals("39")) {
                national = national.substring(1);
            }
            international = defaultCallingCode + national;
        }
        checkDigits(international);
        return new PhoneNumber("+" + international);
    }

    private static void checkDigits(String digits) {
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidPhoneNumberException("E.164 phone number must hold ASCII digits only");
            }
        }
        if (digits.length() < MIN_DIGITS) {
            throw new InvalidPhoneNumberException("phone number has " + digits.length()
                    + " digits, at least " + MIN_DIGITS + " needed (country calling code included)");
        }
        if (digits.length() > MAX_DIGITS) {
            throw new InvalidPhoneNumberException("phone number has " + digits.length()
                    + " digits, E.164 allows at most " + MAX_DIGITS);
        }
        if (digits.charAt(0) == '0') {
            throw new InvalidPhoneNumberException("country calling code must not start with 0");
        }
    }

    /**
     * Returns the country calling code, such as {@code "420"}.
     *
     * @return the calling code's digits
     */
    public String callingCode() {
        for (int length = 1; length <= 2; length++) {
            String code = e164.substring(1, 1 + length);
            if (SHORT_CODES.contains(code)) {
                return code;
            }
        }
        return e164.substring(1, 4);
    }

    /**
     * Returns the number with all but the calling code and the last three digits hidden, such as
     * {@code +420 *** *** 456}: safe for logs, events and pages.
     *
     * @return the masked number
     */
    public String masked() {
        String code = callingCode();
        String national = e164.substring(1 + code.length());
        StringBuilder out = new StringBuilder("+").append(code);
        int first = national.length() % 3;
        if (first > 0) {
            out.append(' ').append("*".repeat(first));
        }
        for (int i = first; i < national.length(); i += 3) {
            out.append(' ');
            out.append(i + 3 >= national.length() ? national.substring(i) : "***");
        }
        return out.toString();
    }

    /** Returns the {@link #masked()} form; the full number is only in {@link #e164()}. */
    @Override
    public String toString() {
        return masked();
    }
}
