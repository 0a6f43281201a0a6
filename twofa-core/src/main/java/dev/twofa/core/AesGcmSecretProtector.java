package dev.twofa.core;

import dev.twofa.core.spi.SecretProtector;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts TOTP secrets with AES-GCM (JDK only) under a host-held key before they reach the
 * store, with the account id as associated data: a stored secret copied to another account's row
 * fails to decrypt. The stored form is a format byte, a 12-byte random nonce and the ciphertext
 * with its 16-byte tag.
 *
 * <pre>{@code
 * byte[] key = loadFromYourSecretManager();   // 16, 24 or 32 bytes
 * TwoFactorService.builder().secretProtector(new AesGcmSecretProtector(key)) ...
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class AesGcmSecretProtector implements SecretProtector {

    private static final byte FORMAT = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    /**
     * Creates a protector with an AES key.
     *
     * @param key 16, 24 or 32 random bytes (copied); keep it outside the profile store
     * @throws InvalidInputException if the key is null or not 16, 24 or 32 bytes
     */
    public AesGcmSecretProtector(byte[] key) {
        if (key == null || (key.length != 16 && key.length != 24 && key.length != 32)) {
            throw new InvalidInputException("AES key must be 16, 24 or 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    @Override
    public Secret protect(AccountId account, Secret secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] plain = secret.bytes();
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, account);
            byte[] sealed = cipher.doFinal(plain);
            return Secret.copyOf(ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length)
                    .put(FORMAT).put(nonce).put(sealed).array());
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
     *     account or was made with another key
     */
    @Override
    public Secret unprotect(AccountId account, Secret stored) {
        byte[] bytes = stored.bytes();
        if (bytes.length < 1 + NONCE_BYTES + TAG_BITS / 8 + 1 || bytes[0] != FORMAT) {
            throw new SecretProtectionException("stored secret of account " + account + " is not AES-GCM protected");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOfRange(bytes, 1, 1 + NONCE_BYTES), account);
            byte[] plain = cipher.doFinal(bytes, 1 + NONCE_BYTES, bytes.length - 1 - NONCE_BYTES);
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

    private Cipher cipher(int mode, byte[] nonce, AccountId account) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(account.value().getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    @Override
    public String toString() {
        return "AesGcmSecretProtector[key=(redacted)]";
    }
}
