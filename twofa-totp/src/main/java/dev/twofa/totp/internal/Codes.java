package dev.twofa.totp.internal;

import java.nio.charset.StandardCharsets;

/**
 * Parses and formats one-time codes as ASCII digits, whatever the default locale.
 *
 * <p>Stateless and thread-safe.
 */
public final class Codes {

    /** Longest input looked at; anything longer is malformed without reading it all. */
    private static final int MAX_INPUT_LENGTH = 64;

    private Codes() {}

    /**
     * Returns the code as an int if it is exactly {@code digits} ASCII digits once spaces (U+0020)
     * are removed, or -1. Signs, other whitespace, non-ASCII digits and wrong lengths are malformed
     * (unlike {@code Integer.parseInt}, which takes "+12345" and Arabic-Indic digits).
     *
     * @param code the submitted code, may be null
     * @param digits the expected number of digits, 6 to 8
     * @return the value, or -1 if malformed
     */
    public static int parse(CharSequence code, int digits) {
        if (code == null || code.length() > MAX_INPUT_LENGTH) {
            return -1;
        }
        int value = 0;
        int count = 0;
        for (int i = 0, n = code.length(); i < n; i++) {
            char c = code.charAt(i);
            if (c == ' ') {
                continue;
            }
            if (c < '0' || c > '9' || count == digits) {
                return -1;
            }
            value = value * 10 + (c - '0');
            count++;
        }
        return count == digits ? value : -1;
    }

    /**
     * Returns the code left-padded with zeros to {@code digits} ASCII digits.
     *
     * @param value the code, 0 to 10^digits - 1
     * @param digits 6 to 8
     * @return the text
     */
    public static String format(int value, int digits) {
        byte[] out = new byte[digits];
        int v = value;
        for (int i = digits - 1; i >= 0; i--) {
            out[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return new String(out, StandardCharsets.US_ASCII);
    }
}
