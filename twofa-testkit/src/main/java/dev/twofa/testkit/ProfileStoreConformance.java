package dev.twofa.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.twofa.core.AccountId;
import dev.twofa.core.AppCodeRequired;
import dev.twofa.core.Method;
import dev.twofa.core.PhoneNumber;
import dev.twofa.core.Secret;
import dev.twofa.core.SmsPurpose;
import dev.twofa.core.SmsSent;
import dev.twofa.core.TotpSetup;
import dev.twofa.core.TwoFactorService;
import dev.twofa.core.VerifyResult;
import dev.twofa.core.spi.ProfileStore;
import dev.twofa.core.spi.TwoFactorProfile;
import dev.twofa.core.spi.TwoFactorProfile.Failures;
import dev.twofa.core.spi.TwoFactorProfile.PhoneState;
import dev.twofa.core.spi.TwoFactorProfile.SmsChallenge;
import dev.twofa.core.spi.TwoFactorProfile.StoredDevice;
import dev.twofa.core.spi.TwoFactorProfile.StoredProof;
import dev.twofa.core.spi.TwoFactorProfile.TotpState;
import dev.twofa.core.spi.TwoFactorProfile.Verification;
import dev.twofa.sms.SmsCodes;
import dev.twofa.totp.Totp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Checks that a {@link ProfileStore} keeps the contract twofa's safety rests on. A host that writes
 * its own store (JDBC, JPA, Redis, DynamoDB...) extends this class in its test sources and returns
 * its store from {@link #newStore()}:
 *
 * <pre>{@code
 * class JdbcProfileStoreTest extends ProfileStoreConformance {
 *     @Override
 *     protected ProfileStore newStore() {
 *         return new JdbcProfileStore(dataSource);     // the host's store, on a test database
 *     }
 *
 *     @Override
 *     protected ProfileStore anotherNode(ProfileStore store) {
 *         return new JdbcProfileStore(dataSource);     // a second instance on the same database
 *     }
 * }
 * }</pre>
 *
 * <p>The checks are JUnit Jupiter {@code @Test} methods and use only {@code org.junit.jupiter.api}
 * ({@code @Test} and {@code Assertions}), so they run on the host's JUnit 5.x or 6.x; twofa-testkit
 * declares JUnit as an optional dependency and never brings its own version. They check:
 *
 * <ul>
 *   <li>loading an unknown account gives nothing; accounts never share a profile (ids are compared
 *       exactly: case, trailing spaces, {@code _} and {@code %} matter);
 *   <li>every field of {@link TwoFactorProfile} survives a save and a load, nested records (the SMS
 *       challenge with its used flag, the failures with their epoch, up to {@value
 *       TwoFactorProfile#MAX_PROOFS} stored proofs), secret bytes (all 256 byte values, 1 to 255
 *       bytes) and nulls included, and an update replaces every field (a null clears it);
 *   <li>compare-and-set: the first insert needs expected version 0, a second insert and any stale
 *       or future version are refused and write nothing; of many concurrent inserts or updates from
 *       one version exactly one wins;
 *   <li>no lost update: {@link #threads()} threads each make {@link #changesPerThread()} increments
 *       by compare-and-set (16 x 1,000 by default); the final profile counts every one, and every
 *       load sees a whole row;
 *   <li>the TOTP replay watermark never moves back; exactly one of many threads consumes one SMS
 *       challenge;
 *   <li>end to end through {@link TwoFactorService} on two nodes: one SMS code and one app code are
 *       each accepted once when many threads submit them at the same moment.
 * </ul>
 *
 * <p><b>Precision of instants.</b> A store must keep instants to at least the millisecond: an
 * instant with whole milliseconds comes back equal, a finer one (the system clock has microseconds)
 * less than a millisecond off, truncated or rounded. It must also keep {@link Instant#MAX}, which
 * twofa-core stores as {@code Failures.lockedUntil} of a permanently locked account: a {@code
 * TIMESTAMP} column cannot hold it and {@code Instant.MAX.toEpochMilli()} overflows, so map it to a
 * sentinel (such as a null in a separate flag column, or the largest value the column holds) and
 * back. Everything else must come back exactly, including the order of the recovery code hashes
 * and of the stored proofs, and the failure epoch (a {@code long}).
 *
 * <p><b>Test data.</b> Each check uses fresh random account ids ({@code conformance-<uuid>...}), so
 * the store may be backed by a shared test database and need not be emptied between checks. {@link
 * #newStore()} is called at most once per check, lazily from the check, after the host's own
 * {@code @BeforeEach} methods.
 *
 * <p>Thread-safety: each check starts its own worker threads; the class holds no static state and
 * its per-instance state is thread-safe, so JUnit may run checks in parallel if the store allows
 * it.
 */
public abstract class ProfileStoreConformance {

    private static final Instant T = Instant.parse("2026-03-01T12:00:00.123Z");
    private static final PhoneNumber NUMBER = new PhoneNumber("+420601123456");
    private static final PhoneNumber OTHER_NUMBER = new PhoneNumber("+12025550123");
    private static final PhoneNumber LONGEST_NUMBER = new PhoneNumber("+999999999999999");
    /** How many times each concurrency check races. */
    private static final int ROUNDS = 20;

    private ProfileStore store;
    private ProfileStore node;
    private final String run = UUID.randomUUID().toString();
    private final AtomicInteger accounts = new AtomicInteger();

    /** Creates the conformance checks; called by JUnit through the host's subclass. */
    protected ProfileStoreConformance() {
    }

    /**
     * Returns the store to check. Called at most once per check.
     *
     * @return the host's store, ready to use
     */
    protected abstract ProfileStore newStore();

    /**
     * Returns a second instance of the store on the same data, as another application node would
     * have. The concurrency checks send half their threads through it. Default: the same instance
     * (enough for an in-memory store; a database-backed store should return a new instance on the
     * same database, so a store that caches profiles fails).
     *
     * @param store the store from {@link #newStore()}
     * @return a store sharing its data
     */
    protected ProfileStore anotherNode(ProfileStore store) {
        return store;
    }

    /**
     * Returns how many threads the concurrency checks run at once. Default 16.
     *
     * @return threads, 2 or more
     */
    protected int threads() {
        return 16;
    }

    /**
     * Returns how many successful changes each thread makes in the lost-update check. Default 1,000;
     * lower it only for a store so slow that 16,000 updates do not fit in {@link #timeout()}.
     *
     * @return changes per thread, 1 or more
     */
    protected int changesPerThread() {
        return 1000;
    }

    /**
     * Returns how long one concurrency check may take before it fails. Default 2 minutes.
     *
     * @return the time limit
     */
    protected Duration timeout() {
        return Duration.ofMinutes(2);
    }

    // ------------------------------------------------------------------ load and isolation

    /** Checks that loading an account never saved gives an empty result. */
    @Test
    public void load_unknownAccount_isEmpty() {
        Optional<TwoFactorProfile> loaded = store().load(newAccount());
        assertNotNull(loaded, "load of an account never saved must return an empty Optional, never null");
        assertTrue(loaded.isEmpty(), "load of an account never saved must be empty");
    }

    /**
     * Checks that account ids are compared exactly: ids differing only in case, a trailing space,
     * or where the other has {@code _} or {@code %} (SQL {@code LIKE} wildcards) are other accounts,
     * and saving one of them leaves the other's profile alone.
     */
    @Test
    public void load_similarAccountIds_areOtherAccounts() {
        String base = "Conformance-" + run + "-" + accounts.incrementAndGet();
        AccountId saved = AccountId.of(base + "_a%");
        insert(profile(saved, 1).withFailures(failures(7)));
        for (String other : List.of(base.toLowerCase(Locale.ROOT) + "_a%", base.toUpperCase(Locale.ROOT) + "_A%",
                base + "_a% ", base + "xa%", base + "_ab", base + "_a")) {
            assertTrue(store().load(AccountId.of(other)).isEmpty(),
                    "account \"" + other + "\" must not load the profile of \"" + saved + "\"");
        }
        AccountId spaced = AccountId.of(base + "_a% ");
        insert(profile(spaced, 1).withFailures(failures(3)));
        assertEquals(7, load(saved).failures().consecutive(),
                "saving \"" + spaced + "\" changed the profile of \"" + saved
                        + "\" (a trailing space makes another account)");
        assertEquals(3, load(spaced).failures().consecutive(),
                "\"" + spaced + "\" does not load its own profile (a trailing space makes another account)");
    }

    /** Checks that writing one account's profile never changes another's and loads give each its own. */
    @Test
    public void compareAndSet_oneAccount_leavesOthersAlone() {
        AccountId a = newAccount();
        AccountId b = newAccount();
        insert(profile(a, 1).withFailures(failures(1)));
        insert(profile(b, 1).withFailures(failures(2)));
        update(load(a).withFailures(failures(9)));
        TwoFactorProfile other = load(b);
        assertEquals(b, other.account(), "loading " + b + " returned the profile of another account");
        assertEquals(2, other.failures().consecutive(), "writing " + a + " changed the profile of " + b);
        assertEquals(1, other.version(), "writing " + a + " changed the version of " + b);
    }

    // ------------------------------------------------------------------ round trips

    /** Checks that every field of a profile with everything set comes back as saved. */
    @Test
    public void roundTrip_profileWithEveryFieldSet_keepsEveryField() {
        AccountId account = newAccount();
        TwoFactorProfile full = fullSmsProfile(account);
        insert(full);
        assertSameProfile(full, load(account));
    }

    /**
     * Checks that each enum value and each kind of component round-trips: TOTP active, numbers
     * verified by SMS and by a Person and unverified, each SMS purpose, the most proofs a profile
     * keeps ({@value TwoFactorProfile#MAX_PROOFS}), a failure epoch beyond the {@code int} range,
     * the empty profile.
     */
    @Test
    public void roundTrip_everyEnumValueAndShape_keepsEveryField() {
        List<TwoFactorProfile> profiles = new ArrayList<>();
        for (SmsPurpose purpose : SmsPurpose.values()) {
            AccountId account = newAccount();
            profiles.add(profile(account, 1)
                    .withPhone(new PhoneState(OTHER_NUMBER, Verification.UNVERIFIED), null)
                    .withSmsChallenge(new SmsChallenge("id-" + purpose, purpose, OTHER_NUMBER, secret(32, 3),
                            T, T.plus(Duration.ofMinutes(10)), 0)));
        }
        AccountId totp = newAccount();
        profiles.add(profile(totp, 1)
                .withPhone(new PhoneState(LONGEST_NUMBER, Verification.PERSON), null)
                .withTotp(new TotpState(secret(20, 7), T, 5_000_000_000L, 10))
                .withActiveMethod(Method.TOTP)
                .withProofs(List.of(new StoredProof(secret(32, 3), Method.TOTP, T.plusSeconds(30))))
                .withRecoveryCodes(List.of(secret(48, 1))));
        List<StoredProof> mostProofs = new ArrayList<>();
        for (int i = 0; i < TwoFactorProfile.MAX_PROOFS; i++) {
            mostProofs.add(new StoredProof(secret(32, i), Method.values()[i % Method.values().length],
                    T.plusSeconds(i)));
        }
        profiles.add(profile(newAccount(), 1).withProofs(mostProofs)
                .withFailures(new Failures(0, null, null, 5_000_000_000L)));
        AccountId pendingTotp = newAccount();
        profiles.add(profile(pendingTotp, 1).withTotp(new TotpState(secret(64, 9), T, -1)));
        AccountId verifiedBySms = newAccount();
        profiles.add(profile(verifiedBySms, 1).withPhone(new PhoneState(NUMBER, Verification.SMS), null));
        profiles.add(profile(newAccount(), 1));
        for (TwoFactorProfile p : profiles) {
            insert(p);
        }
        for (TwoFactorProfile p : profiles) {
            assertSameProfile(p, load(p.account()));
        }
    }

    /**
     * Checks that an update replaces every field: fields set before and null now come back null,
     * and the other way round.
     */
    @Test
    public void roundTrip_updateToNullsAndBack_replacesEveryField() {
        AccountId account = newAccount();
        insert(fullSmsProfile(account));
        TwoFactorProfile empty = update(TwoFactorProfile.empty(account).withVersion(1));
        assertSameProfile(empty, load(account));
        TwoFactorProfile again = update(fullSmsProfile(account).withVersion(2));
        assertSameProfile(again, load(account));
    }

    /**
     * Checks that secret bytes come back exactly: every byte value 0 to 255, lengths 1 to 255, as
     * TOTP secrets, SMS code hashes and recovery code hashes.
     */
    @Test
    public void roundTrip_secretBytes_keptExactly() {
        AccountId account = newAccount();
        byte[] everyByte = new byte[256];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        List<Secret> codes = new ArrayList<>();
        for (int length : new int[] {1, 2, 16, 20, 32, 48, 64, 100, 255}) {
            codes.add(secret(length, length));
        }
        codes.add(Secret.copyOf(new byte[] {0}));
        codes.add(Secret.copyOf(new byte[] {0, 0, 0}));
        codes.add(Secret.copyOf(Arrays.copyOf(everyByte, 255)));
        codes.add(Secret.copyOf(Arrays.copyOfRange(everyByte, 1, 256)));
        TwoFactorProfile p = profile(account, 1)
                .withTotp(new TotpState(Secret.copyOf(everyByte), T, 1))
                .withPhone(new PhoneState(NUMBER, Verification.UNVERIFIED), null)
                .withSmsChallenge(new SmsChallenge("c", SmsPurpose.VERIFY_NUMBER, NUMBER,
                        Secret.copyOf(new byte[] {(byte) 0xFF, 0, (byte) 0x80, 0x7F}), T, T.plusSeconds(300), 5))
                .withRecoveryCodes(codes);
        insert(p);
        assertSameProfile(p, load(account));
    }

    /**
     * Checks the precision contract for instants: whole milliseconds come back equal, finer instants
     * less than a millisecond off, and {@link Instant#MAX} (a permanent lock) comes back as it was.
     */
    @Test
    public void roundTrip_instants_keptToTheMillisecondAndInstantMaxKept() {
        AccountId fine = newAccount();
        Instant nanos = Instant.parse("2026-03-01T12:00:00.123456789Z");
        Instant micros = Instant.parse("2026-03-01T12:00:00.999999Z");
        TwoFactorProfile p = profile(fine, 1)
                .withTotp(new TotpState(secret(20, 1), nanos, 10))
                .withFailures(new Failures(4, micros, Instant.parse("2026-03-01T13:00:00.000500Z"), 7))
                .withProofs(List.of(new StoredProof(secret(32, 4), Method.TOTP,
                        Instant.parse("2026-03-01T12:00:00.000001Z"))));
        insert(p);
        assertSameProfile(p, load(fine));

        AccountId locked = newAccount();
        TwoFactorProfile permanent = profile(locked, 1).withFailures(new Failures(100, T, Instant.MAX));
        insert(permanent);
        assertSameProfile(permanent, load(locked));
    }

    /**
     * Checks that account ids of every kind come back exactly: non-ASCII letters, quotes, the
     * longest allowed ({@value AccountId#MAX_LENGTH} characters).
     */
    @Test
    public void roundTrip_unusualAccountIds_keptExactly() {
        String prefix = "conformance-" + run + "-" + accounts.incrementAndGet() + "-";
        List<AccountId> ids = List.of(
                AccountId.of(prefix + "zákazník-客户-ünïcødé-😀"),
                AccountId.of(prefix + "O'Brien \"quoted\"; DROP TABLE profiles; --"),
                AccountId.of(prefix + "back\\slash/and spaces"),
                AccountId.of((prefix + "x".repeat(AccountId.MAX_LENGTH)).substring(0, AccountId.MAX_LENGTH)));
        for (int i = 0; i < ids.size(); i++) {
            insert(profile(ids.get(i), 1).withFailures(failures(i + 1)));
        }
        for (int i = 0; i < ids.size(); i++) {
            TwoFactorProfile loaded = load(ids.get(i));
            assertEquals(ids.get(i), loaded.account(), "account id changed in the store");
            assertEquals(i + 1, loaded.failures().consecutive(), "account " + ids.get(i) + " loaded another profile");
        }
    }

    // ------------------------------------------------------------------ compare-and-set

    /** Checks that the first save of an account needs expected version 0 and stores version 1. */
    @Test
    public void compareAndSet_firstInsertWithVersionZero_isSaved() {
        AccountId account = newAccount();
        TwoFactorProfile p = profile(account, 1).withFailures(failures(1));
        assertFalse(store().compareAndSet(1, p.withVersion(2)),
                "a first save with expected version 1 must be refused: nothing is stored yet");
        assertTrue(store().load(account).isEmpty(), "a refused first save wrote something");
        insert(p);
        assertSameProfile(p, load(account));
    }

    /** Checks that a second insert (expected version 0 again) is refused and writes nothing. */
    @Test
    public void compareAndSet_secondInsertWithVersionZero_isRefusedAndWritesNothing() {
        AccountId account = newAccount();
        TwoFactorProfile first = profile(account, 1).withFailures(failures(1));
        insert(first);
        assertFalse(store().compareAndSet(0, profile(account, 1).withFailures(failures(2))),
                "a second insert with expected version 0 must be refused");
        assertSameProfile(first, load(account));
    }

    /**
     * Checks that a stale or future expected version and a second insert are refused and write
     * nothing, and that an update from the stored version still succeeds after them.
     */
    @Test
    public void compareAndSet_staleOrFutureVersion_isRefusedAndWritesNothing() {
        AccountId account = newAccount();
        insert(profile(account, 1));
        TwoFactorProfile v1 = load(account);
        TwoFactorProfile v2 = update(v1.withFailures(failures(1)));
        assertFalse(store().compareAndSet(1, v1.withFailures(failures(50)).withVersion(2)),
                "an update from version 1 must be refused at version 2");
        assertSameProfile(v2, load(account));
        assertFalse(store().compareAndSet(3, v2.withFailures(failures(51)).withVersion(4)),
                "an update from version 3 must be refused at version 2");
        assertFalse(store().compareAndSet(0, profile(account, 1).withFailures(failures(52))),
                "an insert must be refused at version 2");
        assertSameProfile(v2, load(account));
        TwoFactorProfile v3 = update(v2.withFailures(failures(2)));
        assertSameProfile(v3, load(account));
    }

    /** Checks that a second instance ({@link #anotherNode}) sees writes at once and refuses stale ones. */
    @Test
    public void compareAndSet_twoNodes_seeEachOthersWritesAndRefuseStaleOnes() {
        ProfileStore b = node();
        AccountId account = newAccount();
        insert(profile(account, 1));
        TwoFactorProfile seenByB = b.load(account).orElseThrow(() -> new AssertionError("node B does not see A's insert"));
        assertEquals(1, seenByB.version(), "node B sees A's insert with another version");
        update(seenByB.withFailures(failures(1)));
        assertEquals(2, b.load(account).orElseThrow().version(), "node B reads a stale (cached?) profile");
        assertFalse(b.compareAndSet(1, seenByB.withFailures(failures(9)).withVersion(2)),
                "node B's update from a stale version must be refused");
        assertEquals(1, load(account).failures().consecutive(), "node B's refused update changed the profile");
    }

    /**
     * Checks that of many threads inserting one account at once exactly one wins, in many rounds.
     *
     * @throws Exception if a worker thread fails in an unexpected way
     */
    @Test
    public void compareAndSet_concurrentFirstInserts_exactlyOneWins() throws Exception {
        inRounds(round -> {
            AccountId account = newAccount();
            List<Boolean> results = concurrently(i -> () ->
                    storeFor(i).compareAndSet(0, profile(account, 1).withFailures(failures(i + 1))));
            assertEquals(1, count(results), "concurrent inserts of one account: exactly one must win");
            TwoFactorProfile stored = load(account);
            assertEquals(1, stored.version(), "concurrent inserts of one account must leave version 1");
            assertEquals(results.indexOf(Boolean.TRUE) + 1, stored.failures().consecutive(),
                    "the stored profile is not the winning insert's");
        });
    }

    /**
     * Checks that no update is lost: {@link #threads()} threads each make {@link
     * #changesPerThread()} increments of a counter by compare-and-set, retrying on refusal; the
     * final profile counts every successful one, and every load sees the counter and version of
     * one write.
     *
     * @throws Exception if a worker thread fails in an unexpected way
     */
    @Test
    public void compareAndSet_manyThreadsIncrementing_loseNoUpdate() throws Exception {
        AccountId account = newAccount();
        insert(profile(account, 1));
        int perThread = changesPerThread();
        if (perThread < 1) {
            throw new IllegalStateException("changesPerThread() must be 1 or more, was " + perThread);
        }
        List<Integer> saved = concurrently(i -> () -> {
            ProfileStore s = storeFor(i);
            int done = 0;
            while (done < perThread) {
                TwoFactorProfile p = s.load(account).orElseThrow();
                assertEquals(p.version() - 1, p.failures().consecutive(),
                        "a load saw a torn profile: counter and version of different writes");
                if (s.compareAndSet(p.version(), p.withFailures(failures(p.failures().consecutive() + 1))
                        .withVersion(p.version() + 1))) {
                    done++;
                }
            }
            return done;
        });
        int total = saved.stream().mapToInt(Integer::intValue).sum();
        TwoFactorProfile last = load(account);
        // (the version needs no check of its own: every load above saw it one ahead of the counter)
        assertEquals(total, last.failures().consecutive(), "updates were lost: " + total + " writes succeeded");
    }

    // ------------------------------------------------------------------ watermark and challenge

    /** Checks that a writer that read an older version cannot move the TOTP watermark back. */
    @Test
    public void watermark_staleWriterWithLowerStep_cannotMoveItBack() {
        AccountId account = newAccount();
        insert(totpActive(account, 100));
        TwoFactorProfile read = load(account);
        update(read.withTotp(read.totp().withLastAcceptedStep(105)));
        TwoFactorProfile behind = read.withTotp(read.totp().withLastAcceptedStep(103)).withVersion(2);
        assertFalse(store().compareAndSet(1, behind), "a stale writer moved the watermark from 105 back to 103");
        assertEquals(105, load(account).totp().lastAcceptedStep(),
                "a refused stale write moved the watermark from 105 back to 103");
    }

    /**
     * Checks, in many rounds, that when all threads read the same version and each moves the TOTP
     * watermark forward to its own step, exactly one lands and the stored watermark is its step.
     *
     * @throws Exception if a worker thread fails in an unexpected way
     */
    @Test
    public void watermark_concurrentWritersFromOneVersion_exactlyOneLandsAndItMovesForward() throws Exception {
        AccountId account = newAccount();
        insert(totpActive(account, 1000));
        inRounds(round -> {
            TwoFactorProfile read = load(account);
            long watermark = read.totp().lastAcceptedStep();
            CyclicBarrier allRead = new CyclicBarrier(threads());
            List<Boolean> results = concurrently(i -> () -> {
                TwoFactorProfile p = storeFor(i).load(account).orElseThrow();
                allRead.await(timeout().toMillis(), TimeUnit.MILLISECONDS);
                return storeFor(i).compareAndSet(p.version(), p.withTotp(p.totp()
                        .withLastAcceptedStep(p.totp().lastAcceptedStep() + 1 + i)).withVersion(p.version() + 1));
            });
            TwoFactorProfile after = load(account);
            assertEquals(1, count(results), "writers from one version: exactly one must land (round " + round + ")");
            assertEquals(read.version() + 1, after.version(), "the version must count the one successful write");
            assertEquals(watermark + 1 + results.indexOf(Boolean.TRUE), after.totp().lastAcceptedStep(),
                    "the stored watermark is not the winner's");
        });
    }

    /**
     * Checks that when many threads consume one SMS challenge from the same version (as many nodes
     * checking one code at once), exactly one succeeds, in many rounds.
     *
     * @throws Exception if a worker thread fails in an unexpected way
     */
    @Test
    public void smsChallenge_manyThreadsConsumeItFromOneVersion_exactlyOneWins() throws Exception {
        AccountId account = newAccount();
        insert(profile(account, 1).withPhone(new PhoneState(NUMBER, Verification.SMS), null).withActiveMethod(Method.SMS));
        inRounds(round -> {
            TwoFactorProfile issued = update(load(account).withSmsChallenge(new SmsChallenge("round-" + round,
                    SmsPurpose.LOGIN, NUMBER, secret(32, round), T, T.plusSeconds(300), 5)));
            CyclicBarrier allRead = new CyclicBarrier(threads());
            List<Boolean> results = concurrently(i -> () -> {
                TwoFactorProfile mine = storeFor(i).load(account).orElseThrow();
                allRead.await(timeout().toMillis(), TimeUnit.MILLISECONDS);
                assertNotNull(mine.smsChallenge(), "a thread did not see the outstanding challenge");
                return storeFor(i).compareAndSet(mine.version(), mine.withSmsChallenge(null)
                        .withFailures(failures(i + 1)).withVersion(mine.version() + 1));
            });
            assertEquals(1, count(results), "one SMS challenge must be consumed exactly once (round " + round + ")");
            TwoFactorProfile consumed = load(account);
            assertNull(consumed.smsChallenge(), "the consumed challenge is still stored");
            assertEquals(issued.version() + 1, consumed.version(), "the version must count the one consumption");
            assertEquals(results.indexOf(Boolean.TRUE) + 1, consumed.failures().consecutive(),
                    "the stored profile is not the consuming thread's");
        });
    }

    // ------------------------------------------------------------------ end to end through the service

    /**
     * Checks through {@link TwoFactorService} on two nodes that one SMS login code submitted by
     * many threads at the same moment logs in exactly once.
     *
     * @throws Exception if a worker thread fails in an unexpected way
     */
    @Test
    public void service_oneSmsCodeFromManyThreadsOnTwoNodes_acceptedOnce() throws Exception {
        Wiring w = new Wiring();
        AccountId account = newAccount();
        w.nodeA.addNumber(account, "+420 601 123 456");
        assertTrue(w.nodeA.sendVerificationCode(account) instanceof SmsSent, "verification SMS not sent");
        assertTrue(w.nodeB.verifyNumber(account, w.sms.lastCodeTo(NUMBER)).verified(), "number not verified");
        w.nodeA.enableSms(account);
        w.clock.advance(w.smsCodes.resendCooldown());
        assertTrue(w.nodeB.beginLogin(account) instanceof SmsSent, "login SMS not sent");
        String code = w.sms.lastCodeTo(NUMBER);
        List<VerifyResult> results = concurrently(i -> () -> w.nodeFor(i).completeLogin(account, code));
        assertEquals(1, results.stream().filter(VerifyResult::verified).count(),
                "one SMS code must log in exactly once, results: " + results);
    }

    /**
     * Checks through {@link TwoFactorService} on two nodes that one app code submitted by many
     * threads at the same moment logs in exactly once (the others are replays).
     *
     * @throws Exception if a worker thread fails in an unexpected way
     */
    @Test
    public void service_oneAppCodeFromManyThreadsOnTwoNodes_acceptedOnce() throws Exception {
        Wiring w = new Wiring();
        AccountId account = newAccount();
        TotpSetup setup = (TotpSetup) w.nodeA.startTotp(account, "customer@example.com");
        w.app.addAccount(setup.otpauthUri());
        assertTrue(w.nodeB.confirmTotp(account, w.app.currentCode()).verified(), "app not connected");
        w.clock.advance(Duration.ofSeconds(30));
        assertTrue(w.nodeA.beginLogin(account) instanceof AppCodeRequired, "no app code asked at login");
        String code = w.app.currentCode();
        List<VerifyResult> results = concurrently(i -> () -> w.nodeFor(i).completeLogin(account, code));
        assertEquals(1, results.stream().filter(VerifyResult::verified).count(),
                "one app code must log in exactly once, results: " + results);
    }

    /** Two service nodes on the store under test, with real SMS codes and TOTP. */
    private final class Wiring {
        final SettableClock clock = new SettableClock();
        final RecordingSmsSender sms = new RecordingSmsSender();
        final AuthenticatorApp app = new AuthenticatorApp(clock);
        final SmsCodes smsCodes = SmsCodes.builder(sms).issuer("Conformance").build();
        final Totp totp = Totp.builder().issuer("Conformance").build();
        final TwoFactorService nodeA = service(store());
        final TwoFactorService nodeB = service(node());

        private TwoFactorService service(ProfileStore s) {
            return TwoFactorService.builder().store(s).clock(clock).sms(smsCodes).totp(totp).build();
        }

        /** Thread {@code i}'s node, as {@link #storeFor}. */
        TwoFactorService nodeFor(int i) {
            return onFirstNode(i) ? nodeA : nodeB;
        }
    }

    // ------------------------------------------------------------------ helpers

    private synchronized ProfileStore store() {
        if (store == null) {
            store = newStore();
            assertNotNull(store, "newStore() returned null");
        }
        return store;
    }

    private synchronized ProfileStore node() {
        if (node == null) {
            node = anotherNode(store());
            assertNotNull(node, "anotherNode(store) returned null");
        }
        return node;
    }

    /** Whether thread {@code i} works on the first node: the even threads; the odd ones on the second. */
    private static boolean onFirstNode(int i) {
        return i % 2 == 0;
    }

    /** Thread {@code i}'s store: {@link #store()} or {@link #node()}. */
    private ProfileStore storeFor(int i) {
        return onFirstNode(i) ? store() : node();
    }

    private AccountId newAccount() {
        return AccountId.of("conformance-" + run + "-" + accounts.incrementAndGet());
    }

    private void insert(TwoFactorProfile p) {
        assertTrue(store().compareAndSet(0, p), "the first save of " + p.account() + " with expected version 0 failed");
    }

    /** Saves {@code derived} (a change of the stored profile at its version) as the next version. */
    private TwoFactorProfile update(TwoFactorProfile derived) {
        TwoFactorProfile next = derived.withVersion(derived.version() + 1);
        assertTrue(store().compareAndSet(derived.version(), next),
                "an update of " + derived.account() + " from its stored version " + derived.version() + " was refused");
        return next;
    }

    private TwoFactorProfile load(AccountId account) {
        Optional<TwoFactorProfile> loaded = store().load(account);
        assertNotNull(loaded, "load must return an Optional, never null");
        return loaded.orElseThrow(() -> new AssertionError("the saved profile of " + account + " does not load"));
    }

    private static TwoFactorProfile profile(AccountId account, long version) {
        return TwoFactorProfile.empty(account).withVersion(version);
    }

    private static Failures failures(int consecutive) {
        return new Failures(consecutive, T, null);
    }

    private static TwoFactorProfile totpActive(AccountId account, long watermark) {
        return profile(account, 1).withTotp(new TotpState(secret(20, 5), T, watermark)).withActiveMethod(Method.TOTP);
    }

    /**
     * A profile with every component set, SMS active with a pending number and a pending app, a
     * used challenge, a failure epoch and two proofs.
     */
    private static TwoFactorProfile fullSmsProfile(AccountId account) {
        return new TwoFactorProfile(account, 1, Method.SMS,
                new PhoneState(NUMBER, Verification.SMS),
                OTHER_NUMBER,
                new TotpState(secret(20, 11), T.minusSeconds(60), 58_907_520L, -2),
                new SmsChallenge("Zm9vYmFyLWNoYWxsZW5nZQ", SmsPurpose.STEP_UP, OTHER_NUMBER, secret(48, 13),
                        T, T.plus(Duration.ofMinutes(5)), 4, true),
                new Failures(3, T.minusSeconds(10), T.plus(Duration.ofHours(1)), 12),
                List.of(new StoredProof(secret(32, 17), Method.SMS, T.minusSeconds(120)),
                        new StoredProof(secret(32, 18), Method.TOTP, T.minusSeconds(60))),
                List.of(secret(48, 21), secret(48, 22), secret(48, 23)),
                List.of(new StoredDevice("ZGV2aWNlLW9uZS1pZA", secret(32, 25), "Firefox on Windows",
                                T.minusSeconds(3600), T.minusSeconds(5).plusNanos(1_000), T.plus(Duration.ofDays(30))),
                        new StoredDevice("ZGV2aWNlLXR3by1pZA", secret(32, 26), "Telefon – Čeština 😀",
                                T.minusSeconds(1800), T.minusSeconds(1800), T.plus(Duration.ofDays(90)))));
    }

    /**
     * A secret of {@code length} bytes from a seed, with a zero byte in the middle: test data, the
     * same in every run (so {@link Random}, not {@code SecureRandom}).
     */
    private static Secret secret(int length, int seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        bytes[length / 2] = 0;
        return Secret.copyOf(bytes);
    }

    private static int count(List<Boolean> results) {
        return (int) results.stream().filter(Boolean::booleanValue).count();
    }

    /** One round of a concurrency check. */
    private interface Round {
        void run(int round) throws Exception;
    }

    /** Runs a concurrency check's round {@value #ROUNDS} times: a race lost once may be won the next time. */
    private static void inRounds(Round round) throws Exception {
        for (int r = 0; r < ROUNDS; r++) {
            round.run(r);
        }
    }

    /**
     * Runs {@link #threads()} tasks at once (a barrier releases them together) and returns their
     * results in task order; rethrows the first failure.
     */
    private <R> List<R> concurrently(IntFunction<Callable<R>> task) throws Exception {
        int parties = threads();
        if (parties < 2) {
            throw new IllegalStateException("threads() must be 2 or more, was " + parties);
        }
        store();
        node(); // both made here, before the workers read them
        CyclicBarrier start = new CyclicBarrier(parties);
        ExecutorService pool = Executors.newFixedThreadPool(parties);
        long deadline = System.nanoTime() + timeout().toNanos();
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (int i = 0; i < parties; i++) {
                Callable<R> c = task.apply(i);
                futures.add(pool.submit(() -> {
                    start.await(timeout().toMillis(), TimeUnit.MILLISECONDS);
                    return c.call();
                }));
            }
            List<R> results = new ArrayList<>();
            for (Future<R> f : futures) {
                try {
                    results.add(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof Error error) {
                        throw error;
                    }
                    throw cause instanceof Exception ex ? ex : e;
                } catch (TimeoutException e) {
                    fail("the concurrency check did not finish within " + timeout() + " (see timeout())");
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertSameProfile(TwoFactorProfile expected, TwoFactorProfile actual) {
        String of = " of " + expected.account();
        assertEquals(expected.account(), actual.account(), "account" + of);
        assertEquals(expected.version(), actual.version(), "version" + of);
        assertEquals(expected.activeMethod(), actual.activeMethod(), "activeMethod" + of);
        assertEquals(expected.phone(), actual.phone(), "phone" + of);
        assertEquals(expected.pendingNumber(), actual.pendingNumber(), "pendingNumber" + of);
        if (expected.totp() == null) {
            assertNull(actual.totp(), "totp" + of);
        } else {
            assertNotNull(actual.totp(), "totp" + of);
            assertSecret(expected.totp().storedSecret(), actual.totp().storedSecret(), "totp.storedSecret" + of);
            assertInstant(expected.totp().createdAt(), actual.totp().createdAt(), "totp.createdAt" + of);
            assertEquals(expected.totp().lastAcceptedStep(), actual.totp().lastAcceptedStep(),
                    "totp.lastAcceptedStep" + of);
            assertEquals(expected.totp().drift(), actual.totp().drift(), "totp.drift" + of);
        }
        SmsChallenge c = expected.smsChallenge();
        SmsChallenge d = actual.smsChallenge();
        if (c == null) {
            assertNull(d, "smsChallenge" + of);
        } else {
            assertNotNull(d, "smsChallenge" + of);
            assertEquals(c.id(), d.id(), "smsChallenge.id" + of);
            assertEquals(c.purpose(), d.purpose(), "smsChallenge.purpose" + of);
            assertEquals(c.destination(), d.destination(), "smsChallenge.destination" + of);
            assertSecret(c.codeHash(), d.codeHash(), "smsChallenge.codeHash" + of);
            assertInstant(c.issuedAt(), d.issuedAt(), "smsChallenge.issuedAt" + of);
            assertInstant(c.expiresAt(), d.expiresAt(), "smsChallenge.expiresAt" + of);
            assertEquals(c.attemptsLeft(), d.attemptsLeft(), "smsChallenge.attemptsLeft" + of);
            assertEquals(c.used(), d.used(), "smsChallenge.used" + of);
        }
        assertEquals(expected.failures().consecutive(), actual.failures().consecutive(), "failures.consecutive" + of);
        assertInstant(expected.failures().lastFailureAt(), actual.failures().lastFailureAt(),
                "failures.lastFailureAt" + of);
        assertInstant(expected.failures().lockedUntil(), actual.failures().lockedUntil(), "failures.lockedUntil" + of);
        assertEquals(expected.failures().epoch(), actual.failures().epoch(), "failures.epoch" + of);
        assertEquals(expected.proofs().size(), actual.proofs().size(), "proofs.size" + of);
        for (int i = 0; i < expected.proofs().size(); i++) {
            StoredProof e = expected.proofs().get(i);
            StoredProof a = actual.proofs().get(i);
            assertSecret(e.hash(), a.hash(), "proofs[" + i + "].hash (order must be kept)" + of);
            assertEquals(e.factor(), a.factor(), "proofs[" + i + "].factor" + of);
            assertInstant(e.madeAt(), a.madeAt(), "proofs[" + i + "].madeAt" + of);
        }
        assertEquals(expected.recoveryCodes().size(), actual.recoveryCodes().size(), "recoveryCodes.size" + of);
        for (int i = 0; i < expected.recoveryCodes().size(); i++) {
            assertSecret(expected.recoveryCodes().get(i), actual.recoveryCodes().get(i),
                    "recoveryCodes[" + i + "] (order must be kept)" + of);
        }
        assertEquals(expected.trustedDevices().size(), actual.trustedDevices().size(), "trustedDevices.size" + of);
        for (int i = 0; i < expected.trustedDevices().size(); i++) {
            StoredDevice e = expected.trustedDevices().get(i);
            StoredDevice a = actual.trustedDevices().get(i);
            String at = "trustedDevices[" + i + "]";
            assertEquals(e.id(), a.id(), at + ".id (order must be kept)" + of);
            assertSecret(e.tokenHash(), a.tokenHash(), at + ".tokenHash" + of);
            assertEquals(e.label(), a.label(), at + ".label (all of Unicode)" + of);
            assertInstant(e.createdAt(), a.createdAt(), at + ".createdAt" + of);
            assertInstant(e.lastUsedAt(), a.lastUsedAt(), at + ".lastUsedAt" + of);
            assertInstant(e.expiresAt(), a.expiresAt(), at + ".expiresAt" + of);
        }
    }

    /** Secrets are compared with {@link Secret#equals} (constant time); a message never shows bytes. */
    private static void assertSecret(Secret expected, Secret actual, String what) {
        assertEquals(expected.length(), actual.length(), what + ": length in bytes");
        assertTrue(expected.equals(actual), what + ": the bytes differ");
    }

    /** Whole milliseconds must come back equal; finer instants less than a millisecond off. */
    private static void assertInstant(Instant expected, Instant actual, String what) {
        if (expected == null) {
            assertNull(actual, what + " must come back null");
            return;
        }
        assertNotNull(actual, what + " came back null");
        if (expected.equals(Instant.MAX)) {
            assertTrue(!actual.isBefore(Instant.MAX.truncatedTo(ChronoUnit.MILLIS)),
                    what + ": Instant.MAX must come back as Instant.MAX, was " + actual);
        } else if (expected.getNano() % 1_000_000 == 0) {
            assertEquals(expected, actual, what + " (whole milliseconds must come back equal)");
        } else {
            long off = Math.abs(Duration.between(expected, actual).toNanos());
            assertTrue(off < 1_000_000, what + ": " + actual + " is " + off + " ns off " + expected
                    + " (at most under a millisecond allowed)");
        }
    }
}
