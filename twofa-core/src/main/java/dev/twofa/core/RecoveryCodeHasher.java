package dev.twofa.core;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Makes recovery codes and their salted PBKDF2-HMAC-SHA256 hashes (JDK only), and finds a code
 * among stored hashes in constant time over the whole list.
 *
 * <p>Thread-safe.
 */
final class RecoveryCodeHasher {

    static final int CODE_COUNT = 10;
    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
    private static final int CODE_LENGTH = 12;
    private static final int ITERATIONS = 10_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final byte FORMAT = 1;

    private final SecureRandom random;

    RecoveryCodeHasher(SecureRandom random) {
        this.random = random;
    }

    /** Returns fresh codes in display form. */
    List<String> newCodes() {
        List<String> codes = new ArrayList<>(CODE_COUNT);
        for (int i = 0; i < CODE_COUNT; i++) {
            StringBuilder code = new StringBuilder(CODE_LENGTH + 2);
            for (int c = 0; c < CODE_LENGTH; c++) {
                if (c > 0 && c % 4 == 0) {
                    code.append('-');
                }
                code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            codes.add(code.toString());
        }
        return codes;
    }

    /**
     * Returns the stored forms of codes made together (format byte, salt, hash), all under one fresh
     * random salt, so that checking a submitted code costs one key derivation, not one per code. The
     * price: with a store dump, one derivation tests a guess against all the account's codes at
     * once (10 times faster than a salt per code); at 59 random bits per code that still leaves
     * about 2^56 derivations per expected hit, and the salt still differs per account and generation.
     */
    List<Secret> hashAll(List<String> codes) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        List<Secret> hashes = new ArrayList<>(codes.size());
        for (String code : codes) {
            byte[] hash = pbkdf2(normalize(code), salt);
            hashes.add(Secret.copyOf(ByteBuffer.allocate(1 + SALT_BYTES + HASH_BYTES).put(FORMAT).put(salt).put(hash).array()));
        }
        return hashes;
    }

    /**
     * Returns the index of the stored hash the code matches, or -1. Derives the submitted code once
     * per distinct salt (once for codes made together) and compares it with every entry (no early
     * exit), so the time does not tell which one matched. A malformed code costs no derivation.
     */
    int find(List<Secret> hashes, String submitted) {
        String normalized = normalize(submitted);
        if (normalized == null) {
            return -1;
        }
        int found = -1;
        byte[] lastSalt = null;
        byte[] derived = null;
        for (int i = 0; i < hashes.size(); i++) {
            byte[] stored = hashes.get(i).bytes();
            if (stored.length != 1 + SALT_BYTES + HASH_BYTES || stored[0] != FORMAT) {
                continue;
            }
            byte[] salt = Arrays.copyOfRange(stored, 1, 1 + SALT_BYTES);
            if (lastSalt == null || !MessageDigest.isEqual(salt, lastSalt)) {
                derived = pbkdf2(normalized, salt);
                lastSalt = salt;
            }
            byte[] expected = Arrays.copyOfRange(stored, 1 + SALT_BYTES, stored.length);
            if (MessageDigest.isEqual(expected, derived)) {
                found = i;
            }
        }
        return found;
    }

    /** Lower-cases and drops spaces and hyphens; null if the result is not a well-formed code. */
    static String normalize(String code) {
        if (code == null || code.length() > 40) {
            return null;
        }
        StringBuilder out = new StringBuilder(CODE_LENGTH);
        for (int i = 0; i < code.length(); i++) {
            char c = Character.toLowerCase(code.charAt(i));
            if (c == '-' || c == ' ') {
                continue;
            }
            if (ALPHABET.indexOf(c) < 0) {
                return null;
            }
            out.append(c);
        }
        return out.length() == CODE_LENGTH ? out.toString() : null;
    }

    private static byte[] pbkdf2(String code, byte[] salt) {
        PBEKeySpec spec = new PBEKeySpec(code.toCharArray(), salt, ITERATIONS, HASH_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new AssertionError("PBKDF2WithHmacSHA256 is required in every Java 17 runtime", e);
        } finally {
            spec.clearPassword();
        }
    }
}
