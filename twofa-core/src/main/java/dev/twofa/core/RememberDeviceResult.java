package dev.twofa.core;

/**
 * The outcome of {@link TrustedDevices#remember}: {@link DeviceRemembered} or {@link Refused}.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface RememberDeviceResult permits DeviceRemembered, Refused {
}
