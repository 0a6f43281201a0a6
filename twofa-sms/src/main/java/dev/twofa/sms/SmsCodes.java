package dev.twofa.sms;

import dev.twofa.core.AccountId;
import dev.twofa.core.InvalidPhoneNumberException;
import dev.twofa.core.PhoneNumber;
import dev.twofa.core.Secret;
import dev.twofa.core.SmsNotSent;
import dev.twofa.core.SmsPurpose;
import dev.twofa.core.spi.PhoneNumberParser;
import dev.twofa.core.spi.SmsCodeChannel;
import dev.twofa.core.spi.TwoFactorProfile;
import dev.twofa.sms.internal.CodeGenerator;
import dev.twofa.sms.internal.CodeHasher;
import dev.twofa.sms.internal.Texts;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues and checks SMS codes: twofa-sms's {@link SmsCodeChannel}, which a host builds once with
 * {@link #builder(SmsSender)} and registers with twofa-core's service.
 *
 * <p>{@link #issue} refuses a send to a destination that is not allowed, within a cooldown, or over
 * a send limit, all <em>before</em> the {@link SmsSender} is called;
 * otherwise it makes a code from {@link SecureRandom} (uniform, left-padded), sends it in a text in
 * the request's language and returns a {@link TwoFactorProfile.SmsChallenge} that holds only the
 * code's hash. {@link #matches} checks a submitted code against that hash in constant time.
 * twofa-core stores the challenge (so a resend replaces, and thereby kills, the old code), checks
 * expiry, purpose and tries left, and consumes the code once it matched. SECURITY.md 10-17.
 *
 * <p>The resend cooldown is enforced twice: against the request's {@code previousSentAt}, and
 * atomically through the {@link SendLimiter} (one send per account per cooldown), so that of several
 * sends for one account racing past a stale {@code previousSentAt} (concurrent logins on several
 * nodes, each reading the profile before any stored its code) only one goes out. The send limits
 * are counted there too, so that no account can use up another's (SECURITY.md 15a): login and
 * step-up codes, which go to the account's own verified number, count per account and number;
 * verification codes, which go to a number the account has not verified, count per number and per
 * number prefix across all accounts, with a cooldown per number. <b>With more than one node, every
 * node needs the same shared {@link SendLimiter}</b> (and the same {@link Builder#hashKey hash key},
 * required with it): the default
 * {@link InMemorySendLimiter} counts within one JVM, so behind N nodes the cooldown would let N sends
 * through at once and every limit would be N times larger.
 *
 * <p>Once built, immutable and thread-safe: one instance serves every thread and every account.
 */
public final class SmsCodes implements SmsCodeChannel {

    /** Default digits per code. */
    public static final int DEFAULT_CODE_DIGITS = 6;
    /** The fewest digits per code. */
    public static final int MIN_CODE_DIGITS = CodeGenerator.MIN_DIGITS;
    /** The most digits per code. */
    public static final int MAX_CODE_DIGITS = CodeGenerator.MAX_DIGITS;
    /** Default validity of a code, in minutes. */
    public static final int DEFAULT_VALIDITY_MINUTES = 5;
    /** The shortest validity of a code, in minutes. */
    public static final int MIN_VALIDITY_MINUTES = 1;
    /** The longest validity of a code, in minutes. */
    public static final int MAX_VALIDITY_MINUTES = 10;
    /** Default wrong tries per code. */
    public static final int DEFAULT_MAX_ATTEMPTS_PER_CODE = 5;
    /** The most wrong tries per code a host may allow. */
    public static final int MAX_ATTEMPTS_PER_CODE = 10;
    /** Default least time between two sends to an account, in seconds. */
    public static final int DEFAULT_RESEND_COOLDOWN_SECONDS = 30;
    /** The longest resend cooldown, in seconds. */
    public static final int MAX_RESEND_COOLDOWN_SECONDS = 3600;
    /** Default most login and step-up sends for one account to its own number per number window. */
    public static final int DEFAULT_SENDS_PER_NUMBER = 5;
    /** Default number window, in minutes. */
    public static final int DEFAULT_NUMBER_WINDOW_MINUTES = 60;
    /** Default least time between two verification sends to one number, from any account, in seconds. */
    public static final int DEFAULT_VERIFICATION_COOLDOWN_SECONDS = 60;
    /** Default most verification sends to one number, from all accounts together, per window. */
    public static final int DEFAULT_VERIFICATION_SENDS_PER_NUMBER = 3;
    /** Default window of the verification sends per number, in minutes. */
    public static final int DEFAULT_VERIFICATION_NUMBER_WINDOW_MINUTES = 60;
    /** Default most verification sends to one number prefix, from all accounts together, per window. */
    public static final int DEFAULT_SENDS_PER_PREFIX = 20;
    /** Default window of the verification sends per prefix, in minutes. */
    public static final int DEFAULT_PREFIX_WINDOW_MINUTES = 60;
    /**
     * Default most login and confirmation sends to one number per window from all the accounts that
     * verified it together (a family phone; or numbers an SMS pumper controls, verified by many
     * accounts).
     */
    public static final int DEFAULT_SENDS_PER_VERIFIED_NUMBER = 10;
    /** Default window of the login and confirmation sends per number across accounts, in minutes. */
    public static final int DEFAULT_VERIFIED_NUMBER_WINDOW_MINUTES = 60;
    /** Default national digits after the calling code that make a number's prefix ({@code +420 601}). */
    public static final int DEFAULT_PREFIX_DIGITS = 3;
    /** The most national digits after the calling code a prefix may have. */
    public static final int MAX_PREFIX_DIGITS = 6;
    /** Default most sends for one account per account window. */
    public static final int DEFAULT_SENDS_PER_ACCOUNT = 10;
    /** Default account window, in hours. */
    public static final int DEFAULT_ACCOUNT_WINDOW_HOURS = 24;
    /** The most sends a limit may allow per window. */
    public static final int MAX_SENDS_PER_WINDOW = 1000;
    /** The shortest limit window, in minutes. */
    public static final int MIN_LIMIT_WINDOW_MINUTES = 1;
    /** The longest limit window, in days. */
    public static final int MAX_LIMIT_WINDOW_DAYS = 7;
    /** The shortest HMAC key for code hashes, in bytes. */
    public static final int MIN_HASH_KEY_BYTES = 32;
    /** The longest issuer name, in characters. */
    public static final int MAX_ISSUER_LENGTH = 32;
    /** Bytes of randomness in a challenge id (base64url, 22 characters). */
    public static final int CHALLENGE_ID_BYTES = 16;

    private static final Logger LOG = LoggerFactory.getLogger(SmsCodes.class);
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Pattern CALLING_CODE = Pattern.compile("[1-9][0-9]{0,2}");
    private static final Pattern NUMBER_PREFIX = Pattern.compile("\\+[1-9][0-9]{0,13}");
    private static final Pattern HOST_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private final SmsSender sender;
    private final SendLimiter limiter;
    private final SecureRandom random;
    private final CodeGenerator generator;
    private final CodeHasher hasher;
    private final Texts texts;
    private final String issuer;
    private final String webOtpDomain;
    private final Duration validity;
    private final int maxAttempts;
    private final Duration resendCooldown;
    private final int sendsPerNumber;
    private final Duration numberWindow;
    private final Duration verificationCooldown;
    private final int verificationSendsPerNumber;
    private final Duration verificationNumberWindow;
    private final int sendsPerPrefix;
    private final Duration prefixWindow;
    private final int sendsPerVerifiedNumber;
    private final Duration verifiedNumberWindow;
    private final int prefixDigits;
    private final PhoneNumberParser phoneNumbers;
    private final int sendsPerAccount;
    private final Duration accountWindow;
    private final Set<String> allowedCallingCodes;
    private final Set<String> deniedCallingCodes;
    private final Set<String> deniedPrefixes;

    private SmsCodes(Builder b) {
        this.sender = b.sender;
        this.limiter = b.limiter != null ? b.limiter : new InMemorySendLimiter();
        this.random = b.random != null ? b.random : new SecureRandom();
        this.generator = new CodeGenerator(b.codeDigits != null ? b.codeDigits : DEFAULT_CODE_DIGITS, random);
        this.hasher = new CodeHasher(b.hashKey);
        this.texts = new Texts();
        this.issuer = b.issuer;
        this.webOtpDomain = b.webOtpDomain;
        this.validity = b.validity != null ? b.validity : Duration.ofMinutes(DEFAULT_VALIDITY_MINUTES);
        this.maxAttempts = b.maxAttempts != null ? b.maxAttempts : DEFAULT_MAX_ATTEMPTS_PER_CODE;
        this.resendCooldown = b.resendCooldown != null
                ? b.resendCooldown : Duration.ofSeconds(DEFAULT_RESEND_COOLDOWN_SECONDS);
        this.sendsPerNumber = b.sendsPerNumber != null ? b.sendsPerNumber : DEFAULT_SENDS_PER_NUMBER;
        this.numberWindow = b.numberWindow != null ? b.numberWindow : Duration.ofMinutes(DEFAULT_NUMBER_WINDOW_MINUTES);
        this.verificationCooldown = b.verificationCooldown != null
                ? b.verificationCooldown : Duration.ofSeconds(DEFAULT_VERIFICATION_COOLDOWN_SECONDS);
        this.verificationSendsPerNumber = b.verificationSendsPerNumber != null
                ? b.verificationSendsPerNumber : DEFAULT_VERIFICATION_SENDS_PER_NUMBER;
        this.verificationNumberWindow = b.verificationNumberWindow != null
                ? b.verificationNumberWindow : Duration.ofMinutes(DEFAULT_VERIFICATION_NUMBER_WINDOW_MINUTES);
        this.sendsPerPrefix = b.sendsPerPrefix != null ? b.sendsPerPrefix : DEFAULT_SENDS_PER_PREFIX;
        this.prefixWindow = b.prefixWindow != null ? b.prefixWindow : Duration.ofMinutes(DEFAULT_PREFIX_WINDOW_MINUTES);
        this.sendsPerVerifiedNumber = b.sendsPerVerifiedNumber != null
                ? b.sendsPerVerifiedNumber : DEFAULT_SENDS_PER_VERIFIED_NUMBER;
        this.verifiedNumberWindow = b.verifiedNumberWindow != null
                ? b.verifiedNumberWindow : Duration.ofMinutes(DEFAULT_VERIFIED_NUMBER_WINDOW_MINUTES);
        this.prefixDigits = b.prefixDigits != null ? b.prefixDigits : DEFAULT_PREFIX_DIGITS;
        // libphonenumber by default: mobile numbers of real regions; a host opts out explicitly
        this.phoneNumbers = b.phoneNumbers != null ? b.phoneNumbers : PhoneNumbers.builder().build();
        this.sendsPerAccount = b.sendsPerAccount != null ? b.sendsPerAccount : DEFAULT_SENDS_PER_ACCOUNT;
        this.accountWindow = b.accountWindow != null ? b.accountWindow : Duration.ofHours(DEFAULT_ACCOUNT_WINDOW_HOURS);
        this.allowedCallingCodes = b.allowedCallingCodes != null ? b.allowedCallingCodes : Set.of();
        this.deniedCallingCodes = b.deniedCallingCodes != null ? b.deniedCallingCodes : Set.of();
        this.deniedPrefixes = b.deniedPrefixes != null ? b.deniedPrefixes : Set.of();
    }

    /**
     * Returns a builder that sends through the given sender. Builders are not thread-safe.
     *
     * @param sender the host's gateway
     * @return a new builder
     * @throws NullPointerException if sender is null
     */
    public static Builder builder(SmsSender sender) {
        return new Builder(Objects.requireNonNull(sender, "sender"));
    }

    /**
     * Returns the number of digits of each code (default {@value #DEFAULT_CODE_DIGITS}).
     * Thread-safe.
     */
    @Override
    public int codeDigits() {
        return generator.digits();
    }

    /**
     * Returns how many wrong tries a code allows (default {@value #DEFAULT_MAX_ATTEMPTS_PER_CODE});
     * each issued challenge starts with this many. Thread-safe.
     *
     * @return tries per code
     */
    public int maxAttemptsPerCode() {
        return maxAttempts;
    }

    /**
     * Returns the least time between two sends to an account (default {@value
     * #DEFAULT_RESEND_COOLDOWN_SECONDS} s). Thread-safe.
     */
    @Override
    public Duration resendCooldown() {
        return resendCooldown;
    }

    /**
     * Returns the phone number policy (set with {@link Builder#phoneNumbers}, else the default
     * {@link PhoneNumbers}), which twofa-core's service then reads typed numbers with. Thread-safe.
     */
    @Override
    public Optional<PhoneNumberParser> phoneNumbers() {
        return Optional.ofNullable(phoneNumbers);
    }

    /**
     * Returns how long a code stays valid after it is sent (default {@value
     * #DEFAULT_VALIDITY_MINUTES} min). Thread-safe.
     *
     * @return the validity
     */
    public Duration codeValidity() {
        return validity;
    }

    /**
     * Checks the destination, the cooldown and the send limits, then makes a code, sends it and
     * returns the challenge to store. In this order:
     * <ol>
     *   <li>a destination outside the allowed, or inside the denied, calling codes, starting with a
     *       denied prefix, or refused by the {@link Builder#phoneNumbers phone number policy} (a
     *       number stored before the policy changed): {@link Issue.Refused} with {@link
     *       SmsNotSent.Reason#DESTINATION_NOT_ALLOWED} and {@code retryAfter} {@link Instant#MAX} (it
     *       will never be allowed);
     *   <li>{@code now} before {@code previousSentAt + resendCooldown()}: {@link SmsNotSent.Reason#COOLDOWN}
     *       with retryAfter the end of the cooldown;
     *   <li>one slot per limit reserved in the {@link SendLimiter}, in the order below; a denied slot
     *       refuses the send with the limit's reason and the limiter's retryAfter, and the slots
     *       already reserved are released, so a refused send neither counts nor starts a cooldown:
     *       <ul>
     *         <li>{@code sms-cooldown:} the account, 1 per {@link #resendCooldown()}: makes the cooldown
     *             atomic, so of sends for one account that race past {@code previousSentAt} (each
     *             caller read it before any stored its code) only one goes out ({@link
     *             SmsNotSent.Reason#COOLDOWN});
     *         <li>{@code sms-account:} the account, {@link Builder#accountLimit} ({@link
     *             SmsNotSent.Reason#ACCOUNT_LIMIT}). The account's own keys come first, so an account
     *             that is refused never holds a slot other accounts share;
     *         <li>for {@link SmsPurpose#LOGIN} and {@link SmsPurpose#STEP_UP}, which go to the
     *             account's own verified number: {@code sms-own-number:} the account and the number,
     *             {@link Builder#numberLimit}, counted per account, so no other account can use this
     *             budget up (SECURITY.md 15a); then {@code sms-verified-number:} the number, {@link
     *             Builder#verifiedNumberLimit}, counted across the accounts that verified it (only
     *             they can use it; both {@link SmsNotSent.Reason#NUMBER_LIMIT});
     *         <li>for {@link SmsPurpose#VERIFY_NUMBER}, which goes to a number the account has not
     *             verified (any account may ask for it): {@code sms-verify-cooldown:} the number, 1
     *             per {@link Builder#verificationCooldown} ({@link SmsNotSent.Reason#COOLDOWN}), then
     *             {@code sms-verify-number:} the number, {@link Builder#verificationNumberLimit}, then
     *             {@code sms-prefix:} the number's prefix, {@link Builder#prefixLimit} (both {@link
     *             SmsNotSent.Reason#NUMBER_LIMIT}), all counted across accounts, so many accounts
     *             cannot flood one number or pump one range of numbers.
     *       </ul>
     *       Accounts and numbers appear in keys only as pseudonyms (see {@link Builder#hashKey}). The
     *       cooldown and limits hold across nodes only if they share the limiter;
     *   <li>the {@link SmsSender} is called once; if it throws, all slots are released (an
     *       immediate retry is allowed), the code is forgotten and {@link Issue.Failed} is returned
     *       (see {@link SmsSender});
     *   <li>otherwise {@link Issue.Sent} with a challenge: a random id, the purpose, the destination,
     *       the code's hash, {@code issuedAt = now}, {@code expiresAt = now + codeValidity()} and
     *       {@link #maxAttemptsPerCode()} tries.
     * </ol>
     * Refusals over limits and destinations are logged at WARN, cooldowns at DEBUG; no log line
     * holds the code or the full number.
     *
     * @param request what to send, to whom and when the previous code went out
     * @return the outcome
     * @throws NullPointerException if request is null
     * @throws SendLimitException if the {@link SendLimiter} throws or returns null: nothing is sent
     *     and the slots already reserved are released
     */
    @Override
    public Issue issue(Request request) {
        Objects.requireNonNull(request, "request");
        PhoneNumber to = request.destination();
        Instant now = request.now();
        if (!destinationAllowed(to)) {
            LOG.warn("SMS code not sent: destination {} is not allowed (account {}, purpose {})",
                    to.masked(), request.account(), request.purpose());
            return new Issue.Refused(SmsNotSent.Reason.DESTINATION_NOT_ALLOWED, Instant.MAX);
        }
        if (request.previousSentAt() != null) {
            Instant resendAt = request.previousSentAt().plus(resendCooldown);
            if (now.isBefore(resendAt)) {
                LOG.debug("SMS code not sent: resend cooldown until {} (account {}, purpose {})",
                        resendAt, request.account(), request.purpose());
                return new Issue.Refused(SmsNotSent.Reason.COOLDOWN, resendAt);
            }
        }
        List<SendLimiter.Granted> reserved = new ArrayList<>(5);
        boolean sent = false;
        try {
            for (Limit limit : limitsFor(request)) {
                SendLimiter.Reservation reservation = reserve(limit, now);
                if (reservation instanceof SendLimiter.Denied denied) {
                    logRefusal(limit, denied, request);
                    return new Issue.Refused(limit.reason(), denied.retryAfter());
                }
                reserved.add((SendLimiter.Granted) reservation);
            }

            String code = generator.next();
            String challengeId = newChallengeId();
            Secret codeHash = hasher.hash(request.account(), request.purpose(), challengeId, to, code, random);
            TwoFactorProfile.SmsChallenge challenge = new TwoFactorProfile.SmsChallenge(challengeId,
                    request.purpose(), to, codeHash, now, now.plus(validity), maxAttempts);
            SmsMessage message = new SmsMessage(to, text(request, code), request.locale(), request.purpose(),
                    request.account());
            try {
                sender.send(message);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                // The exception's message is not logged: gateways often repeat the number or text in it.
                LOG.warn("SMS sender failed with {} (account {}, destination {}, purpose {}); "
                        + "nothing was counted and no code is valid",
                        e.getClass().getName(), request.account(), to.masked(), request.purpose());
                return new Issue.Failed();
            }
            sent = true;
            LOG.debug("SMS code sent (account {}, destination {}, purpose {}, expires {})",
                    request.account(), to.masked(), request.purpose(), challenge.expiresAt());
            return new Issue.Sent(challenge);
        } finally {
            if (!sent) {
                for (int i = reserved.size() - 1; i >= 0; i--) {
                    release(reserved.get(i));
                }
            }
        }
    }

    /** Returns the limits a send must pass, in the order they are reserved (see {@link #issue}). */
    private List<Limit> limitsFor(Request request) {
        String account = hasher.pseudonym("account", request.account().value());
        String number = request.destination().e164();
        List<Limit> limits = new ArrayList<>(5);
        // the account's own keys first: a refused account must not hold slots other accounts need
        limits.add(new Limit("resend cooldown", "sms-cooldown:" + account, 1, resendCooldown,
                SmsNotSent.Reason.COOLDOWN));
        limits.add(new Limit("limit of the account", "sms-account:" + account, sendsPerAccount, accountWindow,
                SmsNotSent.Reason.ACCOUNT_LIMIT));
        String numberKey = hasher.pseudonym("number", number);
        if (request.purpose() == SmsPurpose.VERIFY_NUMBER) {
            limits.add(new Limit("verification cooldown of the number", "sms-verify-cooldown:" + numberKey, 1,
                    verificationCooldown, SmsNotSent.Reason.COOLDOWN));
            limits.add(new Limit("verification limit of the number", "sms-verify-number:" + numberKey,
                    verificationSendsPerNumber, verificationNumberWindow, SmsNotSent.Reason.NUMBER_LIMIT));
            limits.add(new Limit("verification limit of the prefix",
                    "sms-prefix:" + hasher.pseudonym("prefix", prefixOf(request.destination())),
                    sendsPerPrefix, prefixWindow, SmsNotSent.Reason.NUMBER_LIMIT));
        } else {
            limits.add(new Limit("limit of the account's own number",
                    "sms-own-number:" + hasher.pseudonym("account-number", request.account().value(), number),
                    sendsPerNumber, numberWindow, SmsNotSent.Reason.NUMBER_LIMIT));
            // only accounts that verified this number (received a code on it) share this budget
            limits.add(new Limit("login limit of the number across accounts", "sms-verified-number:" + numberKey,
                    sendsPerVerifiedNumber, verifiedNumberWindow, SmsNotSent.Reason.NUMBER_LIMIT));
        }
        return limits;
    }

    /** Returns the calling code and the first {@link Builder#prefixDigits} national digits, such as {@code +420601}. */
    private String prefixOf(PhoneNumber number) {
        String callingCode = number.callingCode();
        int end = Math.min(number.e164().length(), 1 + callingCode.length() + prefixDigits);
        return number.e164().substring(0, end);
    }

    private static void logRefusal(Limit limit, SendLimiter.Denied denied, Request request) {
        if (limit.reason() == SmsNotSent.Reason.COOLDOWN) {
            LOG.debug("SMS code not sent: {} until {} (account {}, destination {}, purpose {})", limit.name(),
                    denied.retryAfter(), request.account(), request.destination().masked(), request.purpose());
        } else {
            LOG.warn("SMS code not sent: {} reached, {} per {} (account {}, destination {}, purpose {})",
                    limit.name(), limit.max(), limit.window(), request.account(), request.destination().masked(),
                    request.purpose());
        }
    }

    /**
     * Returns whether the code is the one issued for the challenge: exactly {@link #codeDigits()}
     * ASCII digits (anything else, null included, is false without hashing), hashed with the
     * challenge's account, purpose, id and destination and compared with the stored hash in constant time.
     * Expiry, purpose and tries left are the caller's to check. Never throws for a malformed code;
     * a hash of another format (for example written by an instance with a different key setting)
     * never matches.
     *
     * <p>Thread-safe.
     *
     * @param account the account whose profile holds the challenge (bound into the hash)
     * @param challenge the stored challenge
     * @param code the submitted code, may be null
     * @return true if it matches
     * @throws NullPointerException if challenge is null
     */
    @Override
    public boolean matches(AccountId account, TwoFactorProfile.SmsChallenge challenge, String code) {
        Objects.requireNonNull(challenge, "challenge");
        if (!CodeGenerator.isWellFormed(code, codeDigits())) {
            return false;
        }
        return hasher.matches(challenge.codeHash(), account, challenge.purpose(), challenge.id(),
                challenge.destination(), code);
    }

    /** Reserves the limit's slot; a limiter that throws or returns null becomes a {@link SendLimitException}. */
    private SendLimiter.Reservation reserve(Limit limit, Instant now) {
        SendLimiter.Reservation reservation;
        try {
            reservation = limiter.tryReserve(limit.key(), limit.max(), limit.window(), now);
        } catch (RuntimeException e) {
            throw new SendLimitException("SendLimiter.tryReserve failed with " + e.getClass().getName()
                    + " for the " + limit.name() + "; no SMS was sent and nothing stays counted", e);
        }
        if (reservation == null) {
            throw new SendLimitException("SendLimiter.tryReserve returned null for the " + limit.name()
                    + "; no SMS was sent and nothing stays counted", null);
        }
        return reservation;
    }

    /**
     * One send limit: the limiter key, the most sends per window, and the reason a denial reports.
     *
     * @param name what the limit is, for log lines and exception messages
     */
    private record Limit(String name, String key, int max, Duration window, SmsNotSent.Reason reason) { }

    /** Returns a description of the settings; the hash key is never shown. */
    @Override
    public String toString() {
        return "SmsCodes[issuer=" + issuer + ", digits=" + codeDigits() + ", validity=" + validity
                + ", maxAttempts=" + maxAttempts + ", resendCooldown=" + resendCooldown
                + ", perOwnNumber=" + sendsPerNumber + "/" + numberWindow
                + ", verificationCooldown=" + verificationCooldown
                + ", perVerifiedNumber=" + verificationSendsPerNumber + "/" + verificationNumberWindow
                + ", perPrefix=" + sendsPerPrefix + "/" + prefixWindow + " (" + prefixDigits + " national digits)"
                + ", perNumberAcrossAccounts=" + sendsPerVerifiedNumber + "/" + verifiedNumberWindow
                + ", perAccount=" + sendsPerAccount + "/" + accountWindow
                + ", phoneNumbers=" + phoneNumbers
                + ", hash=" + (hasher.keyed() ? "HMAC-SHA256" : "salted SHA-256")
                + ", webOtpDomain=" + webOtpDomain + "]";
    }

    private boolean destinationAllowed(PhoneNumber to) {
        String callingCode = to.callingCode();
        if (!allowedCallingCodes.isEmpty() && !allowedCallingCodes.contains(callingCode)) {
            return false;
        }
        if (deniedCallingCodes.contains(callingCode)) {
            return false;
        }
        for (String prefix : deniedPrefixes) {
            if (to.e164().startsWith(prefix)) {
                return false;
            }
        }
        return policyAllows(to);
    }

    /** Returns whether the phone number policy reads the stored number as itself, that is, accepts it today. */
    private boolean policyAllows(PhoneNumber to) {
        try {
            return phoneNumbers.parse(to.e164()).equals(to);
        } catch (InvalidPhoneNumberException e) {
            return false;
        }
    }

    private String text(Request request, String code) {
        String text = texts.format(request.purpose(), request.locale(), code, issuer, validity.toMinutes());
        return webOtpDomain == null ? text : text + "\n\n@" + webOtpDomain + " #" + code;
    }

    private String newChallengeId() {
        byte[] bytes = new byte[CHALLENGE_ID_BYTES];
        random.nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }

    private void release(SendLimiter.Granted slot) {
        if (slot == null) {
            return;
        }
        try {
            limiter.release(slot);
        } catch (RuntimeException e) {
            LOG.warn("SendLimiter.release failed with {}; one send stays counted", e.getClass().getName());
        }
    }

    /**
     * Configures and builds {@link SmsCodes}. Each setter validates its argument at once ({@link
     * IllegalArgumentException} naming the bad value, {@link NullPointerException} for null) and may
     * be called once ({@link IllegalStateException} the second time). Only {@link #issuer(String)}
     * is required, and {@link #hashKey} with a {@link #sendLimiter}.
     *
     * <p>Builders are not thread-safe; the built {@link SmsCodes} is.
     */
    public static final class Builder {

        private final SmsSender sender;
        private Integer codeDigits;
        private Duration validity;
        private Integer maxAttempts;
        private Duration resendCooldown;
        private Integer sendsPerNumber;
        private Duration numberWindow;
        private Duration verificationCooldown;
        private Integer verificationSendsPerNumber;
        private Duration verificationNumberWindow;
        private Integer sendsPerPrefix;
        private Duration prefixWindow;
        private Integer sendsPerVerifiedNumber;
        private Duration verifiedNumberWindow;
        private Integer prefixDigits;
        private PhoneNumberParser phoneNumbers;
        private Integer sendsPerAccount;
        private Duration accountWindow;
        private Set<String> allowedCallingCodes;
        private Set<String> deniedCallingCodes;
        private Set<String> deniedPrefixes;
        private byte[] hashKey;
        private String issuer;
        private String webOtpDomain;
        private SendLimiter limiter;
        private SecureRandom random;

        private Builder(SmsSender sender) {
            this.sender = sender;
        }

        /**
         * Sets the digits per code, {@value SmsCodes#MIN_CODE_DIGITS} to {@value
         * SmsCodes#MAX_CODE_DIGITS}; default {@value SmsCodes#DEFAULT_CODE_DIGITS}. NIST SP 800-63B
         * 5.1.3.2 asks for at least 20 bits; prefer 8 digits where usability allows.
         *
         * @param digits digits per code
         * @return this builder
         * @throws IllegalArgumentException if digits is out of range
         * @throws IllegalStateException if already set
         */
        public Builder codeDigits(int digits) {
            requireUnset(codeDigits, "codeDigits");
            if (digits < MIN_CODE_DIGITS || digits > MAX_CODE_DIGITS) {
                throw new IllegalArgumentException("codeDigits must be " + MIN_CODE_DIGITS + " to "
                        + MAX_CODE_DIGITS + ", was " + digits);
            }
            this.codeDigits = digits;
            return this;
        }

        /**
         * Sets how long a code stays valid after it is sent, {@value SmsCodes#MIN_VALIDITY_MINUTES}
         * to {@value SmsCodes#MAX_VALIDITY_MINUTES} minutes; default {@value
         * SmsCodes#DEFAULT_VALIDITY_MINUTES} minutes. The text states the whole minutes, rounded down.
         *
         * @param validity the validity
         * @return this builder
         * @throws NullPointerException if validity is null
         * @throws IllegalArgumentException if validity is out of range
         * @throws IllegalStateException if already set
         */
        public Builder codeValidity(Duration validity) {
            requireUnset(this.validity, "codeValidity");
            Objects.requireNonNull(validity, "validity");
            if (validity.compareTo(Duration.ofMinutes(MIN_VALIDITY_MINUTES)) < 0
                    || validity.compareTo(Duration.ofMinutes(MAX_VALIDITY_MINUTES)) > 0) {
                throw new IllegalArgumentException("codeValidity must be " + MIN_VALIDITY_MINUTES + " to "
                        + MAX_VALIDITY_MINUTES + " minutes, was " + validity);
            }
            this.validity = validity;
            return this;
        }

        /**
         * Sets how many wrong tries a code allows before it is dead, 1 to {@value
         * SmsCodes#MAX_ATTEMPTS_PER_CODE}; default {@value SmsCodes#DEFAULT_MAX_ATTEMPTS_PER_CODE}.
         *
         * @param attempts wrong tries per code
         * @return this builder
         * @throws IllegalArgumentException if attempts is out of range
         * @throws IllegalStateException if already set
         */
        public Builder maxAttemptsPerCode(int attempts) {
            requireUnset(maxAttempts, "maxAttemptsPerCode");
            if (attempts < 1 || attempts > MAX_ATTEMPTS_PER_CODE) {
                throw new IllegalArgumentException(
                        "maxAttemptsPerCode must be 1 to " + MAX_ATTEMPTS_PER_CODE + ", was " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * Sets the least time between two sends to an account, 1 s to {@value
         * SmsCodes#MAX_RESEND_COOLDOWN_SECONDS} s; default {@value
         * SmsCodes#DEFAULT_RESEND_COOLDOWN_SECONDS} s. Counted from the request's {@code
         * previousSentAt}, and also from the last send the {@link SendLimiter} saw for the account
         * (atomic; across nodes only with a shared limiter).
         *
         * @param cooldown the cooldown
         * @return this builder
         * @throws NullPointerException if cooldown is null
         * @throws IllegalArgumentException if cooldown is out of range
         * @throws IllegalStateException if already set
         */
        public Builder resendCooldown(Duration cooldown) {
            requireUnset(resendCooldown, "resendCooldown");
            this.resendCooldown = checkCooldown("resendCooldown", cooldown);
            return this;
        }

        /**
         * Sets the most login and step-up sends for one account to its own verified number within a
         * sliding window; default {@value SmsCodes#DEFAULT_SENDS_PER_NUMBER} per {@value
         * SmsCodes#DEFAULT_NUMBER_WINDOW_MINUTES} minutes. Counted per account and number, so sends
         * of other accounts (verification codes to the same number included) never use it up: no
         * account can block another's login SMS. Verification sends have their own limits, {@link
         * #verificationNumberLimit} and {@link #prefixLimit}. WSTG-ATHN-11, SECURITY.md 15a.
         *
         * @param maxSends sends per window, 1 to {@value SmsCodes#MAX_SENDS_PER_WINDOW}
         * @param window the window, {@value SmsCodes#MIN_LIMIT_WINDOW_MINUTES} minute to {@value
         *     SmsCodes#MAX_LIMIT_WINDOW_DAYS} days
         * @return this builder
         * @throws NullPointerException if window is null
         * @throws IllegalArgumentException if maxSends or window is out of range
         * @throws IllegalStateException if already set
         */
        public Builder numberLimit(int maxSends, Duration window) {
            requireUnset(sendsPerNumber, "numberLimit");
            checkLimit("numberLimit", maxSends, window);
            this.sendsPerNumber = maxSends;
            this.numberWindow = window;
            return this;
        }

        /**
         * Sets the most sends for one account within a sliding window; default {@value
         * SmsCodes#DEFAULT_SENDS_PER_ACCOUNT} per {@value SmsCodes#DEFAULT_ACCOUNT_WINDOW_HOURS}
         * hours.
         *
         * @param maxSends sends per window, 1 to {@value SmsCodes#MAX_SENDS_PER_WINDOW}
         * @param window the window, {@value SmsCodes#MIN_LIMIT_WINDOW_MINUTES} minute to {@value
         *     SmsCodes#MAX_LIMIT_WINDOW_DAYS} days
         * @return this builder
         * @throws NullPointerException if window is null
         * @throws IllegalArgumentException if maxSends or window is out of range
         * @throws IllegalStateException if already set
         */
        public Builder accountLimit(int maxSends, Duration window) {
            requireUnset(sendsPerAccount, "accountLimit");
            checkLimit("accountLimit", maxSends, window);
            this.sendsPerAccount = maxSends;
            this.accountWindow = window;
            return this;
        }

        /**
         * Sets the least time between two verification sends to one number, counted across all
         * accounts (an account's own sends also wait for {@link #resendCooldown}), 1 s to {@value
         * SmsCodes#MAX_RESEND_COOLDOWN_SECONDS} s; default {@value
         * SmsCodes#DEFAULT_VERIFICATION_COOLDOWN_SECONDS} s. So many accounts that add one number
         * cannot send it a burst of codes. SECURITY.md 15a.
         *
         * @param cooldown the cooldown
         * @return this builder
         * @throws NullPointerException if cooldown is null
         * @throws IllegalArgumentException if cooldown is out of range
         * @throws IllegalStateException if already set
         */
        public Builder verificationCooldown(Duration cooldown) {
            requireUnset(verificationCooldown, "verificationCooldown");
            this.verificationCooldown = checkCooldown("verificationCooldown", cooldown);
            return this;
        }

        /**
         * Sets the most verification sends to one number within a sliding window, counted across
         * all accounts together (a verification code goes to a number the sending account has not
         * verified, so any account may ask for one); default {@value
         * SmsCodes#DEFAULT_VERIFICATION_SENDS_PER_NUMBER} per {@value
         * SmsCodes#DEFAULT_VERIFICATION_NUMBER_WINDOW_MINUTES} minutes. Login and step-up sends to
         * the number's owner are not counted here ({@link #numberLimit}): other accounts using this
         * budget up can delay a verification of the number, never a login. SECURITY.md 15a.
         *
         * @param maxSends sends per window, 1 to {@value SmsCodes#MAX_SENDS_PER_WINDOW}
         * @param window the window, {@value SmsCodes#MIN_LIMIT_WINDOW_MINUTES} minute to {@value
         *     SmsCodes#MAX_LIMIT_WINDOW_DAYS} days
         * @return this builder
         * @throws NullPointerException if window is null
         * @throws IllegalArgumentException if maxSends or window is out of range
         * @throws IllegalStateException if already set
         */
        public Builder verificationNumberLimit(int maxSends, Duration window) {
            requireUnset(verificationSendsPerNumber, "verificationNumberLimit");
            checkLimit("verificationNumberLimit", maxSends, window);
            this.verificationSendsPerNumber = maxSends;
            this.verificationNumberWindow = window;
            return this;
        }

        /**
         * Sets the most verification sends to one number prefix (see {@link #prefixDigits}) within a
         * sliding window, counted across all accounts together: a velocity limit against SMS
         * pumping spread over many accounts and many numbers of one range; default {@value
         * SmsCodes#DEFAULT_SENDS_PER_PREFIX} per {@value SmsCodes#DEFAULT_PREFIX_WINDOW_MINUTES}
         * minutes. A host with many customers in one range raises it. Login and step-up sends are
         * not counted here: they go to numbers their accounts verified, and counting them would let
         * other accounts block them; so accounts that use a prefix's budget up delay verifications
         * of new numbers in that range, never a login. SECURITY.md 15a, WSTG-ATHN-11.
         *
         * @param maxSends sends per window, 1 to {@value SmsCodes#MAX_SENDS_PER_WINDOW}
         * @param window the window, {@value SmsCodes#MIN_LIMIT_WINDOW_MINUTES} minute to {@value
         *     SmsCodes#MAX_LIMIT_WINDOW_DAYS} days
         * @return this builder
         * @throws NullPointerException if window is null
         * @throws IllegalArgumentException if maxSends or window is out of range
         * @throws IllegalStateException if already set
         */
        public Builder prefixLimit(int maxSends, Duration window) {
            requireUnset(sendsPerPrefix, "prefixLimit");
            checkLimit("prefixLimit", maxSends, window);
            this.sendsPerPrefix = maxSends;
            this.prefixWindow = window;
            return this;
        }

        /**
         * Sets the most login and confirmation sends to one number within a sliding window, counted
         * across all the accounts that verified that number; default {@value
         * SmsCodes#DEFAULT_SENDS_PER_VERIFIED_NUMBER} per {@value
         * SmsCodes#DEFAULT_VERIFIED_NUMBER_WINDOW_MINUTES} minutes. Only an account that received a
         * code on the number can use this budget, so no stranger can use up a customer's; it caps
         * SMS pumping through many accounts that verified numbers the pumper controls.
         *
         * @param maxSends sends per window, 1 to {@value SmsCodes#MAX_SENDS_PER_WINDOW}
         * @param window the window, {@value SmsCodes#MIN_LIMIT_WINDOW_MINUTES} minute to {@value
         *     SmsCodes#MAX_LIMIT_WINDOW_DAYS} days
         * @return this builder
         * @throws NullPointerException if window is null
         * @throws IllegalArgumentException if maxSends or window is out of range
         * @throws IllegalStateException if already set
         */
        public Builder verifiedNumberLimit(int maxSends, Duration window) {
            requireUnset(sendsPerVerifiedNumber, "verifiedNumberLimit");
            checkLimit("verifiedNumberLimit", maxSends, window);
            this.sendsPerVerifiedNumber = maxSends;
            this.verifiedNumberWindow = window;
            return this;
        }

        /**
         * Sets how many national digits after the country calling code make the prefix that {@link
         * #prefixLimit} counts, 0 (the calling code alone) to {@value SmsCodes#MAX_PREFIX_DIGITS};
         * default {@value SmsCodes#DEFAULT_PREFIX_DIGITS} (so {@code +420 601 123 456} counts under
         * {@code +420601}).
         *
         * @param digits national digits in the prefix
         * @return this builder
         * @throws IllegalArgumentException if digits is out of range
         * @throws IllegalStateException if already set
         */
        public Builder prefixDigits(int digits) {
            requireUnset(prefixDigits, "prefixDigits");
            if (digits < 0 || digits > MAX_PREFIX_DIGITS) {
                throw new IllegalArgumentException("prefixDigits must be 0 to " + MAX_PREFIX_DIGITS + ", was " + digits);
            }
            this.prefixDigits = digits;
            return this;
        }

        /**
         * Sets the phone number policy: every destination is checked against it at send time, and
         * twofa-core's service reads typed numbers with it unless the host gave the service another
         * one; default: {@code PhoneNumbers.builder().build()} (libphonenumber: international form,
         * mobile numbers of real regions). To send to any well-formed E.164 number instead (not
         * recommended: premium-rate numbers get codes), pass {@code typed -> PhoneNumber.parse(typed)}. A
         * number the policy refuses (stored before the policy changed, say a fixed line or a denied
         * region) gets no code: {@link SmsNotSent.Reason#DESTINATION_NOT_ALLOWED}. The policy must
         * read a number in E.164 form as itself.
         *
         * @param parser the policy
         * @return this builder
         * @throws NullPointerException if parser is null
         * @throws IllegalStateException if already set
         */
        public Builder phoneNumbers(PhoneNumberParser parser) {
            requireUnset(phoneNumbers, "phoneNumbers");
            this.phoneNumbers = Objects.requireNonNull(parser, "parser");
            return this;
        }

        /**
         * Sets the only country calling codes codes may be sent to (as {@link
         * PhoneNumber#callingCode()} returns them, such as {@code "420"}); default: every code. A
         * destination elsewhere is refused with {@link SmsNotSent.Reason#DESTINATION_NOT_ALLOWED}.
         *
         * @param callingCodes one or more calling codes, 1 to 3 digits, the first not zero
         * @return this builder
         * @throws NullPointerException if the array or an element is null
         * @throws IllegalArgumentException if empty or a code is malformed
         * @throws IllegalStateException if already set
         */
        public Builder allowCallingCodes(String... callingCodes) {
            requireUnset(allowedCallingCodes, "allowCallingCodes");
            this.allowedCallingCodes = checkedSet("allowCallingCodes", callingCodes, CALLING_CODE,
                    "1 to 3 digits, the first not zero, such as 420");
            return this;
        }

        /**
         * Sets country calling codes codes are never sent to; default: none. A denial wins over
         * {@link #allowCallingCodes}. For a part of a shared calling code (such as Jamaica's
         * {@code +1876}) use {@link #denyNumberPrefixes}.
         *
         * @param callingCodes one or more calling codes, 1 to 3 digits, the first not zero
         * @return this builder
         * @throws NullPointerException if the array or an element is null
         * @throws IllegalArgumentException if empty or a code is malformed
         * @throws IllegalStateException if already set
         */
        public Builder denyCallingCodes(String... callingCodes) {
            requireUnset(deniedCallingCodes, "denyCallingCodes");
            this.deniedCallingCodes = checkedSet("denyCallingCodes", callingCodes, CALLING_CODE,
                    "1 to 3 digits, the first not zero, such as 420");
            return this;
        }

        /**
         * Sets E.164 prefixes codes are never sent to, such as premium-rate ranges ({@code
         * "+4290"}) targeted by SMS pumping; default: none. WSTG-ATHN-11.
         *
         * @param prefixes one or more prefixes: {@code +} and 1 to 14 digits, the first not zero
         * @return this builder
         * @throws NullPointerException if the array or an element is null
         * @throws IllegalArgumentException if empty or a prefix is malformed
         * @throws IllegalStateException if already set
         */
        public Builder denyNumberPrefixes(String... prefixes) {
            requireUnset(deniedPrefixes, "denyNumberPrefixes");
            this.deniedPrefixes = checkedSet("denyNumberPrefixes", prefixes, NUMBER_PREFIX,
                    "+ and 1 to 14 digits, the first not zero, such as +4290");
            return this;
        }

        /**
         * Sets the key under which code hashes are HMAC-SHA256 (copied; keep it outside the profile
         * store, so a store dump cannot even be brute-forced); default: no key, codes are stored as
         * salted SHA-256. At least {@value SmsCodes#MIN_HASH_KEY_BYTES} bytes, ideally from {@link
         * SecureRandom}. All nodes must use the same key; a changed key kills codes in flight and
         * resets the send-limit counts (their keys are derived from it). Required with a {@link
         * #sendLimiter} of the host's. ASVS 2.7.5.
         *
         * @param key the key
         * @return this builder
         * @throws NullPointerException if key is null
         * @throws IllegalArgumentException if key is shorter than {@value SmsCodes#MIN_HASH_KEY_BYTES}
         *     bytes (the message gives the length, never the key)
         * @throws IllegalStateException if already set
         */
        public Builder hashKey(byte[] key) {
            requireUnset(hashKey, "hashKey");
            Objects.requireNonNull(key, "key");
            if (key.length < MIN_HASH_KEY_BYTES) {
                throw new IllegalArgumentException("hashKey must be at least " + MIN_HASH_KEY_BYTES
                        + " bytes, was " + key.length + " bytes");
            }
            this.hashKey = key.clone();
            return this;
        }

        /**
         * Sets the name the texts introduce themselves with, such as {@code "Example Hosting"}, so
         * the customer knows who sends the code; required (no default: a text signed by a library
         * name would teach customers to trust any sender). 1 to {@value SmsCodes#MAX_ISSUER_LENGTH}
         * characters, not blank, no control characters (line breaks included).
         *
         * @param issuer the host's name
         * @return this builder
         * @throws NullPointerException if issuer is null
         * @throws IllegalArgumentException if issuer is blank, too long or holds a control character
         * @throws IllegalStateException if already set
         */
        public Builder issuer(String issuer) {
            requireUnset(this.issuer, "issuer");
            Objects.requireNonNull(issuer, "issuer");
            if (issuer.isBlank() || issuer.length() > MAX_ISSUER_LENGTH
                    || issuer.chars().anyMatch(Character::isISOControl)
                    || !issuer.strip().equals(issuer)) {
                throw new IllegalArgumentException("issuer must be 1 to " + MAX_ISSUER_LENGTH
                        + " characters without control characters or surrounding spaces, was \""
                        + printable(issuer) + "\"");
            }
            this.issuer = issuer;
            return this;
        }

        /**
         * Adds a last line {@code @domain #code} to every text, so browsers can offer the code to
         * the page of that domain (WebOTP); default: no such line. The domain is a host name in
         * ASCII (punycode for international names), as the page's origin has it; it is stored in
         * lower case.
         *
         * @param domain the page's host name, such as {@code "login.example.com"}
         * @return this builder
         * @throws NullPointerException if domain is null
         * @throws IllegalArgumentException if domain is not a valid host name
         * @throws IllegalStateException if already set
         */
        public Builder webOtpDomain(String domain) {
            requireUnset(webOtpDomain, "webOtpDomain");
            Objects.requireNonNull(domain, "domain");
            String lower = domain.toLowerCase(Locale.ROOT);
            if (!isHostname(lower)) {
                throw new IllegalArgumentException("webOtpDomain must be a host name such as login.example.com"
                        + " (ASCII letters, digits and hyphens in dot-separated labels), was \""
                        + printable(domain) + "\"");
            }
            this.webOtpDomain = lower;
            return this;
        }

        /**
         * Sets the limiter that enforces the cooldowns and counts the send limits; default: a new
         * {@link InMemorySendLimiter}, right for one node only. Applications on more than one node
         * need a shared one (see {@link SendLimiter}): otherwise each node keeps its own cooldown and
         * counts, and concurrent sends on N nodes get N codes out. A host's limiter needs {@link
         * #hashKey} too (checked by {@link #build}): its keys leave the JVM, and without a key their
         * pseudonyms are plain SHA-256 of phone numbers, reversed by trying every number.
         *
         * @param sendLimiter the limiter
         * @return this builder
         * @throws NullPointerException if sendLimiter is null
         * @throws IllegalStateException if already set
         */
        public Builder sendLimiter(SendLimiter sendLimiter) {
            requireUnset(limiter, "sendLimiter");
            this.limiter = Objects.requireNonNull(sendLimiter, "sendLimiter");
            return this;
        }

        /**
         * Sets the source of codes, salts and challenge ids; default: a new {@link SecureRandom}.
         * Exists for tests and for hosts that mandate a particular provider.
         *
         * @param secureRandom the source
         * @return this builder
         * @throws NullPointerException if secureRandom is null
         * @throws IllegalStateException if already set
         */
        public Builder secureRandom(SecureRandom secureRandom) {
            requireUnset(random, "secureRandom");
            this.random = Objects.requireNonNull(secureRandom, "secureRandom");
            return this;
        }

        /**
         * Builds the channel. The builder may be used again, but its setters stay set.
         *
         * @return the immutable, thread-safe channel
         * @throws IllegalStateException if the issuer is not set, a calling code is both allowed and
         *     denied, or a {@link #sendLimiter} is set without a {@link #hashKey}
         */
        public SmsCodes build() {
            if (issuer == null) {
                throw new IllegalStateException("issuer is required: call issuer(\"Your Company\")");
            }
            if (limiter != null && hashKey == null) {
                throw new IllegalStateException("a custom sendLimiter needs a hashKey: its keys leave this JVM, and "
                        + "unkeyed SHA-256 pseudonyms of phone numbers can be reversed by trying every number; "
                        + "call hashKey(key) with the same key of at least " + MIN_HASH_KEY_BYTES
                        + " random bytes on every node");
            }
            if (allowedCallingCodes != null && deniedCallingCodes != null) {
                for (String code : allowedCallingCodes) {
                    if (deniedCallingCodes.contains(code)) {
                        throw new IllegalStateException("calling code " + code + " is both allowed and denied");
                    }
                }
            }
            return new SmsCodes(this);
        }

        private static void requireUnset(Object current, String setter) {
            if (current != null) {
                throw new IllegalStateException(setter + " was already set");
            }
        }

        private static Duration checkCooldown(String setter, Duration cooldown) {
            Objects.requireNonNull(cooldown, "cooldown");
            if (cooldown.compareTo(Duration.ofSeconds(1)) < 0
                    || cooldown.compareTo(Duration.ofSeconds(MAX_RESEND_COOLDOWN_SECONDS)) > 0) {
                throw new IllegalArgumentException(setter + " must be 1 s to "
                        + MAX_RESEND_COOLDOWN_SECONDS + " s, was " + cooldown);
            }
            return cooldown;
        }

        private static void checkLimit(String setter, int maxSends, Duration window) {
            Objects.requireNonNull(window, "window");
            if (maxSends < 1 || maxSends > MAX_SENDS_PER_WINDOW) {
                throw new IllegalArgumentException(setter + " maxSends must be 1 to " + MAX_SENDS_PER_WINDOW
                        + ", was " + maxSends);
            }
            if (window.compareTo(Duration.ofMinutes(MIN_LIMIT_WINDOW_MINUTES)) < 0
                    || window.compareTo(Duration.ofDays(MAX_LIMIT_WINDOW_DAYS)) > 0) {
                throw new IllegalArgumentException(setter + " window must be " + MIN_LIMIT_WINDOW_MINUTES
                        + " minute to " + MAX_LIMIT_WINDOW_DAYS + " days, was " + window);
            }
        }

        private static Set<String> checkedSet(String setter, String[] values, Pattern pattern, String form) {
            Objects.requireNonNull(values, setter);
            if (values.length == 0) {
                throw new IllegalArgumentException(setter + " needs at least one value");
            }
            Set<String> set = new LinkedHashSet<>();
            for (String value : values) {
                Objects.requireNonNull(value, setter + " element");
                if (!pattern.matcher(value).matches()) {
                    throw new IllegalArgumentException(
                            setter + " values must be " + form + ", was \"" + printable(value) + "\"");
                }
                set.add(value);
            }
            return Set.copyOf(set);
        }

        private static boolean isHostname(String name) {
            if (name.isEmpty() || name.length() > 253) {
                return false;
            }
            String[] labels = name.split("\\.", -1);
            for (String label : labels) {
                if (!HOST_LABEL.matcher(label).matches()) {
                    return false;
                }
            }
            // The last label of a host name is not all digits (that would be an IP address).
            return !labels[labels.length - 1].chars().allMatch(c -> c >= '0' && c <= '9');
        }

        /** Shortens a configuration value for a message and escapes control characters. */
        private static String printable(String value) {
            StringBuilder out = new StringBuilder();
            value.codePoints().limit(64).forEach(c -> {
                if (Character.isISOControl(c)) {
                    out.append(String.format("\\u%04x", c));
                } else {
                    out.appendCodePoint(c);
                }
            });
            return value.codePointCount(0, value.length()) > 64 ? out + "..." : out.toString();
        }

        /** Returns a description of what is set; the hash key is never shown. */
        @Override
        public String toString() {
            return "SmsCodes.Builder[issuer=" + issuer + ", hashKey=" + (hashKey == null ? "unset" : "redacted")
                    + "]";
        }
    }
}
