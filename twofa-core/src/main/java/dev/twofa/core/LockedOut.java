package dev.twofa.core;

import java.time.Instant;
import java.util.Objects;

/**
 * The account's second factor is locked after too many consecutive failures, until {@code until}
 * or until the host calls {@link TwoFactorService#resetLockout(AccountId)}. No code is checked and
 * no SMS is sent meanwhile.
 *
 * @param until when the lock ends by itself
 *     <p>Immutable and thread-safe.
 */
public record LockedOut(Instant until) implements VerifyResult, SendResult, LoginStep {

    /** Validates the time is present. */
    public LockedOut {
        Objects.requireNonNull(until, "until");
    }
}
