package dev.twofa.core;

import java.security.MessageDigest;

/**
 * Secret bytes: a TOTP key, a protected (encrypted) key, or a code hash.
 *
 * <p>The bytes are copied in and out, {@link #toString()} never shows them, and {@link
 * #equals(Object)} compares in constant time. Not a record on purpose: a record would print and
 * compare its array by identity.
 *
 * <p>Immutable and thread-safe.
 */
public final class Secret {

    private final byte[] bytes;

    private Secret(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Returns a secret holding a copy of the given bytes.
     *
     * @param bytes the secret bytes, at least one
     * @return the secret
     * @throws InvalidInputException if bytes is null or empty
     */
    public static Secret copyOf(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidInputException("secret must not be null or empty");
        }
        return new Secret(bytes.clone());
    }

    /**
     * Returns a copy of the bytes; the caller should overwrite it when done.
     *
     * @return a fresh copy of the secret bytes
     */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * Copies the bytes into {@code destination} at {@code offset}, for callers that keep a scratch
     * buffer instead of taking a fresh copy from {@link #bytes()} (twofa-totp keys its HMAC this way
     * without allocating); the caller should overwrite them when done.
     *
     * @param destination the array to copy into
     * @param offset where the first byte goes
     * @throws InvalidInputException if destination is null or has no room for {@link #length()}
     *     bytes at offset (nothing is copied then)
     */
    public void copyTo(byte[] destination, int offset) {
        if (destination == null) {
            throw new InvalidInputException("destination must not be null");
        }
        if (offset < 0 || offset > destination.length - bytes.length) {
            throw new InvalidInputException("destination has no room for " + bytes.length
                    + " bytes at offset " + offset + " (length " + destination.length + ")");
        }
        System.arraycopy(bytes, 0, destination, offset, bytes.length);
    }

    /**
     * Returns the number of bytes.
     *
     * @return the length in bytes
     */
    public int length() {
        return bytes.length;
    }

    /** Compares the bytes in constant time (no early exit), so timing tells nothing of them. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Secret that && MessageDigest.isEqual(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        // Constant: a hash of the bytes would leak information through hash-based collections.
        return bytes.length;
    }

    /** Returns a redacted text that shows the length only. */
    @Override
    public String toString() {
        return "Secret[" + bytes.length + " bytes, redacted]";
    }
}
