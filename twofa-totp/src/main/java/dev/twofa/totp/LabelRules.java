package dev.twofa.totp;

/**
 * The rules an issuer or account name must follow to go into an otpauth label and come back out
 * unchanged. Stateless and thread-safe.
 */
final class LabelRules {

    /** Longest issuer or account name, in UTF-16 units: {@value}. */
    static final int MAX_LENGTH = 256;

    private LabelRules() {}

    /**
     * Returns what is wrong with a label part, or null if it is fine. The text never contains the
     * value.
     */
    static String problem(String what, String value) {
        if (value == null) {
            return what + " must not be null";
        }
        if (value.isEmpty()) {
            return what + " must not be empty";
        }
        if (value.length() > MAX_LENGTH) {
            return what + " must have at most " + MAX_LENGTH + " characters, had " + value.length();
        }
        if (isSpace(value.codePointAt(0)) || isSpace(value.codePointBefore(value.length()))) {
            return what + " must not start or end with whitespace";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ':') {
                return what + " must not contain ':' (it separates issuer and account in the label)";
            }
            if (Character.isISOControl(c)) {
                return what + " must not contain control characters";
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return what + " must be well-formed UTF-16 (unpaired surrogate)";
            }
        }
        return null;
    }

    private static boolean isSpace(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }
}
