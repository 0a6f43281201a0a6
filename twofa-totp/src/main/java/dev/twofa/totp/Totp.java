package dev.twofa.totp;

import dev.twofa.core.InvalidInputException;
import dev.twofa.core.Secret;
import dev.twofa.core.spi.TotpChannel;
import dev.twofa.totp.internal.Codes;
import dev.twofa.totp.internal.OtpEngine;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Generates and checks time-based one-time passwords, <a
 * href="https://www.rfc-editor.org/rfc/rfc6238">RFC 6238</a> (TOTP), makes secrets and builds the
 * provisioning URI and manual-entry key an authenticator app needs; twofa-core's {@link
 * TotpChannel}.
 *
 * <pre>{@code
 * Totp totp = Totp.builder().issuer("Example Hosting").build();
 * Secret secret = totp.newSecret();
 * String uri = totp.provisioningUri(secret, "alice@example.com"); // for the QR code
 * long lastAcceptedStep = -1; // the account's replay watermark: -1 until a code was accepted
 * OptionalLong step = totp.verify(secret, "123456", Instant.now(), lastAcceptedStep);
 * boolean accepted = step.isPresent() && step.getAsLong() > lastAcceptedStep; // then store the step
 * }</pre>
 *
 * <p>The time step is {@code floor((t - T0) / period)} (RFC 6238 section 4.2), 64-bit; instants
 * before T0 are refused. The caller passes the time in; nothing here reads a clock. A check
 * computes every code of the window (RFC 6238 section 5.2: {@value #DEFAULT_STEPS_BACK} step back
 * and {@value #DEFAULT_STEPS_AHEAD} ahead by default) and compares without an early exit, so its
 * time tells nothing about whether or where a code matched. It returns the matched step so the
 * caller can refuse a replay (any step at or below the last accepted one); given that last step,
 * it returns a matching step above it whenever there is one, so a fresh code that shares its
 * digits with an older step of the window is not mistaken for a replay. Codes are ASCII digits
 * whatever the default locale.
 *
 * <p>Thread-safe once built (the concurrency test checks it). Its settings are immutable; its only
 * mutable state is the result of the latest successful verify (a time step, no key or code), kept
 * so that the next success on the same step allocates nothing.
 */
public final class Totp implements TotpChannel {

    /** Digits per code unless told otherwise: {@value}. */
    public static final int DEFAULT_DIGITS = 6;

    /** The fewest digits per code: {@value}. */
    public static final int MIN_DIGITS = 6;

    /** The most digits per code: {@value}. */
    public static final int MAX_DIGITS = 8;

    /** The time step in seconds unless told otherwise: {@value} (RFC 6238 section 5.2). */
    public static final int DEFAULT_PERIOD_SECONDS = 30;

    /** The longest time step in seconds: {@value}. */
    public static final int MAX_PERIOD_SECONDS = 120;

    /** Time steps before the current one a check accepts unless told otherwise: {@value}. */
    public static final int DEFAULT_STEPS_BACK = 1;

    /** Time steps after the current one a check accepts unless told otherwise: {@value}. */
    public static final int DEFAULT_STEPS_AHEAD = 1;

    /** The most steps a check may accept each way: {@value}. */
    public static final int MAX_STEPS = 10;

    private final String issuer;
    private final Algorithm algorithm;
    private final int digits;
    private final long periodSeconds;
    private final long t0Seconds;
    private final int stepsBack;
    private final int stepsAhead;
    private final int secretLength;
    private final SecureRandom random;
    private final OtpEngine engine;
    /**
     * The result of the latest successful verify, handed out again while it is the step that
     * matches (most codes match the current step), so that a successful verify allocates nothing.
     */
    private volatile OptionalLong lastMatch = OptionalLong.empty();

    private Totp(Builder b) {
        this.issuer = b.issuer;
        this.algorithm = b.algorithm == null ? Algorithm.SHA1 : b.algorithm;
        this.digits = b.digits == 0 ? DEFAULT_DIGITS : b.digits;
        this.periodSeconds = b.period == null ? DEFAULT_PERIOD_SECONDS : b.period.getSeconds();
        this.t0Seconds = b.t0 == null ? 0 : b.t0.getEpochSecond();
        this.stepsBack = b.stepsBack < 0 ? DEFAULT_STEPS_BACK : b.stepsBack;
        this.stepsAhead = b.stepsAhead < 0 ? DEFAULT_STEPS_AHEAD : b.stepsAhead;
        this.secretLength = b.secretLength == 0 ? TotpSecrets.DEFAULT_LENGTH : b.secretLength;
        this.random = b.random == null ? new SecureRandom() : b.random;
        this.engine = new OtpEngine(algorithm, digits);
    }

    /**
     * Returns a new builder with every setting at its default; only the issuer must be set.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the code for the time step that contains {@code time} (RFC 6238 section 4.2).
     *
     * @param secret the key, at least 16 bytes
     * @param time the instant, not before T0
     * @return exactly {@link #codeDigits()} ASCII digits (the code: never log it)
     * @throws InvalidInputException if secret is null or shorter than 16 bytes, or time is null or
     *     before T0
     */
    public String generate(Secret secret, Instant time) {
        return Codes.format(engine.code(secret, timeStep(time)), digits);
    }

    /**
     * Checks a code against every time step of the window around {@code now}, in constant time,
     * with no replay watermark, and returns the latest step that matched: the same as {@link
     * #verify(Secret, String, Instant, long) verify(secret, code, now, Long.MAX_VALUE)}. A caller
     * that keeps the last accepted step should pass it to that method instead, so that when several
     * steps match (neighbouring steps share a 6-digit code about once in a million) it gets one above
     * the last accepted step whenever there is one.
     *
     * @param secret the key, at least 16 bytes
     * @param code exactly {@link #codeDigits()} ASCII digits; spaces are ignored; anything else
     *     (null, empty, signs, non-ASCII digits, wrong length) never matches: see {@link
     *     #isWellFormed(CharSequence)}
     * @param now the current time, not before T0
     * @return the matched time step (the latest if several did), or empty if none matched or the
     *     code is malformed
     * @throws InvalidInputException if secret is null or shorter than 16 bytes, or now is null or
     *     before T0
     */
    public OptionalLong verify(Secret secret, String code, Instant now) {
        return verify(secret, code, now, Long.MAX_VALUE);
    }

    /**
     * Checks a code against every time step of the window around {@code now}, in constant time, and
     * returns the matched step the caller's replay check needs: the lowest matching step above
     * {@code lastAcceptedStep} if there is one, otherwise the highest matching step (at or below
     * {@code lastAcceptedStep}: the caller refuses it as a replay). Steps before T0 are left out of
     * the window. The caller must refuse a step at or below the last one it accepted and then store
     * the new one (RFC 6238 section 5.2). The time taken does not depend on whether, where or how
     * often the code matched.
     *
     * @param secret the key, at least 16 bytes
     * @param code exactly {@link #codeDigits()} ASCII digits; spaces are ignored; anything else
     *     (null, empty, signs, non-ASCII digits, wrong length) never matches: see {@link
     *     #isWellFormed(CharSequence)}
     * @param now the current time, not before T0
     * @param lastAcceptedStep the replay watermark: the last time step accepted for this secret, or
     *     -1 if none was
     * @return the selected time step, or empty if none matched or the code is malformed
     * @throws InvalidInputException if secret is null or shorter than 16 bytes, now is null or
     *     before T0, or lastAcceptedStep is below -1
     */
    @Override
    public OptionalLong verify(Secret secret, String code, Instant now, long lastAcceptedStep) {
        if (secret == null) {
            throw new InvalidInputException("secret must not be null");
        }
        if (lastAcceptedStep < -1) {
            throw new InvalidInputException("lastAcceptedStep must be -1 or a time step, was " + lastAcceptedStep);
        }
        long step = timeStep(now);
        int value = Codes.parse(code, digits);
        if (value < 0) {
            return OptionalLong.empty();
        }
        long first = Math.max(0, step - stepsBack);
        int count = (int) (step - first) + stepsAhead + 1;
        long matched = engine.match(secret, value, first, count, lastAcceptedStep);
        if (matched < 0) {
            return OptionalLong.empty();
        }
        OptionalLong result = lastMatch;
        if (!result.isPresent() || result.getAsLong() != matched) {
            result = OptionalLong.of(matched);
            lastMatch = result;
        }
        return result;
    }

    /**
     * Returns whether a code has the right form: exactly {@link #codeDigits()} ASCII digits once
     * spaces are removed. Lets a caller tell a malformed code from a wrong one; {@link
     * #verify(Secret, String, Instant)} checks the form itself.
     *
     * @param code the submitted code, may be null
     * @return true if well-formed
     */
    public boolean isWellFormed(CharSequence code) {
        return Codes.parse(code, digits) >= 0;
    }

    /**
     * Returns the time step that contains an instant: {@code floor((time - T0) / period)}, RFC 6238
     * section 4.2.
     *
     * @param time the instant, not before T0
     * @return the time step, 0 or more
     * @throws InvalidInputException if time is null or before T0
     */
    public long timeStep(Instant time) {
        if (time == null) {
            throw new InvalidInputException("time must not be null");
        }
        long elapsed = time.getEpochSecond() - t0Seconds;
        if (elapsed < 0) {
            throw new InvalidInputException("time must not be before T0");
        }
        return elapsed / periodSeconds;
    }

    /**
     * Returns the first instant of a time step.
     *
     * @param step the time step, 0 or more
     * @return {@code T0 + step * period}
     * @throws InvalidInputException if step is negative or beyond the range of {@link Instant}
     */
    public Instant stepStart(long step) {
        if (step < 0) {
            throw new InvalidInputException("step must not be negative, was " + step);
        }
        try {
            return Instant.ofEpochSecond(Math.addExact(t0Seconds, Math.multiplyExact(step, periodSeconds)));
        } catch (ArithmeticException | java.time.DateTimeException e) {
            throw new InvalidInputException("step is beyond the range of Instant: " + step);
        }
    }

    /**
     * Returns the number of digits per code.
     *
     * @return 6 to 8, {@value #DEFAULT_DIGITS} by default
     */
    @Override
    public int codeDigits() {
        return digits;
    }

    /**
     * Returns how many time steps one check accepts: steps back + 1 + steps ahead.
     *
     * @return 1 to 21, 3 by default
     */
    @Override
    public int acceptedCodesPerTry() {
        return stepsBack + 1 + stepsAhead;
    }

    /**
     * Makes a new random secret of {@link #secretLength()} bytes with this instance's {@link
     * SecureRandom} (RFC 4226 section 4, R6).
     *
     * @return the secret
     */
    @Override
    public Secret newSecret() {
        return TotpSecrets.generate(random, secretLength);
    }

    /**
     * Returns the {@code otpauth://totp/ISSUER:ACCOUNT?secret=...&issuer=ISSUER} URI for this
     * instance's issuer and settings; see {@link OtpAuthUri#build()} for when {@code algorithm},
     * {@code digits} and {@code period} are written.
     *
     * @param secret the key
     * @param accountName the account the app shows, such as an e-mail address: not blank, no
     *     {@code ':'}, no control characters, no leading or trailing whitespace, at most 256 characters
     * @return the URI (holds the secret: never log it)
     * @throws InvalidOtpAuthUriException if secret is null or shorter than 16 bytes, the account
     *     name breaks the rules above, or the URI would be longer than {@value
     *     OtpAuthUri#MAX_URI_LENGTH} characters (the issuer and account name percent-encoded, the
     *     issuer twice)
     */
    @Override
    public String provisioningUri(Secret secret, String accountName) {
        return otpAuthUri(secret, accountName).build();
    }

    /**
     * Returns the provisioning URI as a value, for this instance's issuer and settings.
     *
     * @param secret the key
     * @param accountName the account the app shows; rules as in {@link #provisioningUri(Secret,
     *     String)}
     * @return the URI value
     * @throws InvalidOtpAuthUriException if secret is null or shorter than 16 bytes, the account
     *     name breaks the rules, or the URI would be longer than {@value OtpAuthUri#MAX_URI_LENGTH}
     *     characters
     */
    public OtpAuthUri otpAuthUri(Secret secret, String accountName) {
        return new OtpAuthUri(issuer, accountName, secret, algorithm, digits, Duration.ofSeconds(periodSeconds));
    }

    /**
     * Returns the secret for typing into an app: Base32, upper case, no padding, in groups of four
     * separated by spaces, as {@link TotpSecrets#toManualEntryKey(Secret)}.
     *
     * @param secret the key
     * @return the manual-entry key (secret: never log it)
     * @throws IllegalArgumentException if secret is null
     */
    @Override
    public String manualEntryKey(Secret secret) {
        return TotpSecrets.toManualEntryKey(secret);
    }

    /**
     * Returns the issuer written into provisioning URIs.
     *
     * @return the issuer
     */
    public String issuer() {
        return issuer;
    }

    /**
     * Returns the HMAC algorithm.
     *
     * @return the algorithm, {@link Algorithm#SHA1} by default
     */
    public Algorithm algorithm() {
        return algorithm;
    }

    /**
     * Returns the time step length.
     *
     * @return 1 to 120 seconds, {@value #DEFAULT_PERIOD_SECONDS} s by default
     */
    public Duration period() {
        return Duration.ofSeconds(periodSeconds);
    }

    /**
     * Returns T0, the instant time step 0 starts.
     *
     * @return T0, the Unix epoch by default
     */
    public Instant t0() {
        return Instant.ofEpochSecond(t0Seconds);
    }

    /**
     * Returns how many steps before the current one a check accepts.
     *
     * @return 0 to {@value #MAX_STEPS}, {@value #DEFAULT_STEPS_BACK} by default
     */
    public int stepsBack() {
        return stepsBack;
    }

    /**
     * Returns how many steps after the current one a check accepts.
     *
     * @return 0 to {@value #MAX_STEPS}, {@value #DEFAULT_STEPS_AHEAD} by default
     */
    public int stepsAhead() {
        return stepsAhead;
    }

    /**
     * Returns the length of secrets made by {@link #newSecret()}.
     *
     * @return bytes, {@value TotpSecrets#DEFAULT_LENGTH} by default
     */
    public int secretLength() {
        return secretLength;
    }

    /**
     * Returns the settings, such as {@code Totp[issuer=Example, SHA1, 6 digits, 30 s, T0=0, window
     * -1/+1]}.
     */
    @Override
    public String toString() {
        return "Totp[issuer=" + issuer + ", " + algorithm + ", " + digits + " digits, " + periodSeconds + " s, T0="
                + t0Seconds + ", window -" + stepsBack + "/+" + stepsAhead + "]";
    }

    /** Returns what is wrong with a period, or null. */
    static String periodProblem(Duration period) {
        if (period.getNano() != 0 || period.getSeconds() < 1 || period.getSeconds() > MAX_PERIOD_SECONDS) {
            return "period must be 1 to " + MAX_PERIOD_SECONDS + " whole seconds, was " + period;
        }
        return null;
    }

    /**
     * Configures a {@link Totp}. Each setter checks its value at once and may be called only once;
     * {@link #build()} needs the issuer.
     *
     * <p>Not thread-safe: use a builder from one thread.
     */
    public static final class Builder {

        private String issuer;
        private Algorithm algorithm;
        private int digits;
        private Duration period;
        private Instant t0;
        private int stepsBack = -1;
        private int stepsAhead = -1;
        private int secretLength;
        private SecureRandom random;

        private Builder() {}

        /**
         * Sets the issuer (the service name the app shows) for provisioning URIs; required.
         *
         * @param issuer not blank, no {@code ':'}, no control characters, no leading or trailing
         *     whitespace, at most 256 characters
         * @return this builder
         * @throws IllegalArgumentException if the issuer breaks those rules
         * @throws IllegalStateException if the issuer was already set
         */
        public Builder issuer(String issuer) {
            String problem = LabelRules.problem("issuer", issuer);
            if (problem != null) {
                throw new IllegalArgumentException(problem + ": \"" + issuer + "\"");
            }
            if (this.issuer != null) {
                throw new IllegalStateException("issuer was already set to \"" + this.issuer + "\"");
            }
            this.issuer = issuer;
            return this;
        }

        /**
         * Sets the HMAC algorithm; default {@link Algorithm#SHA1}, the only one every app supports.
         *
         * @param algorithm the algorithm
         * @return this builder
         * @throws IllegalArgumentException if algorithm is null
         * @throws IllegalStateException if the algorithm was already set
         */
        public Builder algorithm(Algorithm algorithm) {
            if (algorithm == null) {
                throw new IllegalArgumentException("algorithm must not be null");
            }
            if (this.algorithm != null) {
                throw new IllegalStateException("algorithm was already set to " + this.algorithm);
            }
            this.algorithm = algorithm;
            return this;
        }

        /**
         * Sets the digits per code; default {@value Totp#DEFAULT_DIGITS}.
         *
         * @param digits 6, 7 or 8
         * @return this builder
         * @throws IllegalArgumentException if digits is not 6 to 8
         * @throws IllegalStateException if digits were already set
         */
        public Builder digits(int digits) {
            if (digits < MIN_DIGITS || digits > MAX_DIGITS) {
                throw new IllegalArgumentException("digits must be 6 to 8, was " + digits);
            }
            if (this.digits != 0) {
                throw new IllegalStateException("digits were already set to " + this.digits);
            }
            this.digits = digits;
            return this;
        }

        /**
         * Sets the time step; default {@value Totp#DEFAULT_PERIOD_SECONDS} seconds.
         *
         * @param period 1 to {@value Totp#MAX_PERIOD_SECONDS} whole seconds
         * @return this builder
         * @throws IllegalArgumentException if period is null, not whole seconds or out of range
         * @throws IllegalStateException if the period was already set
         */
        public Builder period(Duration period) {
            if (period == null) {
                throw new IllegalArgumentException("period must not be null");
            }
            String problem = periodProblem(period);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            if (this.period != null) {
                throw new IllegalStateException("period was already set to " + this.period);
            }
            this.period = period;
            return this;
        }

        /**
         * Sets T0, the instant time step 0 starts (RFC 6238 section 4.1); default the Unix epoch.
         * Apps assume the epoch: change it only for codes that are not meant for an app.
         *
         * @param t0 a whole second
         * @return this builder
         * @throws IllegalArgumentException if t0 is null or has a fraction of a second
         * @throws IllegalStateException if T0 was already set
         */
        public Builder t0(Instant t0) {
            if (t0 == null || t0.getNano() != 0) {
                throw new IllegalArgumentException("t0 must be a whole second, was " + t0);
            }
            if (this.t0 != null) {
                throw new IllegalStateException("t0 was already set to " + this.t0);
            }
            this.t0 = t0;
            return this;
        }

        /**
         * Sets how many time steps before the current one a check accepts, for clocks that run
         * behind or codes typed slowly (RFC 6238 section 5.2); default {@value
         * Totp#DEFAULT_STEPS_BACK}.
         *
         * @param steps 0 to {@value Totp#MAX_STEPS}
         * @return this builder
         * @throws IllegalArgumentException if steps is out of range
         * @throws IllegalStateException if the steps back were already set
         */
        public Builder stepsBack(int steps) {
            checkSteps("stepsBack", steps);
            if (this.stepsBack >= 0) {
                throw new IllegalStateException("stepsBack was already set to " + this.stepsBack);
            }
            this.stepsBack = steps;
            return this;
        }

        /**
         * Sets how many time steps after the current one a check accepts, for clocks that run ahead
         * (RFC 6238 section 5.2); default {@value Totp#DEFAULT_STEPS_AHEAD}.
         *
         * @param steps 0 to {@value Totp#MAX_STEPS}
         * @return this builder
         * @throws IllegalArgumentException if steps is out of range
         * @throws IllegalStateException if the steps ahead were already set
         */
        public Builder stepsAhead(int steps) {
            checkSteps("stepsAhead", steps);
            if (this.stepsAhead >= 0) {
                throw new IllegalStateException("stepsAhead was already set to " + this.stepsAhead);
            }
            this.stepsAhead = steps;
            return this;
        }

        /**
         * Sets the length of secrets made by {@link Totp#newSecret()}; default {@value
         * TotpSecrets#DEFAULT_LENGTH} bytes (160 bits, RFC 4226 section 4, R6).
         *
         * @param bytes {@value TotpSecrets#MIN_LENGTH} to {@value TotpSecrets#MAX_LENGTH}
         * @return this builder
         * @throws IllegalArgumentException if bytes is out of range
         * @throws IllegalStateException if the length was already set
         */
        public Builder secretLength(int bytes) {
            TotpSecrets.checkGenerateLength(bytes);
            if (this.secretLength != 0) {
                throw new IllegalStateException("secretLength was already set to " + this.secretLength);
            }
            this.secretLength = bytes;
            return this;
        }

        /**
         * Sets the source of randomness for {@link Totp#newSecret()}; default a new {@link
         * SecureRandom}.
         *
         * @param random the source
         * @return this builder
         * @throws IllegalArgumentException if random is null
         * @throws IllegalStateException if the source was already set
         */
        public Builder random(SecureRandom random) {
            if (random == null) {
                throw new IllegalArgumentException("random must not be null");
            }
            if (this.random != null) {
                throw new IllegalStateException("random was already set");
            }
            this.random = random;
            return this;
        }

        /**
         * Returns a new thread-safe {@link Totp} with these settings.
         *
         * @return the TOTP generator and checker
         * @throws IllegalStateException if the issuer was not set, or is so long (percent-encoded, it
         *     is written twice) that even with a one-character account name a provisioning URI would
         *     be longer than {@value OtpAuthUri#MAX_URI_LENGTH} characters
         */
        public Totp build() {
            if (issuer == null) {
                throw new IllegalStateException("issuer must be set: it names the service in the authenticator app");
            }
            Totp totp = new Totp(this);
            int shortestUri = OtpAuthUri.builtLength(issuer, "x", totp.secretLength, totp.algorithm, totp.digits,
                    totp.period());
            if (shortestUri > OtpAuthUri.MAX_URI_LENGTH) {
                throw new IllegalStateException("issuer is too long: with a one-character account name the"
                        + " provisioning URI would already have " + shortestUri + " characters, more than "
                        + OtpAuthUri.MAX_URI_LENGTH);
            }
            return totp;
        }

        private static void checkSteps(String name, int steps) {
            if (steps < 0 || steps > MAX_STEPS) {
                throw new IllegalArgumentException(name + " must be 0 to " + MAX_STEPS + ", was " + steps);
            }
        }
    }
}
