package dev.twofa.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.twofa.sms.SendLimiter;
import dev.twofa.sms.SendLimiter.Denied;
import dev.twofa.sms.SendLimiter.Granted;
import dev.twofa.sms.SendLimiter.Reservation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * Checks that a {@link SendLimiter} keeps the contract twofa-sms's resend cooldown and send limits
 * rest on. A host that writes or configures a shared limiter (a database table, Redis) extends this
 * class in its test sources and returns it from {@link #newLimiter()}:
 *
 * <pre>{@code
 * class RedisSendLimiterTest extends SendLimiterConformance {
 *     @Override
 *     protected SendLimiter newLimiter() {
 *         return new RedisSendLimiter(redis);        // the host's limiter, on a test server
 *     }
 *
 *     @Override
 *     protected SendLimiter anotherNode(SendLimiter limiter) {
 *         return new RedisSendLimiter(otherClient);  // a second instance on the same data
 *     }
 * }
 * }</pre>
 *
 * <p>The checks are JUnit Jupiter {@code @Test} methods using only {@code org.junit.jupiter.api},
 * so they run on the host's JUnit 5.x or 6.x. They check:
 *
 * <ul>
 *   <li>per key at most {@code limit} reservations are granted within a window, and a denial says
 *       exactly when a slot frees up (the oldest reservation's time plus the window);
 *   <li>the window slides: a reservation made at {@code t} counts while {@code now < t + window},
 *       to the nanosecond, and each slot frees on its own;
 *   <li>{@code release} frees exactly the slot released: a second release, or the release of a
 *       reservation that already left its window, frees nothing more;
 *   <li>keys are independent and compared exactly (case, a trailing space, a prefix, 64
 *       characters);
 *   <li>{@link #threads()} threads, half of them through {@link #anotherNode}, reserving under one
 *       key at the same moment are granted exactly {@code limit} slots, also while others release;
 *   <li>instants before 1970, with nanoseconds, and a year after {@link Instant#MIN} and before
 *       {@link Instant#MAX} work;
 *   <li>bad arguments are refused with the documented exception and count nothing.
 * </ul>
 *
 * <p><b>Test data.</b> Each check uses fresh random keys ({@code lc-<random>-<n>}, at most 64 ASCII
 * characters), so the limiter may be backed by a shared test database and need not be emptied.
 * {@link #newLimiter()} is called at most once per check, lazily, after the host's {@code
 * @BeforeEach} methods.
 *
 * <p>Thread-safety: each check starts its own worker threads; the class holds no static state and
 * its per-instance state is thread-safe.
 */
public abstract class SendLimiterConformance {

    private static final Instant T = Instant.parse("2026-03-01T12:00:00.123456789Z");
    private static final Duration HOUR = Duration.ofHours(1);

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicInteger keys = new AtomicInteger();
    private volatile SendLimiter limiter;
    private volatile SendLimiter node;

    /** Creates the conformance checks; called by JUnit through the host's subclass. */
    protected SendLimiterConformance() {
    }

    /**
     * Returns the limiter to check. Called at most once per check.
     *
     * @return the host's limiter, ready to use
     */
    protected abstract SendLimiter newLimiter();

    /**
     * Returns a second instance of the limiter on the same data, as another application node would
     * have. The concurrency checks send half their threads through it. Default: the same instance
     * (right for an in-memory limiter; a shared one should return a new instance on the same data).
     *
     * @param limiter the limiter from {@link #newLimiter()}
     * @return a limiter sharing its counts
     */
    protected SendLimiter anotherNode(SendLimiter limiter) {
        return limiter;
    }

    /**
     * Returns how many threads the concurrency checks run at once. Default 32.
     *
     * @return threads, 2 or more
     */
    protected int threads() {
        return 32;
    }

    /**
     * Returns how long one concurrency check may take before it fails. Default 2 minutes.
     *
     * @return the time limit
     */
    protected Duration timeout() {
        return Duration.ofMinutes(2);
    }

    // ------------------------------------------------------------------ the limit

    /** Checks that at most {@code limit} reservations are granted per window, then denied with the time a slot frees. */
    @Test
    public void tryReserve_upToLimit_grantedThenDenied() {
        String key = newKey();
        for (int i = 0; i < 3; i++) {
            Granted g = granted(limiter().tryReserve(key, 3, HOUR, T.plusSeconds(i)), "reservation " + (i + 1) + " of 3");
            assertEquals(key, g.key(), "Granted.key must be the key asked for");
            assertEquals(T.plusSeconds(i), g.at(), "Granted.at must be the now asked at");
        }
        Denied d = denied(limiter().tryReserve(key, 3, HOUR, T.plusSeconds(10)), "a 4th reservation with limit 3");
        assertEquals(key, d.key(), "Denied.key must be the key asked for");
        assertEquals(T.plus(HOUR), d.retryAfter(),
                "retryAfter must be when the oldest reservation leaves the window (its time plus the window)");
        denied(limiter().tryReserve(key, 3, HOUR, T.plusSeconds(11)), "a denial must not free a slot");
        granted(limiter().tryReserve(key, 4, HOUR, T.plusSeconds(12)), "a higher limit on the same key");
    }

    /** Checks that granted reservations have ids unique under their key. */
    @Test
    public void tryReserve_manyGranted_idsUnique() {
        String key = newKey();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            Granted g = granted(limiter().tryReserve(key, 20, HOUR, T), "reservation " + (i + 1) + " of 20");
            assertNotNull(g.id(), "Granted.id");
            assertTrue(ids.add(g.id()), "Granted.id " + g.id() + " given twice under one key");
        }
    }

    // ------------------------------------------------------------------ the sliding window

    /**
     * Checks that the window slides: a reservation at {@code t} counts while {@code now < t +
     * window}, to the nanosecond, and the slots free one by one, each at its own time.
     */
    @Test
    public void tryReserve_windowSlides_eachSlotFreesAtItsTimePlusWindow() {
        String key = newKey();
        Duration window = Duration.ofSeconds(60);
        granted(limiter().tryReserve(key, 2, window, T), "first of 2");
        granted(limiter().tryReserve(key, 2, window, T.plusSeconds(10)), "second of 2");
        Denied d = denied(limiter().tryReserve(key, 2, window, T.plus(window).minusNanos(1)),
                "a reservation 1 ns before the first leaves its window");
        assertEquals(T.plus(window), d.retryAfter(), "retryAfter of a full window");
        granted(limiter().tryReserve(key, 2, window, T.plus(window)),
                "a reservation at t + window: the one made at t no longer counts");
        Denied again = denied(limiter().tryReserve(key, 2, window, T.plus(window).plusSeconds(1)),
                "only one slot frees at t + window (the one at t + 10 s still counts)");
        assertEquals(T.plusSeconds(10).plus(window), again.retryAfter(),
                "retryAfter must be when the now oldest reservation leaves the window");
        granted(limiter().tryReserve(key, 2, window, T.plusSeconds(10).plus(window)),
                "the second slot frees at its own time plus the window");
    }

    /** Checks that a reservation long out of its window counts for nothing: the key starts afresh. */
    @Test
    public void tryReserve_afterManyWindows_keyStartsAfresh() {
        String key = newKey();
        for (int i = 0; i < 3; i++) {
            granted(limiter().tryReserve(key, 3, HOUR, T), "reservation " + (i + 1) + " of 3");
        }
        Instant later = T.plus(Duration.ofDays(30));
        for (int i = 0; i < 3; i++) {
            granted(limiter().tryReserve(key, 3, HOUR, later), "30 days later, reservation " + (i + 1) + " of 3");
        }
        denied(limiter().tryReserve(key, 3, HOUR, later), "30 days later, a 4th with limit 3");
    }

    // ------------------------------------------------------------------ release

    /** Checks that a released reservation no longer counts. */
    @Test
    public void release_granted_freesItsSlot() {
        String key = newKey();
        Granted g = granted(limiter().tryReserve(key, 1, HOUR, T), "first of 1");
        denied(limiter().tryReserve(key, 1, HOUR, T.plusSeconds(1)), "a second with limit 1");
        limiter().release(g);
        granted(limiter().tryReserve(key, 1, HOUR, T.plusSeconds(2)), "a reservation after the only one was released");
    }

    /** Checks that releasing twice frees one slot only, and that a release on another instance counts. */
    @Test
    public void release_twice_freesOneSlotOnly() {
        String key = newKey();
        Granted a = granted(limiter().tryReserve(key, 2, HOUR, T), "first of 2");
        granted(limiter().tryReserve(key, 2, HOUR, T.plusSeconds(1)), "second of 2");
        limiter().release(a);
        node().release(a);
        limiter().release(a);
        granted(limiter().tryReserve(key, 2, HOUR, T.plusSeconds(2)), "one slot freed by the release");
        denied(limiter().tryReserve(key, 2, HOUR, T.plusSeconds(3)),
                "releasing one reservation three times must free one slot, not three");
    }

    /** Checks that releasing a reservation that already left its window frees nothing. */
    @Test
    public void release_afterItsWindow_freesNothing() {
        String key = newKey();
        Granted old = granted(limiter().tryReserve(key, 1, HOUR, T), "first of 1");
        Instant later = T.plus(HOUR);
        granted(limiter().tryReserve(key, 1, HOUR, later), "one at t + window");
        limiter().release(old);
        denied(limiter().tryReserve(key, 1, HOUR, later.plusSeconds(1)),
                "releasing a reservation that left its window must not free the slot of a later one");
    }

    /**
     * Checks that a release frees only the reservation it names: an id of another key's reservation
     * frees nothing under either key.
     */
    @Test
    public void release_idOfAnotherKey_freesNothing() {
        String key = newKey();
        String other = newKey();
        Granted g = granted(limiter().tryReserve(key, 1, HOUR, T), "first of 1 under key");
        granted(limiter().tryReserve(other, 1, HOUR, T), "first of 1 under other");
        limiter().release(new Granted(other, g.id(), g.at()));
        denied(limiter().tryReserve(other, 1, HOUR, T.plusSeconds(1)),
                "a release naming another key's reservation id must not free a slot of this key");
        denied(limiter().tryReserve(key, 1, HOUR, T.plusSeconds(1)),
                "a release under another key must not free the slot of the reservation with that id");
    }

    // ------------------------------------------------------------------ keys

    /**
     * Checks that keys are independent and compared exactly: keys differing in case, by a trailing
     * space or a prefix, and keys of 64 characters count apart.
     */
    @Test
    public void tryReserve_similarKeys_countApart() {
        String base = newKey() + "aB";
        String longest = (base + "x".repeat(64)).substring(0, 64);
        List<String> similar = List.of(base, base.toLowerCase(java.util.Locale.ROOT),
                base.toUpperCase(java.util.Locale.ROOT), base + " ", base.substring(0, base.length() - 1), base + "_",
                base + "%", longest, longest.substring(0, 63) + "y");
        for (String key : similar) {
            granted(limiter().tryReserve(key, 1, HOUR, T), "the first reservation under \"" + key + "\"");
        }
        for (String key : similar) {
            denied(limiter().tryReserve(key, 1, HOUR, T), "a second reservation under \"" + key + "\" with limit 1");
        }
    }

    // ------------------------------------------------------------------ concurrency

    /**
     * Checks that of {@link #threads()} threads reserving under one key at the same moment, half
     * through {@link #anotherNode}, exactly {@code limit} are granted, in several rounds.
     *
     * @throws Exception if a worker thread fails in an unexpected way
     */
    @Test
    public void tryReserve_concurrentOnOneKey_exactlyLimitGranted() throws Exception {
        for (int round = 0; round < 3; round++) {
            String key = newKey();
            int limit = 5;
            List<Reservation> outcomes = concurrently(threads(),
                    i -> () -> limiterOf(i).tryReserve(key, limit, HOUR, T.plusNanos(i)));
            long grantedCount = outcomes.stream().filter(Granted.class::isInstance).count();
            assertEquals(limit, grantedCount, "of " + threads() + " concurrent reservations with limit " + limit
                    + " exactly " + limit + " must be granted (round " + round + ")");
            assertEquals(limit, outcomes.stream().filter(Granted.class::isInstance).map(r -> ((Granted) r).id())
                    .distinct().count(), "the granted reservations must have distinct ids");
            denied(limiter().tryReserve(key, limit, HOUR, T.plusSeconds(1)), "after the race the key is full");
        }
    }

    /**
     * Checks that concurrent releases and reservations under one key keep the count: each thread
     * reserves, releases, and reserves again; at most {@code limit} hold a slot at the end.
     *
     * @throws Exception if a worker thread fails in an unexpected way
     */
    @Test
    public void tryReserveAndRelease_concurrentOnOneKey_neverMoreThanLimit() throws Exception {
        String key = newKey();
        int limit = 4;
        List<Integer> held = concurrently(threads(), i -> () -> {
            SendLimiter l = limiterOf(i);
            int holding = 0;
            Reservation first = l.tryReserve(key, limit, HOUR, T);
            if (first instanceof Granted g) {
                l.release(g);
            }
            if (l.tryReserve(key, limit, HOUR, T.plusNanos(1)) instanceof Granted) {
                holding++;
            }
            return holding;
        });
        int total = held.stream().mapToInt(Integer::intValue).sum();
        assertTrue(total <= limit, total + " threads hold a slot at the end, at most " + limit + " may");
        assertTrue(total >= 1, "no thread holds a slot at the end: released slots must be reusable");
        Reservation after = limiter().tryReserve(key, limit, HOUR, T.plusSeconds(1));
        assertEquals(total < limit, after instanceof Granted,
                "the limiter's count must agree with the grants returned (" + total + " held, limit " + limit + ")");
    }

    // ------------------------------------------------------------------ instants

    /**
     * Checks instants off the common path: before 1970 with nanoseconds, and a year after {@link
     * Instant#MIN} and before {@link Instant#MAX}.
     */
    @Test
    public void tryReserve_instantEdges_exactToTheNanosecond() {
        Duration window = Duration.ofMinutes(5);
        Instant before1970 = Instant.parse("1969-12-31T23:59:59.999999999Z");
        Instant nearMax = Instant.MAX.minus(Duration.ofDays(365));
        Instant nearMin = Instant.MIN.plus(Duration.ofDays(365));
        for (Instant at : List.of(nearMax, before1970, nearMin, Instant.EPOCH)) {
            String key = newKey();
            Granted g = granted(limiter().tryReserve(key, 1, window, at), "a reservation at " + at);
            assertEquals(at, g.at(), "Granted.at must be exactly the now asked at");
            Instant lastCounted = at.plus(window).minusNanos(1);
            Denied d = denied(limiter().tryReserve(key, 1, window, lastCounted),
                    "a reservation made at " + at + " must still count at " + lastCounted);
            assertEquals(at.plus(window), d.retryAfter(), "retryAfter of a reservation at " + at);
            granted(limiter().tryReserve(key, 1, window, at.plus(window)),
                    "a reservation made at " + at + " must no longer count at " + at.plus(window));
        }
    }

    // ------------------------------------------------------------------ bad input

    /** Checks that bad arguments are refused with the documented exceptions and count nothing. */
    @Test
    public void tryReserve_badArguments_refusedAndCountNothing() {
        String key = newKey();
        SendLimiter l = limiter();
        assertThrows(NullPointerException.class, () -> l.tryReserve(null, 1, HOUR, T), "a null key");
        assertThrows(NullPointerException.class, () -> l.tryReserve(key, 1, null, T), "a null window");
        assertThrows(NullPointerException.class, () -> l.tryReserve(key, 1, HOUR, null), "a null now");
        assertThrows(IllegalArgumentException.class, () -> l.tryReserve(key, 0, HOUR, T), "limit 0");
        assertThrows(IllegalArgumentException.class, () -> l.tryReserve(key, -1, HOUR, T), "limit -1");
        assertThrows(IllegalArgumentException.class, () -> l.tryReserve(key, 1, Duration.ZERO, T), "a zero window");
        assertThrows(IllegalArgumentException.class, () -> l.tryReserve(key, 1, Duration.ofSeconds(-1), T),
                "a negative window");
        assertThrows(NullPointerException.class, () -> l.release(null), "release(null)");
        granted(l.tryReserve(key, 1, HOUR, T), "the first reservation after refused calls (they must count nothing)");
    }

    // ------------------------------------------------------------------ helpers

    private SendLimiter limiter() {
        SendLimiter l = limiter;
        if (l == null) {
            synchronized (this) {
                if (limiter == null) {
                    limiter = newLimiter();
                    if (limiter == null) {
                        fail("newLimiter() returned null");
                    }
                }
                l = limiter;
            }
        }
        return l;
    }

    private SendLimiter node() {
        SendLimiter n = node;
        if (n == null) {
            synchronized (this) {
                if (node == null) {
                    node = anotherNode(limiter());
                }
                n = node;
            }
        }
        return n;
    }

    private SendLimiter limiterOf(int thread) {
        return thread % 2 == 0 ? limiter() : node();
    }

    /** A fresh key of at most 40 ASCII characters, so a check may append to it within 64. */
    private String newKey() {
        return "lc-" + run + "-" + keys.incrementAndGet();
    }

    private static Granted granted(Reservation r, String what) {
        assertNotNull(r, what + ": tryReserve returned null");
        return assertInstanceOf(Granted.class, r, what + " must be granted, was " + r);
    }

    private static Denied denied(Reservation r, String what) {
        assertNotNull(r, what + ": tryReserve returned null");
        return assertInstanceOf(Denied.class, r, what + " must be denied, was " + r);
    }

    /** Runs {@code parties} tasks released together by a barrier; returns results in task order. */
    private <T> List<T> concurrently(int parties, IntFunction<Callable<T>> task) throws Exception {
        if (parties < 2) {
            throw new IllegalStateException("threads() must be 2 or more, was " + parties);
        }
        limiter();
        node();
        CyclicBarrier start = new CyclicBarrier(parties);
        ExecutorService pool = Executors.newFixedThreadPool(parties);
        long deadline = System.nanoTime() + timeout().toNanos();
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < parties; i++) {
                Callable<T> c = task.apply(i);
                futures.add(pool.submit(() -> {
                    start.await(timeout().toMillis(), TimeUnit.MILLISECONDS);
                    return c.call();
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
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
}
