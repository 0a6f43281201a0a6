package dev.twofa.sms.internal;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * Makes uniformly random codes of a fixed number of decimal digits, left-padded with zeros.
 *
 * <p>A code is {@code random.nextLong(10^digits)}: the bounded draw rejects out-of-range values
 * instead of reducing them modulo the bound, so there is no modulo bias and every code, leading
 * zeros included, is equally likely. NIST SP 800-63B 5.1.3.2.
 *
 * <p>Immutable and thread-safe ({@link SecureRandom} is thread-safe).
 */
public final class CodeGenerator {

    /** The fewest digits a code may have. */
    public static final int MIN_DIGITS = 6;

    /** The most digits a code may have (10^10 still fits a long). */
    public static final int MAX_DIGITS = 10;

    private final int digits;
    private final long bound;
    private final SecureRandom random;

    /**
     * Creates a generator.
     *
     * @param digits digits per code, {@value #MIN_DIGITS} to {@value #MAX_DIGITS}
     * @param random the source of randomness
     * @throws IllegalArgumentException if digits is out of range
     * @throws NullPointerException if random is null
     */
    public CodeGenerator(int digits, SecureRandom random) {
        if (digits < MIN_DIGITS || digits > MAX_DIGITS) {
            throw new IllegalArgumentException(
                    "code digits must be " + MIN_DIGITS + " to " + MAX_DIGITS + ", was " + digits);
        }
        this.digits = digits;
        this.bound = pow10(digits);
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Returns a fresh code: exactly {@code digits} ASCII digits.
     *
     * @return the code
     */
    public String next() {
        long value = random.nextLong(bound);
        if (value < 0 || value >= bound) {
            throw new AssertionError("SecureRandom.nextLong(bound) returned a value out of range");
        }
        return leftPad(value, digits);
    }

    /**
     * Returns the number of digits of each code.
     *
     * @return digits per code
     */
    public int digits() {
        return digits;
    }

    /**
     * Returns whether the text is exactly {@code digits} ASCII digits ({@code 0}-{@code 9}); any
     * other character, including non-ASCII digits and spaces, makes it false.
     *
     * @param text the text to check, may be null
     * @param digits the required length
     * @return true if well-formed
     */
    public static boolean isWellFormed(String text, int digits) {
        if (text == null || text.length() != digits) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Returns {@code value} (0 to {@code 10^digits - 1}) as exactly {@code digits} digits. */
    static String leftPad(long value, int digits) {
        String plain = Long.toString(value);
        return "0".repeat(digits - plain.length()) + plain;
    }

    private static long pow10(int exponent) {
        long result = 1;
        for (int i = 0; i < exponent; i++) {
            result *= 10;
        }
        return result;
    }
}
