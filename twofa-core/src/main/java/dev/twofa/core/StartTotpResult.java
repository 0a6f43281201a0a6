package dev.twofa.core;

/**
 * The outcome of {@link TwoFactorService#startTotp(AccountId, String)}: {@link TotpSetup} or
 * {@link Refused}.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface StartTotpResult permits TotpSetup, Refused {
}
