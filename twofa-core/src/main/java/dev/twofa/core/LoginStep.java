package dev.twofa.core;

/**
 * What the second step of a login needs, from {@link TwoFactorService#beginLogin(AccountId)}:
 * {@link NoSecondFactor}, {@link AppCodeRequired}, {@link SmsSent}, {@link SmsNotSent}, {@link
 * SmsNumberWithdrawn} or {@link LockedOut}.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface LoginStep permits NoSecondFactor, AppCodeRequired, SmsSent, SmsNotSent, SmsNumberWithdrawn,
        LockedOut {
}
