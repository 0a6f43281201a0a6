package dev.twofa.core;

import java.util.Objects;

/**
 * The device is remembered: hand {@link #token()} to it once (a cookie that is {@code HttpOnly},
 * {@code Secure}, {@code SameSite}); it cannot be shown again, only its hash is stored.
 *
 * @param token the device's token (secret; {@link DeviceToken#toString()} is redacted)
 * @param device the remembered device as listed
 *     <p>Immutable and thread-safe.
 */
public record DeviceRemembered(DeviceToken token, TrustedDevice device) implements RememberDeviceResult {

    /** Validates both are present. */
    public DeviceRemembered {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(device, "device");
    }
}
