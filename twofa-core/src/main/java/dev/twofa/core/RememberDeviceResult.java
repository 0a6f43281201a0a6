package dev.twofa.core;

/**
 * The outcome of {@link TwoFactorService#rememberDevice}: {@link DeviceRemembered} or {@link Refused}.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface RememberDeviceResult permits DeviceRemembered, Refused {
}
