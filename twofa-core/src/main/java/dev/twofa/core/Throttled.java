package dev.twofa.core;

import java.time.Instant;
import java.util.Objects;

/**
 * Too many recent failures: no code is checked before {@code retryAt}. The code was not looked at
 * and not counted.
 *
 * @param retryAt when the next code will be checked
 *     <p>Immutable and thread-safe.
 */
public record Throttled(Instant retryAt) implements VerifyResult {

    /** Validates the time is present. */
    public Throttled {
        Objects.requireNonNull(retryAt, "retryAt");
    }
}
