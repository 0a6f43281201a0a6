package dev.twofa.core;

/**
 * What an SMS code was issued for. A code is accepted only for the purpose it was issued for.
 *
 * <p>Thread-safe (an enum).
 */
public enum SmsPurpose {
    /** Proves the customer holds the phone number being added or changed. */
    VERIFY_NUMBER,
    /** The second step of a login. */
    LOGIN,
    /** A fresh proof before a sensitive change (deactivation, number change, new recovery codes). */
    STEP_UP
}
