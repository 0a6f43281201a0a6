package dev.twofa.core;

import java.time.Instant;
import java.util.Objects;

/**
 * An SMS code was sent.
 *
 * @param maskedNumber where it went, masked ({@code +420 *** *** 456})
 * @param expiresAt when the code stops being valid
 * @param resendAfter when another code may be asked for
 *     <p>Immutable and thread-safe.
 */
public record SmsSent(String maskedNumber, Instant expiresAt, Instant resendAfter) implements SendResult, LoginStep {

    /** Validates the components are present. */
    public SmsSent {
        Objects.requireNonNull(maskedNumber, "maskedNumber");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(resendAfter, "resendAfter");
    }
}
