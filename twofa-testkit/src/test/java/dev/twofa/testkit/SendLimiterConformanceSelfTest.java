package dev.twofa.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.twofa.sms.SendLimiter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The limiter conformance kit catches broken limiters: a plain reference limiter passes every
 * check, and each check fails against a limiter with one typical bug.
 */
class SendLimiterConformanceSelfTest {

    /** A plain, correct limiter; the broken ones below each change one step of it. */
    static class Reference implements SendLimiter {
        private final Map<String, List<Granted>> rows = new HashMap<>();

        @Override
        public Reservation tryReserve(String key, int limit, Duration window, Instant now) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(now, "now");
            if (limit < 1 || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("limit or window");
            }
            String k = keyOf(key);
            Instant at = timeOf(now);
            List<Instant> live;
            synchronized (this) {
                live = live(k, window, at);
            }
            if (live.size() >= limit) {
                return new Denied(key, retryAfter(live, limit, window, at));
            }
            between();
            synchronized (this) {
                if (atomic() && live(k, window, at).size() >= limit) {
                    return new Denied(key, retryAfter(live(k, window, at), limit, window, at));
                }
                Granted g = new Granted(key, newId(), at);
                rows.computeIfAbsent(k, x -> new ArrayList<>()).add(g);
                return g;
            }
        }

        @Override
        public synchronized void release(Granted reservation) {
            Objects.requireNonNull(reservation, "reservation");
            List<Granted> list = rows.getOrDefault(keyOf(reservation.key()), new ArrayList<>());
            remove(list, reservation);
        }

        private List<Instant> live(String key, Duration window, Instant now) {
            List<Instant> times = new ArrayList<>();
            for (Granted g : rows.getOrDefault(key, List.of())) {
                if (counts(g.at(), window, now)) {
                    times.add(g.at());
                }
            }
            times.sort(Comparator.naturalOrder());
            return times;
        }

        synchronized List<String> keys() {
            return new ArrayList<>(rows.keySet());
        }

        String keyOf(String key) {
            return key;
        }

        Instant timeOf(Instant now) {
            return now;
        }

        boolean counts(Instant at, Duration window, Instant now) {
            return now.isBefore(at.plus(window));
        }

        Instant retryAfter(List<Instant> live, int limit, Duration window, Instant now) {
            return live.get(live.size() - limit).plus(window);
        }

        String newId() {
            return UUID.randomUUID().toString();
        }

        void remove(List<Granted> list, Granted reservation) {
            list.removeIf(g -> g.id().equals(reservation.id()));
        }

        /** Runs between the count and the insert: nothing in a correct limiter. */
        void between() {
        }

        /** Whether the insert re-checks the count in the same critical section. */
        boolean atomic() {
            return true;
        }
    }

    private static SendLimiterConformance kitFor(Supplier<SendLimiter> limiters) {
        return new SendLimiterConformance() {
            @Override
            protected SendLimiter newLimiter() {
                return limiters.get();
            }
        };
    }

    private static void fails(SendLimiter limiter, String check, String message) {
        Throwable thrown = catchThrowable(() -> run(kitFor(() -> limiter), check));
        assertThat(thrown).as(check).isInstanceOf(AssertionError.class).hasMessageContaining(message);
    }

    private static void run(SendLimiterConformance kit, String check) throws Throwable {
        try {
            SendLimiterConformance.class.getMethod(check).invoke(kit);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static List<String> checks() {
        return Arrays.stream(SendLimiterConformance.class.getMethods())
                .filter(m -> m.isAnnotationPresent(Test.class)).map(Method::getName).sorted().toList();
    }

    @Test
    void referenceLimiter_passesEveryCheck() throws Throwable {
        assertThat(checks()).hasSize(13);
        for (String check : checks()) {
            run(kitFor(Reference::new), check);
        }
    }

    @Test
    void limiterWithoutLimit_failsTheLimitChecks() {
        SendLimiter noLimit = new Reference() {
            @Override
            boolean counts(Instant at, Duration window, Instant now) {
                return false;
            }
        };
        fails(noLimit, "tryReserve_upToLimit_grantedThenDenied", "must be denied");
        fails(noLimit, "tryReserve_similarKeys_countApart", "must be denied");
        fails(noLimit, "tryReserve_concurrentOnOneKey_exactlyLimitGranted", "exactly 5 must be granted");
    }

    @Test
    void limiterWithWrongRetryAfter_failsTheRetryAfterChecks() {
        SendLimiter nowPlusWindow = new Reference() {
            @Override
            Instant retryAfter(List<Instant> live, int limit, Duration window, Instant now) {
                return now.plus(window);
            }
        };
        fails(nowPlusWindow, "tryReserve_upToLimit_grantedThenDenied", "retryAfter must be when the oldest");
        fails(nowPlusWindow, "tryReserve_windowSlides_eachSlotFreesAtItsTimePlusWindow", "retryAfter of a full window");
    }

    @Test
    void limiterWithRepeatedIds_failsTheIdCheck() {
        SendLimiter sameId = new Reference() {
            @Override
            String newId() {
                return "1";
            }
        };
        fails(sameId, "tryReserve_manyGranted_idsUnique", "given twice under one key");
    }

    @Test
    void limiterThatNeverForgets_failsTheWindowChecks() {
        SendLimiter fixed = new Reference() {
            @Override
            boolean counts(Instant at, Duration window, Instant now) {
                return true;
            }
        };
        fails(fixed, "tryReserve_windowSlides_eachSlotFreesAtItsTimePlusWindow", "no longer counts");
        fails(fixed, "tryReserve_afterManyWindows_keyStartsAfresh", "30 days later");
    }

    @Test
    void limiterCountingTheLastInstantToo_failsTheBoundaryChecks() {
        SendLimiter inclusive = new Reference() {
            @Override
            boolean counts(Instant at, Duration window, Instant now) {
                return !now.isAfter(at.plus(window));
            }
        };
        fails(inclusive, "tryReserve_windowSlides_eachSlotFreesAtItsTimePlusWindow", "no longer counts");
        fails(inclusive, "tryReserve_instantEdges_exactToTheNanosecond", "must no longer count");
    }

    @Test
    void limiterWhoseReleaseDoesNothing_failsTheReleaseCheck() {
        SendLimiter sticky = new Reference() {
            @Override
            void remove(List<Granted> list, Granted reservation) {
                // forgets to delete
            }
        };
        fails(sticky, "release_granted_freesItsSlot", "after the only one was released");
    }

    @Test
    void limiterReleasingAnyReservationOfTheKey_failsTheReleaseChecks() {
        SendLimiter anyOne = new Reference() {
            @Override
            void remove(List<Granted> list, Granted reservation) {
                if (!list.isEmpty()) {
                    list.remove(list.size() - 1);     // a counter decremented, whatever the id
                }
            }
        };
        fails(anyOne, "release_twice_freesOneSlotOnly", "must free one slot, not three");
        fails(anyOne, "release_afterItsWindow_freesNothing", "must not free the slot of a later one");
        fails(anyOne, "release_idOfAnotherKey_freesNothing", "must not free a slot of this key");
    }

    @Test
    void limiterReleasingByIdAcrossKeys_failsTheReleaseCheck() {
        SendLimiter byId = new Reference() {
            @Override
            public synchronized void release(Granted reservation) {
                super.release(reservation);
                for (String k : List.copyOf(keys())) {
                    super.release(new Granted(k, reservation.id(), reservation.at()));
                }
            }
        };
        fails(byId, "release_idOfAnotherKey_freesNothing", "must not free the slot of the reservation with that id");
    }

    @Test
    void limiterFoldingCaseOrSpaces_failsTheKeyCheck() {
        SendLimiter folding = new Reference() {
            @Override
            String keyOf(String key) {
                return key.toLowerCase(Locale.ROOT);
            }
        };
        SendLimiter trimming = new Reference() {
            @Override
            String keyOf(String key) {
                return key.strip();
            }
        };
        SendLimiter cutting = new Reference() {
            @Override
            String keyOf(String key) {
                return key.length() > 63 ? key.substring(0, 63) : key;    // a column one character short
            }
        };
        for (SendLimiter limiter : List.of(folding, trimming, cutting)) {
            fails(limiter, "tryReserve_similarKeys_countApart", "the first reservation under");
        }
    }

    @Test
    void limiterThatChecksThenActs_failsTheConcurrencyChecks() {
        // Every thread counts before any inserts: the lost update a non-atomic limiter has, made certain.
        Supplier<SendLimiter> racy = () -> new Reference() {
            private final CyclicBarrier allCounted = new CyclicBarrier(32);

            @Override
            void between() {
                try {
                    allCounted.await(2, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (BrokenBarrierException | TimeoutException e) {
                    // fewer threads: go on
                }
            }

            @Override
            boolean atomic() {
                return false;
            }
        };
        assertThatThrownBy(() -> run(kitFor(racy), "tryReserve_concurrentOnOneKey_exactlyLimitGranted"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("exactly 5 must be granted");
        assertThatThrownBy(() -> run(kitFor(racy), "tryReserveAndRelease_concurrentOnOneKey_neverMoreThanLimit"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("at most 4 may");
    }

    @Test
    void limiterKeepingMilliseconds_failsTheInstantCheck() {
        SendLimiter millis = new Reference() {
            @Override
            Instant timeOf(Instant now) {
                return now.truncatedTo(ChronoUnit.MILLIS);
            }
        };
        SendLimiter epochMillis = new Reference() {
            @Override
            Instant timeOf(Instant now) {
                return Instant.ofEpochMilli(now.toEpochMilli());     // overflows near Instant.MAX
            }
        };
        fails(millis, "tryReserve_instantEdges_exactToTheNanosecond", "exactly the now asked at");
        assertThat(catchThrowable(() -> run(kitFor(() -> epochMillis), "tryReserve_instantEdges_exactToTheNanosecond")))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void limiterAcceptingBadArguments_failsTheInputCheck() {
        SendLimiter lax = new SendLimiter() {
            private final Reference inner = new Reference();

            @Override
            public Reservation tryReserve(String key, int limit, Duration window, Instant now) {
                return inner.tryReserve(key, Math.max(1, limit), window, now);
            }

            @Override
            public void release(Granted reservation) {
                inner.release(reservation);
            }
        };
        fails(lax, "tryReserve_badArguments_refusedAndCountNothing", "limit 0");
    }
}
