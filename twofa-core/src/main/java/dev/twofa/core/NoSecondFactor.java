package dev.twofa.core;

/**
 * The account has no active second factor: the login is complete after the password.
 *
 * <p>Immutable and thread-safe.
 */
public record NoSecondFactor() implements LoginStep {
}
