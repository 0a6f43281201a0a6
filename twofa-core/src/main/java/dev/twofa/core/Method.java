package dev.twofa.core;

/**
 * A second-factor method. At most one is active per account at a time.
 *
 * <p>Thread-safe (an enum).
 */
public enum Method {
    /** Login via a one-time code sent by SMS to a verified phone number. */
    SMS,
    /** One-time passwords from an authenticator app (RFC 6238 TOTP). */
    TOTP
}
