package dev.twofa.core;

import java.util.Objects;

/**
 * The login needs no second step: the device sent a valid token of a device this account trusts
 * ({@link TwoFactorService#beginLogin(AccountId, DeviceToken)}). Log the customer in. No {@link
 * Proof} comes with it: sensitive changes still need a code.
 *
 * @param device the trusted device, with its use recorded
 *     <p>Immutable and thread-safe.
 */
public record DeviceTrusted(TrustedDevice device) implements LoginStep {

    /** Validates the device is present. */
    public DeviceTrusted {
        Objects.requireNonNull(device, "device");
    }
}
