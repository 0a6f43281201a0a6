package dev.twofa.core;

/**
 * Ask for the code the customer's authenticator app shows, then call {@link
 * TwoFactorService#completeLogin(AccountId, String)}.
 *
 * <p>Immutable and thread-safe.
 */
public record AppCodeRequired() implements LoginStep {
}
