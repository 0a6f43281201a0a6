package dev.twofa.core;

import java.security.SecureRandom;

/**
 * The token of a remembered device ("remember this device"), handed to the host once by {@link
 * TrustedDevices#remember}: with it, {@link TwoFactorService#beginLogin(AccountId,
 * DeviceToken)} lets the login skip the second step while the device is trusted.
 *
 * <p>Keep {@link #value()} on that device only, in a cookie that is {@code HttpOnly}, {@code
 * Secure} and {@code SameSite}, and rebuild it with {@link #of(String)}. It holds 256 random bits;
 * the store keeps only a SHA-256 hash over the account and the value, so a store dump holds no
 * usable token and a token of one account never works for another.
 *
 * <p>{@link #toString()} is redacted; {@link #equals(Object)} compares in constant time.
 * Immutable and thread-safe.
 */
public final class DeviceToken {

    /** The length of {@link #value()}: 32 bytes in unpadded base64url. */
    public static final int VALUE_LENGTH = OpaqueValues.LENGTH;

    private final String value;

    private DeviceToken(String value) {
        this.value = value;
    }

    /**
     * Rebuilds a token from the value the device sent.
     *
     * @param value the value {@link #value()} returned
     * @return the token
     * @throws InvalidInputException if the value is null or not {@value #VALUE_LENGTH} base64url
     *     characters
     */
    public static DeviceToken of(String value) {
        return new DeviceToken(OpaqueValues.check(value, "a device token"));
    }

    /** Returns a new random token. */
    static DeviceToken random(SecureRandom random) {
        return new DeviceToken(OpaqueValues.random(random));
    }

    /**
     * Returns the value to keep on the device (secret: never log it).
     *
     * @return {@value #VALUE_LENGTH} base64url characters
     */
    public String value() {
        return value;
    }

    /** Returns what the store keeps: SHA-256 over a domain tag, the account and the value. */
    Secret hash(AccountId account) {
        return OpaqueValues.sha256("twofa-device-token", account.value(), value);
    }

    /** Compares the values in constant time. */
    @Override
    public boolean equals(Object other) {
        return other instanceof DeviceToken that && OpaqueValues.equal(value, that.value);
    }

    @Override
    public int hashCode() {
        return VALUE_LENGTH;   // constant: a hash of the value would leak it through hash-based collections
    }

    /** Returns a redacted text. */
    @Override
    public String toString() {
        return "DeviceToken[redacted]";
    }
}
