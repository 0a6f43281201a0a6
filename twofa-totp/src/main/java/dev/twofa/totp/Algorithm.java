package dev.twofa.totp;

/**
 * The HMAC algorithms of RFC 6238 section 1.2 (and RFC 4226, which uses {@link #SHA1} only).
 * {@link #SHA1} is the default everywhere and the one every authenticator app supports.
 *
 * <p>The constant names are the values of the otpauth URI's {@code algorithm} parameter.
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum Algorithm {
    /** HMAC-SHA-1, the default; a 20-byte secret is its natural size. */
    SHA1("HmacSHA1", 20),
    /** HMAC-SHA-256; RFC 6238's test vectors use a 32-byte secret. */
    SHA256("HmacSHA256", 32),
    /** HMAC-SHA-512; RFC 6238's test vectors use a 64-byte secret. */
    SHA512("HmacSHA512", 64);

    private final String macName;
    private final int hashBytes;

    Algorithm(String macName, int hashBytes) {
        this.macName = macName;
        this.hashBytes = hashBytes;
    }

    /**
     * Returns the JCA name for {@link javax.crypto.Mac#getInstance(String)}, such as {@code
     * "HmacSHA1"}.
     *
     * @return the Mac algorithm name
     */
    public String macName() {
        return macName;
    }

    /**
     * Returns the length of the HMAC output in bytes (20, 32 or 64), which is also the secret length
     * RFC 6238's test vectors use with this algorithm.
     *
     * @return the hash length in bytes
     */
    public int hashBytes() {
        return hashBytes;
    }
}
