package dev.twofa.core;

import java.util.Objects;

/**
 * The code was accepted (and consumed: it will not be accepted again).
 *
 * @param status the account's state after the check
 *     <p>Immutable and thread-safe.
 */
public record Verified(TwoFactorStatus status) implements VerifyResult {

    /** Validates the status is present. */
    public Verified {
        Objects.requireNonNull(status, "status");
    }
}
