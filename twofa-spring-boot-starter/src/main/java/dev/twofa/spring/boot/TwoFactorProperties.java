package dev.twofa.spring.boot;

import dev.twofa.totp.Algorithm;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code twofa.*} settings from which {@link TwoFactorAutoConfiguration} builds the {@code
 * TwoFactorService}. Every default is the one twofa's builders use, so a host sets only the issuer
 * and the key: {@code twofa.totp.issuer}, {@code twofa.secret-protection.keys.<id>} (and, with SMS,
 * {@code twofa.sms.enabled}, an {@code SmsSender} bean and {@code twofa.sms.hash-key}).
 *
 * <p>Keys never appear in {@link #toString()}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param store where second-factor state is kept: jdbc (default; in the host's DataSource) or
 *     memory (this JVM only, for tests and demos; needs twofa-testkit)
 * @param jdbc the database tables, used with twofa.store=jdbc
 * @param secretProtection the AES keys that encrypt authenticator-app secrets before they are stored
 * @param totp codes from an authenticator app
 * @param sms codes by SMS
 * @param phoneNumbers how typed phone numbers are read and which are accepted
 * @param lockout throttling and lockout after failed codes
 * @param trustedDevices remembered devices that skip the second step
 * @param stepUpValidity how long a proof (a login, a confirmation code, a recovery code) allows
 *     sensitive changes such as turning the method off; default 5 minutes, 30 seconds to 15 minutes
 */
@ConfigurationProperties("twofa")
public record TwoFactorProperties(
        @DefaultValue("jdbc") Store store,
        @DefaultValue Jdbc jdbc,
        @DefaultValue SecretProtection secretProtection,
        @DefaultValue Totp totp,
        @DefaultValue Sms sms,
        @DefaultValue PhoneNumbers phoneNumbers,
        @DefaultValue Lockout lockout,
        @DefaultValue TrustedDevices trustedDevices,
        @DefaultValue("5m") Duration stepUpValidity) {

    /** Where second-factor state is kept. Thread-safe (an enum). */
    public enum Store {
        /** In the host's database, through its {@code DataSource} bean: twofa-jdbc's store and send limiter. */
        JDBC,
        /** In this JVM only, lost at restart: for tests and demos (twofa-testkit's in-memory store). */
        MEMORY
    }

    /** When twofa creates its tables. Thread-safe (an enum). */
    public enum SchemaInitialization {
        /** Never: the host runs the scripts {@code db/migration/twofa/<database>/V*.sql} with Flyway, Liquibase or by hand. */
        NEVER,
        /** At every start, the tables that do not exist yet (schema version 1). */
        ALWAYS
    }

    /**
     * The database tables ({@code twofa.jdbc.*}).
     *
     * <p>Immutable and thread-safe.
     *
     * @param initializeSchema whether twofa creates its tables at startup when they are missing:
     *     never (default; run the migration scripts) or always
     * @param profileTable the profile table; default twofa_profile
     * @param sendTable the send-limit table; its key table is this name plus _key; default
     *     twofa_send
     */
    public record Jdbc(
            @DefaultValue("never") SchemaInitialization initializeSchema,
            @DefaultValue("twofa_profile") String profileTable,
            @DefaultValue("twofa_send") String sendTable) {
    }

    /**
     * The key ring that encrypts authenticator-app secrets with AES-GCM before they reach the store
     * ({@code twofa.secret-protection.*}). Generate a key with {@code openssl rand -base64 32}.
     *
     * <p>Immutable and thread-safe.
     *
     * @param keys the keys by key id (1 to 32 ASCII letters, digits, '.', '_' or '-'), each the base64 of 16, 24 or 32 random bytes; required unless the host has its own
     *     SecretProtector bean. Old keys stay here to decrypt until no secret uses them.
     * @param currentKey the id of the key that encrypts new secrets; may be left out when there is
     *     only one key
     */
    public record SecretProtection(Map<String, String> keys, String currentKey) {

        /** Copies the keys; none is an empty ring. */
        public SecretProtection {
            keys = keys == null ? Map.of() : Map.copyOf(keys);
        }

        /**
         * Returns the key ids and the current key, never a key.
         *
         * @return a redacted description
         */
        @Override
        public String toString() {
            return "SecretProtection[keys=" + keys.keySet() + " (values redacted), currentKey=" + currentKey + "]";
        }
    }

    /**
     * Codes from an authenticator app ({@code twofa.totp.*}, RFC 6238).
     *
     * <p>Immutable and thread-safe.
     *
     * @param enabled whether customers may connect an authenticator app; default true
     * @param issuer the service name the app shows and SMS texts start with, such as Example Hosting; required
     * @param digits digits per code; default 6, 6 to 8
     * @param period the time step; default 30 seconds, 1 to 120 seconds
     * @param stepsBack earlier time steps accepted; default 1, 0 to 10
     * @param stepsAhead later time steps accepted; default 1, 0 to 10
     * @param maxDrift how far a phone's remembered clock drift may move the window, in time steps;
     *     default 2, 0 (off) to 10
     * @param algorithm the HMAC algorithm; default sha1, the only one every app supports
     * @param enrollmentTimeout how long a started connection may be confirmed with a code; default
     *     10 minutes, 1 minute to 1 hour
     */
    public record Totp(
            @DefaultValue("true") boolean enabled,
            String issuer,
            @DefaultValue("6") int digits,
            @DefaultValue("30s") Duration period,
            @DefaultValue("1") int stepsBack,
            @DefaultValue("1") int stepsAhead,
            @DefaultValue("2") int maxDrift,
            @DefaultValue("sha1") Algorithm algorithm,
            @DefaultValue("10m") Duration enrollmentTimeout) {
    }

    /**
     * Codes by SMS ({@code twofa.sms.*}).
     *
     * <p>Immutable and thread-safe.
     *
     * @param enabled whether customers may log in with SMS codes; default false. True needs an
     *     SmsSender bean (the host's gateway).
     * @param issuer the name the texts start with; default twofa.totp.issuer; at most 32
     *     characters
     * @param hashKey the base64 of at least 32 random bytes under which code hashes and send-limit
     *     keys are HMAC-SHA256; the same on every node. Required when SMS codes go through the
     *     database's send limiter (twofa.store=jdbc); without a key, codes are stored as salted SHA-256.
     * @param codeDigits digits per code; default 6, 6 to 10
     * @param codeValidity how long a code is valid; default 5 minutes, 1 to 10 minutes
     * @param maxAttemptsPerCode wrong tries a code allows before it is dead; default 5, 1 to 10
     * @param resendCooldown the wait before another code is sent to an account; default 30 seconds,
     *     at most 1 hour
     * @param webOtpDomain the host name of the login page, for a last line @domain #code
     *     that lets browsers fill the code in (WebOTP); default none
     */
    public record Sms(
            @DefaultValue("false") boolean enabled,
            String issuer,
            String hashKey,
            @DefaultValue("6") int codeDigits,
            @DefaultValue("5m") Duration codeValidity,
            @DefaultValue("5") int maxAttemptsPerCode,
            @DefaultValue("30s") Duration resendCooldown,
            String webOtpDomain) {

        /**
         * Returns the settings, the hash key redacted.
         *
         * @return a redacted description
         */
        @Override
        public String toString() {
            return "Sms[enabled=" + enabled + ", issuer=" + issuer + ", hashKey=" + (hashKey == null ? "none" : "(redacted)")
                    + ", codeDigits=" + codeDigits + ", codeValidity=" + codeValidity + ", maxAttemptsPerCode="
                    + maxAttemptsPerCode + ", resendCooldown=" + resendCooldown + ", webOtpDomain=" + webOtpDomain + "]";
        }
    }

    /**
     * How typed phone numbers are read and which may receive codes ({@code twofa.phone-numbers.*},
     * libphonenumber). Mobile numbers only; a host's own {@code PhoneNumberParser} bean replaces this.
     *
     * <p>Immutable and thread-safe.
     *
     * @param defaultRegion the region whose national forms are read, such as CZ (601 123 456 reads as +420 601 123 456); default none: numbers start with + or
     *     00
     * @param allowedRegions the only regions whose numbers are accepted; default every region
     * @param deniedRegions regions whose numbers are refused; default none
     */
    public record PhoneNumbers(String defaultRegion, List<String> allowedRegions, List<String> deniedRegions) {

        /** Copies the lists; none is empty. */
        public PhoneNumbers {
            allowedRegions = allowedRegions == null ? List.of() : List.copyOf(allowedRegions);
            deniedRegions = deniedRegions == null ? List.of() : List.copyOf(deniedRegions);
        }
    }

    /**
     * Throttling and lockout after failed codes ({@code twofa.lockout.*}), counted per account
     * across sessions and nodes.
     *
     * <p>Immutable and thread-safe.
     *
     * @param freeFailures failures without delay; default 3, 0 to 10
     * @param maxDelay the cap of the delay that doubles with each later failure; default 15
     *     minutes, 1 second to 1 hour
     * @param lockAfter consecutive failures that lock; default 10, more than free-failures, at
     *     most 20
     * @param lockDuration how long a lock lasts; default 1 hour, 1 minute to 24 hours
     * @param permanentLockAfter consecutive failures after which only a reset unlocks; default 30,
     *     lock-after to 100
     */
    public record Lockout(
            @DefaultValue("3") int freeFailures,
            @DefaultValue("15m") Duration maxDelay,
            @DefaultValue("10") int lockAfter,
            @DefaultValue("1h") Duration lockDuration,
            @DefaultValue("30") int permanentLockAfter) {
    }

    /**
     * Remembered devices that skip the second step ({@code twofa.trusted-devices.*}).
     *
     * <p>Immutable and thread-safe.
     *
     * @param validity how long a remembered device skips the second step; default 30 days, 1 hour
     *     to 90 days
     * @param maxPerAccount devices an account may trust at once (remembering one more drops the
     *     oldest); default 10
     */
    public record TrustedDevices(
            @DefaultValue("30d") Duration validity,
            @DefaultValue("10") int maxPerAccount) {
    }
}
