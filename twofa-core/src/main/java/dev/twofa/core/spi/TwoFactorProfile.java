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
 * number (or one whose Person withdrew it: then no code goes to it); TOTP active needs a TOTP
 * secret; a pending number exists only while SMS is active.
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
 * @param proofs the live proofs of the second factor (login, step-up, confirmed app, recovery code),
 *     newest last, at most {@value #MAX_PROOFS}: each only as a hash, so a store dump holds no usable
 *     proof
 * @param recoveryCodes hashes of the unused recovery codes (see twofa-core's recovery codes)
 * @param trustedDevices the remembered devices whose token lets a login skip the second step,
 *     oldest first, at most {@value #MAX_TRUSTED_DEVICES}: each token only as a hash bound to the
 *     account
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
        List<StoredProof> proofs,
        List<Secret> recoveryCodes,
        List<StoredDevice> trustedDevices) {

    /** The most proofs a profile keeps (one per browser session that proved the factor recently). */
    public static final int MAX_PROOFS = 8;

    /** The most trusted devices a profile can hold (the service's own limit is at most this). */
    public static final int MAX_TRUSTED_DEVICES = 50;

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
        require(proofs != null, "proofs must not be null");
        proofs = List.copyOf(proofs);
        require(proofs.size() <= MAX_PROOFS, "at most " + MAX_PROOFS + " proofs are kept");
        require(trustedDevices != null, "trustedDevices must not be null");
        trustedDevices = List.copyOf(trustedDevices);
        require(trustedDevices.size() <= MAX_TRUSTED_DEVICES,
                "at most " + MAX_TRUSTED_DEVICES + " trusted devices are kept");
        require(activeMethod != Method.SMS || (phone != null && phone.verification() != Verification.UNVERIFIED),
                "SMS can be active only with a verified number");
        require(activeMethod != Method.TOTP || totp != null, "TOTP can be active only with a secret");
        require(pendingNumber == null || activeMethod == Method.SMS,
                "a pending number exists only while SMS is active");
    }

    /**
     * Creates a profile without trusted devices.
     *
     * @param account the account this profile belongs to
     * @param version the version
     * @param activeMethod the active second factor, or null
     * @param phone the customer's number, or null
     * @param pendingNumber a new number waiting for verification, or null
     * @param totp the TOTP credential, or null
     * @param smsChallenge the account's last SMS code, or null
     * @param failures consecutive failed code checks and lockout
     * @param proofs the live proofs
     * @param recoveryCodes hashes of the unused recovery codes
     * @throws InvalidInputException as the canonical constructor
     */
    public TwoFactorProfile(AccountId account, long version, Method activeMethod, PhoneState phone,
            PhoneNumber pendingNumber, TotpState totp, SmsChallenge smsChallenge, Failures failures,
            List<StoredProof> proofs, List<Secret> recoveryCodes) {
        this(account, version, activeMethod, phone, pendingNumber, totp, smsChallenge, failures, proofs,
                recoveryCodes, List.of());
    }

    /**
     * Returns the empty profile of an account never stored: version 0, nothing set.
     *
     * @param account the account
     * @return the empty profile
     */
    public static TwoFactorProfile empty(AccountId account) {
        return new TwoFactorProfile(account, 0, null, null, null, null, null, Failures.NONE, List.of(), List.of(), List.of());
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
                failures, proofs, recoveryCodes, trustedDevices);
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
                failures, proofs, recoveryCodes, trustedDevices);
    }

    /**
     * Returns this profile with the TOTP state replaced.
     *
     * @param newTotp the TOTP state, or null
     * @return the changed copy, same version
     */
    public TwoFactorProfile withTotp(TotpState newTotp) {
        return new TwoFactorProfile(account, version, activeMethod, phone, pendingNumber, newTotp, smsChallenge,
                failures, proofs, recoveryCodes, trustedDevices);
    }

    /**
     * Returns this profile with the SMS challenge replaced.
     *
     * @param challenge the outstanding challenge, or null
     * @return the changed copy, same version
     */
    public TwoFactorProfile withSmsChallenge(SmsChallenge challenge) {
        return new TwoFactorProfile(account, version, activeMethod, phone, pendingNumber, totp, challenge,
                failures, proofs, recoveryCodes, trustedDevices);
    }

    /**
     * Returns this profile with the failure state replaced.
     *
     * @param newFailures the failure state
     * @return the changed copy, same version
     */
    public TwoFactorProfile withFailures(Failures newFailures) {
        return new TwoFactorProfile(account, version, activeMethod, phone, pendingNumber, totp, smsChallenge,
                newFailures, proofs, recoveryCodes, trustedDevices);
    }

    /**
     * Returns this profile with the stored proofs replaced.
     *
     * @param newProofs the live proofs, at most {@value #MAX_PROOFS}
     * @return the changed copy, same version
     */
    public TwoFactorProfile withProofs(List<StoredProof> newProofs) {
        return new TwoFactorProfile(account, version, activeMethod, phone, pendingNumber, totp, smsChallenge,
                failures, newProofs, recoveryCodes, trustedDevices);
    }

    /**
     * Returns this profile with the recovery code hashes replaced.
     *
     * @param hashes the hashes of the unused codes
     * @return the changed copy, same version
     */
    public TwoFactorProfile withRecoveryCodes(List<Secret> hashes) {
        return new TwoFactorProfile(account, version, activeMethod, phone, pendingNumber, totp, smsChallenge,
                failures, proofs, hashes, trustedDevices);
    }

    /**
     * Returns this profile with the trusted devices replaced.
     *
     * @param devices the remembered devices, oldest first, at most {@value #MAX_TRUSTED_DEVICES}
     * @return the changed copy, same version
     */
    public TwoFactorProfile withTrustedDevices(List<StoredDevice> devices) {
        return new TwoFactorProfile(account, version, activeMethod, phone, pendingNumber, totp, smsChallenge,
                failures, proofs, recoveryCodes, devices);
    }

    /**
     * Returns this profile with the version set, as a store does after loading a row.
     *
     * @param newVersion the version
     * @return the changed copy
     */
    public TwoFactorProfile withVersion(long newVersion) {
        return new TwoFactorProfile(account, newVersion, activeMethod, phone, pendingNumber, totp, smsChallenge,
                failures, proofs, recoveryCodes, trustedDevices);
    }

    /** Returns a description without secrets: numbers masked, secrets and hashes redacted. */
    @Override
    public String toString() {
        return "TwoFactorProfile[account=" + account + ", version=" + version + ", activeMethod=" + activeMethod
                + ", phone=" + phone + ", pendingNumber=" + pendingNumber + ", totp=" + totp
                + ", smsChallenge=" + smsChallenge + ", failures=" + failures + ", proofs=" + proofs.size()
                + ", recoveryCodes=" + recoveryCodes.size() + ", trustedDevices=" + trustedDevices.size() + "]";
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
        PERSON,
        /**
         * Was verified through a Person, who withdrew it while SMS login was on: not verified, and no
         * code goes to it until the customer sets a number again. Kept so the withdrawal is told once.
         */
        WITHDRAWN
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
         * Returns whether the number is verified (by SMS or Person), as stored.
         *
         * @return true if verified
         */
        public boolean verified() {
            return verification == Verification.SMS || verification == Verification.PERSON;
        }
    }

    /**
     * A TOTP credential: the secret as stored (after the {@link SecretProtector}), when enrollment
     * started, and the replay watermark.
     *
     * @param storedSecret the secret as the {@link SecretProtector} returned it
     * @param createdAt when enrollment started (a pending secret expires from here)
     * @param lastAcceptedStep the last accepted time step, or -1 if none; only moves forward
     * @param drift how many time steps the account's app ran ahead (positive) or behind (negative)
     *     of the server at the last accepted code, within the TOTP channel's {@code maxDrift()}; 0 for
     *     a new enrollment; later windows are centred on it
     *     <p>Immutable and thread-safe.
     */
    public record TotpState(Secret storedSecret, Instant createdAt, long lastAcceptedStep, int drift) {

        /** The largest drift kept either way, in time steps. */
        public static final int MAX_DRIFT = 10;

        /** Validates the components. */
        public TotpState {
            Objects.requireNonNull(storedSecret, "storedSecret");
            Objects.requireNonNull(createdAt, "createdAt");
            if (lastAcceptedStep < -1) {
                throw new InvalidInputException("lastAcceptedStep must be -1 or a time step");
            }
            if (Math.abs(drift) > MAX_DRIFT) {
                throw new InvalidInputException("drift must be -" + MAX_DRIFT + " to " + MAX_DRIFT);
            }
        }

        /**
         * Creates a state without drift.
         *
         * @param storedSecret the secret as the {@link SecretProtector} returned it
         * @param createdAt when enrollment started
         * @param lastAcceptedStep the last accepted time step, or -1 if none
         */
        public TotpState(Secret storedSecret, Instant createdAt, long lastAcceptedStep) {
            this(storedSecret, createdAt, lastAcceptedStep, 0);
        }

        /**
         * Returns this state with a new watermark, the drift kept.
         *
         * @param step the accepted step
         * @return the changed copy
         */
        public TotpState withLastAcceptedStep(long step) {
            return new TotpState(storedSecret, createdAt, step, drift);
        }

        /**
         * Returns this state with a new watermark and drift.
         *
         * @param step the accepted step
         * @param newDrift the drift it showed
         * @return the changed copy
         */
        public TotpState accepted(long step, int newDrift) {
            return new TotpState(storedSecret, createdAt, step, newDrift);
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
     * @param attemptsLeft tries left before the code is dead (a try is taken when it is counted,
     *     before the code is checked)
     * @param used whether the challenge is closed: a correct code was accepted for it, or it was
     *     revoked (deactivation, a new active number); no try may succeed any more, not even one
     *     counted before
     *     <p>Immutable and thread-safe.
     */
    public record SmsChallenge(String id, SmsPurpose purpose, PhoneNumber destination, Secret codeHash,
            Instant issuedAt, Instant expiresAt, int attemptsLeft, boolean used) {

        /**
         * Creates a challenge not used yet.
         *
         * @param id a random id of this challenge
         * @param purpose what the code is for
         * @param destination the number the code was sent to
         * @param codeHash the hash of the code
         * @param issuedAt when the code was sent
         * @param expiresAt when the code stops being valid
         * @param attemptsLeft tries left
         */
        public SmsChallenge(String id, SmsPurpose purpose, PhoneNumber destination, Secret codeHash,
                Instant issuedAt, Instant expiresAt, int attemptsLeft) {
            this(id, purpose, destination, codeHash, issuedAt, expiresAt, attemptsLeft, false);
        }

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
            return new SmsChallenge(id, purpose, destination, codeHash, issuedAt, expiresAt, attemptsLeft - 1, used);
        }

        /**
         * Returns this challenge used up: no tries left, so no code is accepted for it any more.
         * It stays in the profile so the resend cooldown still counts from {@link #issuedAt()}.
         *
         * @return the spent copy
         */
        public SmsChallenge spent() {
            return new SmsChallenge(id, purpose, destination, codeHash, issuedAt, expiresAt, 0, used);
        }

        /**
         * Returns this challenge closed: consumed by a correct code, or revoked. It is spent and
         * marked used, so that a try counted before can no longer succeed with its code.
         *
         * @return the used copy
         */
        public SmsChallenge consumed() {
            return new SmsChallenge(id, purpose, destination, codeHash, issuedAt, expiresAt, 0, true);
        }
    }

    /**
     * Consecutive failed code checks of an account and its lockout.
     *
     * @param consecutive failed checks since the last success
     * @param lastFailureAt when the last failure happened, or null
     * @param lockedUntil until when the second factor is locked, or null
     * @param epoch how often the count was reset (by a success or the host), so a try counted before
     *     a reset is never taken back after it; only grows
     *     <p>Immutable and thread-safe.
     */
    public record Failures(int consecutive, Instant lastFailureAt, Instant lockedUntil, long epoch) {

        /** No failures, not locked, never reset. */
        public static final Failures NONE = new Failures(0, null, null, 0);

        /**
         * Creates a failure state of epoch 0.
         *
         * @param consecutive failed checks since the last success
         * @param lastFailureAt when the last failure happened, or null
         * @param lockedUntil until when the second factor is locked, or null
         */
        public Failures(int consecutive, Instant lastFailureAt, Instant lockedUntil) {
            this(consecutive, lastFailureAt, lockedUntil, 0);
        }

        /** Validates the count and the epoch. */
        public Failures {
            if (consecutive < 0) {
                throw new InvalidInputException("consecutive failures must not be negative");
            }
            if (epoch < 0) {
                throw new InvalidInputException("failure epoch must not be negative");
            }
        }

        /**
         * Returns this state with one more failure counted, in the same epoch.
         *
         * @param at when the failure happened
         * @param lockUntil the lock it leads to, or null
         * @return the counted state
         */
        public Failures plusOne(Instant at, Instant lockUntil) {
            return new Failures(consecutive + 1, at, lockUntil, epoch);
        }

        /**
         * Returns no failures, not locked, in the next epoch.
         *
         * @return the reset state
         */
        public Failures reset() {
            return new Failures(0, null, null, epoch + 1);
        }

        /**
         * Returns whether nothing is counted and nothing locked (the epoch aside).
         *
         * @return true if there is nothing to reset
         */
        public boolean clear() {
            return consecutive == 0 && lastFailureAt == null && lockedUntil == null;
        }
    }

    /**
     * A proof of the second factor as stored: the hash of the value handed to the session that
     * made it, the factor it was made with, and when.
     *
     * @param hash SHA-256 of the proof's value
     * @param factor the method that was active when it was made
     * @param madeAt when it was made (it is live for the service's step-up validity from here)
     *     <p>Immutable and thread-safe.
     */
    public record StoredProof(Secret hash, Method factor, Instant madeAt) {

        /** Validates the components. */
        public StoredProof {
            Objects.requireNonNull(hash, "hash");
            Objects.requireNonNull(factor, "factor");
            Objects.requireNonNull(madeAt, "madeAt");
        }
    }

    /**
     * A remembered device as stored: the hash of the token handed to it once, and what the Security
     * page lists. The hash covers the account as well as the token, so a token of one account never
     * matches in another's profile.
     *
     * @param id a public id of this device (for listing and revoking; not a secret), derived one
     *     way from the proof that remembered it, so one proof remembers one device
     * @param tokenHash SHA-256 over the account and the device token
     * @param label what the host called the device, such as {@code "Firefox on Windows"}
     * @param createdAt when it was remembered
     * @param lastUsedAt when its token last let a login skip the second step (at first, {@code
     *     createdAt})
     * @param expiresAt when its token stops working
     *     <p>Immutable and thread-safe.
     */
    public record StoredDevice(String id, Secret tokenHash, String label, Instant createdAt, Instant lastUsedAt,
            Instant expiresAt) {

        /** Validates the components. */
        public StoredDevice {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(tokenHash, "tokenHash");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(lastUsedAt, "lastUsedAt");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }

        /**
         * Returns this device used at {@code at}.
         *
         * @param at when its token was accepted
         * @return the changed copy
         */
        public StoredDevice usedAt(Instant at) {
            return new StoredDevice(id, tokenHash, label, createdAt, at, expiresAt);
        }
    }
}
