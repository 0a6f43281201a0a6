package dev.twofa.core;

/**
 * The outcome of asking for an SMS code: {@link SmsSent}, {@link SmsNotSent}, {@link
 * SmsNumberWithdrawn}, {@link LockedOut} or {@link Refused}.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface SendResult permits SmsSent, SmsNotSent, SmsNumberWithdrawn, LockedOut, Refused {
}
