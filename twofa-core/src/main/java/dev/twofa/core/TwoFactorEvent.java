package dev.twofa.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened to an account's second factor, for the host to notify the customer
 * through another channel and to audit. Holds no secret and no code; a number only masked.
 *
 * @param type what happened
 * @param account the account
 * @param at when it happened (the service's clock)
 * @param method the method concerned, or null
 * @param maskedNumber the number concerned, masked ({@code +420 *** *** 456}), or null
 * @param detail what more the type carries ({@link SupportAction} for {@link Type#SUPPORT_RESET},
 *     {@link RecoveryCodesLeft} for {@link Type#RECOVERY_CODES_LOW}, the {@link TrustedDevice} for
 *     {@link Type#DEVICE_REMEMBERED}, {@link Type#DEVICE_LOGIN} and {@link Type#DEVICE_REVOKED},
 *     {@link DevicesRevoked} for {@link Type#DEVICES_REVOKED}, {@link ClockDrift} for {@link
 *     Type#SERVER_CLOCK_SUSPECT}), or null
 *     <p>Immutable and thread-safe.
 */
public record TwoFactorEvent(Type type, AccountId account, Instant at, Method method, String maskedNumber,
        Detail detail) {

    /** Validates the required components. */
    public TwoFactorEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(at, "at");
    }

    /**
     * Creates an event without a detail.
     *
     * @param type what happened
     * @param account the account
     * @param at when it happened
     * @param method the method concerned, or null
     * @param maskedNumber the number concerned, masked, or null
     */
    public TwoFactorEvent(Type type, AccountId account, Instant at, Method method, String maskedNumber) {
        this(type, account, at, method, maskedNumber, null);
    }

    /**
     * Returns the detail, if the type carries one.
     *
     * @return the detail, or empty
     */
    public Optional<Detail> detailIfAny() {
        return Optional.ofNullable(detail);
    }

    /**
     * What an event carries beyond its type: {@link SupportAction}, {@link RecoveryCodesLeft}, {@link
     * TrustedDevice}, {@link DevicesRevoked} or {@link ClockDrift}. Never
     * a secret or a code. Implementations are immutable and thread-safe.
     */
    public sealed interface Detail permits SupportAction, RecoveryCodesLeft, TrustedDevice, DevicesRevoked, ClockDrift {
    }

    /**
     * How far the recent accepted app codes lie from the server's clock, carried by {@link
     * Type#SERVER_CLOCK_SUSPECT}: most of them came from {@code steps} time steps ahead (positive:
     * the server's clock is probably behind by about that many periods) or behind (negative: it is
     * probably ahead).
     *
     * @param steps the estimate, in time steps, not 0
     *     <p>Immutable and thread-safe.
     */
    public record ClockDrift(int steps) implements Detail {

        /**
         * Validates the estimate.
         *
         * @throws InvalidInputException if {@code steps} is 0
         */
        public ClockDrift {
            if (steps == 0) {
                throw new InvalidInputException("steps must not be 0");
            }
        }
    }

    /**
     * How many trusted devices were revoked at once, carried by {@link Type#DEVICES_REVOKED}.
     *
     * @param count the devices revoked, 1 or more
     *     <p>Immutable and thread-safe.
     */
    public record DevicesRevoked(int count) implements Detail {

        /**
         * Validates the count.
         *
         * @throws InvalidInputException if {@code count} is not positive
         */
        public DevicesRevoked {
            if (count < 1) {
                throw new InvalidInputException("count must be positive");
            }
        }
    }

    /**
     * How many unused recovery codes an account has left, carried by {@link Type#RECOVERY_CODES_LOW}.
     *
     * @param left the unused codes, 0 or more
     *     <p>Immutable and thread-safe.
     */
    public record RecoveryCodesLeft(int left) implements Detail {

        /**
         * Validates the count.
         *
         * @throws InvalidInputException if {@code left} is negative
         */
        public RecoveryCodesLeft {
            if (left < 0) {
                throw new InvalidInputException("left must not be negative");
            }
        }
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
        PERSON_NUMBER_WITHDRAWN,
        /**
         * The host's support staff reset the account's second factor ({@link
         * TwoFactorService#resetTwoFactor}): no method is on any more. The {@link #detail()} is the
         * {@link SupportAction} (who and why); tell the customer through another channel.
         */
        SUPPORT_RESET,
        /**
         * A recovery code was used and {@value TwoFactorService#RECOVERY_CODES_LOW} or fewer are left
         * (once, when the count falls to it, not at every later login). The {@link #detail()} is the
         * {@link RecoveryCodesLeft}: suggest making new ones.
         */
        RECOVERY_CODES_LOW,
        /** A device was remembered after a second step; the detail is the {@link TrustedDevice}. */
        DEVICE_REMEMBERED,
        /** A trusted device's token let a login skip the second step; the detail is the device. */
        DEVICE_LOGIN,
        /**
         * One trusted device was revoked, or dropped as the oldest when a new one was remembered past
         * the limit; the detail is the device.
         */
        DEVICE_REVOKED,
        /**
         * Every trusted device was revoked: by the host, or because the factor changed (method off or
         * switched, a new number, a recovery code used, a support reset); the detail is {@link
         * DevicesRevoked}.
         */
        DEVICES_REVOKED,
        /**
         * Most recent app codes, across accounts, came from the same time step ahead of or behind
         * this server's clock: the server's clock is probably off (check its time synchronisation).
         * The detail is the {@link ClockDrift} estimate; the account is that of the code that tipped
         * it. Said once per estimate, per service instance.
         */
        SERVER_CLOCK_SUSPECT
    }
}
