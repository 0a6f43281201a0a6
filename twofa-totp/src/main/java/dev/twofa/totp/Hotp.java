package dev.twofa.totp;

import dev.twofa.core.InvalidInputException;
import dev.twofa.core.Secret;
import dev.twofa.totp.internal.Codes;
import dev.twofa.totp.internal.OtpEngine;
import java.util.OptionalLong;

/**
 * Generates and checks counter-based one-time passwords, <a
 * href="https://www.rfc-editor.org/rfc/rfc4226#section-5">RFC 4226 section 5</a> (HOTP), on the
 * JDK's {@link javax.crypto.Mac}. {@link Totp} uses the same engine with the time step as the
 * counter.
 *
 * <pre>{@code
 * Hotp hotp = Hotp.builder().digits(6).lookAhead(2).build();
 * String code = hotp.generate(secret, 42);          // "123456"
 * OptionalLong counter = hotp.verify(secret, code, 42); // OptionalLong[42]
 * }</pre>
 *
 * <p>Dynamic truncation takes its offset from the low 4 bits of the <em>last</em> HMAC byte (RFC
 * 4226 section 5.3), which matters for SHA-256 and SHA-512. Codes are ASCII digits whatever the
 * default locale.
 *
 * <p>Immutable and thread-safe once built (the concurrency test checks it).
 */
public final class Hotp {

    /** Digits per code unless told otherwise: {@value}. */
    public static final int DEFAULT_DIGITS = 6;

    /** Counters checked after the expected one unless told otherwise: {@value}. */
    public static final int DEFAULT_LOOK_AHEAD = 0;

    /** The most counters a check may look ahead: {@value} (RFC 4226 section 7.4). */
    public static final int MAX_LOOK_AHEAD = 10;

    private final Algorithm algorithm;
    private final int digits;
    private final int lookAhead;
    private final OtpEngine engine;

    private Hotp(Builder b) {
        this.algorithm = b.algorithm == null ? Algorithm.SHA1 : b.algorithm;
        this.digits = b.digits == 0 ? DEFAULT_DIGITS : b.digits;
        this.lookAhead = b.lookAhead < 0 ? DEFAULT_LOOK_AHEAD : b.lookAhead;
        this.engine = new OtpEngine(algorithm, digits);
    }

    /**
     * Returns a new builder with every setting at its default.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the code for a counter, RFC 4226 section 5.3.
     *
     * @param secret the key, at least 16 bytes
     * @param counter the counter, 0 to {@link Long#MAX_VALUE}
     * @return exactly {@link #digits()} ASCII digits (the code: never log it)
     * @throws InvalidInputException if secret is null or shorter than 16 bytes, or
     *     counter is negative
     */
    public String generate(Secret secret, long counter) {
        return Codes.format(engine.code(secret, counter), digits);
    }

    /**
     * Checks a code against the counters {@code counter} to {@code counter + lookAhead()}, all of
     * them, in constant time, and returns the counter that matched (the latest if several did). The
     * caller stores that counter + 1 as the next expected one so the code can't be used again.
     *
     * @param secret the key, at least 16 bytes
     * @param code exactly {@link #digits()} ASCII digits; spaces are ignored; anything else (null,
     *     signs, non-ASCII digits, wrong length) never matches
     * @param counter the next expected counter, not negative
     * @return the matched counter, or empty if none matched or the code is malformed
     * @throws InvalidInputException if secret is null or shorter than 16 bytes, or
     *     counter is negative or so large that the look-ahead overflows
     */
    public OptionalLong verify(Secret secret, String code, long counter) {
        if (secret == null) {
            throw new InvalidInputException("secret must not be null");
        }
        int value = Codes.parse(code, digits);
        if (value < 0) {
            return OptionalLong.empty();
        }
        long matched = engine.match(secret, value, counter, lookAhead + 1, Long.MAX_VALUE);
        return matched < 0 ? OptionalLong.empty() : OptionalLong.of(matched);
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
     * Returns the number of digits per code.
     *
     * @return 6 to 8, {@value #DEFAULT_DIGITS} by default
     */
    public int digits() {
        return digits;
    }

    /**
     * Returns how many counters after the expected one a check also accepts.
     *
     * @return 0 to {@value #MAX_LOOK_AHEAD}, {@value #DEFAULT_LOOK_AHEAD} by default
     */
    public int lookAhead() {
        return lookAhead;
    }

    /** Returns the settings, such as {@code Hotp[SHA1, 6 digits, look-ahead 0]}. */
    @Override
    public String toString() {
        return "Hotp[" + algorithm + ", " + digits + " digits, look-ahead " + lookAhead + "]";
    }

    /**
     * Configures a {@link Hotp}. Each setter checks its value at once and may be called only once.
     *
     * <p>Not thread-safe: use a builder from one thread.
     */
    public static final class Builder {

        private Algorithm algorithm;
        private int digits;
        private int lookAhead = -1;

        private Builder() {}

        /**
         * Sets the HMAC algorithm; default {@link Algorithm#SHA1}.
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
         * Sets the digits per code; default {@value Hotp#DEFAULT_DIGITS}.
         *
         * @param digits 6, 7 or 8
         * @return this builder
         * @throws IllegalArgumentException if digits is not 6 to 8
         * @throws IllegalStateException if digits were already set
         */
        public Builder digits(int digits) {
            if (digits < Totp.MIN_DIGITS || digits > Totp.MAX_DIGITS) {
                throw new IllegalArgumentException("digits must be 6 to 8, was " + digits);
            }
            if (this.digits != 0) {
                throw new IllegalStateException("digits were already set to " + this.digits);
            }
            this.digits = digits;
            return this;
        }

        /**
         * Sets how many counters after the expected one a check also accepts (RFC 4226 section 7.4);
         * default {@value Hotp#DEFAULT_LOOK_AHEAD}.
         *
         * @param lookAhead 0 to {@value Hotp#MAX_LOOK_AHEAD}
         * @return this builder
         * @throws IllegalArgumentException if lookAhead is out of range
         * @throws IllegalStateException if the look-ahead was already set
         */
        public Builder lookAhead(int lookAhead) {
            if (lookAhead < 0 || lookAhead > MAX_LOOK_AHEAD) {
                throw new IllegalArgumentException("lookAhead must be 0 to " + MAX_LOOK_AHEAD + ", was " + lookAhead);
            }
            if (this.lookAhead >= 0) {
                throw new IllegalStateException("lookAhead was already set to " + this.lookAhead);
            }
            this.lookAhead = lookAhead;
            return this;
        }

        /**
         * Returns a new immutable {@link Hotp} with these settings.
         *
         * @return the engine
         */
        public Hotp build() {
            return new Hotp(this);
        }
    }
}
