package dev.twofa.core;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened to an account's second factor, for the host to notify the customer
 * through another channel and to audit. Holds no secret and no code; a number only masked.
 *
 * @param type what happened
 * @param account the account
 * @param at when it happened (the service's clock)
 * @param method the method concerned, or null
 * @param maskedNumber the number concerned, masked ({@code +420 *** *** 456}), or null
 *     <p>Immutable and thread-safe.
 */
public record TwoFactorEvent(Type type, AccountId account, Instant at, Method method, String maskedNumber) {

    /** Validates the required components. */
    public TwoFactorEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(at, "at");
    }

    /** Kinds of events. Thread-safe (an enum). */
    public enum Type {
        /** A number was added (unverified, or verified through a Person). */
        NUMBER_ADDED,
        /** The number was changed (while SMS is not active), or a new one is pending verification. */
        NUMBER_CHANGED,
        /** A number was verified (by SMS code, or a pending new number took effect). */
        NUMBER_VERIFIED,
        /** The number was deleted. */
        NUMBER_DELETED,
        /** An SMS code was sent. */
        SMS_SENT,
        /** The host's SMS sender failed. */
        SMS_DELIVERY_FAILED,
        /** An authenticator-app enrollment was started. */
        TOTP_ENROLLMENT_STARTED,
        /** A method was activated. */
        METHOD_ACTIVATED,
        /** A method was deactivated. */
        METHOD_DEACTIVATED,
        /** A login's second step succeeded. */
        LOGIN_SUCCEEDED,
        /** A code check failed (login, enrollment, number verification, step-up, recovery). */
        CODE_REJECTED,
        /** A TOTP code was refused because its time step was already used. */
        REPLAY_REFUSED,
        /** The second factor was locked after too many failures. */
        LOCKED_OUT,
        /** The host reset the failure count and lock. */
        LOCKOUT_RESET,
        /** A fresh proof (step-up) succeeded. */
        STEP_UP_SUCCEEDED,
        /** New recovery codes replaced the old ones. */
        RECOVERY_CODES_GENERATED,
        /** A recovery code was used. */
        RECOVERY_CODE_USED,
        /**
         * The account's number was verified through a Person who no longer has it: no login or
         * confirmation code goes to it any more (tell the customer through another channel).
         */
        PERSON_NUMBER_WITHDRAWN
    }
}
