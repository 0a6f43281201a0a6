package dev.twofa.core.spi;

import dev.twofa.core.AccountId;
import java.util.Optional;

/**
 * Where the host keeps one {@link TwoFactorProfile} per account: a table row, a document, a
 * key-value item.
 *
 * <p><b>Contract.</b> {@link #compareAndSet} writes a profile only if the stored version is still
 * the expected one, atomically (a conditional {@code UPDATE ... WHERE version = ?}, a
 * transaction, a conditional put). All of twofa's safety across nodes rests on this: the replay
 * watermark, the consumption of SMS codes and the failure counters change only through it. A
 * store must never cache profiles across calls. twofa-testkit's {@code ProfileStoreConformance}
 * checks an implementation.
 *
 * <p><b>Values.</b> Every component of {@link TwoFactorProfile} must come back as saved: bytes
 * exactly, instants at least to the millisecond, and {@link java.time.Instant#MAX} (the end of a
 * lock that only a host reset ends) exactly, so a column type that cannot hold it (an SQL {@code
 * TIMESTAMP}) needs a sentinel or a text column. No failure message may quote stored values.
 *
 * <p><b>Failures.</b> An implementation throws any runtime exception when its database fails;
 * twofa reports it to its caller as a {@link dev.twofa.core.StoreException}.
 *
 * <p><b>Thread-safety.</b> Implementations must be thread-safe; twofa calls them from many
 * threads and, on many nodes, many processes call them at once.
 */
public interface ProfileStore {

    /**
     * Loads the stored profile of an account.
     *
     * @param account the account
     * @return the stored profile with its version, or empty if none was ever saved
     */
    Optional<TwoFactorProfile> load(AccountId account);

    /**
     * Saves {@code profile} if and only if the stored profile of its account has version {@code
     * expectedVersion} (0 meaning: none stored yet). {@code profile.version()} is always {@code
     * expectedVersion + 1}.
     *
     * @param expectedVersion the version the change was derived from
     * @param profile the new profile
     * @return true if saved, false if the stored version differed (nothing was written)
     */
    boolean compareAndSet(long expectedVersion, TwoFactorProfile profile);
}
