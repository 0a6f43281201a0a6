package dev.twofa.sms.internal;

import dev.twofa.core.AccountId;
import dev.twofa.core.PhoneNumber;
import dev.twofa.core.Secret;
import dev.twofa.core.SmsPurpose;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hashes SMS codes for storage and checks submitted codes against the stored hash.
 *
 * <p>The stored value is {@code format (1 byte) || salt (16 bytes) || digest (32 bytes)}, where the
 * digest is HMAC-SHA256 under the host's key (format {@value #FORMAT_HMAC_SHA256}) or, without a
 * key, SHA-256 (format {@value #FORMAT_SALTED_SHA256}), over the salt and the length-prefixed
 * fields: a domain label, the purpose, the challenge id, the destination number and the code. So a
 * hash is good only for its own challenge, purpose and number, and a store dump holds no code (with
 * a key held outside the store, not even a brute-forceable one). OWASP ASVS 2.7.5.
 *
 * <p>A hasher with a key accepts only keyed hashes and one without a key only salted ones, so a
 * hash written into the store cannot downgrade the check.
 *
 * <p>Immutable and thread-safe (a fresh {@link Mac} or {@link MessageDigest} per call).
 */
public final class CodeHasher {

    /** Format byte of a salted SHA-256 hash. */
    public static final int FORMAT_SALTED_SHA256 = 1;

    /** Format byte of a keyed HMAC-SHA256 hash. */
    public static final int FORMAT_HMAC_SHA256 = 2;

    /** Bytes of random salt per hash. */
    public static final int SALT_BYTES = 16;

    /** Bytes of a stored hash: format, salt and digest. */
    public static final int HASH_BYTES = 1 + SALT_BYTES + 32;

    private static final String CODE_DOMAIN = "twofa-sms-code/1";
    private static final String LIMIT_DOMAIN = "twofa-sms-limit/1";

    private final byte[] key;

    /**
     * Creates a hasher.
     *
     * @param key the host's HMAC key (copied), or null for salted SHA-256
     */
    public CodeHasher(byte[] key) {
        this.key = key == null ? null : key.clone();
    }

    /**
     * Returns whether this hasher uses a host key.
     *
     * @return true for HMAC-SHA256, false for salted SHA-256
     */
    public boolean keyed() {
        return key != null;
    }

    /**
     * Returns the hash to store for a code.
     *
     * @param account the account the code is for
     * @param purpose what the code is for
     * @param challengeId the challenge's id
     * @param destination the number the code goes to
     * @param code the code
     * @param random the source of the salt
     * @return the stored form
     */
    public Secret hash(AccountId account, SmsPurpose purpose, String challengeId, PhoneNumber destination, String code,
            SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        int format = keyed() ? FORMAT_HMAC_SHA256 : FORMAT_SALTED_SHA256;
        byte[] digest = digest(salt, account, purpose, challengeId, destination, code);
        byte[] stored = ByteBuffer.allocate(HASH_BYTES).put((byte) format).put(salt).put(digest).array();
        Secret secret = Secret.copyOf(stored);
        Arrays.fill(stored, (byte) 0);
        return secret;
    }

    /**
     * Returns whether the code is the one hashed into {@code stored} for these bindings, comparing
     * digests in constant time ({@link MessageDigest#isEqual}) so the time taken tells nothing about
     * how much of a guess was right. A hash of another format or length never matches.
     *
     * @param stored the stored hash
     * @param account the account whose profile holds the challenge
     * @param purpose the challenge's purpose
     * @param challengeId the challenge's id
     * @param destination the challenge's number
     * @param code the submitted code, already checked to be well-formed
     * @return true if it matches
     */
    public boolean matches(Secret stored, AccountId account, SmsPurpose purpose, String challengeId, PhoneNumber destination,
            String code) {
        byte[] bytes = stored.bytes();
        try {
            int expectedFormat = keyed() ? FORMAT_HMAC_SHA256 : FORMAT_SALTED_SHA256;
            if (bytes.length != HASH_BYTES || bytes[0] != expectedFormat) {
                return false;
            }
            byte[] salt = Arrays.copyOfRange(bytes, 1, 1 + SALT_BYTES);
            byte[] expected = Arrays.copyOfRange(bytes, 1 + SALT_BYTES, HASH_BYTES);
            byte[] actual = digest(salt, account, purpose, challengeId, destination, code);
            // Constant time: no early exit on the first differing byte.
            return MessageDigest.isEqual(expected, actual);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * Returns a pseudonym for a value counted by the send limiter: 24 base64url characters of
     * HMAC-SHA256 under the host key, or SHA-256 without one. The same on every node configured
     * alike, and never the value itself.
     *
     * @param kind what the values are, such as {@code "number"}
     * @param values the values, such as an E.164 number (length-prefixed, so no two lists collide)
     * @return the pseudonym
     */
    public String pseudonym(String kind, String... values) {
        String[] fields = new String[values.length + 2];
        fields[0] = LIMIT_DOMAIN;
        fields[1] = kind;
        System.arraycopy(values, 0, fields, 2, values.length);
        byte[] input = encode(fields);
        byte[] digest = keyed() ? hmac(input) : sha256(new byte[0], input);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 18));
    }

    /** Returns a description saying which hash is used; the key is never shown. */
    @Override
    public String toString() {
        return keyed() ? "CodeHasher[HMAC-SHA256, key redacted]" : "CodeHasher[salted SHA-256]";
    }

    private byte[] digest(byte[] salt, AccountId account, SmsPurpose purpose, String challengeId, PhoneNumber destination,
            String code) {
        byte[] input = encode(CODE_DOMAIN, account.value(), purpose.name(), challengeId, destination.e164(), code);
        try {
            if (keyed()) {
                byte[] salted = ByteBuffer.allocate(salt.length + input.length).put(salt).put(input).array();
                try {
                    return hmac(salted);
                } finally {
                    Arrays.fill(salted, (byte) 0);
                }
            }
            return sha256(salt, input);
        } finally {
            Arrays.fill(input, (byte) 0);
        }
    }

    private byte[] hmac(byte[] input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new AssertionError("every Java platform has HmacSHA256", e);
        }
    }

    private static byte[] sha256(byte[] salt, byte[] input) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt);
            return digest.digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every Java platform has SHA-256", e);
        }
    }

    /** Length-prefixes each field, so no two different field lists encode alike. */
    private static byte[] encode(String... fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        for (String field : fields) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }
}
