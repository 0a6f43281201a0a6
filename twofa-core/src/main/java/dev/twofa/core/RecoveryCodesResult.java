package dev.twofa.core;

/**
 * The outcome of {@link TwoFactorService#generateRecoveryCodes(AccountId, Proof)}: {@link RecoveryCodes}
 * or {@link Refused}.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface RecoveryCodesResult permits RecoveryCodes, Refused {
}
