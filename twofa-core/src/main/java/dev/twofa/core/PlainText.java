package dev.twofa.core;

/**
 * The check of short texts a host hands in for events and lists (a support note, a device label):
 * present, not too long, and nothing that could forge a line in a log or hide text.
 *
 * <p>Thread-safe (stateless).
 */
final class PlainText {

    private PlainText() {
    }

    /**
     * Returns the text if it is 1 to {@code max} characters, not blank, without control, format,
     * separator, unassigned or lone surrogate characters.
     *
     * @throws InvalidInputException naming {@code name} otherwise
     */
    static String check(String name, String text, int max) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(name + " must not be null or blank");
        }
        if (text.length() > max) {
            throw new InvalidInputException(name + " must be at most " + max + " characters");
        }
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int type = Character.getType(c);
            if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED
                    || type == Character.SURROGATE) {
                throw new InvalidInputException(name + " must not hold control, format or unassigned characters"
                        + " (found one at index " + i + ")");
            }
            i += Character.charCount(c);
        }
        return text;
    }
}
