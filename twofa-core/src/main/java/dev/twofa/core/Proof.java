package dev.twofa.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A proof that the customer holds the second factor, handed to the one browser session that made
 * it: {@link TwoFactorService#completeLogin}, {@link TwoFactorService#stepUp}, {@link
 * TwoFactorService#confirmTotp} and the recovery-code calls return one in {@link Verified#proof()}.
 * The sensitive operations ({@link TwoFactorService#deactivate}, {@link
 * TwoFactorService#changeNumber} and {@link TwoFactorService#addNumber(AccountId, String, Proof)} while a
 * method is active, {@link
 * TwoFactorService#generateRecoveryCodes}) take it back and refuse without a live one, so another
 * session of the same account, which never saw the value, cannot use it.
 *
 * <p>Keep {@link #value()} in the server-side session that made the proof (never in a URL, a
 * cookie readable by scripts, or a log) and rebuild it with {@link #of(String)}. The value holds 256
 * random bits; the store keeps only its SHA-256 hash with the factor and the time. A proof ends when
 * the factor it was made with ends (deactivation, another method, a new number), after the
 * service's step-up validity, and when an operation that changes the factor uses it.
 *
 * <p>{@link #toString()} is redacted; {@link #equals(Object)} compares in constant time.
 * Immutable and thread-safe.
 */
public final class Proof {

    /** The length of {@link #value()}: 32 bytes in unpadded base64url. */
    public static final int VALUE_LENGTH = 43;

    private static final int BYTES = 32;

    private final String value;

    private Proof(String value) {
        this.value = value;
    }

    /**
     * Rebuilds a proof from the value kept in the session.
     *
     * @param value the value {@link #value()} returned
     * @return the proof
     * @throws InvalidInputException if the value is null or not {@value #VALUE_LENGTH} base64url
     *     characters
     */
    public static Proof of(String value) {
        if (value == null || value.length() != VALUE_LENGTH) {
            throw new InvalidInputException("a proof is " + VALUE_LENGTH + " base64url characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_';
            if (!ok) {
                throw new InvalidInputException("a proof is " + VALUE_LENGTH + " base64url characters");
            }
        }
        // 43 characters carry 258 bits: the last one must leave the two spare bits zero (canonical)
        if ((Base64.getUrlDecoder().decode(value).length != BYTES)
                || !Base64.getUrlEncoder().withoutPadding().encodeToString(Base64.getUrlDecoder().decode(value))
                        .equals(value)) {
            throw new InvalidInputException("a proof is " + VALUE_LENGTH + " base64url characters");
        }
        return new Proof(value);
    }

    /** Returns a new random proof. */
    static Proof random(SecureRandom random) {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return new Proof(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /**
     * Returns the value to keep in the session that made the proof (secret: never log it).
     *
     * @return {@value #VALUE_LENGTH} base64url characters
     */
    public String value() {
        return value;
    }

    /** Returns the SHA-256 of the value: what the store keeps. */
    Secret hash() {
        try {
            return Secret.copyOf(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("SHA-256 is required in every Java runtime", e);
        }
    }

    /** Compares the values in constant time. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Proof that && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.US_ASCII), that.value.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public int hashCode() {
        return VALUE_LENGTH;   // constant: a hash of the value would leak it through hash-based collections
    }

    /** Returns a redacted text. */
    @Override
    public String toString() {
        return "Proof[redacted]";
    }
}
