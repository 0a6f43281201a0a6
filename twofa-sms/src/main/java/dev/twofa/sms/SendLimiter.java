package dev.twofa.sms;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Counts SMS sends per key in a sliding time window: the SPI behind the cooldowns and the send
 * limits of {@link SmsCodes}.
 *
 * <p>{@link SmsCodes} reserves one slot per limit <em>before</em> it calls the {@link SmsSender}: a
 * cooldown slot for the account (limit 1 per resend cooldown); for a login or step-up code one for
 * the account and its own number; for a verification code one cooldown slot for the number and
 * one slot each for the number and its prefix across all accounts; and one for the account (see
 * {@link SmsCodes#issue}). It releases them if the send is refused by a later limit or fails, so
 * such a send is not counted. A key is an opaque string of at most 64 ASCII characters; it never
 * contains a phone number or an account id in clear (they appear as HMAC-SHA256 pseudonyms under
 * the host's {@link SmsCodes.Builder#hashKey}, which a host's limiter requires), so a shared
 * implementation may store and log keys.
 *
 * <p><b>Failures.</b> An implementation that cannot count (its storage is down) throws any runtime
 * exception from {@link #tryReserve}; it must not grant a slot it did not record. {@link SmsCodes}
 * then releases the slots it already holds for that send, sends nothing and throws a {@link
 * SendLimitException} with the failure as its cause, so nothing is sent and nothing stays counted.
 * Returning null is treated the same. A {@link #release} that throws is logged and ignored: the
 * slot stays counted until it leaves its window (fails closed).
 *
 * <p><b>Many nodes need a shared implementation.</b> The default, {@link InMemorySendLimiter},
 * counts inside one JVM: behind a load balancer with N application nodes each node counts on its
 * own and an attacker gets N times every limit, and concurrent sends for one account on N nodes
 * all pass the resend cooldown. A host with more than one node plugs in an implementation over
 * shared storage, for example a Redis sorted set per key (in one script: remove
 * members older than {@code now - window}, count, add {@code id} scored {@code at} if under the
 * limit; release is {@code ZREM key id}) or a database table with one row per granted reservation.
 *
 * <p>Thread-safety: implementations must be thread-safe, and {@link #tryReserve} must be atomic per
 * key: when many threads (or nodes) reserve under one key at once, at most {@code limit} reservations
 * may be granted within a window.
 */
public interface SendLimiter {

    /**
     * Grants one slot under the key if fewer than {@code limit} granted, unreleased reservations
     * were made within the window ending at {@code now} (a reservation made at {@code t} counts while
     * {@code now < t + window}); otherwise denies and says when a slot frees up.
     *
     * @param key what is counted (a number or an account, as a pseudonym)
     * @param limit the most reservations within a window, at least 1
     * @param window the length of the sliding window, positive
     * @param now the current time
     * @return {@link Granted} with a reservation to {@link #release}, or {@link Denied} with the time
     *     a slot frees up
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if limit is below 1 or window not positive
     */
    Reservation tryReserve(String key, int limit, Duration window, Instant now);

    /**
     * Undoes a granted reservation, so it no longer counts. Releasing a reservation twice, or one
     * that already left its window, does nothing.
     *
     * @param reservation a reservation this limiter granted
     * @throws NullPointerException if reservation is null
     */
    void release(Granted reservation);

    /**
     * Checks the arguments of {@link #tryReserve} as its contract states: for implementations, so
     * every limiter refuses the same misuse the same way.
     *
     * @param key what is counted
     * @param limit the most reservations within a window
     * @param window the length of the window
     * @param now the current time
     * @throws NullPointerException if key, window or now is null
     * @throws IllegalArgumentException if limit is below 1 or window not positive
     */
    static void checkArguments(String key, int limit, Duration window, Instant now) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(now, "now");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
    }

    /**
     * The outcome of {@link #tryReserve}: {@link Granted} or {@link Denied}.
     *
     * <p>Implementations are immutable and thread-safe.
     */
    sealed interface Reservation permits Granted, Denied {

        /**
         * Returns the key the reservation was asked for.
         *
         * @return the key
         */
        String key();
    }

    /**
     * A slot was reserved and counts until it leaves the window or is released.
     *
     * @param key the key it counts under
     * @param id an id unique among this key's reservations, used by {@link #release}
     * @param at when it was reserved
     *     <p>Immutable and thread-safe.
     */
    record Granted(String key, String id, Instant at) implements Reservation {

        /**
         * Validates the components.
         *
         * @throws NullPointerException if a component is null
         */
        public Granted {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * No slot was free.
     *
     * @param key the key that is at its limit
     * @param retryAfter when a slot frees up, later than the {@code now} asked about
     *     <p>Immutable and thread-safe.
     */
    record Denied(String key, Instant retryAfter) implements Reservation {

        /**
         * Validates the components.
         *
         * @throws NullPointerException if a component is null
         */
        public Denied {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }
}
