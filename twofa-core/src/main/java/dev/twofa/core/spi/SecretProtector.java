package dev.twofa.core.spi;

import dev.twofa.core.AccountId;
import dev.twofa.core.Secret;

/**
 * Protects TOTP secrets before they reach the {@link ProfileStore}, such as by encrypting them with
 * a key the store never sees. twofa calls {@link #protect} when a secret is made and {@link
 * #unprotect} each time a code is checked.
 *
 * <p>The default, {@link #NONE}, stores secrets as they are: anyone who reads the store can make
 * codes. Hosts should use {@code AesGcmSecretProtector} (twofa-core) with a key from their secret
 * manager, or their own KMS-backed implementation.
 *
 * <p>Thread-safety: implementations must be thread-safe.
 */
public interface SecretProtector {

    /** Stores secrets unprotected (the default; see the class description). */
    SecretProtector NONE = new SecretProtector() {
        @Override
        public Secret protect(AccountId account, Secret secret) {
            return secret;
        }

        @Override
        public Secret unprotect(AccountId account, Secret stored) {
            return stored;
        }

        @Override
        public String toString() {
            return "SecretProtector.NONE";
        }
    };

    /**
     * Returns the form of a secret to store.
     *
     * @param account the account the secret belongs to (bind it, so a copy to another account fails)
     * @param secret the raw secret
     * @return the protected form
     */
    Secret protect(AccountId account, Secret secret);

    /**
     * Returns the raw secret from its stored form.
     *
     * @param account the account the secret belongs to
     * @param stored the stored form
     * @return the raw secret
     * @throws dev.twofa.core.TwoFactorException (a subclass) if the stored form was tampered with
     *     or belongs to another account
     */
    Secret unprotect(AccountId account, Secret stored);

    /**
     * Returns whether a stored form should be protected again (it was made with a key older than
     * the one that encrypts): the service then stores {@link #protect} of the raw secret at the
     * account's next accepted app code. Return false for a form made with a key newer than this
     * node's (another node switched to it first), or a node behind in a rollout moves secrets back
     * to the old key. Default false.
     *
     * @param stored the stored form
     * @return true to have it re-protected
     */
    default boolean needsRotation(Secret stored) {
        return false;
    }
}
