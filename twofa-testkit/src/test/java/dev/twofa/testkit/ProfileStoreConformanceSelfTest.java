package dev.twofa.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twofa.core.AccountId;
import dev.twofa.core.Method;
import dev.twofa.core.PhoneNumber;
import dev.twofa.core.Secret;
import dev.twofa.core.SmsPurpose;
import dev.twofa.core.spi.ProfileStore;
import dev.twofa.core.spi.TwoFactorProfile;
import dev.twofa.core.spi.TwoFactorProfile.Failures;
import dev.twofa.core.spi.TwoFactorProfile.PhoneState;
import dev.twofa.core.spi.TwoFactorProfile.SmsChallenge;
import dev.twofa.core.spi.TwoFactorProfile.StoredDevice;
import dev.twofa.core.spi.TwoFactorProfile.StoredProof;
import dev.twofa.core.spi.TwoFactorProfile.TotpState;
import dev.twofa.core.spi.TwoFactorProfile.Verification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance kit catches broken stores: for every check the kit makes there is a store with
 * one typical bug that this check fails, with the message of the assertion that must catch it.
 * Most broken stores are an {@link InMemoryProfileStore} seen through one corruption.
 */
class ProfileStoreConformanceSelfTest {

    // ------------------------------------------------------------------ the kit, configurable

    /** One check of the kit. */
    @FunctionalInterface
    private interface Check {
        void run(ProfileStoreConformance kit) throws Exception;
    }

    private static final class Kit extends ProfileStoreConformance {
        private final ProfileStore store;
        private final ProfileStore node;
        private int threads = 16;
        private int changesPerThread = 200;
        private Duration timeout = Duration.ofMinutes(2);

        Kit(ProfileStore store, ProfileStore node) {
            this.store = store;
            this.node = node;
        }

        Kit threads(int n) {
            threads = n;
            return this;
        }

        Kit changesPerThread(int n) {
            changesPerThread = n;
            return this;
        }

        Kit timeout(Duration d) {
            timeout = d;
            return this;
        }

        @Override
        protected ProfileStore newStore() {
            return store;
        }

        @Override
        protected ProfileStore anotherNode(ProfileStore first) {
            return node;
        }

        @Override
        protected int threads() {
            return threads;
        }

        @Override
        protected int changesPerThread() {
            return changesPerThread;
        }

        @Override
        protected Duration timeout() {
            return timeout;
        }
    }

    private static Kit kitFor(ProfileStore store) {
        return new Kit(store, store);
    }

    // ------------------------------------------------------------------ broken stores

    /** A store made of two functions, for bugs in how a store loads or decides. */
    private interface Loader {
        Optional<TwoFactorProfile> load(AccountId account);
    }

    private interface Writer {
        boolean compareAndSet(long expectedVersion, TwoFactorProfile profile);
    }

    private static ProfileStore store(Loader loader, Writer writer) {
        return new ProfileStore() {
            @Override
            public Optional<TwoFactorProfile> load(AccountId account) {
                return loader.load(account);
            }

            @Override
            public boolean compareAndSet(long expectedVersion, TwoFactorProfile profile) {
                return writer.compareAndSet(expectedVersion, profile);
            }
        };
    }

    /** A correct store that hands out every loaded profile changed, like a lossy column mapping. */
    private static ProfileStore loading(UnaryOperator<TwoFactorProfile> change) {
        InMemoryProfileStore inner = new InMemoryProfileStore();
        return store(a -> inner.load(a).map(change), inner::compareAndSet);
    }

    /** A correct store that saves every profile changed: {@code change(stored or null, new)}. */
    private static ProfileStore saving(BinaryOperator<TwoFactorProfile> change) {
        InMemoryProfileStore inner = new InMemoryProfileStore();
        return store(inner::load,
                (v, p) -> inner.compareAndSet(v, change.apply(inner.load(p.account()).orElse(null), p)));
    }

    /** Writes {@code p} as the next version whatever is stored: an unconditional write. */
    private static void forceWrite(InMemoryProfileStore s, TwoFactorProfile p) {
        long stored = s.load(p.account()).map(TwoFactorProfile::version).orElse(0L);
        s.compareAndSet(stored, p.withVersion(stored + 1));
    }

    /** What a broken {@link Table} stores when it refuses a write. */
    private interface OnRefusal {
        TwoFactorProfile store(long expectedVersion, TwoFactorProfile stored, TwoFactorProfile refused);
    }

    /** How a broken {@link Table} compares the stored version with the expected one. */
    private interface VersionMatch {
        boolean matches(long stored, long expected);
    }

    /**
     * A map of rows with a broken compare-and-set, for bugs {@link InMemoryProfileStore} does not
     * let through (a version that is not {@code expected + 1}).
     */
    private static final class Table implements ProfileStore {
        private final Map<AccountId, TwoFactorProfile> rows;
        private final VersionMatch match;
        private final OnRefusal onRefusal;

        Table(VersionMatch match, OnRefusal onRefusal) {
            this(new ConcurrentHashMap<>(), match, onRefusal);
        }

        /** A table on the rows of another (a second node with another bug, or none). */
        Table(Map<AccountId, TwoFactorProfile> rows, VersionMatch match, OnRefusal onRefusal) {
            this.rows = rows;
            this.match = match;
            this.onRefusal = onRefusal;
        }

        @Override
        public Optional<TwoFactorProfile> load(AccountId account) {
            return Optional.ofNullable(rows.get(account));
        }

        @Override
        public boolean compareAndSet(long expectedVersion, TwoFactorProfile profile) {
            boolean[] saved = new boolean[1];
            rows.compute(profile.account(), (account, stored) -> {
                saved[0] = match.matches(stored == null ? 0 : stored.version(), expectedVersion);
                return saved[0] ? profile : onRefusal.store(expectedVersion, stored, profile);
            });
            return saved[0];
        }
    }

    private static Table refusing(OnRefusal onRefusal) {
        return new Table((stored, expected) -> stored == expected, onRefusal);
    }

    /** Writes without checking the version: last write wins. */
    private static Table lastWriteWins() {
        return new Table((stored, expected) -> true, (v, stored, refused) -> stored);
    }

    /** Refuses, then writes the refused profile all the same (an unchecked second statement). */
    private static Table writingWhenRefusing() {
        return refusing((v, stored, refused) -> refused);
    }

    /** A refused insert overwrites the row's data but keeps its version (INSERT ... ON CONFLICT DO UPDATE). */
    private static Table upsertingInserts() {
        return refusing((v, stored, refused) -> v == 0 && stored != null ? refused.withVersion(stored.version()) : stored);
    }

    /** Every refused writer's data lands, under the stored version: the last loser wins. */
    private static Table keepingLosersData() {
        return refusing((v, stored, refused) -> stored == null ? null : refused.withVersion(stored.version()));
    }

    /** A refused update still increments the stored version. */
    private static Table bumpingVersionWhenRefusing() {
        return refusing((v, stored, refused) -> stored == null ? null : stored.withVersion(stored.version() + 1));
    }

    /**
     * Last write wins, and the kit's worker threads read a replica frozen at their first read, so
     * all of them see the same profile whatever was written since (a check-then-write race made
     * certain). Loads from the thread that made the store (the check's own steps) read the rows.
     */
    private static ProfileStore lastWriteWinsReadingAFrozenReplica() {
        return lastWriteWinsReadingAFrozenReplicaOf(new ConcurrentHashMap<>(), new CountDownLatch(1));
    }

    /** As {@link #lastWriteWinsReadingAFrozenReplica()} on {@code data}; {@code frozen} opens once the replica is. */
    private static ProfileStore lastWriteWinsReadingAFrozenReplicaOf(Map<AccountId, TwoFactorProfile> data,
            CountDownLatch frozen) {
        Table rows = new Table(data, (stored, expected) -> true, (v, stored, refused) -> stored);
        Thread owner = Thread.currentThread();
        Map<AccountId, Optional<TwoFactorProfile>> replica = new ConcurrentHashMap<>();
        return store(a -> {
            if (Thread.currentThread() == owner) {
                return rows.load(a);
            }
            Optional<TwoFactorProfile> p = replica.computeIfAbsent(a, rows::load);
            frozen.countDown();
            return p;
        }, rows::compareAndSet);
    }

    /**
     * That broken store as the first node and a correct second node on the same rows, whose
     * workers write only once the first node's replica is frozen (so it holds the code unused).
     */
    private static Kit brokenFirstNodeCorrectSecond() {
        Map<AccountId, TwoFactorProfile> rows = new ConcurrentHashMap<>();
        CountDownLatch frozen = new CountDownLatch(1);
        Table correct = new Table(rows, (stored, expected) -> stored == expected, (v, stored, refused) -> stored);
        Thread owner = Thread.currentThread();
        return new Kit(lastWriteWinsReadingAFrozenReplicaOf(rows, frozen), store(correct::load, (v, p) -> {
            try {
                if (Thread.currentThread() != owner && !frozen.await(1, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("the first node's replica was never frozen");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return correct.compareAndSet(v, p);
        }));
    }

    /** The same profile under another account id (the canonical constructor: every component). */
    private static TwoFactorProfile relabel(TwoFactorProfile p, AccountId account) {
        return new TwoFactorProfile(account, p.version(), p.activeMethod(), p.phone(), p.pendingNumber(), p.totp(),
                p.smsChallenge(), p.failures(), p.proofs(), p.recoveryCodes(), p.trustedDevices());
    }

    private static AccountId upperCase(AccountId a) {
        return AccountId.of(a.value().toUpperCase(Locale.ROOT));
    }

    /**
     * Rows keyed by a lossy key while the accounts themselves are known exactly: a profile table
     * keyed by {@code key(account)} beside an exact account table. A second account with the same
     * key overwrites the row ({@code overwrite}) or is ignored (first write wins).
     */
    private static ProfileStore keyedBy(Function<AccountId, String> key, boolean overwrite) {
        Set<AccountId> known = ConcurrentHashMap.newKeySet();
        Map<String, TwoFactorProfile> rows = new ConcurrentHashMap<>();
        return store(a -> known.contains(a) ? Optional.of(relabel(rows.get(key.apply(a)), a)) : Optional.empty(),
                (v, p) -> {
                    synchronized (rows) {
                        long stored = known.contains(p.account()) ? rows.get(key.apply(p.account())).version() : 0;
                        if (stored != v) {
                            return false;
                        }
                        known.add(p.account());
                        if (overwrite || v > 0) {
                            rows.put(key.apply(p.account()), p);
                        } else {
                            rows.putIfAbsent(key.apply(p.account()), p);
                        }
                        return true;
                    }
                });
    }

    private static ProfileStore refusingUpdates() {
        InMemoryProfileStore inner = new InMemoryProfileStore();
        return store(inner::load, (v, p) -> v == 0 && inner.compareAndSet(v, p));
    }

    private static ProfileStore refusingInserts() {
        InMemoryProfileStore inner = new InMemoryProfileStore();
        return store(inner::load, (v, p) -> v > 0 && inner.compareAndSet(v, p));
    }

    /** Once it refused a write to an account, it refuses every later one (a lock never released). */
    private static ProfileStore stuckAfterRefusal() {
        InMemoryProfileStore inner = new InMemoryProfileStore();
        Set<AccountId> stuck = ConcurrentHashMap.newKeySet();
        return store(inner::load, (v, p) -> {
            if (stuck.contains(p.account()) || !inner.compareAndSet(v, p)) {
                stuck.add(p.account());
                return false;
            }
            return true;
        });
    }

    /** Keeps the last refused profile and writes its data at the next successful write (a batch never cleared). */
    private static ProfileStore replayingRefusedWrites() {
        InMemoryProfileStore inner = new InMemoryProfileStore();
        AtomicReference<TwoFactorProfile> refused = new AtomicReference<>();
        return store(inner::load, (v, p) -> {
            TwoFactorProfile leftOver = refused.get();
            TwoFactorProfile written = leftOver == null ? p : leftOver.withVersion(p.version());
            boolean saved = inner.compareAndSet(v, written);
            if (!saved) {
                refused.set(p);
            }
            return saved;
        });
    }

    /** Answers every load with the first profile ever saved, whichever account (a query without WHERE). */
    private static ProfileStore returningTheFirstRow() {
        InMemoryProfileStore inner = new InMemoryProfileStore();
        AtomicReference<AccountId> first = new AtomicReference<>();
        return store(a -> inner.load(a).isPresent() ? inner.load(first.get()) : Optional.empty(), (v, p) -> {
            first.compareAndSet(null, p.account());
            return inner.compareAndSet(v, p);
        });
    }

    /** An update of one account also writes {@code change(other row, update)} to every other row (no WHERE). */
    private static ProfileStore updatingEveryRow(BinaryOperator<TwoFactorProfile> change) {
        InMemoryProfileStore inner = new InMemoryProfileStore();
        Set<AccountId> accounts = ConcurrentHashMap.newKeySet();
        return store(inner::load, (v, p) -> {
            accounts.add(p.account());
            boolean saved = inner.compareAndSet(v, p);
            if (saved && v > 0) {
                for (AccountId other : accounts) {
                    if (!other.equals(p.account())) {
                        forceWrite(inner, change.apply(inner.load(other).orElseThrow(), p));
                    }
                }
            }
            return saved;
        });
    }

    /** Loads return the data of the write before the last one with the version of the last: torn rows. */
    private static ProfileStore tearing() {
        InMemoryProfileStore inner = new InMemoryProfileStore();
        Map<AccountId, TwoFactorProfile> previous = new ConcurrentHashMap<>();
        return store(a -> inner.load(a).map(p -> Optional.ofNullable(previous.get(a)).orElse(p).withVersion(p.version())),
                (v, p) -> {
                    synchronized (previous) {
                        inner.load(p.account()).ifPresent(stored -> previous.put(p.account(), stored));
                        return inner.compareAndSet(v, p);
                    }
                });
    }

    /** Reports every 50th write as saved without writing it (the affected row count never checked). */
    private static ProfileStore losingWrites() {
        InMemoryProfileStore inner = new InMemoryProfileStore();
        AtomicInteger writes = new AtomicInteger();
        return store(inner::load, (v, p) -> writes.incrementAndGet() % 50 == 0 || inner.compareAndSet(v, p));
    }

    private static Secret changed(Secret s, UnaryOperator<byte[]> change) {
        return Secret.copyOf(change.apply(s.bytes()));
    }

    /** Secrets kept in a text column: bytes decoded and encoded as UTF-8. */
    private static Secret asUtf8Text(Secret s) {
        return changed(s, b -> new String(b, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
    }

    private static Secret lastByteFlipped(Secret s) {
        return changed(s, b -> {
            b[b.length - 1] ^= 1;
            return b;
        });
    }

    private static TwoFactorProfile everySecret(TwoFactorProfile p, UnaryOperator<Secret> change) {
        TwoFactorProfile q = p.withRecoveryCodes(p.recoveryCodes().stream().map(change).toList())
                .withProofs(p.proofs().stream().map(s -> new StoredProof(change.apply(s.hash()), s.factor(), s.madeAt()))
                        .toList());
        if (q.totp() != null) {
            q = q.withTotp(new TotpState(change.apply(q.totp().storedSecret()), q.totp().createdAt(),
                    q.totp().lastAcceptedStep(), q.totp().drift()));
        }
        return challenge(q, c -> new SmsChallenge(c.id(), c.purpose(), c.destination(), change.apply(c.codeHash()),
                c.issuedAt(), c.expiresAt(), c.attemptsLeft(), c.used()));
    }

    /** Every instant of the profile changed (null stays null). */
    private static TwoFactorProfile everyInstant(TwoFactorProfile p, UnaryOperator<Instant> change) {
        UnaryOperator<Instant> f = i -> i == null ? null : change.apply(i);
        Failures g = p.failures();
        TwoFactorProfile q = p.withFailures(new Failures(g.consecutive(), f.apply(g.lastFailureAt()),
                f.apply(g.lockedUntil()), g.epoch()))
                .withProofs(p.proofs().stream().map(s -> new StoredProof(s.hash(), s.factor(), f.apply(s.madeAt())))
                        .toList());
        if (q.totp() != null) {
            q = q.withTotp(new TotpState(q.totp().storedSecret(), f.apply(q.totp().createdAt()),
                    q.totp().lastAcceptedStep()));
        }
        return challenge(q, c -> new SmsChallenge(c.id(), c.purpose(), c.destination(), c.codeHash(),
                f.apply(c.issuedAt()), f.apply(c.expiresAt()), c.attemptsLeft(), c.used()));
    }

    private static TwoFactorProfile challenge(TwoFactorProfile p, UnaryOperator<SmsChallenge> change) {
        return p.smsChallenge() == null ? p : p.withSmsChallenge(change.apply(p.smsChallenge()));
    }

    private static TwoFactorProfile failures(TwoFactorProfile p, UnaryOperator<Failures> change) {
        return p.withFailures(change.apply(p.failures()));
    }

    private static TwoFactorProfile totp(TwoFactorProfile p, UnaryOperator<TotpState> change) {
        return p.totp() == null ? p : p.withTotp(change.apply(p.totp()));
    }

    private static Instant plusMilli(Instant i) {
        return i == null ? null : i.plusMillis(1);
    }

    private static final Secret SOME_SECRET = Secret.copyOf(new byte[] {1, 2, 3});
    private static final Instant SOME_TIME = Instant.parse("2026-01-01T00:00:00Z");

    // ------------------------------------------------------------------ each check catches its bug

    /** A broken store (made fresh), the check that must fail on it, and the text of its failure. */
    private static Arguments caught(String bug, Supplier<Kit> kit, Check check, String... message) {
        return Arguments.of(bug, kit, check, message);
    }

    private static Arguments caught(String bug, ProfileStoreSupplier store, Check check, String... message) {
        return caught(bug, () -> kitFor(store.get()), check, message);
    }

    /** A supplier of stores (its own type, so the overloads of {@code caught} stay apart). */
    @FunctionalInterface
    private interface ProfileStoreSupplier {
        ProfileStore get();
    }

    static Stream<Arguments> brokenStores() {
        Check unknown = ProfileStoreConformance::load_unknownAccount_isEmpty;
        Check similar = ProfileStoreConformance::load_similarAccountIds_areOtherAccounts;
        Check others = ProfileStoreConformance::compareAndSet_oneAccount_leavesOthersAlone;
        Check full = ProfileStoreConformance::roundTrip_profileWithEveryFieldSet_keepsEveryField;
        Check shapes = ProfileStoreConformance::roundTrip_everyEnumValueAndShape_keepsEveryField;
        Check nulls = ProfileStoreConformance::roundTrip_updateToNullsAndBack_replacesEveryField;
        Check bytes = ProfileStoreConformance::roundTrip_secretBytes_keptExactly;
        Check instants = ProfileStoreConformance::roundTrip_instants_keptToTheMillisecondAndInstantMaxKept;
        Check ids = ProfileStoreConformance::roundTrip_unusualAccountIds_keptExactly;
        Check firstInsert = ProfileStoreConformance::compareAndSet_firstInsertWithVersionZero_isSaved;
        Check secondInsert = ProfileStoreConformance::compareAndSet_secondInsertWithVersionZero_isRefusedAndWritesNothing;
        Check stale = ProfileStoreConformance::compareAndSet_staleOrFutureVersion_isRefusedAndWritesNothing;
        Check twoNodes = ProfileStoreConformance::compareAndSet_twoNodes_seeEachOthersWritesAndRefuseStaleOnes;
        Check inserts = ProfileStoreConformance::compareAndSet_concurrentFirstInserts_exactlyOneWins;
        Check increments = ProfileStoreConformance::compareAndSet_manyThreadsIncrementing_loseNoUpdate;
        Check staleWatermark = ProfileStoreConformance::watermark_staleWriterWithLowerStep_cannotMoveItBack;
        Check watermarks = ProfileStoreConformance::watermark_concurrentWritersFromOneVersion_exactlyOneLandsAndItMovesForward;
        Check challenges = ProfileStoreConformance::smsChallenge_manyThreadsConsumeItFromOneVersion_exactlyOneWins;
        Check smsLogin = ProfileStoreConformance::service_oneSmsCodeFromManyThreadsOnTwoNodes_acceptedOnce;
        Check appLogin = ProfileStoreConformance::service_oneAppCodeFromManyThreadsOnTwoNodes_acceptedOnce;

        return Stream.of(
                // load and isolation
                caught("load gives null for an unknown account", () -> {
                    InMemoryProfileStore inner = new InMemoryProfileStore();
                    return store(a -> inner.load(a).isPresent() ? inner.load(a) : null, inner::compareAndSet);
                }, unknown, "never saved must return an empty Optional"),
                caught("load makes up an empty profile", () -> {
                    InMemoryProfileStore inner = new InMemoryProfileStore();
                    return store(a -> Optional.of(inner.load(a).orElse(TwoFactorProfile.empty(a))), inner::compareAndSet);
                }, unknown, "never saved must be empty"),
                caught("ids compared ignoring case", ProfileStoreConformanceSelfTest::caseFolding, similar,
                        "must not load the profile of"),
                caught("rows keyed by the trimmed id, a new account overwrites",
                        () -> keyedBy(a -> a.value().strip(), true), similar, "changed the profile of"),
                caught("rows keyed by the trimmed id, a new account's row ignored",
                        () -> keyedBy(a -> a.value().strip(), false), similar, "does not load its own profile"),
                caught("load answers with another account's row", ProfileStoreConformanceSelfTest::returningTheFirstRow,
                        others, "returned the profile of another account"),
                caught("an update writes every row", () -> updatingEveryRow((other, p) -> relabel(p, other.account())),
                        others, "changed the profile of"),
                caught("an update bumps every row's version", () -> updatingEveryRow((other, p) -> other), others,
                        "changed the version of"),
                caught("updates refused", ProfileStoreConformanceSelfTest::refusingUpdates, others, "was refused"),
                caught("inserts refused", ProfileStoreConformanceSelfTest::refusingInserts, firstInsert,
                        "with expected version 0 failed"),
                caught("load returns null", () -> store(a -> null, new InMemoryProfileStore()::compareAndSet), full,
                        "load must return an Optional, never null"),
                caught("load never finds a saved profile",
                        () -> store(a -> Optional.empty(), new InMemoryProfileStore()::compareAndSet), full,
                        "does not load"),

                // round trips: one component lost or changed
                caught("account id upper-cased on load", () -> loading(p -> relabel(p, upperCase(p.account()))), full,
                        "account of"),
                caught("version one lower on load", () -> loading(p -> p.withVersion(p.version() - 1)), firstInsert,
                        "version of"),
                caught("active TOTP lost", () -> loading(p -> p.activeMethod() == Method.TOTP ? p.withActiveMethod(null) : p),
                        shapes, "activeMethod of"),
                caught("verified kept as a flag: PERSON comes back as SMS", () -> loading(p -> p.phone() == null ? p
                        : p.withPhone(new PhoneState(p.phone().number(),
                                p.phone().verified() ? Verification.SMS : Verification.UNVERIFIED), p.pendingNumber())),
                        shapes, "phone of"),
                caught("pending number lost", () -> loading(p -> p.withPhone(p.phone(), null)), full, "pendingNumber of"),
                caught("TOTP lost", () -> loading(p -> p.withTotp(null)), full, "totp of"),
                caught("TOTP made up", () -> loading(p -> p.totp() != null ? p
                        : p.withTotp(new TotpState(SOME_SECRET, SOME_TIME, -1))), shapes, "totp of"),
                caught("secrets kept as UTF-8 text", () -> loading(p -> everySecret(p,
                        ProfileStoreConformanceSelfTest::asUtf8Text)), bytes, "totp.storedSecret", "length in bytes"),
                caught("secret bytes changed", () -> loading(p -> everySecret(p,
                        ProfileStoreConformanceSelfTest::lastByteFlipped)), full, "totp.storedSecret", "the bytes differ"),
                caught("instants kept to the second", () -> loading(p -> everyInstant(p,
                        i -> i.truncatedTo(ChronoUnit.SECONDS))), full, "totp.createdAt", "whole milliseconds"),
                caught("TOTP watermark kept as an int", () -> loading(p -> totp(p,
                        t -> t.withLastAcceptedStep((int) t.lastAcceptedStep()))), shapes, "totp.lastAcceptedStep"),
                caught("SMS challenge lost", () -> loading(p -> p.withSmsChallenge(null)), full, "smsChallenge of"),
                caught("SMS challenge made up", () -> loading(p -> p.smsChallenge() != null ? p
                        : p.withSmsChallenge(new SmsChallenge("x", SmsPurpose.LOGIN, new PhoneNumber("+12025550199"), SOME_SECRET,
                                SOME_TIME, SOME_TIME, 0))),
                        shapes, "smsChallenge of"),
                caught("challenge id changed", () -> loading(p -> challenge(p, c -> new SmsChallenge(c.id() + "x",
                        c.purpose(), c.destination(), c.codeHash(), c.issuedAt(), c.expiresAt(), c.attemptsLeft(), c.used()))),
                        full, "smsChallenge.id"),
                caught("challenge purpose changed", () -> loading(p -> challenge(p, c -> new SmsChallenge(c.id(),
                        SmsPurpose.LOGIN, c.destination(), c.codeHash(), c.issuedAt(), c.expiresAt(), c.attemptsLeft(), c.used()))),
                        full, "smsChallenge.purpose"),
                caught("challenge destination taken from the phone", () -> loading(p -> challenge(p, c -> new SmsChallenge(
                        c.id(), c.purpose(), p.phone().number(), c.codeHash(), c.issuedAt(), c.expiresAt(),
                        c.attemptsLeft(), c.used()))), full, "smsChallenge.destination"),
                caught("challenge code hash changed", () -> loading(p -> challenge(p, c -> new SmsChallenge(c.id(),
                        c.purpose(), c.destination(), lastByteFlipped(c.codeHash()), c.issuedAt(), c.expiresAt(),
                        c.attemptsLeft(), c.used()))), full, "smsChallenge.codeHash"),
                caught("challenge issuedAt changed", () -> loading(p -> challenge(p, c -> new SmsChallenge(c.id(),
                        c.purpose(), c.destination(), c.codeHash(), plusMilli(c.issuedAt()), c.expiresAt(),
                        c.attemptsLeft(), c.used()))), full, "smsChallenge.issuedAt"),
                caught("challenge expiresAt changed", () -> loading(p -> challenge(p, c -> new SmsChallenge(c.id(),
                        c.purpose(), c.destination(), c.codeHash(), c.issuedAt(), plusMilli(c.expiresAt()),
                        c.attemptsLeft(), c.used()))), full, "smsChallenge.expiresAt"),
                caught("challenge attemptsLeft changed", () -> loading(p -> challenge(p, c -> new SmsChallenge(c.id(),
                        c.purpose(), c.destination(), c.codeHash(), c.issuedAt(), c.expiresAt(), c.attemptsLeft() + 1, c.used()))),
                        full, "smsChallenge.attemptsLeft"),
                caught("failure count changed", () -> loading(p -> failures(p, f -> new Failures(f.consecutive() + 1,
                        f.lastFailureAt(), f.lockedUntil(), f.epoch()))), full, "failures.consecutive"),
                caught("lastFailureAt changed", () -> loading(p -> failures(p, f -> new Failures(f.consecutive(),
                        plusMilli(f.lastFailureAt()), f.lockedUntil(), f.epoch()))), full, "failures.lastFailureAt"),
                caught("lockedUntil changed", () -> loading(p -> failures(p, f -> new Failures(f.consecutive(),
                        f.lastFailureAt(), plusMilli(f.lockedUntil()), f.epoch()))), full, "failures.lockedUntil"),
                caught("a null instant comes back as the epoch", () -> loading(p -> failures(p, f -> new Failures(
                        f.consecutive(), f.lastFailureAt() == null ? Instant.EPOCH : f.lastFailureAt(), f.lockedUntil(),
                        f.epoch()))),
                        shapes, "failures.lastFailureAt", "must come back null"),
                caught("challenge used flag lost", () -> loading(p -> challenge(p, c -> new SmsChallenge(c.id(),
                        c.purpose(), c.destination(), c.codeHash(), c.issuedAt(), c.expiresAt(), c.attemptsLeft(), false))),
                        full, "smsChallenge.used"),
                caught("failure epoch changed", () -> loading(p -> failures(p, f -> new Failures(f.consecutive(),
                        f.lastFailureAt(), f.lockedUntil(), f.epoch() + 1))), full, "failures.epoch"),
                caught("failure epoch kept as an int", () -> loading(p -> failures(p, f -> new Failures(f.consecutive(),
                        f.lastFailureAt(), f.lockedUntil(), (int) f.epoch() & 0x7fffffff))), shapes, "failures.epoch"),
                caught("a proof lost", () -> loading(p -> p.withProofs(p.proofs().stream().skip(1).toList())), full,
                        "proofs.size"),
                caught("at most 4 proofs kept", () -> loading(p -> p.withProofs(p.proofs().stream().limit(4).toList())),
                        shapes, "proofs.size"),
                caught("proofs reversed", () -> loading(p -> {
                    List<StoredProof> reversed = new ArrayList<>(p.proofs());
                    Collections.reverse(reversed);
                    return p.withProofs(reversed);
                }), full, "proofs[0].hash", "order must be kept"),
                caught("proof factor changed", () -> loading(p -> p.withProofs(p.proofs().stream()
                        .map(s -> new StoredProof(s.hash(), Method.SMS, s.madeAt())).toList())), full, "proofs[1].factor"),
                caught("proof time changed", () -> loading(p -> p.withProofs(p.proofs().stream()
                        .map(s -> new StoredProof(s.hash(), s.factor(), s.madeAt().plusMillis(1))).toList())), full,
                        "proofs[0].madeAt"),
                caught("recovery codes reversed", () -> loading(p -> {
                    List<Secret> reversed = new ArrayList<>(p.recoveryCodes());
                    Collections.reverse(reversed);
                    return p.withRecoveryCodes(reversed);
                }), full, "recoveryCodes[0]"),
                caught("a recovery code lost", () -> loading(p -> p.withRecoveryCodes(p.recoveryCodes().isEmpty()
                        ? p.recoveryCodes() : p.recoveryCodes().subList(1, p.recoveryCodes().size()))), full,
                        "recoveryCodes.size"),
                caught("recovery codes sorted", () -> loading(p -> {
                    List<Secret> sorted = new ArrayList<>(p.recoveryCodes());
                    sorted.sort(Comparator.comparing(s -> HexFormat.of().formatHex(s.bytes())));
                    return p.withRecoveryCodes(sorted);
                }), bytes, "order must be kept"),
                caught("trusted devices lost", () -> loading(p -> p.withTrustedDevices(List.of())), full,
                        "trustedDevices.size"),
                caught("trusted devices' last use lost", () -> loading(p -> p.withTrustedDevices(p.trustedDevices().stream()
                        .map(d -> new StoredDevice(d.id(), d.tokenHash(), d.label(), d.createdAt(), d.createdAt(),
                                d.expiresAt())).toList())), full, "trustedDevices[0].lastUsedAt"),
                caught("the app's drift lost", () -> loading(p -> p.totp() == null ? p : p.withTotp(new TotpState(
                        p.totp().storedSecret(), p.totp().createdAt(), p.totp().lastAcceptedStep()))), full, "totp.drift"),

                // round trips: instants
                caught("instants kept to the second (finer ones)", () -> loading(p -> everyInstant(p,
                        i -> i.truncatedTo(ChronoUnit.SECONDS))), instants, "totp.createdAt", "ns off"),
                caught("finer instants a whole millisecond off", () -> loading(p -> everyInstant(p,
                        i -> i.getNano() % 1_000_000 == 0 ? i : i.plusMillis(1))), instants, "ns off"),
                caught("instants a microsecond off", () -> loading(p -> everyInstant(p, i -> i.plusNanos(1_000))), full,
                        "totp.createdAt", "whole milliseconds"),
                caught("Instant.MAX clamped to the year 9999", () -> loading(p -> failures(p, f -> new Failures(
                        f.consecutive(), f.lastFailureAt(), Instant.MAX.equals(f.lockedUntil())
                                ? Instant.parse("9999-12-31T23:59:59Z") : f.lockedUntil(), f.epoch()))), instants, "Instant.MAX"),
                caught("Instant.MAX comes back null", () -> loading(p -> failures(p, f -> new Failures(f.consecutive(),
                        f.lastFailureAt(), Instant.MAX.equals(f.lockedUntil()) ? null : f.lockedUntil(), f.epoch()))), instants,
                        "failures.lockedUntil", "came back null"),

                // round trips: updates
                caught("an update keeps the old number when the new one is null", () -> saving((stored, p) ->
                        stored == null || p.phone() != null ? p : p.withPhone(stored.phone(), null).withActiveMethod(null)),
                        nulls, "phone of"),
                caught("an update never adds an app once removed", () -> saving((stored, p) ->
                        stored != null && stored.totp() == null ? p.withTotp(null) : p), nulls, "totp of"),
                caught("account ids kept in Latin-1", () -> loading(p -> relabel(p, AccountId.of(new String(
                        p.account().value().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1)))), ids,
                        "account id changed"),
                caught("rows keyed by the first 40 characters of the id",
                        () -> keyedBy(a -> a.value().substring(0, 40), true), ids, "loaded another profile"),

                // compare-and-set
                caught("an insert with any version when nothing is stored",
                        () -> new Table((stored, expected) -> stored == 0 || stored == expected, (v, s, r) -> s),
                        firstInsert, "nothing is stored yet"),
                caught("a refused first save writes", ProfileStoreConformanceSelfTest::writingWhenRefusing, firstInsert,
                        "a refused first save wrote something"),
                caught("last write wins: second insert", ProfileStoreConformanceSelfTest::lastWriteWins, secondInsert,
                        "second insert"),
                caught("a refused second insert overwrites", ProfileStoreConformanceSelfTest::upsertingInserts,
                        secondInsert, "failures.consecutive"),
                caught("last write wins: stale version", ProfileStoreConformanceSelfTest::lastWriteWins, stale,
                        "from version 1 must be refused"),
                caught("a refused stale update writes", ProfileStoreConformanceSelfTest::writingWhenRefusing, stale,
                        "failures.consecutive"),
                caught("a future version accepted (WHERE version <= ?)",
                        () -> new Table((stored, expected) -> stored <= expected, (v, s, r) -> s), stale,
                        "from version 3 must be refused"),
                caught("an insert overwrites (upsert)",
                        () -> new Table((stored, expected) -> expected == 0 || stored == expected, (v, s, r) -> s), stale,
                        "an insert must be refused at version 2"),
                caught("a refused insert overwrites the data", ProfileStoreConformanceSelfTest::upsertingInserts, stale,
                        "failures.consecutive"),
                caught("stuck after a refusal", ProfileStoreConformanceSelfTest::stuckAfterRefusal, stale, "was refused"),
                caught("a refused write replayed later", ProfileStoreConformanceSelfTest::replayingRefusedWrites, stale,
                        "failures.consecutive"),

                // two nodes
                caught("node B has its own data", () -> new Kit(new InMemoryProfileStore(), new InMemoryProfileStore()),
                        twoNodes, "node B does not see A's insert"),
                caught("node B has its own data: concurrent inserts",
                        () -> new Kit(new InMemoryProfileStore(), new InMemoryProfileStore()), inserts,
                        "exactly one must win"),
                caught("node B reads another version", () -> {
                    InMemoryProfileStore shared = new InMemoryProfileStore();
                    return new Kit(shared, store(a -> shared.load(a).map(p -> p.withVersion(p.version() - 1)),
                            shared::compareAndSet));
                }, twoNodes, "with another version"),
                caught("node B caches profiles", () -> {
                    InMemoryProfileStore shared = new InMemoryProfileStore();
                    return new Kit(shared, caching(shared));
                }, twoNodes, "stale (cached?) profile"),
                caught("node B writes without checking the version", () -> {
                    InMemoryProfileStore shared = new InMemoryProfileStore();
                    return new Kit(shared, store(shared::load, (v, p) -> {
                        forceWrite(shared, p);
                        return true;
                    }));
                }, twoNodes, "update from a stale version must be refused"),
                caught("node B writes when it refuses", () -> {
                    InMemoryProfileStore shared = new InMemoryProfileStore();
                    return new Kit(shared, store(shared::load, (v, p) -> {
                        forceWrite(shared, p);
                        return false;
                    }));
                }, twoNodes, "refused update changed the profile"),

                // races
                caught("last write wins: concurrent inserts", ProfileStoreConformanceSelfTest::lastWriteWins, inserts,
                        "exactly one must win"),
                caught("version one lower on load: concurrent inserts", () -> loading(p -> p.withVersion(p.version() - 1)),
                        inserts, "must leave version 1"),
                caught("refused inserts overwrite", ProfileStoreConformanceSelfTest::upsertingInserts, inserts,
                        "not the winning insert's"),
                caught("torn rows", ProfileStoreConformanceSelfTest::tearing, increments, "torn profile"),
                caught("writes lost", ProfileStoreConformanceSelfTest::losingWrites, increments, "updates were lost"),
                caught("last write wins: stale watermark", ProfileStoreConformanceSelfTest::lastWriteWins, staleWatermark,
                        "a stale writer moved the watermark"),
                caught("a refused stale watermark writes", ProfileStoreConformanceSelfTest::writingWhenRefusing,
                        staleWatermark, "a refused stale write moved the watermark"),
                caught("last write wins: concurrent watermarks", ProfileStoreConformanceSelfTest::lastWriteWins,
                        watermarks, "exactly one must land"),
                caught("refusals bump the version: watermarks",
                        ProfileStoreConformanceSelfTest::bumpingVersionWhenRefusing, watermarks,
                        "must count the one successful write"),
                caught("losers' watermark lands", ProfileStoreConformanceSelfTest::keepingLosersData, watermarks,
                        "not the winner's"),
                caught("last write wins: one challenge", ProfileStoreConformanceSelfTest::lastWriteWins, challenges,
                        "consumed exactly once"),
                caught("the first node does not read the challenge", () -> {
                    InMemoryProfileStore shared = new InMemoryProfileStore();
                    return new Kit(store(a -> shared.load(a).map(p -> p.withSmsChallenge(null)), shared::compareAndSet),
                            shared);
                }, challenges, "did not see the outstanding challenge"),
                caught("a cleared challenge kept", () -> saving((stored, p) ->
                        stored != null && p.smsChallenge() == null ? p.withSmsChallenge(stored.smsChallenge()) : p),
                        challenges, "still stored"),
                caught("refusals bump the version: challenge",
                        ProfileStoreConformanceSelfTest::bumpingVersionWhenRefusing, challenges,
                        "must count the one consumption"),
                caught("losers' consumption lands", ProfileStoreConformanceSelfTest::keepingLosersData, challenges,
                        "not the consuming thread's"),

                // through the service
                caught("the number is lost", () -> loading(p -> p.activeMethod() == null ? p.withPhone(null, null) : p),
                        smsLogin, "verification SMS not sent"),
                caught("SMS code hashes changed", () -> loading(p -> everySecret(p,
                        ProfileStoreConformanceSelfTest::lastByteFlipped)), smsLogin, "number not verified"),
                caught("the active method is lost: SMS", () -> loading(p -> p.withActiveMethod(null)), smsLogin,
                        "login SMS not sent"),
                caught("last write wins, workers reading a frozen replica: SMS login",
                        ProfileStoreConformanceSelfTest::lastWriteWinsReadingAFrozenReplica, smsLogin, "log in exactly once"),
                caught("TOTP secrets changed", () -> loading(p -> everySecret(p,
                        ProfileStoreConformanceSelfTest::lastByteFlipped)), appLogin, "app not connected"),
                caught("the active method is lost: app", () -> loading(p -> p.withActiveMethod(null)), appLogin,
                        "no app code asked at login"),
                caught("the first node as broken as that, the second correct: SMS login",
                        ProfileStoreConformanceSelfTest::brokenFirstNodeCorrectSecond, smsLogin, "log in exactly once"),
                caught("last write wins, workers reading a frozen replica: app login",
                        ProfileStoreConformanceSelfTest::lastWriteWinsReadingAFrozenReplica, appLogin, "log in exactly once"),

                // the kit's own plumbing
                caught("newStore() returns null", () -> kitFor(null), unknown, "newStore() returned null"),
                caught("anotherNode() returns null", () -> new Kit(new InMemoryProfileStore(), null), twoNodes,
                        "anotherNode(store) returned null"),
                caught("a store that never answers", () -> {
                    CountDownLatch never = new CountDownLatch(1);
                    InMemoryProfileStore inner = new InMemoryProfileStore();
                    return kitFor(store(inner::load, (v, p) -> {
                        if (v > 0) {
                            try {
                                never.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                        return inner.compareAndSet(v, p);
                    })).threads(2).timeout(Duration.ofMillis(500));
                }, increments, "did not finish within PT0.5S"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenStores")
    void kit_brokenStore_failsTheCheckMadeForIt(String bug, Supplier<Kit> kit, Check check, String[] message) {
        assertThatThrownBy(() -> check.run(kit.get()))
                .as(bug)
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll(message);
    }

    private static ProfileStore caseFolding() {
        InMemoryProfileStore inner = new InMemoryProfileStore();
        return store(a -> inner.load(upperCase(a)).map(p -> relabel(p, a)),
                (v, p) -> inner.compareAndSet(v, relabel(p, upperCase(p.account()))));
    }

    private static ProfileStore caching(ProfileStore shared) {
        Map<AccountId, TwoFactorProfile> cache = new ConcurrentHashMap<>();
        return store(a -> Optional.ofNullable(cache.computeIfAbsent(a, x -> shared.load(x).orElse(null))), (v, p) -> {
            boolean saved = shared.compareAndSet(v, p);
            if (saved) {
                cache.put(p.account(), p);
            }
            return saved;
        });
    }

    // ------------------------------------------------------------------ the kit itself

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
    void kit_fewestThreadsAndChanges_passes() {
        Kit kit = kitFor(new InMemoryProfileStore()).threads(2).changesPerThread(1);

        assertThatCode(() -> {
            kit.compareAndSet_manyThreadsIncrementing_loseNoUpdate();
            kit.watermark_concurrentWritersFromOneVersion_exactlyOneLandsAndItMovesForward();
        }).doesNotThrowAnyException();
    }

    @Test
    void kit_oneThread_isRefused() {
        assertThatThrownBy(() -> kitFor(new InMemoryProfileStore()).threads(1)
                .compareAndSet_concurrentFirstInserts_exactlyOneWins())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("threads() must be 2 or more, was 1");
    }

    @Test
    void kit_noChangesPerThread_isRefused() {
        assertThatThrownBy(() -> kitFor(new InMemoryProfileStore()).changesPerThread(0)
                .compareAndSet_manyThreadsIncrementing_loseNoUpdate())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("changesPerThread() must be 1 or more");
    }

    @Test
    void kit_storeFailingInAWorker_rethrowsItsException() {
        InMemoryProfileStore inner = new InMemoryProfileStore();
        ProfileStore failing = store(a -> {
            throw new IllegalStateException("database down");
        }, inner::compareAndSet);

        assertThatThrownBy(() -> kitFor(failing).compareAndSet_manyThreadsIncrementing_loseNoUpdate())
                .isInstanceOf(IllegalStateException.class).hasMessage("database down");
    }
}
