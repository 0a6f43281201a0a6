package dev.twofa.totp;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.twofa.core.Secret;

/**
 * Time steps whose 6-digit HMAC-SHA1 codes are the same for the RFC 4226 test seed
 * {@code "12345678901234567890"}: the rare case (about once per million logins) in which a code
 * matches more than one step of the window. Found once by a search with the plain RFC 4226
 * computation (a fresh {@code Mac}, HmacSHA1, 6 digits) over the counters from 58,907,520
 * (2026-01-01T00:00Z with 30-second steps) upward: the first two neighbouring steps with one code,
 * and the first two steps one apart. The tests that use them assert the collision again with
 * {@link Hotp}, so a wrong constant fails loudly instead of testing nothing.
 */
public final class SharedCode {

    /** Steps {@value} and {@value} + 1 (2026-02-23T09:00:00Z and 09:00:30Z) both have {@link #ADJACENT_CODE}. */
    public static final long ADJACENT_FIRST = 59_061_240L;

    /** The code of steps {@link #ADJACENT_FIRST} and {@link #ADJACENT_FIRST} + 1: {@value}. */
    public static final String ADJACENT_CODE = "963181";

    /** Steps {@value} and {@value} + 2 both have {@link #GAP_CODE}; the step between has another. */
    public static final long GAP_FIRST = 61_331_809L;

    /** The code of steps {@link #GAP_FIRST} and {@link #GAP_FIRST} + 2: {@value}. */
    public static final String GAP_CODE = "768734";

    private SharedCode() {}

    /** Returns a copy of the seed. */
    public static byte[] seed() {
        return "12345678901234567890".getBytes(US_ASCII);
    }

    /** Returns the seed as a secret. */
    public static Secret secret() {
        return Secret.copyOf(seed());
    }
}
