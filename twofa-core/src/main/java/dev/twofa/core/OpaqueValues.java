package dev.twofa.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The values twofa hands out once and keeps only hashed ({@link Proof}, {@link DeviceToken}): 256
 * random bits as 43 unpadded base64url characters, read back canonically, hashed with SHA-256.
 *
 * <p>Thread-safe (stateless).
 */
final class OpaqueValues {

    /** The length of a value: 32 bytes in unpadded base64url. */
    static final int LENGTH = 43;

    private static final int BYTES = 32;

    private OpaqueValues() {
    }

    /** Returns a new random value. */
    static String random(SecureRandom random) {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Returns the value if it is {@value #LENGTH} canonical base64url characters.
     *
     * @throws InvalidInputException naming {@code what} (never the value) otherwise
     */
    static String check(String value, String what) {
        String message = what + " is " + LENGTH + " base64url characters";
        if (value == null || value.length() != LENGTH) {
            throw new InvalidInputException(message);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_';
            if (!ok) {
                throw new InvalidInputException(message);
            }
        }
        // 43 characters carry 258 bits: the last one must leave the two spare bits zero (canonical)
        byte[] decoded = Base64.getUrlDecoder().decode(value);
        if (decoded.length != BYTES || !Base64.getUrlEncoder().withoutPadding().encodeToString(decoded).equals(value)) {
            throw new InvalidInputException(message);
        }
        return value;
    }

    /** Returns the SHA-256 of the parts, each prefixed with its length so that no two splits collide. */
    static Secret sha256(String... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                digest.update(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16),
                        (byte) (bytes.length >>> 8), (byte) bytes.length});
                digest.update(bytes);
            }
            return Secret.copyOf(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("SHA-256 is required in every Java runtime", e);
        }
    }

    /** Compares two values in constant time. */
    static boolean equal(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
