package dev.twofa.core;

import dev.twofa.core.spi.PersonDirectory;
import dev.twofa.core.spi.PhoneNumberParser;
import dev.twofa.core.spi.ProfileStore;
import dev.twofa.core.spi.SecretProtector;
import dev.twofa.core.spi.SmsCodeChannel;
import dev.twofa.core.spi.TotpChannel;
import dev.twofa.core.spi.TwoFactorEventListener;
import dev.twofa.core.spi.TwoFactorProfile;
import dev.twofa.core.spi.TwoFactorProfile.Failures;
import dev.twofa.core.spi.TwoFactorProfile.PhoneState;
import dev.twofa.core.spi.TwoFactorProfile.SmsChallenge;
import dev.twofa.core.spi.TwoFactorProfile.TotpState;
import dev.twofa.core.spi.TwoFactorProfile.Verification;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two-factor service a host builds once and calls from its Profile &gt; Security page and its
 * login. It keeps at most one method active per account (SMS codes or an authenticator app),
 * refuses a switch until the active method is deactivated, and accepts each code at most once.
 *
 * <pre>{@code
 * TwoFactorService twoFactor = TwoFactorService.builder()
 *         .store(myProfileStore)                       // your database, compare-and-set
 *         .sms(SmsCodes.builder(mySmsSender).issuer("Example Hosting").build())
 *         .totp(Totp.builder().issuer("Example Hosting").build())
 *         .build();
 *
 * AccountId alice = AccountId.of("customer-42");
 * twoFactor.addNumber(alice, "+420 601 123 456");      // Profile > Security: add number
 * twoFactor.sendVerificationCode(alice);               // an SMS goes out
 * twoFactor.verifyNumber(alice, codeTheCustomerTyped); // Verified(...)
 * twoFactor.enableSms(alice);                          // login via SMS is on
 *
 * LoginStep step = twoFactor.beginLogin(alice);        // at login, after the password
 * if (step instanceof SmsSent sent) {
 *     askForCode("Code sent to " + sent.maskedNumber());
 * } else if (step instanceof AppCodeRequired) {
 *     askForCode("Code from your authenticator app");
 * }                                                    // NoSecondFactor, SmsNotSent, LockedOut
 * if (twoFactor.completeLogin(alice, typedCode).verified()) {
 *     logIn(alice);
 * }
 * }</pre>
 *
 * <p><b>State and many nodes.</b> All state lives in the host's {@link ProfileStore}, one profile
 * per account, changed only by compare-and-set on its version. Each operation loads the profile,
 * applies a pure transition and writes it back; if another node changed it meanwhile, the
 * operation is re-evaluated on the fresh profile (up to {@link Builder#maxUpdateAttempts(int)}
 * times). So a code is accepted once even when two nodes check it at the same moment, and
 * failures are counted exactly. Nothing is cached between calls.
 *
 * <p><b>Outcomes.</b> Expected outcomes are values: {@link ChangeResult}, {@link VerifyResult},
 * {@link SendResult}, {@link LoginStep}. A refused operation stores nothing; a code check that
 * got as far as looking at the code stores its counted try, whatever its result. Exceptions report misuse ({@link
 * InvalidInputException}) and infrastructure failures ({@link StoreException}, {@link
 * ConcurrentUpdateException}).
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

    private static final Logger LOG = LoggerFactory.getLogger(TwoFactorService.class);

    private final ProfileStore store;
    private final Clock clock;
    private final PersonDirectory personDirectory;
    private final TwoFactorEventListener listener;
    private final SecretProtector protector;
    private final SmsCodeChannel sms;
    private final TotpChannel totp;
    private final LockoutPolicy lockout;
    private final Duration totpEnrollmentTimeout;
    private final Duration stepUpValidity;
    private final Function<AccountId, Locale> smsLocale;
    private final PhoneNumberParser phoneNumbers;
    private final int maxUpdateAttempts;
    private final RecoveryCodeHasher recoveryCodes;
    private final double guessingChance;

    private TwoFactorService(Builder b) {
        this.store = b.store;
        this.clock = b.clock;
        this.personDirectory = b.personDirectory;
        this.listener = b.listener;
        this.protector = b.protector;
        this.sms = b.sms;
        this.totp = b.totp;
        this.lockout = b.lockout;
        this.totpEnrollmentTimeout = b.totpEnrollmentTimeout;
        this.stepUpValidity = b.stepUpValidity;
        this.smsLocale = b.smsLocale;
        this.phoneNumbers = b.phoneNumbers;
        this.maxUpdateAttempts = b.maxUpdateAttempts;
        this.recoveryCodes = new RecoveryCodeHasher(new SecureRandom());
        this.guessingChance = b.guessingChance;
    }

    /**
     * Returns a new builder. Builders are not thread-safe.
     *
     * @return a builder with the defaults stated on its setters
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the chance an attacker guesses a code within one lockout period with this service's
     * methods and policy (the highest of its methods), as computed at build time.
     *
     * @return the chance, at most {@link GuessingPolicy#MAX_CHANCE}
     */
    public double guessingChance() {
        return guessingChance;
    }

    // ---------------------------------------------------------------- status

    /**
     * Returns what the Security page shows of an account. Reads only.
     *
     * @param account the account
     * @return the account's status (an account never stored has nothing set)
     * @throws StoreException if the store fails
     */
    public TwoFactorStatus status(AccountId account) {
        return status(load(requireAccount(account)), clock.instant());
    }

    // ---------------------------------------------------------------- phone number

    /**
     * Adds the customer's phone number, unverified. If it equals (in E.164) a number verified by one
     * of the account's Persons ({@link PersonDirectory}), it is verified at once and no SMS is needed.
     *
     * @param account the account
     * @param number the number as typed ({@code +420 601 123 456}; national numbers need {@link
     *     Builder#defaultCallingCode(String)})
     * @return {@link Changed}, or {@link Refused} with {@code NUMBER_ALREADY_SET}
     * @throws InvalidPhoneNumberException if the number cannot be read; nothing is changed
     * @throws StoreException if the store fails
     */
    public ChangeResult addNumber(AccountId account, String number) {
        requireAccount(account);
        PhoneNumber parsed = phoneNumbers.parse(number);
        boolean person = personHas(account, parsed);
        Instant now = clock.instant();
        return update(account, p -> {
            if (p.phone() != null) {
                return Step.refuse(p, Refused.Refusal.NUMBER_ALREADY_SET, "the account already has a number; change it");
            }
            TwoFactorProfile next = p.withPhone(new PhoneState(parsed, person ? Verification.PERSON : Verification.UNVERIFIED), null);
            List<TwoFactorEvent> events = new ArrayList<>();
            events.add(event(TwoFactorEvent.Type.NUMBER_ADDED, account, now, null, parsed));
            if (person) {
                events.add(event(TwoFactorEvent.Type.NUMBER_VERIFIED, account, now, null, parsed));
            }
            return Step.change(next, new Changed(status(next, now)), events);
        });
    }

    /**
     * Changes the customer's phone number. While SMS login is not active the new number replaces
     * the old one, unverified (or verified through a Person). While SMS login is active, this needs a
     * fresh proof ({@link #stepUp}); the new number is then pending and takes effect only when
     * verified with {@link #verifyNumber} (or at once if a Person of the account has it verified),
     * and the old number stays active until then.
     *
     * @param account the account
     * @param number the new number as typed
     * @return {@link Changed}, or {@link Refused} with {@code NO_NUMBER} or {@code STEP_UP_REQUIRED}
     * @throws InvalidPhoneNumberException if the number cannot be read; nothing is changed
     * @throws StoreException if the store fails
     */
    public ChangeResult changeNumber(AccountId account, String number) {
        requireAccount(account);
        PhoneNumber parsed = phoneNumbers.parse(number);
        boolean person = personHas(account, parsed);
        Instant now = clock.instant();
        return update(account, p -> {
            if (p.phone() == null) {
                return Step.refuse(p, Refused.Refusal.NO_NUMBER, "the account has no number; add one");
            }
            if (parsed.equals(p.phone().number()) && p.pendingNumber() == null) {
                return Step.of(new Changed(status(p, now)));   // the same number: nothing to change
            }
            boolean smsActive = p.activeMethod() == Method.SMS;
            if (smsActive && !hasFreshProof(p, now)) {
                return Step.refuse(p, Refused.Refusal.STEP_UP_REQUIRED,
                        "changing the number while SMS login is active needs a fresh code from the current number");
            }
            TwoFactorProfile cleared = dropChallenge(p, SmsPurpose.VERIFY_NUMBER);
            TwoFactorProfile next;
            List<TwoFactorEvent> events = new ArrayList<>();
            events.add(event(TwoFactorEvent.Type.NUMBER_CHANGED, account, now, null, parsed));
            if (smsActive && !person) {
                next = cleared.withPhone(p.phone(), parsed.equals(p.phone().number()) ? null : parsed);
            } else {
                next = cleared.withPhone(new PhoneState(parsed, person ? Verification.PERSON : Verification.UNVERIFIED), null);
                if (person) {
                    events.add(event(TwoFactorEvent.Type.NUMBER_VERIFIED, account, now, null, parsed));
                }
            }
            return Step.change(next, new Changed(status(next, now)), events);
        });
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
        requireAccount(account);
        Instant now = clock.instant();
        return update(account, p -> {
            if (p.phone() == null) {
                return Step.refuse(p, Refused.Refusal.NO_NUMBER, "the account has no number");
            }
            if (p.activeMethod() == Method.SMS) {
                return Step.refuse(p, Refused.Refusal.SMS_ACTIVE,
                        "the number cannot be deleted while SMS login is active; deactivate SMS first");
            }
            TwoFactorProfile next = dropChallenge(p, SmsPurpose.VERIFY_NUMBER).withPhone(null, null);
            return Step.change(next, new Changed(status(next, now)),
                    List.of(event(TwoFactorEvent.Type.NUMBER_DELETED, account, now, null, p.phone().number())));
        });
    }

    /**
     * Sends a code to the number waiting for verification: the pending new number, else the
     * unverified number. A new code replaces any earlier one.
     *
     * @param account the account
     * @return {@link SmsSent}, {@link SmsNotSent} (cooldown, limit, delivery failure), {@link
     *     LockedOut}, or {@link Refused} with {@code NO_NUMBER}, {@code NOTHING_TO_VERIFY} or {@code
     *     METHOD_NOT_CONFIGURED}
     * @throws StoreException if the store fails
     */
    public SendResult sendVerificationCode(AccountId account) {
        requireAccount(account);
        return send(account, SmsPurpose.VERIFY_NUMBER, p -> {
            if (p.phone() == null) {
                return new Refused(Refused.Refusal.NO_NUMBER, p.activeMethod(), "the account has no number; add one");
            }
            PhoneNumber target = numberToVerify(p);
            return target != null ? target
                    : new Refused(Refused.Refusal.NOTHING_TO_VERIFY, p.activeMethod(), "the number is already verified");
        });
    }

    /**
     * Checks the code sent by {@link #sendVerificationCode}. On success the number is verified; a
     * pending new number replaces the old one.
     *
     * @param account the account
     * @param code the code as typed (spaces are ignored)
     * @return {@link Verified}, {@link Rejected}, {@link Expired}, {@link Throttled}, {@link
     *     LockedOut} or {@link Refused} with {@code NOTHING_TO_VERIFY}
     * @throws StoreException if the store fails
     */
    public VerifyResult verifyNumber(AccountId account, String code) {
        requireAccount(account);
        Instant now = clock.instant();
        return verifyCode(account, now, p -> numberToVerify(p) == null
                ? refusal(p, Refused.Refusal.NOTHING_TO_VERIFY, "there is no number to verify") : null, p -> {
                    PhoneNumber target = numberToVerify(p);
                    return smsCheck(now, SmsPurpose.VERIFY_NUMBER, target, code, q -> new Accepted(
                            q.withPhone(new PhoneState(target, Verification.SMS), null),
                            List.of(event(TwoFactorEvent.Type.NUMBER_VERIFIED, account, now, null, target)), false));
                });
    }

    // ---------------------------------------------------------------- SMS login

    /**
     * Turns on login via SMS. Needs a verified number (one verified through a Person is checked
     * with the {@link PersonDirectory} again) and no active method. A pending app enrollment is
     * dropped.
     *
     * @param account the account
     * @return {@link Changed}, or {@link Refused} with {@code METHOD_ACTIVE} (naming the active
     *     method), {@code NO_NUMBER}, {@code NUMBER_NOT_VERIFIED} or {@code METHOD_NOT_CONFIGURED}
     * @throws StoreException if the store fails
     */
    public ChangeResult enableSms(AccountId account) {
        requireAccount(account);
        Instant now = clock.instant();
        TwoFactorProfile first = load(account);
        boolean personStill = first.phone() == null || first.phone().verification() != Verification.PERSON
                || personHas(account, first.phone().number());
        return update(account, p -> {
            if (sms == null) {
                return Step.refuse(p, Refused.Refusal.METHOD_NOT_CONFIGURED, "SMS login is not configured");
            }
            if (p.activeMethod() != null) {
                return Step.refuse(p, Refused.Refusal.METHOD_ACTIVE, activeMessage(p.activeMethod()));
            }
            if (p.phone() == null) {
                return Step.refuse(p, Refused.Refusal.NO_NUMBER, "add and verify a number first");
            }
            // a Person's number counts only as re-checked above (a number changed meanwhile was not)
            boolean personChecked = personStill && p.phone().equals(first.phone());
            if (!p.phone().verified() || (p.phone().verification() == Verification.PERSON && !personChecked)) {
                return Step.refuse(p, Refused.Refusal.NUMBER_NOT_VERIFIED, "verify the number first");
            }
            // a proof made with an earlier factor does not carry over to the new one
            TwoFactorProfile next = p.withTotp(null).withActiveMethod(Method.SMS).withLastProofAt(null);
            return Step.change(next, new Changed(status(next, now)),
                    List.of(event(TwoFactorEvent.Type.METHOD_ACTIVATED, account, now, Method.SMS, p.phone().number())));
        });
    }

    // ---------------------------------------------------------------- authenticator app

    /**
     * Starts connecting an authenticator app: makes a fresh secret, held as pending until confirmed
     * with {@link #confirmTotp} before it expires ({@link Builder#totpEnrollmentTimeout(Duration)}).
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
        Instant now = clock.instant();
        if (totp == null) {
            return new Refused(Refused.Refusal.METHOD_NOT_CONFIGURED, null, "authenticator apps are not configured");
        }
        Secret secret = totp.newSecret();
        String uri = totp.provisioningUri(secret, accountName);
        String manualKey = totp.manualEntryKey(secret);
        Secret stored = protector.protect(account, secret);
        return update(account, p -> {
            if (p.activeMethod() != null) {
                return Step.refuse(p, Refused.Refusal.METHOD_ACTIVE, activeMessage(p.activeMethod()));
            }
            TwoFactorProfile next = p.withTotp(new TotpState(stored, now, -1));
            return Step.change(next, new TotpSetup(uri, manualKey, now.plus(totpEnrollmentTimeout)),
                    List.of(event(TwoFactorEvent.Type.TOTP_ENROLLMENT_STARTED, account, now, Method.TOTP, null)));
        });
    }

    /**
     * Confirms a pending app enrollment with the code the app shows, which activates the app. The
     * confirming code is consumed: it cannot be used to log in; it counts as a fresh proof with the
     * new factor. (Enabling SMS and deactivating end any earlier proof: a proof made with one
     * factor never carries over to another.)
     *
     * @param account the account
     * @param code the app's code as typed (spaces are ignored)
     * @return {@link Verified}, {@link Rejected}, {@link Expired} (the pending secret expired:
     *     start again), {@link Throttled}, {@link LockedOut}, or {@link Refused} with {@code
     *     METHOD_ACTIVE} or {@code NO_PENDING_ENROLLMENT}
     * @throws StoreException if the store fails
     */
    public VerifyResult confirmTotp(AccountId account, String code) {
        requireAccount(account);
        Instant now = clock.instant();
        return verifyCode(account, now, p -> {
            if (p.activeMethod() != null) {
                return refusal(p, Refused.Refusal.METHOD_ACTIVE, activeMessage(p.activeMethod()));
            }
            if (p.totp() == null || totp == null) {
                return refusal(p, Refused.Refusal.NO_PENDING_ENROLLMENT, "connect a device first");
            }
            return now.isBefore(p.totp().createdAt().plus(totpEnrollmentTimeout)) ? null : new Expired();
        }, p -> totpCheck(now, code, p.totp().lastAcceptedStep(),
                q -> new Accepted(q.withActiveMethod(Method.TOTP).withLastProofAt(now),
                        List.of(event(TwoFactorEvent.Type.METHOD_ACTIVATED, account, now, Method.TOTP, null)))));
    }

    // ---------------------------------------------------------------- login

    /**
     * Starts the second step of a login, after the host checked the password: says what is needed
     * and, for SMS, sends the code.
     *
     * @param account the account logging in
     * @return {@link NoSecondFactor}, {@link AppCodeRequired}, {@link SmsSent}, {@link SmsNotSent}
     *     or {@link LockedOut}
     * @throws StoreException if the store fails
     */
    public LoginStep beginLogin(AccountId account) {
        requireAccount(account);
        for (int attempt = 0; attempt < maxUpdateAttempts; attempt++) {
            LoginStep step = beginLoginOnce(account);
            if (step != null) {
                return step;
            }
        }
        throw new ConcurrentUpdateException("the active method of account " + account + " kept changing during login");
    }

    /** Returns the login step, or null if the method changed while the SMS went out (ask again). */
    private LoginStep beginLoginOnce(AccountId account) {
        TwoFactorProfile p = load(account);
        Instant now = clock.instant();
        if (p.activeMethod() == null) {
            return new NoSecondFactor();
        }
        Instant locked = lockedUntil(p, now);
        if (locked != null) {
            return new LockedOut(locked);
        }
        if (p.activeMethod() == Method.TOTP) {
            requireChannel(account, Method.TOTP);
            return new AppCodeRequired();
        }
        SendResult sent = send(account, SmsPurpose.LOGIN, q -> q.activeMethod() == Method.SMS ? q.phone().number()
                : new Refused(Refused.Refusal.SMS_NOT_ACTIVE, q.activeMethod(), "SMS login is not active"));
        if (sent instanceof Refused refused) {
            if (refused.refusal() == Refused.Refusal.SMS_NOT_ACTIVE) {
                return null; // the method changed meanwhile: answer for the new state
            }
            requireChannel(account, Method.SMS);
        }
        return (LoginStep) sent;
    }

    /**
     * Completes the second step of a login with the code from the SMS or the app. A code is
     * accepted at most once; a TOTP code of an already used time step is rejected with {@link
     * Rejected.Reason#REPLAY}.
     *
     * @param account the account logging in
     * @param code the code as typed (spaces are ignored)
     * @return {@link Verified} (log the customer in), {@link Rejected}, {@link Expired} (send a new
     *     SMS code), {@link Throttled}, {@link LockedOut}, or {@link Refused} with {@code
     *     NO_ACTIVE_METHOD}
     * @throws StoreException if the store fails
     */
    public VerifyResult completeLogin(AccountId account, String code) {
        return proveWithActiveMethod(account, code, SmsPurpose.LOGIN, TwoFactorEvent.Type.LOGIN_SUCCEEDED);
    }

    /**
     * Completes a login with a recovery code instead (the phone is lost). The code is used up.
     *
     * @param account the account logging in
     * @param recoveryCode one of the account's recovery codes ({@code xxxx-xxxx-xxxx}; case, spaces
     *     and hyphens are ignored)
     * @return {@link Verified}, {@link Rejected} ({@code WRONG_RECOVERY_CODE}), {@link Throttled},
     *     {@link LockedOut}, or {@link Refused} with {@code NO_ACTIVE_METHOD}
     * @throws StoreException if the store fails
     */
    public VerifyResult completeLoginWithRecoveryCode(AccountId account, String recoveryCode) {
        return proveWithRecoveryCode(account, recoveryCode, TwoFactorEvent.Type.LOGIN_SUCCEEDED);
    }

    // ---------------------------------------------------------------- step-up and deactivation

    /**
     * Sends an SMS code for a step-up proof, when SMS login is active.
     *
     * @param account the account
     * @return {@link SmsSent}, {@link SmsNotSent}, {@link LockedOut}, or {@link Refused} with {@code
     *     SMS_NOT_ACTIVE}
     * @throws StoreException if the store fails
     */
    public SendResult sendStepUpCode(AccountId account) {
        requireAccount(account);
        return send(account, SmsPurpose.STEP_UP, p -> p.activeMethod() == Method.SMS ? p.phone().number()
                : new Refused(Refused.Refusal.SMS_NOT_ACTIVE, p.activeMethod(), "SMS login is not active"));
    }

    /**
     * Proves the customer holds the active factor, with a code of the active method (for SMS, one
     * sent by {@link #sendStepUpCode}). A proof, like a login, allows the sensitive changes
     * (deactivation, number change while SMS is active, new recovery codes) for {@link
     * Builder#stepUpValidity(Duration)}.
     *
     * @param account the account
     * @param code the code as typed
     * @return {@link Verified}, {@link Rejected}, {@link Expired}, {@link Throttled}, {@link
     *     LockedOut}, or {@link Refused} with {@code NO_ACTIVE_METHOD}
     * @throws StoreException if the store fails
     */
    public VerifyResult stepUp(AccountId account, String code) {
        return proveWithActiveMethod(account, code, SmsPurpose.STEP_UP, TwoFactorEvent.Type.STEP_UP_SUCCEEDED);
    }

    /**
     * Proves the customer's identity with a recovery code, when the phone is lost; the code is used
     * up. Allows the same changes as {@link #stepUp}.
     *
     * @param account the account
     * @param recoveryCode one of the account's recovery codes
     * @return as {@link #completeLoginWithRecoveryCode}
     * @throws StoreException if the store fails
     */
    public VerifyResult stepUpWithRecoveryCode(AccountId account, String recoveryCode) {
        return proveWithRecoveryCode(account, recoveryCode, TwoFactorEvent.Type.STEP_UP_SUCCEEDED);
    }

    /**
     * Deactivates the active method. Needs a proof ({@link #stepUp}, a recovery code, or a login)
     * made within {@link Builder#stepUpValidity(Duration)}. The number stays (verified); an app's
     * secret and the recovery codes are deleted (they belong to the second factor that ends here).
     *
     * @param account the account
     * @return {@link Changed}, or {@link Refused} with {@code NO_ACTIVE_METHOD} or {@code
     *     STEP_UP_REQUIRED}
     * @throws StoreException if the store fails
     */
    public ChangeResult deactivate(AccountId account) {
        requireAccount(account);
        Instant now = clock.instant();
        return update(account, p -> {
            Method active = p.activeMethod();
            if (active == null) {
                return Step.refuse(p, Refused.Refusal.NO_ACTIVE_METHOD, "no method is active");
            }
            if (!hasFreshProof(p, now)) {
                return Step.refuse(p, Refused.Refusal.STEP_UP_REQUIRED,
                        "deactivating " + active + " needs a fresh code (step-up) or a recovery code");
            }
            TwoFactorProfile next = p.withSmsChallenge(p.smsChallenge() == null ? null : p.smsChallenge().spent())
                    .withPhone(p.phone(), null).withActiveMethod(null).withTotp(null).withRecoveryCodes(List.of())
                    .withLastProofAt(null);
            PhoneNumber number = active == Method.SMS ? p.phone().number() : null;
            return Step.change(next, new Changed(status(next, now)),
                    List.of(event(TwoFactorEvent.Type.METHOD_DEACTIVATED, account, now, active, number)));
        });
    }

    // ---------------------------------------------------------------- recovery codes and lockout

    /**
     * Makes {@value RecoveryCodeHasher#CODE_COUNT} new recovery codes, replacing all earlier ones.
     * Needs an active method and a fresh proof. Show the codes once; only salted PBKDF2 hashes are
     * stored.
     *
     * @param account the account
     * @return the {@link RecoveryCodes}, or {@link Refused} with {@code NO_ACTIVE_METHOD} or {@code
     *     STEP_UP_REQUIRED}
     * @throws StoreException if the store fails
     */
    public RecoveryCodesResult generateRecoveryCodes(AccountId account) {
        requireAccount(account);
        Instant now = clock.instant();
        TwoFactorProfile current = load(account);
        if (current.activeMethod() == null || !hasFreshProof(current, now)) {
            return recoveryCodesRefusal(current);         // refuse before spending time on hashing
        }
        List<String> codes = recoveryCodes.newCodes();
        List<Secret> hashes = codes.stream().map(recoveryCodes::hash).toList();
        return update(account, p -> {
            if (p.activeMethod() == null || !hasFreshProof(p, now)) {
                return Step.of(recoveryCodesRefusal(p));
            }
            return Step.change(p.withRecoveryCodes(hashes), new RecoveryCodes(codes),
                    List.of(event(TwoFactorEvent.Type.RECOVERY_CODES_GENERATED, account, now, p.activeMethod(), null)));
        });
    }

    private static Refused refusal(TwoFactorProfile p, Refused.Refusal refusal, String message) {
        return new Refused(refusal, p.activeMethod(), message);
    }

    private Refused recoveryCodesRefusal(TwoFactorProfile p) {
        return p.activeMethod() == null
                ? new Refused(Refused.Refusal.NO_ACTIVE_METHOD, null, "activate a method first")
                : new Refused(Refused.Refusal.STEP_UP_REQUIRED, p.activeMethod(),
                        "new recovery codes need a fresh code (step-up)");
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
        requireAccount(account);
        Instant now = clock.instant();
        return update(account, p -> {
            TwoFactorProfile next = p.withFailures(Failures.NONE);
            if (p.failures().equals(Failures.NONE)) {
                return Step.of(status(p, now));
            }
            return Step.change(next, status(next, now),
                    List.of(event(TwoFactorEvent.Type.LOCKOUT_RESET, account, now, p.activeMethod(), null)));
        });
    }

    // ---------------------------------------------------------------- internals: proofs

    private VerifyResult proveWithActiveMethod(AccountId account, String code, SmsPurpose purpose,
            TwoFactorEvent.Type successType) {
        requireAccount(account);
        Instant now = clock.instant();
        return verifyCode(account, now, p -> {
            if (p.activeMethod() == null) {
                return refusal(p, Refused.Refusal.NO_ACTIVE_METHOD, "no method is active");
            }
            requireChannel(account, p.activeMethod());
            return null;
        }, p -> {
            Method active = p.activeMethod();
            Function<TwoFactorProfile, Accepted> onSuccess = q -> new Accepted(q.withLastProofAt(now),
                    List.of(event(successType, account, now, active, null)));
            return active == Method.TOTP ? totpCheck(now, code, p.totp().lastAcceptedStep(), onSuccess)
                    : smsCheck(now, purpose, p.phone().number(), code, onSuccess);
        });
    }

    private VerifyResult proveWithRecoveryCode(AccountId account, String code, TwoFactorEvent.Type successType) {
        requireAccount(account);
        Instant now = clock.instant();
        return verifyCode(account, now,
                p -> p.activeMethod() == null ? refusal(p, Refused.Refusal.NO_ACTIVE_METHOD, "no method is active") : null,
                p -> new CodeCheck() {
                    @Override
                    public Object prepare(TwoFactorProfile q) {
                        return q.recoveryCodes();
                    }

                    @Override
                    public Object evaluate(Object hashes) {
                        @SuppressWarnings("unchecked")
                        List<Secret> list = (List<Secret>) hashes;
                        int index = recoveryCodes.find(list, code);
                        return index < 0 ? Optional.empty() : Optional.of(list.get(index));
                    }

                    @Override
                    public Check apply(TwoFactorProfile fresh, Object evaluation) {
                        Optional<?> matched = (Optional<?>) evaluation;
                        List<Secret> left = new ArrayList<>(fresh.recoveryCodes());
                        // a code used meanwhile by another request is gone from the fresh list: single use
                        if (matched.isEmpty() || !left.remove(matched.get())) {
                            return new Failed(Rejected.Reason.WRONG_RECOVERY_CODE, fresh);
                        }
                        return new Accepted(fresh.withRecoveryCodes(left).withLastProofAt(now), List.of(
                                event(TwoFactorEvent.Type.RECOVERY_CODE_USED, account, now, fresh.activeMethod(), null),
                                event(successType, account, now, fresh.activeMethod(), null)));
                    }
                });
    }

    /**
     * A code check in three parts, so the code is evaluated exactly once per call, after its try was
     * counted: {@link #prepare} reads what the code is checked against (or says why nothing can be
     * checked), {@link #evaluate} does the secret-dependent work, {@link #apply} applies the outcome
     * to the profile as it is when the result is stored, without cryptography.
     */
    private interface CodeCheck {

        /** Returns what {@link #evaluate} needs, or a {@link VerifyResult} if there is nothing to check. */
        Object prepare(TwoFactorProfile p);

        /** Checks the code; may be slow (HMAC, PBKDF2); runs on no lock and writes nothing. */
        Object evaluate(Object prepared);

        /** Returns what the evaluation means for the fresh profile. */
        Check apply(TwoFactorProfile fresh, Object evaluation);

        /**
         * Returns what identifies the credential the code is checked against (an SMS challenge's
         * id, a TOTP secret with its enrollment time), or null; an evaluation is applied only to
         * the same credential, never to one replaced between the count and the result.
         */
        default Object credential(TwoFactorProfile p) {
            return null;
        }
    }

    /** What a code check found: accepted, failed, or nothing to apply it to (its try stays counted). */
    private sealed interface Check permits Accepted, Failed, NotChecked { }

    /**
     * An accepted code. {@code provesFactor} is false for a code that proves only a number being
     * verified, not the second factor: its success takes back its own counted try but leaves the
     * account's other failures (and a lock they reached) as they are.
     */
    private record Accepted(TwoFactorProfile next, List<TwoFactorEvent> events, boolean provesFactor) implements Check {

        Accepted(TwoFactorProfile next, List<TwoFactorEvent> events) {
            this(next, events, true);
        }
    }

    private record Failed(Rejected.Reason reason, TwoFactorProfile next) implements Check { }

    private record NotChecked(VerifyResult result) implements Check { }

    /** A try counted in the store, with the profile as it was counted. */
    private record Charged(TwoFactorProfile profile, Object prepared, Object credential, int count) { }

    /**
     * Checks a code under the lockout policy, on every entry point. First, by compare-and-set: the
     * operation's own refusals, the lock and the delay (so the code is not looked at), then the try
     * is counted as a failure (and may lock). Then the code is evaluated, once. Last, by
     * compare-and-set again: a success resets the count and applies its change; a failure keeps its
     * count. So however many guesses arrive at once, on any number of nodes, at most {@code
     * lockAfter} codes are evaluated before the lock.
     */
    private VerifyResult verifyCode(AccountId account, Instant now, Function<TwoFactorProfile, VerifyResult> refusal,
            Function<TwoFactorProfile, CodeCheck> checkOf) {
        Object first = update(account, p -> {
            VerifyResult refused = refusal.apply(p);
            if (refused != null) {
                return Step.of(refused);
            }
            Instant locked = lockedUntil(p, now);
            if (locked != null) {
                return Step.of(new LockedOut(locked));
            }
            Failures f = p.failures();
            if (f.consecutive() > 0 && f.lastFailureAt() != null) {
                Instant retryAt = f.lastFailureAt().plus(lockout.delayAfter(f.consecutive()));
                if (now.isBefore(retryAt)) {
                    return Step.of(new Throttled(retryAt));
                }
            }
            Object prepared = checkOf.apply(p).prepare(p);
            if (prepared instanceof VerifyResult notApplicable) {
                return Step.of(notApplicable);
            }
            int count = f.consecutive() + 1;
            TwoFactorProfile charged = p.withFailures(new Failures(count, now, lockout.lockedUntil(count, now)));
            return Step.change(charged, new Charged(charged, prepared, checkOf.apply(p).credential(p), count), List.of());
        });
        if (first instanceof VerifyResult result) {
            return result;
        }
        Charged charged = (Charged) first;
        boolean chargeLocked = lockout.lockedUntil(charged.count(), now) != null;
        try {
            CodeCheck check = checkOf.apply(charged.profile());
            Object evaluation = check.evaluate(charged.prepared());
            return update(account, q -> {
                VerifyResult refused = refusal.apply(q);
                Check outcome = refused != null ? new NotChecked(refused)
                        : !Objects.equals(check.credential(q), charged.credential())
                                ? new NotChecked(new Expired())     // the credential was replaced meanwhile
                                : check.apply(q, evaluation);
                Instant lockedNow = lockedUntil(q, now);
                if (outcome instanceof Accepted ok) {
                    // a lock reached meanwhile by tries counted after this one stays
                    boolean lockedByLaterTries = lockedNow != null && q.failures().consecutive() > charged.count();
                    TwoFactorProfile next = ok.next().withFailures(!ok.provesFactor() ? withoutOneTry(q.failures())
                            : lockedByLaterTries ? q.failures() : Failures.NONE);
                    return Step.change(next, new Verified(status(next, now)), ok.events());
                }
                List<TwoFactorEvent> events = new ArrayList<>();
                VerifyResult result;
                TwoFactorProfile next = null;
                if (outcome instanceof Failed failed) {
                    events.add(event(failed.reason() == Rejected.Reason.REPLAY ? TwoFactorEvent.Type.REPLAY_REFUSED
                            : TwoFactorEvent.Type.CODE_REJECTED, account, now, q.activeMethod(), null));
                    result = new Rejected(failed.reason(), Math.max(0, lockout.lockAfter() - charged.count()));
                    next = failed.next() == q ? null : failed.next();
                } else {
                    result = ((NotChecked) outcome).result();
                }
                if (chargeLocked && lockedNow != null) {
                    events.add(event(TwoFactorEvent.Type.LOCKED_OUT, account, now, q.activeMethod(), null));
                    result = new LockedOut(lockedNow);
                }
                return Step.change(next, result, events);
            });
        } catch (RuntimeException e) {
            if (chargeLocked) {   // the lock is stored: tell the host even though the check broke off
                emit(List.of(event(TwoFactorEvent.Type.LOCKED_OUT, account, now, charged.profile().activeMethod(), null)));
            }
            throw e;
        }
    }

    /** Returns the failures with one counted try taken back; a lock stays only if the rest reach it. */
    private Failures withoutOneTry(Failures f) {
        int left = Math.max(0, f.consecutive() - 1);
        return left == 0 ? Failures.NONE
                : new Failures(left, f.lastFailureAt(), left >= lockout.lockAfter() ? f.lockedUntil() : null);
    }

    private CodeCheck totpCheck(Instant now, String code, long watermark,
            Function<TwoFactorProfile, Accepted> onSuccess) {
        return new CodeCheck() {
            @Override
            public Object prepare(TwoFactorProfile p) {
                // may throw (tampered, another key): before the count, so nothing is changed
                return protector.unprotect(p.account(), p.totp().storedSecret());
            }

            @Override
            public Object credential(TwoFactorProfile p) {
                return p.totp() == null ? null : List.of(p.totp().storedSecret(), p.totp().createdAt());
            }

            @Override
            public Object evaluate(Object secret) {
                String digits = normalizeCode(code, totp.codeDigits());
                if (digits == null) {
                    return Rejected.Reason.MALFORMED;
                }
                OptionalLong step = totp.verify((Secret) secret, digits, now, watermark);
                return step.isEmpty() ? Rejected.Reason.WRONG_CODE : step.getAsLong();
            }

            @Override
            public Check apply(TwoFactorProfile fresh, Object evaluation) {
                TotpState state = fresh.totp();
                if (evaluation instanceof Rejected.Reason reason) {
                    return new Failed(reason, fresh);
                }
                long step = (Long) evaluation;
                if (step <= state.lastAcceptedStep()) {
                    LOG.warn("twofa: replayed TOTP code refused for account {}", fresh.account());
                    return new Failed(Rejected.Reason.REPLAY, fresh);
                }
                return onSuccess.apply(fresh.withTotp(state.withLastAcceptedStep(step)));
            }
        };
    }

    private CodeCheck smsCheck(Instant now, SmsPurpose purpose, PhoneNumber destination, String code,
            Function<TwoFactorProfile, Accepted> onSuccess) {
        return new CodeCheck() {
            @Override
            public Object prepare(TwoFactorProfile p) {
                SmsChallenge c = p.smsChallenge();
                if (sms == null || c == null || c.purpose() != purpose || !c.destination().equals(destination)
                        || !now.isBefore(c.expiresAt()) || c.attemptsLeft() <= 0) {
                    return new Expired();
                }
                return new Object[] {p.account(), c};
            }

            @Override
            public Object credential(TwoFactorProfile p) {
                return p.smsChallenge() == null ? null : p.smsChallenge().id();
            }

            @Override
            public Object evaluate(Object prepared) {
                Object[] accountAndChallenge = (Object[]) prepared;
                String digits = normalizeCode(code, sms.codeDigits());
                if (digits == null) {
                    return Rejected.Reason.MALFORMED;
                }
                return sms.matches((AccountId) accountAndChallenge[0], (SmsChallenge) accountAndChallenge[1], digits)
                        ? Boolean.TRUE : Rejected.Reason.WRONG_CODE;
            }

            @Override
            public Check apply(TwoFactorProfile fresh, Object evaluation) {
                SmsChallenge c = fresh.smsChallenge();
                if (c.attemptsLeft() <= 0) {
                    return new NotChecked(new Expired());            // used or killed meanwhile
                }
                if (evaluation == Boolean.TRUE) {
                    return onSuccess.apply(fresh.withSmsChallenge(c.spent()));
                }
                SmsChallenge used = c.withOneAttemptUsed();
                return new Failed(used.attemptsLeft() == 0 ? Rejected.Reason.CODE_DEAD : (Rejected.Reason) evaluation,
                        fresh.withSmsChallenge(used));
            }
        };
    }

    /**
     * Returns exactly {@code digits} ASCII digits after removing spaces, or null. Not {@code
     * Integer.parseInt}: it accepts signs and non-ASCII digits.
     */
    static String normalizeCode(String code, int digits) {
        if (code == null || code.length() > 64) {
            return null;
        }
        StringBuilder out = new StringBuilder(digits);
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == ' ') {
                continue;
            }
            if (c < '0' || c > '9' || out.length() == digits) {
                return null;
            }
            out.append(c);
        }
        return out.length() == digits ? out.toString() : null;
    }

    // ---------------------------------------------------------------- internals: sending

    /**
     * Sends an SMS code: reads the destination from the profile, lets the channel send (limits
     * first), then stores the challenge by compare-and-set, re-checking the destination on the fresh
     * profile. A code whose challenge could not be stored was never valid.
     */
    private SendResult send(AccountId account, SmsPurpose purpose, Function<TwoFactorProfile, Object> destinationOf) {
        Instant now = clock.instant();
        if (sms == null) {
            return new Refused(Refused.Refusal.METHOD_NOT_CONFIGURED, null, "SMS is not configured");
        }
        TwoFactorProfile p = load(account);
        Instant locked = lockedUntil(p, now);
        if (locked != null) {
            return new LockedOut(locked);
        }
        Object target = destinationOf.apply(p);
        if (target instanceof Refused refused) {
            return refused;
        }
        PhoneNumber destination = (PhoneNumber) target;
        Instant previous = p.smsChallenge() == null ? null : p.smsChallenge().issuedAt();
        SmsCodeChannel.Issue issue = sms.issue(new SmsCodeChannel.Request(account, destination, purpose,
                Objects.requireNonNull(smsLocale.apply(account), "smsLocale returned null"), now, previous));
        if (issue instanceof SmsCodeChannel.Issue.Refused refused) {
            LOG.debug("twofa: SMS to {} not sent for account {}: {}", destination, account, refused.reason());
            return new SmsNotSent(refused.reason(), refused.retryAfter());
        }
        if (issue instanceof SmsCodeChannel.Issue.Failed) {
            emit(List.of(event(TwoFactorEvent.Type.SMS_DELIVERY_FAILED, account, now, null, destination)));
            return new SmsNotSent(SmsNotSent.Reason.DELIVERY_FAILED, now);
        }
        SmsChallenge challenge = ((SmsCodeChannel.Issue.Sent) issue).challenge();
        return update(account, q -> {
            Object stillTarget = destinationOf.apply(q);
            if (!destination.equals(stillTarget)) {
                return Step.of(stillTarget instanceof Refused r ? r
                        : new Refused(Refused.Refusal.NOTHING_TO_VERIFY, q.activeMethod(), "the number changed meanwhile"));
            }
            TwoFactorProfile next = q.withSmsChallenge(challenge);
            return Step.change(next, new SmsSent(destination.masked(), challenge.expiresAt(),
                    challenge.issuedAt().plus(sms.resendCooldown())),
                    List.of(event(TwoFactorEvent.Type.SMS_SENT, account, now, null, destination)));
        });
    }

    // ---------------------------------------------------------------- internals: store

    /** The result of a transition: the next profile (null: nothing to store), a result and events. */
    private record Step<R>(TwoFactorProfile next, R result, List<TwoFactorEvent> events) {

        static <R> Step<R> of(R result) {
            return new Step<>(null, result, List.of());
        }

        static <R> Step<R> change(TwoFactorProfile next, R result, List<TwoFactorEvent> events) {
            return new Step<>(next, result, events);
        }

        @SuppressWarnings("unchecked")
        static <R> Step<R> refuse(TwoFactorProfile p, Refused.Refusal refusal, String message) {
            return new Step<>(null, (R) TwoFactorService.refusal(p, refusal, message), List.of());
        }
    }

    /**
     * Loads the profile, applies the transition and stores the result by compare-and-set; on a lost
     * race re-applies the transition to the fresh profile. Events go out after the write.
     */
    private <R> R update(AccountId account, Function<TwoFactorProfile, Step<R>> transition) {
        for (int attempt = 1; attempt <= maxUpdateAttempts; attempt++) {
            TwoFactorProfile current = load(account);
            Step<R> step = transition.apply(current);
            if (step.next() == null) {
                emit(step.events());
                return step.result();
            }
            TwoFactorProfile next = step.next().withVersion(current.version() + 1);
            boolean saved;
            try {
                saved = store.compareAndSet(current.version(), next);
            } catch (RuntimeException e) {
                throw new StoreException("profile store failed to save account " + account, e);
            }
            if (saved) {
                emit(step.events());
                return step.result();
            }
            LOG.debug("twofa: concurrent update of account {}, attempt {}", account, attempt);
            if (attempt > 3) {
                Thread.onSpinWait();
                Thread.yield();
            }
        }
        throw new ConcurrentUpdateException("account " + account + " changed under each of "
                + maxUpdateAttempts + " attempts to update it; nothing was stored, try again");
    }

    private TwoFactorProfile load(AccountId account) {
        try {
            TwoFactorProfile p = store.load(account).orElseGet(() -> TwoFactorProfile.empty(account));
            if (!p.account().equals(account)) {
                throw new StoreException("profile store returned another account's profile for " + account, null);
            }
            return p;
        } catch (TwoFactorException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreException("profile store failed to load account " + account, e);
        }
    }

    private void emit(List<TwoFactorEvent> events) {
        for (TwoFactorEvent e : events) {
            if (e.type() == TwoFactorEvent.Type.LOCKED_OUT) {
                LOG.warn("twofa: second factor of account {} locked after repeated failures", e.account());
            } else {
                LOG.debug("twofa: {} account={} method={} number={}", e.type(), e.account(), e.method(), e.maskedNumber());
            }
            try {
                listener.onEvent(e);
            } catch (RuntimeException ex) {
                LOG.warn("twofa: event listener failed on {} ({})", e.type(), ex.getClass().getName());
            }
        }
    }

    // ---------------------------------------------------------------- internals: helpers

    private static AccountId requireAccount(AccountId account) {
        if (account == null) {
            throw new InvalidInputException("account must not be null");
        }
        return account;
    }

    /** Refuses to go on when an account's active method has no channel in this service (misconfiguration). */
    private void requireChannel(AccountId account, Method method) {
        if ((method == Method.SMS ? sms : totp) == null) {
            throw new IllegalStateException(method + " is active for account " + account
                    + " but this service has no " + method + " channel registered");
        }
    }

    private boolean personHas(AccountId account, PhoneNumber number) {
        return personDirectory.hasVerifiedNumber(account, number);
    }

    private boolean hasFreshProof(TwoFactorProfile p, Instant now) {
        return p.lastProofAt() != null && !now.isBefore(p.lastProofAt())
                && now.isBefore(p.lastProofAt().plus(stepUpValidity));
    }

    private Instant lockedUntil(TwoFactorProfile p, Instant now) {
        Instant until = p.failures().lockedUntil();
        return until != null && now.isBefore(until) ? until : null;
    }

    private static PhoneNumber numberToVerify(TwoFactorProfile p) {
        if (p.pendingNumber() != null) {
            return p.pendingNumber();
        }
        return p.phone() != null && !p.phone().verified() ? p.phone().number() : null;
    }

    /** Spends the outstanding challenge of a purpose; its send time still counts for the cooldown. */
    private static TwoFactorProfile dropChallenge(TwoFactorProfile p, SmsPurpose purpose) {
        SmsChallenge c = p.smsChallenge();
        return c != null && c.purpose() == purpose && c.attemptsLeft() > 0 ? p.withSmsChallenge(c.spent()) : p;
    }

    private static String activeMessage(Method active) {
        return (active == Method.SMS ? "login via SMS" : "authenticator app (TOTP)")
                + " is active; deactivate it first";
    }

    private static TwoFactorEvent event(TwoFactorEvent.Type type, AccountId account, Instant at, Method method,
            PhoneNumber number) {
        return new TwoFactorEvent(type, account, at, method, number == null ? null : number.masked());
    }

    private TwoFactorStatus status(TwoFactorProfile p, Instant now) {
        PhoneState phone = p.phone();
        return new TwoFactorStatus(p.account(), p.activeMethod(),
                phone == null ? null : phone.number(),
                phone != null && phone.verified(),
                phone != null && phone.verification() == Verification.PERSON,
                p.pendingNumber(),
                p.totpPending() ? p.totp().createdAt().plus(totpEnrollmentTimeout) : null,
                p.recoveryCodes().size(),
                p.failures().consecutive(),
                lockedUntil(p, now));
    }

    @Override
    public String toString() {
        return "TwoFactorService[sms=" + (sms != null) + ", totp=" + (totp != null) + ", lockout=" + lockout
                + ", guessingChance=" + guessingChance + "]";
    }

    // ---------------------------------------------------------------- builder

    /**
     * Builds a {@link TwoFactorService}. Each setter validates its value at once and may be called
     * only once. A store and at least one method ({@link #sms} or {@link #totp}) are required.
     *
     * <p>Builders are not thread-safe.
     */
    public static final class Builder {

        /** Default time to confirm an app enrollment, in minutes. */
        public static final int DEFAULT_TOTP_ENROLLMENT_MINUTES = 10;
        /** Default validity of a step-up proof, in minutes. */
        public static final int DEFAULT_STEP_UP_MINUTES = 5;
        /** Default attempts of a compare-and-set update before {@link ConcurrentUpdateException}. */
        public static final int DEFAULT_MAX_UPDATE_ATTEMPTS = 1000;

        private ProfileStore store;
        private Clock clock;
        private PersonDirectory personDirectory;
        private TwoFactorEventListener listener;
        private SecretProtector protector;
        private SmsCodeChannel sms;
        private TotpChannel totp;
        private LockoutPolicy lockout;
        private Duration totpEnrollmentTimeout;
        private Duration stepUpValidity;
        private Function<AccountId, Locale> smsLocale;
        private String defaultCallingCode;
        private PhoneNumberParser phoneNumbers;
        private int maxUpdateAttempts;
        private double guessingChance;

        private Builder() {
        }

        /**
         * Sets the store of account profiles. Required.
         *
         * @param store the host's store, with compare-and-set semantics
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder store(ProfileStore store) {
            this.store = once(this.store, Objects.requireNonNull(store, "store"), "store");
            return this;
        }

        /**
         * Sets the clock; exists for tests (twofa-testkit has a settable one). Default {@link
         * Clock#systemUTC()}.
         *
         * @param clock the clock
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder clock(Clock clock) {
            this.clock = once(this.clock, Objects.requireNonNull(clock, "clock"), "clock");
            return this;
        }

        /**
         * Sets the directory of the accounts' Persons with verified numbers. Default {@link
         * PersonDirectory#NONE}.
         *
         * @param directory the host's directory
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder personDirectory(PersonDirectory directory) {
            this.personDirectory = once(this.personDirectory, Objects.requireNonNull(directory, "directory"),
                    "personDirectory");
            return this;
        }

        /**
         * Sets the receiver of events. Default {@link TwoFactorEventListener#NONE}.
         *
         * @param listener the listener
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder eventListener(TwoFactorEventListener listener) {
            this.listener = once(this.listener, Objects.requireNonNull(listener, "listener"), "eventListener");
            return this;
        }

        /**
         * Sets how TOTP secrets are protected before they reach the store. Default {@link
         * SecretProtector#NONE} (stored as they are); see {@link AesGcmSecretProtector}.
         *
         * @param protector the protector
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder secretProtector(SecretProtector protector) {
            this.protector = once(this.protector, Objects.requireNonNull(protector, "protector"), "secretProtector");
            return this;
        }

        /**
         * Registers SMS codes (twofa-sms's {@code SmsCodes}).
         *
         * @param channel the SMS channel
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder sms(SmsCodeChannel channel) {
            this.sms = once(this.sms, Objects.requireNonNull(channel, "channel"), "sms");
            return this;
        }

        /**
         * Registers authenticator apps (twofa-totp's {@code Totp}).
         *
         * @param channel the TOTP channel
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder totp(TotpChannel channel) {
            this.totp = once(this.totp, Objects.requireNonNull(channel, "channel"), "totp");
            return this;
        }

        /**
         * Sets the throttling and lockout policy. Default {@link LockoutPolicy#defaults()}.
         *
         * @param policy the policy
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder lockoutPolicy(LockoutPolicy policy) {
            this.lockout = once(this.lockout, Objects.requireNonNull(policy, "policy"), "lockoutPolicy");
            return this;
        }

        /**
         * Sets how long a pending app enrollment may be confirmed. Default {@value
         * #DEFAULT_TOTP_ENROLLMENT_MINUTES} minutes; 1 minute to 1 hour.
         *
         * @param timeout the time from start to expiry
         * @return this builder
         * @throws IllegalArgumentException if out of bounds
         * @throws IllegalStateException if already set
         */
        public Builder totpEnrollmentTimeout(Duration timeout) {
            this.totpEnrollmentTimeout = once(this.totpEnrollmentTimeout,
                    within(timeout, Duration.ofMinutes(1), Duration.ofHours(1), "totpEnrollmentTimeout"),
                    "totpEnrollmentTimeout");
            return this;
        }

        /**
         * Sets how long a proof (step-up, recovery code, login) allows sensitive changes. Default
         * {@value #DEFAULT_STEP_UP_MINUTES} minutes; 30 seconds to 15 minutes.
         *
         * @param validity the validity of a proof
         * @return this builder
         * @throws IllegalArgumentException if out of bounds
         * @throws IllegalStateException if already set
         */
        public Builder stepUpValidity(Duration validity) {
            this.stepUpValidity = once(this.stepUpValidity,
                    within(validity, Duration.ofSeconds(30), Duration.ofMinutes(15), "stepUpValidity"),
                    "stepUpValidity");
            return this;
        }

        /**
         * Sets the language of each account's SMS texts, asked at each send. Default English.
         *
         * @param localeOfAccount the account's locale
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder smsLocale(Function<AccountId, Locale> localeOfAccount) {
            this.smsLocale = once(this.smsLocale, Objects.requireNonNull(localeOfAccount, "localeOfAccount"),
                    "smsLocale");
            return this;
        }

        /**
         * Sets the country calling code for numbers typed in national form ({@code 601 123 456}).
         * Default none: numbers must start with {@code +} or {@code 00}.
         *
         * @param callingCode 1 to 3 digits, such as {@code "420"}
         * @return this builder
         * @throws IllegalArgumentException if not 1 to 3 digits
         * @throws IllegalStateException if already set
         */
        public Builder defaultCallingCode(String callingCode) {
            if (defaultCallingCode != null) {
                throw new IllegalStateException("defaultCallingCode was already set");
            }
            if (callingCode == null || !callingCode.matches("[1-9][0-9]{0,2}")) {
                throw new IllegalArgumentException("defaultCallingCode must be 1 to 3 digits, was " + callingCode);
            }
            this.defaultCallingCode = callingCode;
            return this;
        }

        /**
         * Sets how typed phone numbers are read and which may receive SMS codes: twofa-sms's
         * {@code PhoneNumbers} (libphonenumber: national formats of a default region, number types,
         * allowed regions) or the host's own. Default: {@link PhoneNumber#parse(String, String)} with
         * {@link #defaultCallingCode(String)}, which checks the E.164 form only. Not together with
         * {@link #defaultCallingCode(String)}: the parser has its own default region.
         *
         * @param parser the parser
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder phoneNumbers(PhoneNumberParser parser) {
            this.phoneNumbers = once(this.phoneNumbers, Objects.requireNonNull(parser, "parser"), "phoneNumbers");
            return this;
        }

        /**
         * Sets how often an update is re-evaluated when another node changed the profile meanwhile.
         * Default {@value #DEFAULT_MAX_UPDATE_ATTEMPTS}; 1 to 100,000.
         *
         * @param attempts the attempts
         * @return this builder
         * @throws IllegalArgumentException if out of bounds
         * @throws IllegalStateException if already set
         */
        public Builder maxUpdateAttempts(int attempts) {
            if (maxUpdateAttempts != 0) {
                throw new IllegalStateException("maxUpdateAttempts was already set");
            }
            if (attempts < 1 || attempts > 100_000) {
                throw new IllegalArgumentException("maxUpdateAttempts must be 1 to 100000, was " + attempts);
            }
            this.maxUpdateAttempts = attempts;
            return this;
        }

        /**
         * Builds the service, after checking the guessing chance of each method against {@link
         * GuessingPolicy#MAX_CHANCE}.
         *
         * @return the service, immutable and thread-safe
         * @throws IllegalStateException if no store or no method is set, or both {@link #phoneNumbers} and
         *     {@link #defaultCallingCode} are set
         * @throws InsecurePolicyException if a method's codes could be guessed within one lockout
         *     period with a chance above 1 in 10,000
         */
        public TwoFactorService build() {
            if (store == null) {
                throw new IllegalStateException("a ProfileStore is required: builder().store(...)");
            }
            if (sms == null && totp == null) {
                throw new IllegalStateException("register at least one method: sms(...) or totp(...)");
            }
            if (phoneNumbers != null && defaultCallingCode != null) {
                throw new IllegalStateException("set either phoneNumbers(...) or defaultCallingCode(...), not both: "
                        + "the parser has its own default region");
            }
            String callingCode = defaultCallingCode;
            phoneNumbers = phoneNumbers != null ? phoneNumbers : typed -> PhoneNumber.parse(typed, callingCode);
            clock = clock != null ? clock : Clock.systemUTC();
            personDirectory = personDirectory != null ? personDirectory : PersonDirectory.NONE;
            listener = listener != null ? listener : TwoFactorEventListener.NONE;
            protector = protector != null ? protector : SecretProtector.NONE;
            lockout = lockout != null ? lockout : LockoutPolicy.defaults();
            totpEnrollmentTimeout = totpEnrollmentTimeout != null ? totpEnrollmentTimeout
                    : Duration.ofMinutes(DEFAULT_TOTP_ENROLLMENT_MINUTES);
            stepUpValidity = stepUpValidity != null ? stepUpValidity : Duration.ofMinutes(DEFAULT_STEP_UP_MINUTES);
            smsLocale = smsLocale != null ? smsLocale : account -> Locale.ENGLISH;
            maxUpdateAttempts = maxUpdateAttempts != 0 ? maxUpdateAttempts : DEFAULT_MAX_UPDATE_ATTEMPTS;
            guessingChance = 0;
            if (totp != null) {
                guessingChance = check("TOTP", totp.codeDigits(), totp.acceptedCodesPerTry(),
                        "fewer steps in the window or more digits");
            }
            if (sms != null) {
                guessingChance = Math.max(guessingChance, check("SMS", sms.codeDigits(), 1, "more digits"));
            }
            return new TwoFactorService(this);
        }

        private double check(String method, int digits, int acceptedPerTry, String fix) {
            double chance = GuessingPolicy.chance(digits, acceptedPerTry, lockout.lockAfter());
            if (chance > GuessingPolicy.MAX_CHANCE) {
                throw new InsecurePolicyException(String.format(Locale.ROOT,
                        "%s codes could be guessed within one lockout period with a chance of %.2e (1 in %,.0f), "
                                + "above the allowed 1 in 10,000: %d digits, %d accepted codes per try, lock after %d "
                                + "failures; use %s, or lock after fewer failures (LockoutPolicy.lockAfter)",
                        method, chance, 1 / chance, digits, acceptedPerTry, lockout.lockAfter(), fix));
            }
            return chance;
        }

        private static <T> T once(T current, T value, String name) {
            if (current != null) {
                throw new IllegalStateException(name + " was already set");
            }
            return value;
        }

        private static Duration within(Duration value, Duration min, Duration max, String name) {
            Objects.requireNonNull(value, name);
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException(name + " must be " + min + " to " + max + ", was " + value);
            }
            return value;
        }
    }
}
