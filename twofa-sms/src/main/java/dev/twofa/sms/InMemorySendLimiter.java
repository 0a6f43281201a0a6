package dev.twofa.sms;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts sends in memory, for one node: the default {@link SendLimiter} of {@link SmsCodes}.
 *
 * <p>Keeps, per key, the times of the granted reservations inside the key's sliding window. Memory
 * stays bounded: a key holds at most {@code limit} entries, entries older than the window are
 * dropped whenever the key is touched, and at most once a minute (of the {@code now} passed in) a
 * sweep drops old entries of every key and forgets keys left empty. So memory is proportional to
 * the keys that had a send within their window.
 *
 * <p>Counts are lost on restart and are not shared between JVMs: an application on more than one
 * node needs a shared {@link SendLimiter} (see there).
 *
 * <p>Thread-safety: thread-safe; reservations under one key are atomic (each key's window changes
 * only inside {@link ConcurrentHashMap#compute}).
 */
public final class InMemorySendLimiter implements SendLimiter {

    /** How often (by the callers' {@code now}) all keys are swept of old entries, in seconds. */
    public static final int SWEEP_INTERVAL_SECONDS = 60;

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();
    private final AtomicReference<Instant> lastSweep = new AtomicReference<>(Instant.MIN);

    /** Creates an empty limiter. */
    public InMemorySendLimiter() {
        // nothing counted yet
    }

    /**
     * {@inheritDoc}
     *
     * <p>Thread-safe and atomic per key.
     */
    @Override
    public Reservation tryReserve(String key, int limit, Duration window, Instant now) {
        SendLimiter.checkArguments(key, limit, window, now);
        Reservation[] outcome = new Reservation[1];
        windows.compute(key, (k, current) -> {
            Window w = current == null ? new Window() : current;
            w.length = window;
            w.evictUpTo(now.minus(window));
            if (w.size() >= limit) {
                outcome[0] = new Denied(key, w.freeSlotAt(limit));
            } else {
                Granted granted = new Granted(key, Long.toString(nextId.incrementAndGet()), now);
                w.add(granted);
                outcome[0] = granted;
            }
            return w.size() == 0 ? null : w;
        });
        sweepIfDue(now);
        return outcome[0];
    }

    /**
     * {@inheritDoc}
     *
     * <p>Thread-safe and idempotent.
     */
    @Override
    public void release(Granted reservation) {
        Objects.requireNonNull(reservation, "reservation");
        windows.computeIfPresent(reservation.key(), (k, w) -> {
            w.remove(reservation.id());
            return w.size() == 0 ? null : w;
        });
    }

    /** Returns the number of keys with entries held, for tests of the memory bound. */
    int trackedKeys() {
        return windows.size();
    }

    /** Returns a description with the number of keys held; keys are not shown. */
    @Override
    public String toString() {
        return "InMemorySendLimiter[keys=" + windows.size() + "]";
    }

    private void sweepIfDue(Instant now) {
        Instant last = lastSweep.get();
        if (now.isBefore(last.plusSeconds(SWEEP_INTERVAL_SECONDS)) || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        for (String key : windows.keySet()) {
            windows.computeIfPresent(key, (k, w) -> {
                w.evictUpTo(now.minus(w.length));
                return w.size() == 0 ? null : w;
            });
        }
    }

    /** The granted reservations of one key. Touched only inside the map's atomic compute methods. */
    private static final class Window {
        private final List<Granted> entries = new ArrayList<>(4);
        private Duration length;

        int size() {
            return entries.size();
        }

        void add(Granted granted) {
            entries.add(granted);
        }

        void remove(String id) {
            entries.removeIf(g -> g.id().equals(id));
        }

        void evictUpTo(Instant cutoff) {
            entries.removeIf(g -> !g.at().isAfter(cutoff));
        }

        /** Returns when enough entries have left the window that one more fits under the limit. */
        Instant freeSlotAt(int limit) {
            Instant[] times = entries.stream().map(Granted::at).toArray(Instant[]::new);
            Arrays.sort(times);
            return times[times.length - limit].plus(length);
        }
    }
}
