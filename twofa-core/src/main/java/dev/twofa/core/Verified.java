package dev.twofa.core;

import java.util.Objects;
import java.util.Optional;

/**
 * The code was accepted (and consumed: it will not be accepted again).
 *
 * @param status the account's state after the check
 * @param proof the proof of the second factor for the session that made this call, or null when the
 *     code proved only a phone number ({@link TwoFactorService#verifyNumber}); keep it in that
 *     session for the sensitive operations (see {@link Proof})
 * @param newRecoveryCodes recovery codes made by this check, or null: confirming an authenticator
 *     app ({@link TwoFactorService#confirmTotp}) turns it on and makes fresh codes, to show the
 *     customer once (only their hashes are stored)
 *     <p>Immutable and thread-safe.
 */
public record Verified(TwoFactorStatus status, Proof proof, RecoveryCodes newRecoveryCodes) implements VerifyResult {

    /**
     * Validates the status is present.
     *
     * @throws NullPointerException if {@code status} is null
     */
    public Verified {
        Objects.requireNonNull(status, "status");
    }

    /**
     * Creates the result of a check that made no recovery codes.
     *
     * @param status the account's state after the check
     * @param proof the session's proof, or null
     */
    public Verified(TwoFactorStatus status, Proof proof) {
        this(status, proof, null);
    }

    /**
     * Returns the proof, if the code proved the second factor.
     *
     * @return the proof, or empty after a number verification
     */
    public Optional<Proof> proofIfAny() {
        return Optional.ofNullable(proof);
    }

    /**
     * Returns the recovery codes this check made, if any.
     *
     * @return the new codes (show them once), or empty
     */
    public Optional<RecoveryCodes> newRecoveryCodesIfAny() {
        return Optional.ofNullable(newRecoveryCodes);
    }
}
