package dev.twofa.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A remembered device as the Security page lists it: never its token.
 *
 * @param id the device's public id, for {@link TrustedDevices#revoke}
 * @param label what the host called it, such as {@code "Firefox on Windows"}
 * @param createdAt when it was remembered
 * @param lastUsedAt when its token last let a login skip the second step (at first, {@code createdAt})
 * @param expiresAt when its token stops working
 *     <p>Immutable and thread-safe.
 */
public record TrustedDevice(String id, String label, Instant createdAt, Instant lastUsedAt, Instant expiresAt)
        implements TwoFactorEvent.Detail {

    /** The longest label, in characters. */
    public static final int MAX_LABEL = 100;

    /**
     * Validates the components.
     *
     * @throws NullPointerException if a component is null
     */
    public TrustedDevice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
