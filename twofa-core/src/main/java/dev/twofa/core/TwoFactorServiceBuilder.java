package dev.twofa.core;

import dev.twofa.core.spi.PersonDirectory;
import dev.twofa.core.spi.PhoneNumberParser;
import dev.twofa.core.spi.ProfileStore;
import dev.twofa.core.spi.SecretProtector;
import dev.twofa.core.spi.SmsCodeChannel;
import dev.twofa.core.spi.TotpChannel;
import dev.twofa.core.spi.TwoFactorEventListener;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * Builds a {@link TwoFactorService}; get one from {@link TwoFactorService#builder()}. Each setter
 * validates its value at once and may be called only once. A store and at least one method ({@link
 * #sms} or {@link #totp}) are required.
 *
 * <p>Builders are not thread-safe.
 */
public final class TwoFactorServiceBuilder {

    /** Default time to confirm an app enrollment, in minutes. */
    public static final int DEFAULT_TOTP_ENROLLMENT_MINUTES = 10;
    /** Default validity of a step-up proof, in minutes. */
    public static final int DEFAULT_STEP_UP_MINUTES = 5;
    /** Default attempts of a compare-and-set update before {@link ConcurrentUpdateException}. */
    public static final int DEFAULT_MAX_UPDATE_ATTEMPTS = 1000;

    ProfileStore store;
    Clock clock;
    PersonDirectory personDirectory;
    TwoFactorEventListener listener;
    SecretProtector protector;
    SmsCodeChannel sms;
    TotpChannel totp;
    LockoutPolicy lockout;
    Duration totpEnrollmentTimeout;
    Duration stepUpValidity;
    Function<AccountId, Locale> smsLocale;
    String defaultCallingCode;
    PhoneNumberParser phoneNumbers;
    int maxUpdateAttempts;
    double guessingChance;

    TwoFactorServiceBuilder() {
    }

    /**
     * Sets the store of account profiles. Required.
     *
     * @param store the host's store, with compare-and-set semantics
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public TwoFactorServiceBuilder store(ProfileStore store) {
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
    public TwoFactorServiceBuilder clock(Clock clock) {
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
    public TwoFactorServiceBuilder personDirectory(PersonDirectory directory) {
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
    public TwoFactorServiceBuilder eventListener(TwoFactorEventListener listener) {
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
    public TwoFactorServiceBuilder secretProtector(SecretProtector protector) {
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
    public TwoFactorServiceBuilder sms(SmsCodeChannel channel) {
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
    public TwoFactorServiceBuilder totp(TotpChannel channel) {
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
    public TwoFactorServiceBuilder lockoutPolicy(LockoutPolicy policy) {
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
    public TwoFactorServiceBuilder totpEnrollmentTimeout(Duration timeout) {
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
    public TwoFactorServiceBuilder stepUpValidity(Duration validity) {
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
    public TwoFactorServiceBuilder smsLocale(Function<AccountId, Locale> localeOfAccount) {
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
    public TwoFactorServiceBuilder defaultCallingCode(String callingCode) {
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
     * allowed regions) or the host's own. Default: the SMS channel's policy if it has one (twofa-sms's
     * {@code SmsCodes.Builder#phoneNumbers}), else {@link PhoneNumber#parse(String, String)} with
     * {@link #defaultCallingCode(String)}, which checks the E.164 form only. Not together with
     * {@link #defaultCallingCode(String)}: the parser has its own default region.
     *
     * @param parser the parser
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public TwoFactorServiceBuilder phoneNumbers(PhoneNumberParser parser) {
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
    public TwoFactorServiceBuilder maxUpdateAttempts(int attempts) {
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
        if (phoneNumbers == null && sms != null && defaultCallingCode == null) {
            phoneNumbers = sms.phoneNumbers().orElse(null);    // the SMS channel's policy, registered once
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
        double chance = GuessingPolicy.chance(digits, acceptedPerTry, lockout.permanentLockAfter());
        if (chance > GuessingPolicy.MAX_CHANCE) {
            throw new InsecurePolicyException(String.format(Locale.ROOT,
                    "%s codes could be guessed before the permanent lock with a chance of %.2e (1 in %,.0f), "
                            + "above the allowed 1 in 10,000: %d digits, %d accepted codes per try, %d failed tries "
                            + "before only a reset unlocks; use %s, or lock for good after fewer failures "
                            + "(LockoutPolicy.permanentLockAfter)",
                    method, chance, 1 / chance, digits, acceptedPerTry, lockout.permanentLockAfter(), fix));
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
