package dev.twofa.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How consecutive failed code checks slow down and then lock an account's second factor. The
 * count lives in the store, so it holds across sessions and nodes, and covers every entry point
 * that checks a code: login, app enrollment, number verification, step-up and recovery codes.
 *
 * <p>With the {@linkplain #defaults() defaults}: no delay for the first {@value
 * #DEFAULT_FREE_FAILURES} failures, then 2^(n-3) seconds after the n-th, capped at 15 minutes;
 * after {@value #DEFAULT_LOCK_AFTER} consecutive failures the second factor is locked for 1 hour or
 * until the host resets it. While the count stays at or above {@code lockAfter}, every further
 * failure locks again for {@code lockDuration}. At {@value #DEFAULT_PERMANENT_LOCK_AFTER}
 * consecutive failures (NIST SP 800-63B 5.2.2: never more than 100) only a host reset unlocks.
 *
 * @param freeFailures failures without delay, 0 to 10
 * @param maxDelay the cap of the growing delay, 1 s to 1 h
 * @param lockAfter consecutive failures that lock, 1 to 20 and more than {@code freeFailures}
 * @param lockDuration how long a lock lasts, 1 min to 24 h
 * @param permanentLockAfter consecutive failures after which only a host reset unlocks, from
 *     {@code lockAfter} to 100
 *     <p>Immutable and thread-safe.
 */
public record LockoutPolicy(int freeFailures, Duration maxDelay, int lockAfter, Duration lockDuration,
        int permanentLockAfter) {

    /** Failures without delay by default. */
    public static final int DEFAULT_FREE_FAILURES = 3;

    /** Consecutive failures that lock by default. */
    public static final int DEFAULT_LOCK_AFTER = 10;

    /**
     * Consecutive failures after which only a host reset unlocks, by default: low enough that the
     * chance to guess a 6-digit app code (3 accepted per try) over all of them stays under 1 in
     * 10,000 ({@link GuessingPolicy}).
     */
    public static final int DEFAULT_PERMANENT_LOCK_AFTER = 30;

    /** The most consecutive failures a policy may allow before the permanent lock (NIST SP 800-63B 5.2.2). */
    public static final int MAX_PERMANENT_LOCK_AFTER = 100;

    /**
     * Validates the bounds.
     *
     * @throws IllegalArgumentException naming the value out of bounds
     */
    public LockoutPolicy {
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(lockDuration, "lockDuration");
        if (freeFailures < 0 || freeFailures > 10) {
            throw new IllegalArgumentException("freeFailures must be 0 to 10, was " + freeFailures);
        }
        if (maxDelay.compareTo(Duration.ofSeconds(1)) < 0 || maxDelay.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("maxDelay must be 1 s to 1 h, was " + maxDelay);
        }
        if (lockAfter < 1 || lockAfter > 20 || lockAfter <= freeFailures) {
            throw new IllegalArgumentException(
                    "lockAfter must be 1 to 20 and more than freeFailures, was " + lockAfter);
        }
        if (lockDuration.compareTo(Duration.ofMinutes(1)) < 0 || lockDuration.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("lockDuration must be 1 min to 24 h, was " + lockDuration);
        }
        if (permanentLockAfter < lockAfter || permanentLockAfter > MAX_PERMANENT_LOCK_AFTER) {
            throw new IllegalArgumentException(
                    "permanentLockAfter must be lockAfter to 100, was " + permanentLockAfter);
        }
    }

    /**
     * Returns the default policy: 3 free failures, delays capped at 15 min, lock after 10 for 1 h,
     * only a host reset after 30.
     *
     * @return the default policy
     */
    public static LockoutPolicy defaults() {
        return new LockoutPolicy(DEFAULT_FREE_FAILURES, Duration.ofMinutes(15), DEFAULT_LOCK_AFTER,
                Duration.ofHours(1), DEFAULT_PERMANENT_LOCK_AFTER);
    }

    /**
     * Returns the wait after the n-th consecutive failure before the next code is checked: zero up to
     * {@code freeFailures}, then 2^(n - freeFailures) seconds, capped at {@code maxDelay}.
     *
     * @param failures consecutive failures so far
     * @return the delay
     */
    public Duration delayAfter(int failures) {
        if (failures <= freeFailures) {
            return Duration.ZERO;
        }
        int exponent = failures - freeFailures;
        if (exponent >= 31) {
            return maxDelay;
        }
        Duration delay = Duration.ofSeconds(1L << exponent);
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    /**
     * Returns until when a failure at {@code at} that brings the count to {@code failures} locks the
     * second factor: null below {@code lockAfter}, {@link Instant#MAX} from {@code
     * permanentLockAfter} on (only a host reset unlocks).
     *
     * @param failures consecutive failures including this one
     * @param at when the failure happened
     * @return the end of the lock, or null if not locked
     */
    public Instant lockedUntil(int failures, Instant at) {
        if (failures >= permanentLockAfter) {
            return Instant.MAX;
        }
        return failures >= lockAfter ? at.plus(lockDuration) : null;
    }
}
