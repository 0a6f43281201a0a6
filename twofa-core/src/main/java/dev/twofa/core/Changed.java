package dev.twofa.core;

import java.util.Objects;
import java.util.Optional;

/**
 * The change was stored.
 *
 * <p>What happened to the recovery codes is part of the result: turning a method on ({@link
 * TwoFactorService#enableSms}) makes fresh ones, to show the customer once ({@link
 * #newRecoveryCodesIfAny()}); turning it off ({@link TwoFactorService#deactivate}, {@link
 * TwoFactorService#resetTwoFactor}) drops the unused ones ({@link #recoveryCodesDropped()}), so the
 * page can say they no longer work.
 *
 * @param status the account's state after the change
 * @param newRecoveryCodes recovery codes made by this change (show them once; only their hashes are
 *     stored), or null if it made none
 * @param recoveryCodesDropped how many unused recovery codes this change dropped, 0 or more
 *     <p>Immutable and thread-safe.
 */
public record Changed(TwoFactorStatus status, RecoveryCodes newRecoveryCodes, int recoveryCodesDropped)
        implements ChangeResult {

    /**
     * Validates the components.
     *
     * @throws NullPointerException if {@code status} is null
     * @throws InvalidInputException if {@code recoveryCodesDropped} is negative
     */
    public Changed {
        Objects.requireNonNull(status, "status");
        if (recoveryCodesDropped < 0) {
            throw new InvalidInputException("recoveryCodesDropped must not be negative");
        }
    }

    /**
     * Creates the result of a change that made and dropped no recovery codes.
     *
     * @param status the account's state after the change
     */
    public Changed(TwoFactorStatus status) {
        this(status, null, 0);
    }

    /**
     * Returns the recovery codes this change made, if any.
     *
     * @return the new codes (show them once), or empty
     */
    public Optional<RecoveryCodes> newRecoveryCodesIfAny() {
        return Optional.ofNullable(newRecoveryCodes);
    }
}
