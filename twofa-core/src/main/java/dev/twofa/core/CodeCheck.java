package dev.twofa.core;

import dev.twofa.core.spi.TwoFactorProfile;

/**
 * One kind of code check (app code, SMS code, recovery code) in the parts {@link ChargedCodeCheck}
 * runs: {@link #prepare} reads what the code is checked against as the try is counted, {@link
 * #reserve} takes the check's own try in the same write (an SMS code's try), {@link #evaluate} does
 * the secret-dependent work once, on no lock, and {@link #apply} applies the outcome to the profile
 * as it is when the result is stored, without cryptography.
 *
 * @param <P> what the code is checked against (a secret, a stored challenge, recovery-code hashes)
 * @param <E> what matched (a time step, the challenge, the matching hash)
 */
interface CodeCheck<P, E> {

    /** Returns what {@link #evaluate} needs, or the result when there is nothing to check. */
    Prepared<P> prepare(TwoFactorProfile p);

    /** Returns the counted profile with this check's own try taken too; by default nothing more. */
    default TwoFactorProfile reserve(TwoFactorProfile counted, P input) {
        return counted;
    }

    /** Checks the code; may be slow (HMAC, PBKDF2); writes nothing. */
    Evaluation<E> evaluate(P input);

    /**
     * Returns whether {@code fresh} still holds the credential the try was counted on (the same SMS
     * challenge, the same app secret); an evaluation is never applied to a replaced one.
     */
    boolean sameCredential(TwoFactorProfile counted, TwoFactorProfile fresh);

    /** Returns what the evaluation means for the fresh profile. */
    Outcome apply(TwoFactorProfile fresh, Evaluation<E> evaluation);

    /** What {@link #prepare} found. */
    sealed interface Prepared<P> {

        /** There is a credential to check the code against. */
        record Ready<P>(P input) implements Prepared<P> { }

        /** Nothing to check; answer {@code result}, count nothing. */
        record Nothing<P>(VerifyResult result) implements Prepared<P> { }
    }

    /** What {@link #evaluate} found. */
    sealed interface Evaluation<E> {

        /** The code matched. */
        record Match<E>(E match) implements Evaluation<E> { }

        /** The code did not match, or was malformed. */
        record Miss<E>(Rejected.Reason reason) implements Evaluation<E> { }
    }

    /** What an evaluated code means for the fresh profile: accepted, failed, or no longer applicable. */
    sealed interface Outcome permits Accepted, Outcome.Failed, Outcome.NotApplicable {

        /** The code is refused for {@code reason}; {@code next} is the profile to store (or the fresh one). */
        record Failed(Rejected.Reason reason, TwoFactorProfile next) implements Outcome { }

        /** The credential changed meanwhile; answer {@code result} (the try stays counted). */
        record NotApplicable(VerifyResult result) implements Outcome { }
    }
}
