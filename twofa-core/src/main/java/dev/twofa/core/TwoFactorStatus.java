package dev.twofa.core;

import java.time.Instant;
import java.util.Objects;

/**
 * What the Security page shows of an account: the active method, the number and whether it is
 * verified, a pending number or app enrollment, recovery codes left, lockout. Holds no secret;
 * {@link #toString()} masks the numbers.
 *
 * @param account the account
 * @param activeMethod the active method, or null if none
 * @param number the customer's number, or null
 * @param numberVerified whether {@code number} is verified
 * @param numberFromPerson whether {@code number} was verified through one of the account's Persons
 * @param pendingNumber a new number waiting for verification while SMS is active, or null
 * @param totpPendingUntil when a pending app enrollment expires, or null if none is pending
 * @param recoveryCodesLeft unused recovery codes
 * @param consecutiveFailures failed code checks since the last success
 * @param lockedUntil until when the second factor is locked, or null
 *     <p>Immutable and thread-safe.
 */
public record TwoFactorStatus(
        AccountId account,
        Method activeMethod,
        PhoneNumber number,
        boolean numberVerified,
        boolean numberFromPerson,
        PhoneNumber pendingNumber,
        Instant totpPendingUntil,
        int recoveryCodesLeft,
        int consecutiveFailures,
        Instant lockedUntil) {

    /** Validates the account is present. */
    public TwoFactorStatus {
        Objects.requireNonNull(account, "account");
    }

    /**
     * Returns whether a method is active.
     *
     * @return true if SMS or TOTP is active
     */
    public boolean hasActiveMethod() {
        return activeMethod != null;
    }
}
