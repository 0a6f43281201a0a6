package dev.twofa.core;

/**
 * The outcome of checking a code: {@link Verified}, {@link Rejected}, {@link Expired}, {@link
 * Throttled}, {@link LockedOut} or {@link Refused}.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface VerifyResult permits Verified, Rejected, Expired, Throttled, LockedOut, Refused {

    /**
     * Returns whether the code was accepted.
     *
     * @return true only for {@link Verified}
     */
    default boolean verified() {
        return this instanceof Verified;
    }
}
