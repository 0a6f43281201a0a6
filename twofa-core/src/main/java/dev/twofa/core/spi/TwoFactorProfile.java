package dev.twofa.core.spi;

import dev.twofa.core.AccountId;
import dev.twofa.core.InvalidInputException;
import dev.twofa.core.Method;
import dev.twofa.core.PhoneNumber;
import dev.twofa.core.Secret;
import dev.twofa.core.SmsPurpose;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything twofa keeps about one account: the record a {@link ProfileStore} saves and loads.
 * A store must keep every component exactly (the conformance kit in twofa-testkit checks this).
 *
 * <p>Each accepted change produces a new profile whose {@link #version()} is one higher; the store
 * writes it only if the stored version is still the one it was derived from (compare-and-set).
 * The compact constructor refuses a profile that breaks an invariant: SMS active needs a verified
 * number; TOTP active needs a TOTP secret; a pending number exists only while SMS is active.
 *
 * @param account the account this profile belongs to
 * @param version the version, 0 for a profile never stored, one higher after each saved change
 * @param activeMethod the active second factor, or null if none
 * @param phone the customer's number and its verification, or null if none
 * @param pendingNumber a new number waiting for verification while SMS is active, or null
 * @param totp the TOTP credential: pending while {@code activeMethod} is not TOTP, active when it
 *     is; null if none
 * @param smsChallenge the account's last SMS code (spent once used, dead or replaced: its send time
 *     still counts for the resend cooldown), or null
 * @param failures consecutive failed code checks and lockout
 * @param lastProofAt when the customer last proved the second factor (login or step-up), or null
 * @param recoveryCodes hashes of the unused recovery codes (see twofa-core's recovery codes)
 *     <p>Immutable and thread-safe.
 */
public record TwoFactorProfile(
        AccountId account,
        long version,
        Method activeMethod,
        PhoneState phone,
        PhoneNumber pendingNumber,
        TotpState totp,
        SmsChallenge smsChallenge,
        Failures failures,
        Instant lastProofAt,
        List<Secret> recoveryCodes) {

    /**
     * Validates the profile.
     *
     * @throws InvalidInputException if a required component is null, the version is negative or an
     *     invariant is broken
     */
    public TwoFactorProfile {
        require(account != null, "account must not be null");
        require(version >= 0, "version must not be negative");
        require(failures != null, "failures must not be null");
        require(recoveryCodes != null, "recoveryCodes must not be null");
        recoveryCodes = List.copyOf(recoveryCodes);
        require(activeMethod != Method.SMS || (phone != null && phone.verified()),
                "SMS can be active only with a verified number");
        require(activeMethod != Method.TOTP || totp != null, "TOTP can be active only with a secret");
        require(pendingNumber == null || activeMethod == Method.SMS,
                "a pending number exists only while SMS is active");
    }

    /**
     * Returns the empty profile of an account never stored: version 0, nothing set.
     *
     * @param account the account
     * @return the empty profile
     */
    public static TwoFactorProfile empty(AccountId account) {
        return new TwoFactorProfile(account, 0, null, null, null, null, null, Failures.NONE, null, List.of());
    }

    /**
     * Returns whether TOTP enrollment is started but not confirmed.
     *
     * @return true if a pending TOTP secret exists
     */
    public boolean totpPending() {
        return totp != null && activeMethod != Method.TOTP;
    }

    /**
     * Returns this profile with the active method replaced.
     *
     * @param method the new active method, or null
     * @return the changed copy, same version
     */
    public TwoFactorProfile withActiveMethod(Method method) {
        return new TwoFactorProfile(account, version, method, phone, pendingNumber, totp, smsChallenge,
                failures, lastProofAt, recoveryCodes);
    }

    /**
     * Returns this profile with the phone state and pending number replaced.
     *
     * @param newPhone the phone state, or null
     * @param newPending the pending number, or null
     * @return the changed copy, same version
     */
    public TwoFactorProfile withPhone(PhoneState newPhone, PhoneNumber newPending) {
        return new TwoFactorProfile(account, version, activeMethod, newPhone, newPending, totp, smsChallenge,
                failures, lastProofAt, recoveryCodes);
    }

    /**
     * Returns this profile with the TOTP state replaced.
     *
     * @param newTotp the TOTP state, or null
     * @return the changed copy, same version
     */
    public TwoFactorProfile withTotp(TotpState newTotp) {
        return new TwoFactorProfile(account, version, activeMethod, phone, pendingNumber, newTotp, smsChallenge,
                failures, lastProofAt, recoveryCodes);
    }

    /**
     * Returns this profile with the SMS challenge replaced.
     *
     * @param challenge the outstanding challenge, or null
     * @return the changed copy, same version
     */
    public TwoFactorProfile withSmsChallenge(SmsChallenge challenge) {
        return new TwoFactorProfile(account, version, activeMethod, phone, pendingNumber, totp, challenge,
                failures, lastProofAt, recoveryCodes);
    }

    /**
     * Returns this profile with the failure state replaced.
     *
     * @param newFailures the failure state
     * @return the changed copy, same version
     */
    public TwoFactorProfile withFailures(Failures newFailures) {
        return new TwoFactorProfile(account, version, activeMethod, phone, pendingNumber, totp, smsChallenge,
                newFailures, lastProofAt, recoveryCodes);
    }

    /**
     * Returns this profile with the time of the last proof replaced.
     *
     * @param at when the customer last proved the second factor, or null
     * @return the changed copy, same version
     */
    public TwoFactorProfile withLastProofAt(Instant at) {
        return new TwoFactorProfile(account, version, activeMethod, phone, pendingNumber, totp, smsChallenge,
                failures, at, recoveryCodes);
    }

    /**
     * Returns this profile with the recovery code hashes replaced.
     *
     * @param hashes the hashes of the unused codes
     * @return the changed copy, same version
     */
    public TwoFactorProfile withRecoveryCodes(List<Secret> hashes) {
        return new TwoFactorProfile(account, version, activeMethod, phone, pendingNumber, totp, smsChallenge,
                failures, lastProofAt, hashes);
    }

    /**
     * Returns this profile with the version set, as a store does after loading a row.
     *
     * @param newVersion the version
     * @return the changed copy
     */
    public TwoFactorProfile withVersion(long newVersion) {
        return new TwoFactorProfile(account, newVersion, activeMethod, phone, pendingNumber, totp, smsChallenge,
                failures, lastProofAt, recoveryCodes);
    }

    /** Returns a description without secrets: numbers masked, secrets and hashes redacted. */
    @Override
    public String toString() {
        return "TwoFactorProfile[account=" + account + ", version=" + version + ", activeMethod=" + activeMethod
                + ", phone=" + phone + ", pendingNumber=" + pendingNumber + ", totp=" + totp
                + ", smsChallenge=" + smsChallenge + ", failures=" + failures + ", lastProofAt=" + lastProofAt
                + ", recoveryCodes=" + recoveryCodes.size() + "]";
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new InvalidInputException(message);
        }
    }

    /** How a number was verified. Thread-safe (an enum). */
    public enum Verification {
        /** Not verified yet. */
        UNVERIFIED,
        /** Verified by a code sent to it. */
        SMS,
        /** Verified because one of the account's Persons has it verified ({@link PersonDirectory}). */
        PERSON
    }

    /**
     * The customer's phone number and how it was verified.
     *
     * @param number the number
     * @param verification how it was verified
     *     <p>Immutable and thread-safe.
     */
    public record PhoneState(PhoneNumber number, Verification verification) {

        /** Validates both components are present. */
        public PhoneState {
            Objects.requireNonNull(number, "number");
            Objects.requireNonNull(verification, "verification");
        }

        /**
         * Returns whether the number is verified (by SMS or Person).
         *
         * @return true if verified
         */
        public boolean verified() {
            return verification != Verification.UNVERIFIED;
        }
    }

    /**
     * A TOTP credential: the secret as stored (after the {@link SecretProtector}), when enrollment
     * started, and the replay watermark.
     *
     * @param storedSecret the secret as the {@link SecretProtector} returned it
     * @param createdAt when enrollment started (a pending secret expires from here)
     * @param lastAcceptedStep the last accepted time step, or -1 if none; only moves forward
     *     <p>Immutable and thread-safe.
     */
    public record TotpState(Secret storedSecret, Instant createdAt, long lastAcceptedStep) {

        /** Validates the components. */
        public TotpState {
            Objects.requireNonNull(storedSecret, "storedSecret");
            Objects.requireNonNull(createdAt, "createdAt");
            if (lastAcceptedStep < -1) {
                throw new InvalidInputException("lastAcceptedStep must be -1 or a time step");
            }
        }

        /**
         * Returns this state with a new watermark.
         *
         * @param step the accepted step
         * @return the changed copy
         */
        public TotpState withLastAcceptedStep(long step) {
            return new TotpState(storedSecret, createdAt, step);
        }
    }

    /**
     * The one outstanding SMS code of an account, stored only as a hash.
     *
     * @param id a random id of this challenge
     * @param purpose what the code is for
     * @param destination the number the code was sent to
     * @param codeHash the keyed or salted hash of the code, in the SMS module's format
     * @param issuedAt when the code was sent (the resend cooldown counts from here)
     * @param expiresAt when the code stops being valid
     * @param attemptsLeft wrong tries left before the code is dead
     *     <p>Immutable and thread-safe.
     */
    public record SmsChallenge(String id, SmsPurpose purpose, PhoneNumber destination, Secret codeHash,
            Instant issuedAt, Instant expiresAt, int attemptsLeft) {

        /** Validates the components. */
        public SmsChallenge {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(purpose, "purpose");
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(codeHash, "codeHash");
            Objects.requireNonNull(issuedAt, "issuedAt");
            Objects.requireNonNull(expiresAt, "expiresAt");
            if (attemptsLeft < 0) {
                throw new InvalidInputException("attemptsLeft must not be negative");
            }
        }

        /**
         * Returns this challenge with one try fewer.
         *
         * @return the changed copy
         */
        public SmsChallenge withOneAttemptUsed() {
            return new SmsChallenge(id, purpose, destination, codeHash, issuedAt, expiresAt, attemptsLeft - 1);
        }

        /**
         * Returns this challenge used up: no tries left, so no code is accepted for it any more.
         * It stays in the profile so the resend cooldown still counts from {@link #issuedAt()}.
         *
         * @return the spent copy
         */
        public SmsChallenge spent() {
            return new SmsChallenge(id, purpose, destination, codeHash, issuedAt, expiresAt, 0);
        }
    }

    /**
     * Consecutive failed code checks of an account and its lockout.
     *
     * @param consecutive failed checks since the last success
     * @param lastFailureAt when the last failure happened, or null
     * @param lockedUntil until when the second factor is locked, or null
     *     <p>Immutable and thread-safe.
     */
    public record Failures(int consecutive, Instant lastFailureAt, Instant lockedUntil) {

        /** No failures, not locked. */
        public static final Failures NONE = new Failures(0, null, null);

        /** Validates the count. */
        public Failures {
            if (consecutive < 0) {
                throw new InvalidInputException("consecutive failures must not be negative");
            }
        }
    }
}
