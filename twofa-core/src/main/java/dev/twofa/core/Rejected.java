package dev.twofa.core;

import java.util.Objects;

/**
 * The code was not accepted; the failure was counted.
 *
 * @param reason why
 * @param attemptsLeft failures left before the second factor is locked
 *     <p>Immutable and thread-safe.
 */
public record Rejected(Reason reason, int attemptsLeft) implements VerifyResult {

    /** Validates the components. */
    public Rejected {
        Objects.requireNonNull(reason, "reason");
    }

    /** Why a code was rejected. Thread-safe (an enum). */
    public enum Reason {
        /** Not exactly the expected number of ASCII digits (after removing spaces). */
        MALFORMED,
        /** Well-formed, but not a valid code. */
        WRONG_CODE,
        /** A TOTP code of a time step already used: someone may have seen the code. Warn the customer. */
        REPLAY,
        /** Wrong, and the SMS code has no tries left: a new code must be sent. */
        CODE_DEAD,
        /** The recovery code is not one of the account's unused codes. */
        WRONG_RECOVERY_CODE
    }
}
