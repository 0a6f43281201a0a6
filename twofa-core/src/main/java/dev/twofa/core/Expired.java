package dev.twofa.core;

/**
 * There was nothing valid to check the code against: the SMS code expired, was used up or was
 * never sent, or the pending TOTP enrollment expired. Send a new code or start again. Not counted
 * as a failure.
 *
 * <p>Immutable and thread-safe.
 */
public record Expired() implements VerifyResult {
}
