package dev.twofa.core;

import java.time.Instant;
import java.util.Objects;

/**
 * No SMS was sent; any earlier code stays as it was.
 *
 * @param reason why
 * @param retryAfter when asking again may succeed
 *     <p>Immutable and thread-safe.
 */
public record SmsNotSent(Reason reason, Instant retryAfter) implements SendResult, LoginStep {

    /** Validates the components are present. */
    public SmsNotSent {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** Why no SMS was sent. Thread-safe (an enum). */
    public enum Reason {
        /** The previous code was sent too recently. */
        COOLDOWN,
        /** The destination number had too many codes in the last hour. */
        NUMBER_LIMIT,
        /** The account had too many codes in the last day. */
        ACCOUNT_LIMIT,
        /** The destination's country, prefix or number type is not allowed. */
        DESTINATION_NOT_ALLOWED,
        /** The host's SMS sender failed; nothing was counted and no code is valid. */
        DELIVERY_FAILED
    }
}
