package dev.twofa.testkit;

import dev.twofa.core.AccountId;
import dev.twofa.core.spi.ProfileStore;
import dev.twofa.core.spi.TwoFactorProfile;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ProfileStore} in memory, with exactly the SPI's compare-and-set semantics: {@link
 * #compareAndSet} writes a profile only if the stored version is still the expected one (0 meaning
 * none stored yet), atomically per account ({@link ConcurrentHashMap#compute}). It passes {@link
 * ProfileStoreConformance}; use it for one node's tests, or share one instance between several
 * {@code TwoFactorService}s to play several application nodes on one database.
 *
 * <pre>{@code
 * InMemoryProfileStore store = new InMemoryProfileStore();   // script
 * TwoFactorService service = TwoFactorService.builder().store(store)...build();
 * service.addNumber(alice, "+420 601 123 456");               // act
 * assertThat(store.load(alice)).get()                          // verify
 *         .extracting(TwoFactorProfile::version).isEqualTo(1L);
 * }</pre>
 *
 * <p>Being a fake that catches misuse, it also refuses a profile whose version is not {@code
 * expectedVersion + 1}, as the SPI promises callers never send (a host's store need not check
 * this). Profiles are immutable records, so nothing is copied.
 *
 * <p>Thread-safe: every operation is atomic per account; any number of threads (and services) may
 * share one instance.
 */
public final class InMemoryProfileStore implements ProfileStore {

    private final ConcurrentHashMap<AccountId, TwoFactorProfile> profiles = new ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong refusedWrites = new AtomicLong();

    /** Creates an empty store. */
    public InMemoryProfileStore() {
    }

    /**
     * Loads the stored profile of an account.
     *
     * @param account the account
     * @return the stored profile, or empty if none was ever saved
     * @throws NullPointerException if account is null
     */
    @Override
    public Optional<TwoFactorProfile> load(AccountId account) {
        return Optional.ofNullable(profiles.get(Objects.requireNonNull(account, "account")));
    }

    /**
     * Saves the profile if and only if the stored profile of its account has {@code
     * expectedVersion} (0: none stored yet), atomically.
     *
     * @param expectedVersion the version the change was derived from
     * @param profile the new profile, whose version is {@code expectedVersion + 1}
     * @return true if saved, false if the stored version differed (nothing was written)
     * @throws NullPointerException if profile is null
     * @throws IllegalArgumentException if expectedVersion is negative or the profile's version is
     *     not {@code expectedVersion + 1} (a caller's bug; nothing is written)
     */
    @Override
    public boolean compareAndSet(long expectedVersion, TwoFactorProfile profile) {
        Objects.requireNonNull(profile, "profile");
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expectedVersion must be 0 or more, was " + expectedVersion);
        }
        if (profile.version() != expectedVersion + 1) {
            throw new IllegalArgumentException("profile version must be expectedVersion + 1 = "
                    + (expectedVersion + 1) + ", was " + profile.version());
        }
        boolean[] saved = new boolean[1];
        profiles.compute(profile.account(), (account, stored) -> {
            long current = stored == null ? 0 : stored.version();
            if (current != expectedVersion) {
                return stored;
            }
            saved[0] = true;
            return profile;
        });
        (saved[0] ? writes : refusedWrites).incrementAndGet();
        return saved[0];
    }

    /**
     * Returns how many accounts have a stored profile.
     *
     * @return the number of stored profiles
     */
    public int size() {
        return profiles.size();
    }

    /**
     * Returns the accounts that have a stored profile, such as every account a test's story
     * touched.
     *
     * @return an immutable snapshot, in no particular order
     */
    public Set<AccountId> accounts() {
        return Set.copyOf(profiles.keySet());
    }

    /**
     * Returns every stored profile by its account, to inspect what the service wrote.
     *
     * @return an immutable snapshot, in no particular order
     */
    public Map<AccountId, TwoFactorProfile> profiles() {
        return Map.copyOf(profiles);
    }

    /**
     * Returns how many {@link #compareAndSet} calls saved their profile since this store was made
     * or {@link #clear() cleared}.
     *
     * @return successful writes
     */
    public long writes() {
        return writes.get();
    }

    /**
     * Returns how many {@link #compareAndSet} calls were refused because the stored version
     * differed (a lost race between nodes or threads) since this store was made or cleared.
     *
     * @return refused writes
     */
    public long refusedWrites() {
        return refusedWrites.get();
    }

    /** Removes every profile and sets both write counters to zero. */
    public void clear() {
        profiles.clear();
        writes.set(0);
        refusedWrites.set(0);
    }

    /**
     * Returns the number of profiles and writes, such as {@code InMemoryProfileStore[2 profiles, 7
     * writes, 1 refused]}; profiles are not listed (use {@link #accounts()}, {@link #profiles()} or
     * {@link #load}).
     */
    @Override
    public String toString() {
        return "InMemoryProfileStore[" + profiles.size() + " profiles, " + writes.get() + " writes, "
                + refusedWrites.get() + " refused]";
    }
}
