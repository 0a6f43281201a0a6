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
 *     <p>Immutable and thread-safe.
 */
public record Verified(TwoFactorStatus status, Proof proof) implements VerifyResult {

    /** Validates the status is present. */
    public Verified {
        Objects.requireNonNull(status, "status");
    }

    /**
     * Returns the proof, if the code proved the second factor.
     *
     * @return the proof, or empty after a number verification
     */
    public Optional<Proof> proofIfAny() {
        return Optional.ofNullable(proof);
    }
}
