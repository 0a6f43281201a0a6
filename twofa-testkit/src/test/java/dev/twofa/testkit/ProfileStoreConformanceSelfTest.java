package dev.twofa.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twofa.core.AccountId;
import dev.twofa.core.Secret;
import dev.twofa.core.spi.ProfileStore;
import dev.twofa.core.spi.TwoFactorProfile;
import dev.twofa.core.spi.TwoFactorProfile.StoredProof;
import dev.twofa.core.spi.TwoFactorProfile.Failures;
import dev.twofa.core.spi.TwoFactorProfile.TotpState;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The conformance kit catches broken stores: each check is run against a store with one typical
 * bug and must fail, naming it.
 */
class ProfileStoreConformanceSelfTest {

    /** Runs the kit against a given store (and node). */
    private static ProfileStoreConformance kitFor(ProfileStore store, ProfileStore node) {
        return new ProfileStoreConformance() {
            @Override
            protected ProfileStore newStore() {
                return store;
            }

            @Override
            protected ProfileStore anotherNode(ProfileStore first) {
                return node;
            }

            @Override
            protected int changesPerThread() {
                return 200;
            }
        };
    }

    private static ProfileStoreConformance kitFor(ProfileStore store) {
        return kitFor(store, store);
    }

    /** A store that changes each profile on the way in, like a lossy mapping to columns. */
    private static ProfileStore mangling(UnaryOperator<TwoFactorProfile> onSave) {
        InMemoryProfileStore inner = new InMemoryProfileStore();
        return new ProfileStore() {
            @Override
            public Optional<TwoFactorProfile> load(AccountId account) {
                return inner.load(account);
            }

            @Override
            public boolean compareAndSet(long expectedVersion, TwoFactorProfile profile) {
                return inner.compareAndSet(expectedVersion, onSave.apply(profile));
            }
        };
    }

    /** Writes without checking the version: last write wins. */
    private static final class LastWriteWins implements ProfileStore {
        private final Map<AccountId, TwoFactorProfile> rows = new ConcurrentHashMap<>();

        @Override
        public Optional<TwoFactorProfile> load(AccountId account) {
            return Optional.ofNullable(rows.get(account));
        }

        @Override
        public boolean compareAndSet(long expectedVersion, TwoFactorProfile profile) {
            rows.put(profile.account(), profile);
            return true;
        }
    }

    @Test
    void kit_checksRunInParallelOnOneInstance_allPass() throws Exception {
        ProfileStoreConformance kit = kitFor(new InMemoryProfileStore());

        Concurrently.run(4, i -> () -> {
            switch (i) {
                case 0 -> kit.compareAndSet_concurrentFirstInserts_exactlyOneWins();
                case 1 -> kit.smsChallenge_manyThreadsConsumeItFromOneVersion_exactlyOneWins();
                case 2 -> kit.roundTrip_everyEnumValueAndShape_keepsEveryField();
                default -> kit.service_oneAppCodeFromManyThreadsOnTwoNodes_acceptedOnce();
            }
            return null;
        });
    }

    @Test
    void lastWriteWinsStore_failsTheCompareAndSetChecks() {
        // (The lost-update check would fail too, but only when threads overlap; left out to stay
        // deterministic.)
        assertThatThrownBy(() -> kitFor(new LastWriteWins()).compareAndSet_staleOrFutureVersion_isRefusedAndWritesNothing())
                .isInstanceOf(AssertionError.class).hasMessageContaining("must be refused");
        assertThatThrownBy(() -> kitFor(new LastWriteWins()).compareAndSet_secondInsertWithVersionZero_isRefusedAndWritesNothing())
                .isInstanceOf(AssertionError.class).hasMessageContaining("second insert");
        assertThatThrownBy(() -> kitFor(new LastWriteWins()).compareAndSet_concurrentFirstInserts_exactlyOneWins())
                .isInstanceOf(AssertionError.class).hasMessageContaining("exactly one must win");
        assertThatThrownBy(() -> kitFor(new LastWriteWins()).watermark_staleWriterWithLowerStep_cannotMoveItBack())
                .isInstanceOf(AssertionError.class).hasMessageContaining("moved the watermark from 105 back to 103");
        assertThatThrownBy(() -> kitFor(new LastWriteWins()).smsChallenge_manyThreadsConsumeItFromOneVersion_exactlyOneWins())
                .isInstanceOf(AssertionError.class).hasMessageContaining("consumed exactly once");
    }

    @Test
    void storeKeepingSecondsOnly_failsTheInstantChecks() {
        ProfileStore seconds = mangling(p -> p.withProofs(p.proofs().stream()
                .map(s -> new StoredProof(s.hash(), s.factor(), s.madeAt().truncatedTo(ChronoUnit.SECONDS))).toList()));

        assertThatThrownBy(() -> kitFor(seconds).roundTrip_profileWithEveryFieldSet_keepsEveryField())
                .isInstanceOf(AssertionError.class).hasMessageContaining("proofs[0].madeAt");
    }

    @Test
    void storeLosingInstantMax_failsTheInstantCheck() {
        ProfileStore clamped = mangling(p -> p.failures().lockedUntil() != null
                && p.failures().lockedUntil().equals(Instant.MAX)
                ? p.withFailures(new Failures(p.failures().consecutive(), p.failures().lastFailureAt(),
                        Instant.parse("9999-12-31T23:59:59Z")))
                : p);

        assertThatThrownBy(() -> kitFor(clamped).roundTrip_instants_keptToTheMillisecondAndInstantMaxKept())
                .isInstanceOf(AssertionError.class).hasMessageContaining("Instant.MAX");
    }

    @Test
    void storeDroppingTrustedDevices_failsTheRoundTrip() {
        ProfileStore dropping = mangling(p -> p.withTrustedDevices(List.of()));

        assertThatThrownBy(() -> kitFor(dropping).roundTrip_profileWithEveryFieldSet_keepsEveryField())
                .isInstanceOf(AssertionError.class).hasMessageContaining("trustedDevices.size");
    }

    @Test
    void storeDroppingTheDrift_failsTheRoundTrip() {
        ProfileStore dropping = mangling(p -> p.totp() == null ? p
                : p.withTotp(new TotpState(p.totp().storedSecret(), p.totp().createdAt(), p.totp().lastAcceptedStep())));

        assertThatThrownBy(() -> kitFor(dropping).roundTrip_profileWithEveryFieldSet_keepsEveryField())
                .isInstanceOf(AssertionError.class).hasMessageContaining("totp.drift");
    }

    @Test
    void storeReorderingRecoveryCodes_failsTheRoundTrip() {
        ProfileStore sorting = mangling(p -> {
            List<Secret> sorted = new ArrayList<>(p.recoveryCodes());
            sorted.sort(Comparator.comparing(s -> java.util.HexFormat.of().formatHex(s.bytes())));
            return p.withRecoveryCodes(sorted);
        });

        assertThatThrownBy(() -> kitFor(sorting).roundTrip_secretBytes_keptExactly())
                .isInstanceOf(AssertionError.class).hasMessageContaining("order must be kept");
    }

    @Test
    void storeIgnoringNullsOnUpdate_failsTheUpdateCheck() {
        InMemoryProfileStore inner = new InMemoryProfileStore();
        ProfileStore merging = new ProfileStore() {
            @Override
            public Optional<TwoFactorProfile> load(AccountId account) {
                return inner.load(account);
            }

            @Override
            public boolean compareAndSet(long expectedVersion, TwoFactorProfile p) {
                TwoFactorProfile old = inner.load(p.account()).orElse(null);
                TwoFactorProfile merged = old == null || p.phone() != null ? p
                        : p.withPhone(old.phone(), null).withActiveMethod(null);
                return inner.compareAndSet(expectedVersion, merged);
            }
        };

        assertThatThrownBy(() -> kitFor(merging).roundTrip_updateToNullsAndBack_replacesEveryField())
                .isInstanceOf(AssertionError.class).hasMessageContaining("phone");
    }

    @Test
    void storeWithCaseInsensitiveIds_failsTheIsolationCheck() {
        InMemoryProfileStore inner = new InMemoryProfileStore();
        ProfileStore folding = new ProfileStore() {
            private AccountId fold(AccountId a) {
                return AccountId.of(a.value().toLowerCase(Locale.ROOT));
            }

            @Override
            public Optional<TwoFactorProfile> load(AccountId account) {
                return inner.load(fold(account)).map(p -> new TwoFactorProfile(account, p.version(), p.activeMethod(),
                        p.phone(), p.pendingNumber(), p.totp(), p.smsChallenge(), p.failures(), p.proofs(),
                        p.recoveryCodes()));
            }

            @Override
            public boolean compareAndSet(long expectedVersion, TwoFactorProfile p) {
                return inner.compareAndSet(expectedVersion, new TwoFactorProfile(fold(p.account()), p.version(),
                        p.activeMethod(), p.phone(), p.pendingNumber(), p.totp(), p.smsChallenge(), p.failures(),
                        p.proofs(), p.recoveryCodes()));
            }
        };

        assertThatThrownBy(() -> kitFor(folding).load_similarAccountIds_areOtherAccounts())
                .isInstanceOf(AssertionError.class).hasMessageContaining("must not load the profile of");
    }

    @Test
    void nodeThatCachesProfiles_failsTheTwoNodesCheck() {
        InMemoryProfileStore shared = new InMemoryProfileStore();
        ProfileStore caching = new ProfileStore() {
            private final Map<AccountId, TwoFactorProfile> cache = new ConcurrentHashMap<>();

            @Override
            public Optional<TwoFactorProfile> load(AccountId account) {
                return Optional.ofNullable(cache.computeIfAbsent(account, a -> shared.load(a).orElse(null)));
            }

            @Override
            public boolean compareAndSet(long expectedVersion, TwoFactorProfile profile) {
                boolean saved = shared.compareAndSet(expectedVersion, profile);
                if (saved) {
                    cache.put(profile.account(), profile);
                }
                return saved;
            }
        };

        assertThatThrownBy(() -> kitFor(shared, caching).compareAndSet_twoNodes_seeEachOthersWritesAndRefuseStaleOnes())
                .isInstanceOf(AssertionError.class).hasMessageContaining("stale (cached?) profile");
    }
}
