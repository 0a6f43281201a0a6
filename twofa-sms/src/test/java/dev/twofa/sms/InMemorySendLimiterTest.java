package dev.twofa.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twofa.sms.SendLimiter.Denied;
import dev.twofa.sms.SendLimiter.Granted;
import dev.twofa.sms.SendLimiter.Reservation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class InMemorySendLimiterTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    private final InMemorySendLimiter limiter = new InMemorySendLimiter();

    @Test
    void tryReserve_underLimit_grantsEach() {
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryReserve("k", 5, HOUR, T0.plusSeconds(i))).isInstanceOf(Granted.class);
        }
    }

    @Test
    void tryReserve_atLimit_deniedUntilOldestLeavesWindow() {
        for (int i = 0; i < 5; i++) {
            limiter.tryReserve("k", 5, HOUR, T0.plusSeconds(i * 60L));
        }

        assertThat(limiter.tryReserve("k", 5, HOUR, T0.plusSeconds(600))).isEqualTo(new Denied("k", T0.plus(HOUR)));
    }

    @Test
    void tryReserve_slidingWindow_grantsExactlyWhenOldestExpires() {
        for (int i = 0; i < 3; i++) {
            limiter.tryReserve("k", 3, HOUR, T0.plusSeconds(i * 600L));
        }
        assertThat(limiter.tryReserve("k", 3, HOUR, T0.plus(HOUR).minusNanos(1))).isInstanceOf(Denied.class);
        assertThat(limiter.tryReserve("k", 3, HOUR, T0.plus(HOUR))).isInstanceOf(Granted.class);
        assertThat(limiter.tryReserve("k", 3, HOUR, T0.plus(HOUR).plusSeconds(1)))
                .isEqualTo(new Denied("k", T0.plusSeconds(600).plus(HOUR)));
    }

    @Test
    void tryReserve_limitLoweredBelowCount_retryAfterWhenEnoughExpired() {
        for (int i = 0; i < 4; i++) {
            limiter.tryReserve("k", 10, HOUR, T0.plusSeconds(i));
        }
        // 4 held, limit now 2: three must leave the window before one more fits, the third-oldest at T0+2s.
        assertThat(limiter.tryReserve("k", 2, HOUR, T0.plusSeconds(10))).isEqualTo(new Denied("k", T0.plusSeconds(2).plus(HOUR)));
    }

    @Test
    void tryReserve_keys_countedIndependently() {
        limiter.tryReserve("a", 1, HOUR, T0);
        assertThat(limiter.tryReserve("a", 1, HOUR, T0)).isInstanceOf(Denied.class);
        assertThat(limiter.tryReserve("b", 1, HOUR, T0)).isInstanceOf(Granted.class);
    }

    @Test
    void tryReserve_reservationsOutOfTimeOrder_retryAfterFromTheOldest() {
        // Nodes with slightly different clocks reserve out of order; the oldest leaves the window first.
        limiter.tryReserve("k", 2, HOUR, T0.plusSeconds(10));
        limiter.tryReserve("k", 2, HOUR, T0);

        assertThat(limiter.tryReserve("k", 2, HOUR, T0.plusSeconds(20)))
                .isEqualTo(new SendLimiter.Denied("k", T0.plus(HOUR)));
    }

    @Test
    void release_granted_freesTheSlot() {
        Granted g = (Granted) limiter.tryReserve("k", 1, HOUR, T0);
        limiter.release(g);
        assertThat(limiter.tryReserve("k", 1, HOUR, T0)).isInstanceOf(Granted.class);
    }

    @Test
    void release_twice_releasesOnlyOnce() {
        Granted first = (Granted) limiter.tryReserve("k", 2, HOUR, T0);
        limiter.tryReserve("k", 2, HOUR, T0);
        limiter.release(first);
        limiter.release(first);

        assertThat(limiter.tryReserve("k", 2, HOUR, T0)).isInstanceOf(Granted.class);
        assertThat(limiter.tryReserve("k", 2, HOUR, T0)).isInstanceOf(Denied.class);
    }

    @Test
    void release_unknownKey_doesNothing() {
        limiter.release(new Granted("never", "1", T0));
        assertThat(limiter.trackedKeys()).isZero();
    }

    @Test
    void granted_ids_areUniquePerKey() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ids.add(((Granted) limiter.tryReserve("k", 100, HOUR, T0)).id());
        }
        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void sweep_keysWhoseEntriesExpired_areForgotten() {
        for (int i = 0; i < 10_000; i++) {
            limiter.tryReserve("key-" + i, 5, HOUR, T0);
        }
        assertThat(limiter.trackedKeys()).isEqualTo(10_000);

        limiter.tryReserve("fresh", 5, HOUR, T0.plus(HOUR).plusSeconds(InMemorySendLimiter.SWEEP_INTERVAL_SECONDS));

        assertThat(limiter.trackedKeys()).isEqualTo(1);
    }

    @Test
    void sweep_entriesStillInWindow_kept() {
        limiter.tryReserve("old", 1, Duration.ofDays(1), T0);
        limiter.tryReserve("other", 1, HOUR, T0.plus(Duration.ofHours(2)));
        assertThat(limiter.trackedKeys()).isEqualTo(2);
        assertThat(limiter.tryReserve("old", 1, Duration.ofDays(1), T0.plus(Duration.ofHours(3)))).isInstanceOf(Denied.class);
    }

    @Test
    void tryReserve_entriesPerKey_neverExceedLimit() {
        for (int i = 0; i < 1000; i++) {
            limiter.tryReserve("k", 5, HOUR, T0);
        }
        // Memory per key is bounded by the limit: releasing the 5 granted leaves the key empty and gone.
        assertThat(limiter.trackedKeys()).isEqualTo(1);
    }

    @Test
    void tryReserve_badArguments_throw() {
        assertThatThrownBy(() -> limiter.tryReserve("k", 0, HOUR, T0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit must be at least 1, was 0");
        assertThatThrownBy(() -> limiter.tryReserve("k", 1, Duration.ZERO, T0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window must be positive");
        assertThatThrownBy(() -> limiter.tryReserve(null, 1, HOUR, T0)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> limiter.tryReserve("k", 1, null, T0)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> limiter.tryReserve("k", 1, HOUR, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> limiter.release(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void toString_showsCountNotKeys() {
        limiter.tryReserve("sms-number:secretish", 1, HOUR, T0);
        assertThat(limiter.toString()).isEqualTo("InMemorySendLimiter[keys=1]");
    }

    @RepeatedTest(5)
    void tryReserve_32ThreadsAtOnce_grantsExactlyLimit() throws Exception {
        int threads = 32;
        CyclicBarrier barrier = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Reservation>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    barrier.await(10, TimeUnit.SECONDS);
                    return limiter.tryReserve("k", 5, HOUR, T0);
                }));
            }
            int granted = 0;
            for (Future<Reservation> f : results) {
                if (f.get(10, TimeUnit.SECONDS) instanceof Granted) {
                    granted++;
                }
            }
            assertThat(granted).isEqualTo(5);
        } finally {
            pool.shutdownNow();
        }
    }

    @RepeatedTest(5)
    void reserveAndRelease_32ThreadsInterleaved_countStaysExact() throws Exception {
        int threads = 32;
        CyclicBarrier barrier = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    barrier.await(10, TimeUnit.SECONDS);
                    for (int n = 0; n < 200; n++) {
                        Reservation r = limiter.tryReserve("k", 3, HOUR, T0);
                        if (r instanceof Granted g) {
                            limiter.release(g);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : results) {
                f.get(30, TimeUnit.SECONDS);
            }
            // Every grant was released: the full limit is free again.
            for (int i = 0; i < 3; i++) {
                assertThat(limiter.tryReserve("k", 3, HOUR, T0)).isInstanceOf(Granted.class);
            }
            assertThat(limiter.tryReserve("k", 3, HOUR, T0)).isInstanceOf(Denied.class);
        } finally {
            pool.shutdownNow();
        }
    }
}
