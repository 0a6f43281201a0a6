package dev.twofa.core;

import java.util.Objects;

/**
 * The change was stored.
 *
 * @param status the account's state after the change
 *     <p>Immutable and thread-safe.
 */
public record Changed(TwoFactorStatus status) implements ChangeResult {

    /** Validates the status is present. */
    public Changed {
        Objects.requireNonNull(status, "status");
    }
}
