package dev.twofa.core;

import dev.twofa.core.spi.SecretProtector;
import dev.twofa.core.spi.TwoFactorProfile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts TOTP secrets with AES-GCM (JDK only) under a host-held key before they reach the
 * store, with the account id and the key id as associated data: a stored secret copied to another
 * account's row, or relabelled with another key id, fails to decrypt. The stored form is a format
 * byte, the key id (a length byte and ASCII), a 12-byte random nonce and the ciphertext with its
 * 16-byte tag.
 *
 * <pre>{@code
 * byte[] key = loadFromYourSecretManager();   // 16, 24 or 32 bytes
 * TwoFactorService.builder().secretProtector(new AesGcmSecretProtector(key)) ...
 * }</pre>
 *
 * <p><b>Key rotation.</b> {@link #keyRing(String, Map)} holds several keys by id: the current one
 * encrypts, every one decrypts. A secret read with an older key is re-encrypted with the current
 * one at the account's next accepted app code ({@link #needsRotation(Secret)}); {@link
 * #keyUsage(Iterable)} counts how many stored secrets still use each key, so an old key can be
 * dropped once nothing uses it.
 *
 * <p><b>Rolling a new key out over many nodes.</b> Nodes switch one after another, so for a while
 * some encrypt with the new key and some with the old. A node re-encrypts only from keys it knows
 * as older than its current one, never from a key named as a next key ({@link #keyRing(String,
 * Map, Set)}), so a node that has not switched yet never moves a secret back to the old key:
 *
 * <ol>
 *   <li>on every node, add the new key as a next key: {@code keyRing("2025", keys, Set.of("2026"))}
 *       (it decrypts; nothing encrypts with it yet);
 *   <li>on every node, make it current: {@code keyRing("2026", keys)}; the old key is now older,
 *       and each secret moves to the new key at its account's next login;
 *   <li>once every node runs step 2 and {@link #keyUsage(Iterable)} shows no secret under the old
 *       key, drop it.
 * </ol>
 *
 * <p>Immutable and thread-safe.
 */
public final class AesGcmSecretProtector implements SecretProtector {

    /** The key id of the key given to {@link #AesGcmSecretProtector(byte[])}. */
    public static final String DEFAULT_KEY_ID = "default";

    /** The key id {@link #keyUsage(Iterable)} counts secrets under whose key id cannot be read. */
    public static final String UNREADABLE = "(unreadable)";

    private static final byte FORMAT = 2;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int MAX_KEY_ID = 32;

    private final Map<String, SecretKeySpec> keys;
    private final String current;
    private final Set<String> next;
    private final SecureRandom random = new SecureRandom();

    /**
     * Creates a protector with one AES key, of id {@value #DEFAULT_KEY_ID}.
     *
     * @param key 16, 24 or 32 random bytes (copied); keep it outside the profile store
     * @throws InvalidInputException if the key is null or not 16, 24 or 32 bytes
     */
    public AesGcmSecretProtector(byte[] key) {
        this(DEFAULT_KEY_ID, Collections.singletonMap(DEFAULT_KEY_ID, key), Set.of());
    }

    private AesGcmSecretProtector(String current, Map<String, byte[]> keys, Set<String> next) {
        if (keys == null || keys.isEmpty()) {
            throw new InvalidInputException("the key ring needs at least one key");
        }
        Map<String, SecretKeySpec> copied = new LinkedHashMap<>();
        keys.forEach((id, key) -> {
            checkKeyId(id);
            if (key == null || (key.length != 16 && key.length != 24 && key.length != 32)) {
                throw new InvalidInputException("AES key " + id + " must be 16, 24 or 32 bytes");
            }
            copied.put(id, new SecretKeySpec(key.clone(), "AES"));
        });
        if (current == null || !copied.containsKey(current)) {
            throw new InvalidInputException("the current key id must name one of the ring's keys");
        }
        if (next == null || next.stream().anyMatch(id -> id == null || !copied.containsKey(id) || id.equals(current))) {
            throw new InvalidInputException("each next key id must name one of the ring's keys other than the current one");
        }
        this.keys = Map.copyOf(copied);
        this.current = current;
        this.next = Set.copyOf(next);
    }

    /**
     * Creates a protector with a key ring: {@code currentKeyId} encrypts, every key decrypts.
     * Rotate by adding a new key and making it current; drop an old key once {@link
     * #keyUsage(Iterable)} says no secret uses it.
     *
     * @param currentKeyId the id of the key new secrets are encrypted with
     * @param keys the keys by id (copied): ids of 1 to 32 ASCII letters, digits, {@code .}, {@code _}
     *     or {@code -}; keys of 16, 24 or 32 random bytes
     * @return the protector
     * @throws InvalidInputException if the ring is empty, an id or key is unusable, or {@code
     *     currentKeyId} is not in it
     */
    public static AesGcmSecretProtector keyRing(String currentKeyId, Map<String, byte[]> keys) {
        return new AesGcmSecretProtector(currentKeyId, keys, Set.of());
    }

    /**
     * Creates a protector with a key ring during a rollout: {@code currentKeyId} encrypts, every key
     * decrypts, and the keys named in {@code nextKeyIds} are newer than the current one (other nodes
     * may already encrypt with them): their secrets are never re-encrypted by this node. The other
     * keys are older, and their secrets move to the current key. See the class description for the
     * order of a rollout.
     *
     * @param currentKeyId the id of the key new secrets are encrypted with
     * @param keys the keys by id (copied), as for {@link #keyRing(String, Map)}
     * @param nextKeyIds the ids of keys newer than the current one, each in {@code keys}; empty
     *     outside a rollout
     * @return the protector
     * @throws InvalidInputException if the ring is empty, an id or key is unusable, {@code
     *     currentKeyId} is not in it, or a next key id is null, not in it or the current one
     */
    public static AesGcmSecretProtector keyRing(String currentKeyId, Map<String, byte[]> keys, Set<String> nextKeyIds) {
        return new AesGcmSecretProtector(currentKeyId, keys, nextKeyIds);
    }

    /**
     * Returns the id of the key that encrypts new secrets.
     *
     * @return the current key id
     */
    public String currentKeyId() {
        return current;
    }

    @Override
    public Secret protect(AccountId account, Secret secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] id = current.getBytes(StandardCharsets.US_ASCII);
        byte[] plain = secret.bytes();
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys.get(current), current, nonce, account);
            byte[] sealed = cipher.doFinal(plain);
            return Secret.copyOf(ByteBuffer.allocate(2 + id.length + NONCE_BYTES + sealed.length)
                    .put(FORMAT).put((byte) id.length).put(id).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new AssertionError("AES/GCM/NoPadding is required in every Java 17 runtime", e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws SecretProtectionException if the stored form was tampered with, belongs to another
     *     account or was made with a key not in the ring
     */
    @Override
    public Secret unprotect(AccountId account, Secret stored) {
        byte[] bytes = stored.bytes();
        String id = keyIdOf(bytes);
        if (id == null || bytes.length < 2 + id.length() + NONCE_BYTES + TAG_BITS / 8 + 1) {
            throw new SecretProtectionException("stored secret of account " + account + " is not AES-GCM protected");
        }
        SecretKeySpec key = keys.get(id);
        if (key == null) {
            throw new SecretProtectionException("stored secret of account " + account + " uses key " + id
                    + ", which is not in the key ring");
        }
        int start = 2 + id.length();
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, id, Arrays.copyOfRange(bytes, start, start + NONCE_BYTES),
                    account);
            byte[] plain = cipher.doFinal(bytes, start + NONCE_BYTES, bytes.length - start - NONCE_BYTES);
            try {
                return Secret.copyOf(plain);
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        } catch (AEADBadTagException e) {
            throw new SecretProtectionException("stored secret of account " + account
                    + " failed authentication: tampered, another account's, or another key");
        } catch (GeneralSecurityException e) {
            throw new AssertionError("AES/GCM/NoPadding is required in every Java 17 runtime", e);
        }
    }

    /**
     * Returns whether a stored secret was encrypted with a key this node knows as older than the
     * current one; the service then stores it again, encrypted with the current key, at the next
     * accepted code. A secret under the current key, a next key ({@link #keyRing(String, Map,
     * Set)}) or a key not in the ring is left as it is: a node that has not switched to a new key
     * yet never moves a secret back to the old one.
     *
     * @param stored the stored form
     * @return true if its key is in the ring and neither {@link #currentKeyId()} nor a next key
     */
    @Override
    public boolean needsRotation(Secret stored) {
        String id = keyIdOf(stored.bytes());
        return id != null && keys.containsKey(id) && !id.equals(current) && !next.contains(id);
    }

    /**
     * Counts the stored TOTP secrets (active or pending) of the given profiles by key id, such as
     * over all rows of the profile store: the report that tells when an old key is no longer used.
     * Secrets whose key id cannot be read count under {@value #UNREADABLE}.
     *
     * @param profiles the profiles to look at
     * @return key id to number of secrets, sorted by key id
     * @throws NullPointerException if profiles is null
     */
    public static Map<String, Long> keyUsage(Iterable<TwoFactorProfile> profiles) {
        Map<String, Long> usage = new TreeMap<>();
        for (TwoFactorProfile p : profiles) {
            if (p.totp() != null) {
                String id = keyIdOf(p.totp().storedSecret().bytes());
                usage.merge(id == null ? UNREADABLE : id, 1L, Long::sum);
            }
        }
        return usage;
    }

    /** Returns the key id a stored form names, or null if it is not of this format. */
    private static String keyIdOf(byte[] bytes) {
        if (bytes.length < 2 || bytes[0] != FORMAT) {
            return null;
        }
        int length = bytes[1] & 0xff;
        if (length < 1 || length > MAX_KEY_ID || bytes.length < 2 + length) {
            return null;
        }
        String id = new String(bytes, 2, length, StandardCharsets.US_ASCII);
        return validKeyId(id) ? id : null;
    }

    private static void checkKeyId(String id) {
        if (id == null || !validKeyId(id)) {
            throw new InvalidInputException("a key id is 1 to " + MAX_KEY_ID + " ASCII letters, digits, '.', '_' or '-'");
        }
    }

    private static boolean validKeyId(String id) {
        return id.length() >= 1 && id.length() <= MAX_KEY_ID && id.chars().allMatch(c -> (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-');
    }

    private static Cipher cipher(int mode, SecretKeySpec key, String keyId, byte[] nonce, AccountId account)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(keyId.getBytes(StandardCharsets.US_ASCII));
        cipher.updateAAD(new byte[] {0});
        cipher.updateAAD(account.value().getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    /** Returns the key ids and the current one; never a key. */
    @Override
    public String toString() {
        return "AesGcmSecretProtector[keys=" + new TreeMap<>(keys).keySet() + ", current=" + current
                + (next.isEmpty() ? "" : ", next=" + new TreeSet<>(next)) + ", key material (redacted)]";
    }
}
