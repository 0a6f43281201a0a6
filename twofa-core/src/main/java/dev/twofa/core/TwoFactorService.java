package dev.twofa.core;

import dev.twofa.core.spi.PersonDirectory;
import dev.twofa.core.spi.PhoneNumberParser;
import dev.twofa.core.spi.ProfileStore;
import dev.twofa.core.spi.SecretProtector;
import dev.twofa.core.spi.SmsCodeChannel;
import dev.twofa.core.spi.TotpChannel;
import dev.twofa.core.spi.TwoFactorProfile;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * The two-factor service a host builds once and calls from its Profile &gt; Security page and its
 * login. It keeps at most one method active per account (SMS codes or an authenticator app),
 * refuses a switch until the active method is deactivated, and accepts each code at most once.
 *
 * The {@linkplain dev.twofa.core package description} shows a whole walkthrough in code.
 *
 * <p><b>Proofs belong to a session.</b> A code that proves the second factor returns a {@link
 * Proof} in {@link Verified#proof()}; the sensitive operations ({@link #deactivate}, changing or
 * adding the number while a method is active, {@link #generateRecoveryCodes}) take it and refuse
 * without a live one, so another browser session of the same account cannot use the owner's login.
 *
 * <p><b>State and many nodes.</b> All state lives in the host's {@link ProfileStore}, one profile
 * per account, changed only by compare-and-set on its version. Each operation loads the profile,
 * applies a pure transition ({@code SecurityRules}) and writes it back; if another node changed it
 * meanwhile, the operation is re-evaluated on the fresh profile (up to {@link
 * TwoFactorServiceBuilder#maxUpdateAttempts(int)} times). So a code is accepted once even when two
 * nodes check it at the same moment, and failures are counted exactly. Nothing is cached.
 *
 * <p><b>Outcomes.</b> Expected outcomes are values: {@link ChangeResult}, {@link VerifyResult},
 * {@link SendResult}, {@link LoginStep}. A refused operation stores nothing; a code check that got
 * as far as looking at the code stores its counted try, whatever its result. Exceptions report
 * misuse ({@link InvalidInputException}) and infrastructure failures ({@link StoreException},
 * {@link ConcurrentUpdateException}, {@link PersonDirectoryException}, and what a method module
 * throws, such as twofa-sms's {@code SendLimitException} when its send limiter fails).
 *
 * <p><b>Throttling.</b> Every code check (login, app enrollment, number verification, step-up,
 * recovery code) goes through the account's {@link LockoutPolicy}: the lock and the delay are
 * checked before the code is looked at, and the try is counted in the store (compare-and-set)
 * before the code is evaluated; a success then resets the count. So however many guesses arrive
 * in parallel, on any number of nodes, at most {@code lockAfter} codes are evaluated before the
 * lock. A code check therefore writes twice: its counted try, then its outcome.
 *
 * <p>Immutable and thread-safe once built.
 */
public final class TwoFactorService {

    /**
     * The count of unused recovery codes at which a {@link TwoFactorEvent.Type#RECOVERY_CODES_LOW}
     * event goes out, once, when a used code brings the count down to it.
     */
    public static final int RECOVERY_CODES_LOW = 2;

    private final Clock clock;
    private final PhoneNumberParser phoneNumbers;
    private final SecretProtector protector;
    private final SmsCodeChannel sms;
    private final TotpChannel totp;
    private final int maxUpdateAttempts;
    private final double guessingChance;
    private final String description;
    private final SecurityRules rules;
    private final ProfileUpdates updates;
    private final ChargedCodeCheck charged;
    private final CodeChecks checks;
    private final SmsDispatch dispatch;
    private final RecoveryCodeHasher recoveryCodes;
    private final DeviceRules devices;
    private final SecureRandom random;
    private final TrustedDevices trustedDevices;
    private final Persons persons;
    private final FactorChecks proving;

    TwoFactorService(TwoFactorServiceBuilder b) {
        this.clock = b.clock;
        this.phoneNumbers = b.phoneNumbers;
        this.protector = b.protector;
        this.sms = b.sms;
        this.totp = b.totp;
        this.maxUpdateAttempts = b.maxUpdateAttempts;
        this.guessingChance = b.guessingChance;
        this.description = "TwoFactorService[sms=" + (sms != null) + ", totp=" + (totp != null) + ", lockout="
                + b.lockout + ", guessingChance=" + guessingChance + "]";
        SecureRandom random = new SecureRandom();
        this.random = random;
        this.recoveryCodes = new RecoveryCodeHasher(random);
        this.rules = new SecurityRules(b.totpEnrollmentTimeout, b.stepUpValidity);
        this.updates = new ProfileUpdates(b.store, b.listener, b.maxUpdateAttempts);
        this.charged = new ChargedCodeCheck(updates, rules, b.lockout, random);
        ClockDriftMonitor monitor = new ClockDriftMonitor();
        this.checks = new CodeChecks(totp, sms, protector, recoveryCodes, (account, at, offset) -> {
            int estimate = monitor.record(account, offset);
            if (estimate != 0) {
                updates.emit(List.of(new TwoFactorEvent(TwoFactorEvent.Type.SERVER_CLOCK_SUSPECT, account, at,
                        Method.TOTP, null, new TwoFactorEvent.ClockDrift(estimate))));
            }
        });
        this.dispatch = new SmsDispatch(updates, sms, b.smsLocale);
        this.devices = new DeviceRules(rules, b.trustedDeviceValidity, b.maxTrustedDevices);
        this.trustedDevices = new TrustedDevices(updates, devices, clock, random);
        this.persons = new Persons(b.personDirectory);
        this.proving = new FactorChecks(updates, rules, charged, checks, clock, sms, totp);
    }

    /**
     * Returns a new builder. Builders are not thread-safe.
     *
     * @return a builder with the defaults stated on its setters
     */
    public static TwoFactorServiceBuilder builder() {
        return new TwoFactorServiceBuilder();
    }

    /**
     * Returns the chance an attacker guesses a code before the permanent lock with this service's
     * methods and policy (the highest of its methods), as computed at build time.
     *
     * @return the chance, at most {@link GuessingPolicy#MAX_CHANCE}
     */
    public double guessingChance() {
        return guessingChance;
    }

    /**
     * Returns what the Security page shows of an account. Reads only; a number verified through a
     * Person shows as verified only while the {@link PersonDirectory} still has it.
     *
     * @param account the account
     * @return the account's status (an account never stored has nothing set)
     * @throws StoreException if the store fails
     */
    public TwoFactorStatus status(AccountId account) {
        TwoFactorProfile p = updates.load(requireAccount(account));
        return rules.status(p, clock.instant(), persons.vouch(p));
    }

    // ---------------------------------------------------------------- phone number

    /**
     * Adds the customer's phone number, unverified. If it equals (in E.164) a number verified by one
     * of the account's Persons ({@link PersonDirectory}), it is verified at once and no SMS is needed.
     *
     * @param account the account
     * @param number the number as typed ({@code +420 601 123 456}; national forms need {@link
     *     TwoFactorServiceBuilder#phoneNumbers} or {@link TwoFactorServiceBuilder#defaultCallingCode})
     * @return {@link Changed}, or {@link Refused} with {@code NUMBER_ALREADY_SET}, or {@code
     *     STEP_UP_REQUIRED} while a method is active (use {@link #addNumber(AccountId, String, Proof)})
     * @throws InvalidPhoneNumberException if the number cannot be read or may not receive SMS codes;
     *     nothing is changed
     * @throws PersonDirectoryException if the Person directory fails
     * @throws StoreException if the store fails
     */
    public ChangeResult addNumber(AccountId account, String number) {
        return addNumber(account, number, null);
    }

    /**
     * Adds the customer's phone number while a method may be active: then it needs the session's
     * live {@link Proof}, because a number set now may become the next factor (it is not used up).
     *
     * @param account the account
     * @param number the number as typed
     * @param proof the session's proof, or null if it has none (enough while no method is active)
     * @return as {@link #addNumber(AccountId, String)}
     * @throws InvalidPhoneNumberException if the number cannot be read; nothing is changed
     * @throws PersonDirectoryException if the Person directory fails
     * @throws StoreException if the store fails
     */
    public ChangeResult addNumber(AccountId account, String number, Proof proof) {
        PhoneNumber parsed = phoneNumbers.parse(number);
        boolean person = persons.have(requireAccount(account), parsed);
        Instant now = clock.instant();
        return updates.update(account, p -> rules.addNumber(p, parsed, person, proof, now));
    }

    /**
     * Changes the customer's phone number. While no method is active the new number replaces the
     * old one, unverified (or verified through a Person). While a method is active this needs the
     * session's live {@link Proof}. While SMS login is active the change uses the proof up; the new
     * number is then pending and takes effect only when verified with {@link #verifyNumber} (or at
     * once if a Person of the account has it verified), and the old number stays active until then.
     *
     * @param account the account
     * @param number the new number as typed
     * @param proof the session's proof, or null if it has none (enough while no method is active)
     * @return {@link Changed}, or {@link Refused} with {@code NO_NUMBER} or {@code STEP_UP_REQUIRED}
     * @throws InvalidPhoneNumberException if the number cannot be read; nothing is changed
     * @throws StoreException if the store fails
     */
    public ChangeResult changeNumber(AccountId account, String number, Proof proof) {
        PhoneNumber parsed = phoneNumbers.parse(number);
        boolean person = persons.have(requireAccount(account), parsed);
        Instant now = clock.instant();
        return updates.update(account, p -> rules.changeNumber(p, parsed, person, proof, now));
    }

    /**
     * Deletes the customer's phone number (and a pending new one). Refused while SMS login is
     * active: deactivate it first.
     *
     * @param account the account
     * @return {@link Changed}, or {@link Refused} with {@code NO_NUMBER} or {@code SMS_ACTIVE}
     * @throws StoreException if the store fails
     */
    public ChangeResult deleteNumber(AccountId account) {
        Instant now = clock.instant();
        return updates.update(requireAccount(account), p -> rules.deleteNumber(p, now));
    }

    /**
     * Sends a code to the number waiting for verification: the pending new number, else the
     * unverified number (also one whose Person no longer has it, while SMS login is not active). A
     * new code replaces any earlier one.
     *
     * @param account the account
     * @return {@link SmsSent}, {@link SmsNotSent} (cooldown, limit, delivery failure), {@link
     *     LockedOut}, or {@link Refused} with {@code NO_NUMBER}, {@code NOTHING_TO_VERIFY} or {@code
     *     METHOD_NOT_CONFIGURED}
     * @throws StoreException if the store fails
     */
    public SendResult sendVerificationCode(AccountId account) {
        TwoFactorProfile first = updates.load(requireAccount(account));
        PersonVouch vouch = persons.vouch(first);
        Instant now = clock.instant();
        return dispatch.send(account, SmsPurpose.VERIFY_NUMBER, now, first, p -> rules.verificationTarget(p, vouch, now));
    }

    /**
     * Checks the code sent by {@link #sendVerificationCode}. On success the number is verified; a
     * pending new number replaces the old one. The result carries no {@link Proof}: a number is no
     * proof of the second factor.
     *
     * @param account the account
     * @param code the code as typed (spaces are ignored)
     * @return {@link Verified}, {@link Rejected}, {@link Expired}, {@link Throttled}, {@link
     *     LockedOut} or {@link Refused} with {@code NOTHING_TO_VERIFY}
     * @throws StoreException if the store fails
     */
    public VerifyResult verifyNumber(AccountId account, String code) {
        TwoFactorProfile first = updates.load(requireAccount(account));
        if (sms == null) {
            return new Refused(Refused.Refusal.METHOD_NOT_CONFIGURED, first.activeMethod(), "SMS is not available.");
        }
        PersonVouch vouch = persons.vouch(first);
        Instant now = clock.instant();
        PhoneNumber target = rules.numberToVerify(first, vouch);
        if (target == null) {
            return SecurityRules.refusal(first, Refused.Refusal.NOTHING_TO_VERIFY, "There is no number to verify.");
        }
        Function<TwoFactorProfile, VerifyResult> refusal = p -> target.equals(rules.numberToVerify(p, vouch)) ? null
                : SecurityRules.refusal(p, Refused.Refusal.NOTHING_TO_VERIFY, "There is no number to verify.");
        return charged.run(account, first, now, refusal, checks.sms(now, SmsPurpose.VERIFY_NUMBER, target, code,
                p -> rules.numberVerified(p, target, now)));
    }

    // ---------------------------------------------------------------- methods

    /**
     * Turns on login via SMS. Needs a verified number (one verified through a Person is checked
     * with the {@link PersonDirectory} again) and no active method. A pending app enrollment is
     * dropped. Makes {@value RecoveryCodeHasher#CODE_COUNT} fresh recovery codes, returned once in
     * {@link Changed#newRecoveryCodes()} (show them to the customer; only hashes are stored).
     *
     * @param account the account
     * @return {@link Changed} with the new recovery codes, or {@link Refused} with {@code METHOD_ACTIVE} (naming the active
     *     method), {@code NO_NUMBER}, {@code NUMBER_NOT_VERIFIED} or {@code METHOD_NOT_CONFIGURED}
     * @throws StoreException if the store fails
     */
    public ChangeResult enableSms(AccountId account) {
        PersonVouch vouch = persons.vouch(updates.load(requireAccount(account)));
        if (sms == null) {
            return new Refused(Refused.Refusal.METHOD_NOT_CONFIGURED, null, "Login via SMS is not available.");
        }
        Instant now = clock.instant();
        FreshRecoveryCodes fresh = new FreshRecoveryCodes(recoveryCodes);
        return updates.update(account, p -> rules.enableSms(p, vouch, fresh, now));
    }

    /**
     * Starts connecting an authenticator app: makes a fresh secret, held as pending until confirmed
     * with {@link #confirmTotp} before it expires ({@link TwoFactorServiceBuilder#totpEnrollmentTimeout}).
     * Starting again replaces the pending secret. Refused while any method is active.
     *
     * @param account the account
     * @param accountName the name the app shows for the account, such as the customer's e-mail
     * @return the {@link TotpSetup} to show (QR code and manual key), or {@link Refused} with {@code
     *     METHOD_ACTIVE} (naming the active method) or {@code METHOD_NOT_CONFIGURED}
     * @throws InvalidInputException if the account name is unusable in an otpauth URI (empty, a
     *     colon); nothing is changed
     * @throws StoreException if the store fails
     */
    public StartTotpResult startTotp(AccountId account, String accountName) {
        requireAccount(account);
        if (totp == null) {
            return new Refused(Refused.Refusal.METHOD_NOT_CONFIGURED, null, "Authenticator apps are not available.");
        }
        Instant now = clock.instant();
        Secret secret = totp.newSecret();
        TotpSetup setup = new TotpSetup(totp.provisioningUri(secret, accountName), totp.manualEntryKey(secret),
                rules.enrollmentExpiry(now));
        Secret stored = protector.protect(account, secret);
        return updates.update(account, p -> rules.startTotp(p, stored, setup, now));
    }

    /**
     * Confirms a pending app enrollment with the code the app shows, which activates the app. The
     * confirming code is consumed: it cannot be used to log in; it proves the new factor ({@link
     * Verified#proof()}). A proof made with one factor never carries over to another. Makes {@value
     * RecoveryCodeHasher#CODE_COUNT} fresh recovery codes (only when the code is right), returned
     * once in {@link Verified#newRecoveryCodes()}.
     *
     * @param account the account
     * @param code the app's code as typed (spaces are ignored)
     * @return {@link Verified} with the proof and the new recovery codes, {@link Rejected}, {@link Expired} (the pending secret expired:
     *     start again), {@link Throttled}, {@link LockedOut}, or {@link Refused} with {@code
     *     METHOD_ACTIVE} or {@code NO_PENDING_ENROLLMENT}
     * @throws StoreException if the store fails
     */
    public VerifyResult confirmTotp(AccountId account, String code) {
        requireAccount(account);
        Instant now = clock.instant();
        FreshRecoveryCodes fresh = new FreshRecoveryCodes(recoveryCodes);
        return charged.run(account, now, p -> rules.confirmTotpRefusal(p, totp != null, now),
                checks.totp(account, now, code, p -> rules.totpConfirmed(p, fresh, now)));
    }

    // ---------------------------------------------------------------- login

    /**
     * Starts the second step of a login, after the host checked the password: says what is needed
     * and, for SMS, sends the code.
     *
     * @param account the account logging in
     * @return {@link NoSecondFactor}, {@link AppCodeRequired}, {@link SmsSent}, {@link SmsNotSent},
     *     {@link SmsNumberWithdrawn} (offer a recovery code) or {@link LockedOut}
     * @throws IllegalStateException if the active method has no channel in this service
     * @throws StoreException if the store fails
     */
    public LoginStep beginLogin(AccountId account) {
        requireAccount(account);
        for (int attempt = 0; attempt < maxUpdateAttempts; attempt++) {
            TwoFactorProfile p = updates.load(account);
            Instant now = clock.instant();
            if (p.activeMethod() == null) {
                return new NoSecondFactor();
            }
            Instant locked = SecurityRules.lockedUntil(p, now);
            if (locked != null) {
                return new LockedOut(locked);
            }
            proving.requireChannel(account, p.activeMethod());
            if (p.activeMethod() == Method.TOTP) {
                return new AppCodeRequired();
            }
            PersonVouch vouch = persons.vouch(p);
            if (dispatch.send(account, SmsPurpose.LOGIN, now, p, q -> rules.ownNumber(q, vouch, now)) instanceof LoginStep step) {
                return step;
            }   // a Refused: the method or number changed while the SMS went out; answer for the new state
        }
        throw new ConcurrentUpdateException("the active method of account " + account + " kept changing during login");
    }

    /**
     * Starts the second step of a login on a device that may be trusted: with a valid token of one
     * of the account's trusted devices ({@link TrustedDevices#remember}) the login needs no second step,
     * {@link DeviceTrusted} says so and the device's last use is stored. A token that is expired,
     * revoked, of another account or of no device, a token while the account is locked, and a token
     * while SMS login is on with a number whose Person no longer has it (the withdrawal is then stored
     * and revokes every device), are ignored: the answer is then as {@link #beginLogin(AccountId)}'s.
     *
     * @param account the account logging in
     * @param token the device's token, or null if it sent none
     * @return {@link DeviceTrusted}, or as {@link #beginLogin(AccountId)}
     * @throws IllegalStateException if the active method has no channel in this service
     * @throws StoreException if the store fails
     */
    public LoginStep beginLogin(AccountId account, DeviceToken token) {
        requireAccount(account);
        TwoFactorProfile first = token == null ? null : updates.load(account);
        if (first != null && !SecurityRules.withdrawnByPerson(first, persons::vouch)) {
            Secret hash = token.hash(account);
            Instant now = clock.instant();
            LoginStep trusted = updates.update(account, first, p -> devices.login(p, hash, now));
            if (trusted != null) {
                return trusted;
            }
        }
        return beginLogin(account);
    }

    /**
     * Returns the trusted devices ("remember this device") of this service's accounts: remember,
     * list and revoke them; a remembered device's login is {@link #beginLogin(AccountId, DeviceToken)}.
     *
     * @return the trusted devices, on the same store and settings as this service
     */
    public TrustedDevices devices() {
        return trustedDevices;
    }

    /**
     * Completes the second step of a login with the code from the SMS or the app. A code is
     * accepted at most once; a TOTP code of an already used time step is rejected with {@link
     * Rejected.Reason#REPLAY}.
     *
     * @param account the account logging in
     * @param code the code as typed (spaces are ignored)
     * @return {@link Verified} with the session's {@link Proof} (log the customer in), {@link
     *     Rejected}, {@link Expired} (send a new SMS code), {@link Throttled}, {@link LockedOut}, or
     *     {@link Refused} with {@code NO_ACTIVE_METHOD}
     * @throws StoreException if the store fails
     */
    public VerifyResult completeLogin(AccountId account, String code) {
        return proving.activeMethod(account, code, SmsPurpose.LOGIN, TwoFactorEvent.Type.LOGIN_SUCCEEDED);
    }

    /**
     * Completes a login with a recovery code instead (the phone is lost). The code is used up.
     *
     * @param account the account logging in
     * @param recoveryCode one of the account's recovery codes ({@code xxxx-xxxx-xxxx}; case, spaces
     *     and hyphens are ignored)
     * @return {@link Verified} with the session's {@link Proof}, {@link Rejected} ({@code
     *     WRONG_RECOVERY_CODE}), {@link Throttled}, {@link LockedOut}, or {@link Refused} with {@code
     *     NO_ACTIVE_METHOD}
     * @throws StoreException if the store fails
     */
    public VerifyResult completeLoginWithRecoveryCode(AccountId account, String recoveryCode) {
        return proving.recoveryCode(account, recoveryCode, TwoFactorEvent.Type.LOGIN_SUCCEEDED);
    }

    // ---------------------------------------------------------------- proofs and deactivation

    /**
     * Sends an SMS code for a fresh proof, when SMS login is active.
     *
     * @param account the account
     * @return {@link SmsSent}, {@link SmsNotSent}, {@link SmsNumberWithdrawn}, {@link LockedOut}, or
     *     {@link Refused} with {@code SMS_NOT_ACTIVE}
     * @throws StoreException if the store fails
     */
    public SendResult sendStepUpCode(AccountId account) {
        TwoFactorProfile first = updates.load(requireAccount(account));
        PersonVouch vouch = persons.vouch(first);
        Instant now = clock.instant();
        return dispatch.send(account, SmsPurpose.STEP_UP, now, first, p -> rules.ownNumber(p, vouch, now));
    }

    /**
     * Proves the customer holds the active factor, with a code of the active method (for SMS, one
     * sent by {@link #sendStepUpCode}). The {@link Proof} it returns allows the sensitive changes
     * (deactivation, number change while SMS is active, new recovery codes) for {@link
     * TwoFactorServiceBuilder#stepUpValidity(Duration)}, in the session that keeps it.
     *
     * @param account the account
     * @param code the code as typed
     * @return {@link Verified} with the proof, {@link Rejected}, {@link Expired}, {@link Throttled},
     *     {@link LockedOut}, or {@link Refused} with {@code NO_ACTIVE_METHOD}
     * @throws StoreException if the store fails
     */
    public VerifyResult stepUp(AccountId account, String code) {
        return proving.activeMethod(account, code, SmsPurpose.STEP_UP, TwoFactorEvent.Type.STEP_UP_SUCCEEDED);
    }

    /**
     * Proves the customer's identity with a recovery code, when the phone is lost; the code is used
     * up. Returns a proof like {@link #stepUp}.
     *
     * @param account the account
     * @param recoveryCode one of the account's recovery codes
     * @return as {@link #completeLoginWithRecoveryCode}
     * @throws StoreException if the store fails
     */
    public VerifyResult stepUpWithRecoveryCode(AccountId account, String recoveryCode) {
        return proving.recoveryCode(account, recoveryCode, TwoFactorEvent.Type.STEP_UP_SUCCEEDED);
    }

    /**
     * Deactivates the active method. Needs the session's live {@link Proof} (from a login, {@link
     * #stepUp} or a recovery code, within {@link TwoFactorServiceBuilder#stepUpValidity(Duration)}).
     * The number stays (verified); an app's secret, the recovery codes and every proof are deleted
     * (they belong to the second factor that ends here); {@link Changed#recoveryCodesDropped()} says
     * how many unused codes stopped working.
     *
     * @param account the account
     * @param proof the session's proof, or null if it has none
     * @return {@link Changed}, or {@link Refused} with {@code NO_ACTIVE_METHOD} or {@code
     *     STEP_UP_REQUIRED}
     * @throws StoreException if the store fails
     */
    public ChangeResult deactivate(AccountId account, Proof proof) {
        Instant now = clock.instant();
        return updates.update(requireAccount(account), p -> rules.deactivate(p, proof, now));
    }

    /**
     * Makes {@value RecoveryCodeHasher#CODE_COUNT} new recovery codes, replacing all earlier ones.
     * Needs an active method and the session's live {@link Proof}. Show the codes once; only salted
     * PBKDF2 hashes are stored.
     *
     * @param account the account
     * @param proof the session's proof, or null if it has none
     * @return the {@link RecoveryCodes}, or {@link Refused} with {@code NO_ACTIVE_METHOD} or {@code
     *     STEP_UP_REQUIRED}
     * @throws StoreException if the store fails
     */
    public RecoveryCodesResult generateRecoveryCodes(AccountId account, Proof proof) {
        Instant now = clock.instant();
        RecoveryCodesResult refused = rules.recoveryCodesRefusal(updates.load(requireAccount(account)), proof, now);
        if (refused != null) {
            return refused;                                   // refuse before spending time on hashing
        }
        List<String> codes = recoveryCodes.newCodes();
        List<Secret> hashes = recoveryCodes.hashAll(codes);
        return updates.update(account, p -> rules.generateRecoveryCodes(p, proof, hashes, new RecoveryCodes(codes), now));
    }

    /**
     * Clears the account's failure count and lock, for a host's support staff after checking the
     * customer's identity another way.
     *
     * @param account the account
     * @return the status after the reset
     * @throws StoreException if the store fails
     */
    public TwoFactorStatus resetLockout(AccountId account) {
        Instant now = clock.instant();
        return updates.update(requireAccount(account), p -> rules.resetLockout(p, now));
    }

    /**
     * Resets the account's second factor, for the host's support staff after they checked the
     * customer's identity another way (the phone is lost): the active method is turned off; the
     * app's secret, a pending app enrollment, a pending new number, the outstanding SMS code, the
     * recovery codes, the trusted devices and every proof are dropped; failures and the lock are cleared; the number
     * stays, unverified (the customer verifies it again before turning SMS login on). Needs no proof:
     * the host decides who may call it. A {@link TwoFactorEvent.Type#SUPPORT_RESET} event carries the
     * {@link SupportAction} (who and why) for the audit and for telling the customer through another
     * channel; it goes out even when there was nothing to reset.
     *
     * @param account the account
     * @param actor who resets it, such as the support agent's id (see {@link SupportAction})
     * @param reason why, such as a ticket reference (see {@link SupportAction})
     * @return {@link Changed}, whose {@link Changed#recoveryCodesDropped()} says how many unused
     *     recovery codes stopped working
     * @throws InvalidInputException if the account is null, or the actor or reason is null, blank,
     *     too long or holds control characters; nothing is changed
     * @throws StoreException if the store fails
     */
    public ChangeResult resetTwoFactor(AccountId account, String actor, String reason) {
        requireAccount(account);
        SupportAction action = new SupportAction(actor, reason);
        Instant now = clock.instant();
        return updates.update(account, p -> rules.resetTwoFactor(p, action, now));
    }

    /** Returns a description of the configuration, without secrets. */
    @Override
    public String toString() {
        return description;
    }

    // ---------------------------------------------------------------- internals

    static AccountId requireAccount(AccountId account) {
        if (account == null) {
            throw new InvalidInputException("account must not be null");
        }
        return account;
    }
}
