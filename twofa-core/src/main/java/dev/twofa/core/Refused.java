package dev.twofa.core;

import java.util.Objects;

/**
 * The operation is not allowed in the account's current state; nothing was changed.
 *
 * @param refusal which rule refused it
 * @param activeMethod the account's active method, or null (named when another method blocks a
 *     switch)
 * @param message a sentence for the customer or the log, naming the active method where it matters
 *     <p>Immutable and thread-safe.
 */
public record Refused(Refusal refusal, Method activeMethod, String message)
        implements ChangeResult, VerifyResult, SendResult, StartTotpResult, RecoveryCodesResult,
        RememberDeviceResult {

    /** Validates the components. */
    public Refused {
        Objects.requireNonNull(refusal, "refusal");
        Objects.requireNonNull(message, "message");
    }

    /** The rules that can refuse an operation. Thread-safe (an enum). */
    public enum Refusal {
        /** Another (or the same) method is active; deactivate it first. {@code activeMethod} names it. */
        METHOD_ACTIVE,
        /** No method is active. */
        NO_ACTIVE_METHOD,
        /** The account has no phone number. */
        NO_NUMBER,
        /** The account already has a phone number: change it instead. */
        NUMBER_ALREADY_SET,
        /** The number is not verified. */
        NUMBER_NOT_VERIFIED,
        /** There is no unverified number to verify. */
        NOTHING_TO_VERIFY,
        /** The number cannot be deleted while SMS login is active. */
        SMS_ACTIVE,
        /** No TOTP enrollment is pending. */
        NO_PENDING_ENROLLMENT,
        /** The operation needs a fresh proof with the current factor ({@code stepUp}). */
        STEP_UP_REQUIRED,
        /** The operation needs SMS as the active method. */
        SMS_NOT_ACTIVE,
        /** No SMS channel or TOTP channel was registered for this method. */
        METHOD_NOT_CONFIGURED,
        /** The account trusts no device of that id (revoked, expired or never remembered). */
        NO_SUCH_DEVICE,
        /**
         * This proof already remembered a device that is still trusted: one second step remembers
         * one device (to remember another, log in on it).
         */
        DEVICE_ALREADY_REMEMBERED
    }
}
