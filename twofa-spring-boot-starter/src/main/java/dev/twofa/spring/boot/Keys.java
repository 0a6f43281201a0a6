package dev.twofa.spring.boot;

import dev.twofa.core.AesGcmSecretProtector;
import dev.twofa.core.InvalidInputException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the base64 keys of the {@code twofa.*} properties. A refusal names the property, never the
 * value (not even the character the base64 decoder stumbled on), and decoded bytes are wiped once
 * handed over.
 *
 * <p>Stateless and thread-safe.
 */
final class Keys {

    static final String KEYS = "twofa.secret-protection.keys";
    static final String CURRENT_KEY = "twofa.secret-protection.current-key";
    static final String HASH_KEY = "twofa.sms.hash-key";
    static final String GENERATE = "Generate a key with `openssl rand -base64 32`";

    private Keys() {
    }

    /**
     * Builds the AES-GCM key ring from {@code twofa.secret-protection.*}.
     *
     * @throws TwoFactorConfigurationException if no key is set, a key is malformed, or the current
     *     key is unclear
     */
    static AesGcmSecretProtector protector(TwoFactorProperties.SecretProtection settings) {
        if (settings.keys().isEmpty()) {
            throw new TwoFactorConfigurationException("twofa needs a key to encrypt the authenticator-app secrets it "
                    + "stores, and " + KEYS + " is not set.",
                    GENERATE + " and set " + KEYS + ".<key id>=<that key> (for example " + KEYS + ".k1, "
                            + "from an environment variable such as TWOFA_SECRETPROTECTION_KEYS_K1 or your secret "
                            + "store, not from a committed file). With several keys, name the one that encrypts "
                            + "in " + CURRENT_KEY + ". Or define your own SecretProtector bean.");
        }
        String current = settings.currentKey();
        if (current == null || current.isBlank()) {
            if (settings.keys().size() > 1) {
                throw new TwoFactorConfigurationException(KEYS + " holds " + settings.keys().size() + " keys "
                        + settings.keys().keySet() + " and " + CURRENT_KEY + " does not say which one encrypts.",
                        "Set " + CURRENT_KEY + " to the id of the newest key; the others keep decrypting.");
            }
            current = settings.keys().keySet().iterator().next();
        } else if (!settings.keys().containsKey(current)) {
            throw new TwoFactorConfigurationException(CURRENT_KEY + "=" + current + " names no key of " + KEYS
                    + " " + settings.keys().keySet() + ".",
                    "Set " + CURRENT_KEY + " to one of those ids, or add " + KEYS + "." + current + ". "
                            + GENERATE + ".");
        }
        Map<String, byte[]> ring = new LinkedHashMap<>();
        try {
            settings.keys().forEach((id, value) -> ring.put(id, aesKey(KEYS + "." + id, value)));
            return AesGcmSecretProtector.keyRing(current, ring);
        } catch (InvalidInputException e) {    // a key id the ring does not accept; its message holds no key
            throw new TwoFactorConfigurationException(KEYS + ": " + e.getMessage() + ".",
                    "Use key ids of 1 to 32 ASCII letters, digits, '.', '_' or '-', such as k1 or 2026-12.");
        } finally {
            ring.values().forEach(key -> Arrays.fill(key, (byte) 0));
        }
    }

    /**
     * Decodes {@code twofa.sms.hash-key}; the caller wipes the result.
     *
     * @throws TwoFactorConfigurationException if malformed or shorter than 32 bytes
     */
    static byte[] hashKey(String value) {
        byte[] key = decode(HASH_KEY, value);
        if (key.length < 32) {
            Arrays.fill(key, (byte) 0);
            throw new TwoFactorConfigurationException(HASH_KEY + " decodes to " + key.length + " bytes; it needs "
                    + "at least 32.", GENERATE + " and set " + HASH_KEY + " to it, the same on every node.");
        }
        return key;
    }

    private static byte[] aesKey(String property, String value) {
        byte[] key = decode(property, value);
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            Arrays.fill(key, (byte) 0);
            throw new TwoFactorConfigurationException(property + " decodes to " + key.length + " bytes; an AES key "
                    + "has 16, 24 or 32.", GENERATE + " and set " + property + " to it.");
        }
        return key;
    }

    private static byte[] decode(String property, String value) {
        if (value == null || value.isBlank()) {
            throw new TwoFactorConfigurationException(property + " is empty.", GENERATE + " and set " + property
                    + " to it.");
        }
        try {
            return Base64.getDecoder().decode(value.strip());
        } catch (IllegalArgumentException e) {
            // Not chained: the decoder's message quotes a character of the value.
            throw new TwoFactorConfigurationException(property + " is not base64 (the value is not shown).",
                    GENERATE + " and set " + property + " to its output as it is.");
        }
    }
}
