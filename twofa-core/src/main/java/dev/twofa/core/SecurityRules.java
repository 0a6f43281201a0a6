package dev.twofa.core;

import dev.twofa.core.spi.TwoFactorProfile;
import dev.twofa.core.spi.TwoFactorProfile.PhoneState;
import dev.twofa.core.spi.TwoFactorProfile.SmsChallenge;
import dev.twofa.core.spi.TwoFactorProfile.StoredProof;
import dev.twofa.core.spi.TwoFactorProfile.TotpState;
import dev.twofa.core.spi.TwoFactorProfile.Verification;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of Profile &gt; Security, as pure functions: a profile (and what the caller already
 * knows: the time, the parsed number, what the Person directory said) in, the next profile with
 * its result and events, or a typed refusal, out. No store, no clock, no I/O, no randomness: each
 * method reads as a rule of {@code DESIGN.md}.
 *
 * <ul>
 *   <li>At most one method is active; starting the other is refused, naming the active one.
 *   <li>SMS needs a verified number; a number verified through a Person counts only while the
 *       directory still has it.
 *   <li>While SMS is active the active number is never left unverified: a new number is pending
 *       until verified, and the number cannot be deleted.
 *   <li>Deactivating, changing the number while SMS is active, and new recovery codes need a live
 *       proof of the session; a proof ends with its factor, after its validity, and when an
 *       operation that changes the factor uses it.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
final class SecurityRules {

    private final Duration totpEnrollmentTimeout;
    private final Duration proofValidity;

    SecurityRules(Duration totpEnrollmentTimeout, Duration proofValidity) {
        this.totpEnrollmentTimeout = totpEnrollmentTimeout;
        this.proofValidity = proofValidity;
    }

    // ---------------------------------------------------------------- the number

    Step<ChangeResult> addNumber(TwoFactorProfile p, PhoneNumber number, boolean person, Proof proof, Instant now) {
        if (p.phone() != null) {
            return refuse(p, Refused.Refusal.NUMBER_ALREADY_SET, "This account already has a number. Change it instead.");
        }
        if (p.activeMethod() != null && !hasLiveProof(p, proof, now)) {
            // a number set while a factor is on may become the next factor: only its holder may set it
            return refuse(p, Refused.Refusal.STEP_UP_REQUIRED,
                    "To add a number while two-factor login is on, first confirm with a current code.");
        }
        TwoFactorProfile next = p.withPhone(new PhoneState(number, person ? Verification.PERSON : Verification.UNVERIFIED), null);
        List<TwoFactorEvent> events = new ArrayList<>();
        events.add(event(TwoFactorEvent.Type.NUMBER_ADDED, p, now, null, number));
        if (person) {
            events.add(event(TwoFactorEvent.Type.NUMBER_VERIFIED, p, now, null, number));
        }
        return changed(next, now, events);
    }

    Step<ChangeResult> changeNumber(TwoFactorProfile p, PhoneNumber number, boolean person, Proof proof, Instant now) {
        if (p.phone() == null) {
            return refuse(p, Refused.Refusal.NO_NUMBER, "This account has no number yet. Add one first.");
        }
        if (number.equals(p.phone().number()) && p.pendingNumber() == null) {
            return Step.of(new Changed(status(p, now, PersonVouch.NOT_ASKED)));  // the same number: nothing to change
        }
        boolean smsActive = p.activeMethod() == Method.SMS;
        if (p.activeMethod() != null && !hasLiveProof(p, proof, now)) {
            return refuse(p, Refused.Refusal.STEP_UP_REQUIRED, smsActive
                    ? "To change the number used for login, first confirm with a code sent to the current number."
                    : "To change the number while two-factor login is on, first confirm with a current code.");
        }
        TwoFactorProfile cleared = dropChallenge(p, SmsPurpose.VERIFY_NUMBER);
        List<TwoFactorEvent> events = new ArrayList<>();
        events.add(event(TwoFactorEvent.Type.NUMBER_CHANGED, p, now, null, number));
        TwoFactorProfile next;
        if (smsActive && !person) {
            // the old number stays active until the new one is verified; the proof is used up
            next = withoutProof(cleared, proof).withPhone(p.phone(), number.equals(p.phone().number()) ? null : number);
        } else {
            next = cleared.withPhone(new PhoneState(number, person ? Verification.PERSON : Verification.UNVERIFIED), null);
            if (smsActive) {                            // the factor is now another number: its proofs and codes end
                next = closeChallenge(next).withProofs(List.of());
            }
            if (person) {
                events.add(event(TwoFactorEvent.Type.NUMBER_VERIFIED, p, now, null, number));
            }
        }
        return changed(next, now, events);
    }

    Step<ChangeResult> deleteNumber(TwoFactorProfile p, Instant now) {
        if (p.phone() == null) {
            return refuse(p, Refused.Refusal.NO_NUMBER, "This account has no number.");
        }
        if (p.activeMethod() == Method.SMS) {
            return refuse(p, Refused.Refusal.SMS_ACTIVE,
                    "The number cannot be deleted while login via SMS is on. Deactivate it first.");
        }
        TwoFactorProfile next = dropChallenge(p, SmsPurpose.VERIFY_NUMBER).withPhone(null, null);
        return changed(next, now, List.of(event(TwoFactorEvent.Type.NUMBER_DELETED, p, now, null, p.phone().number())));
    }

    /** Returns the number waiting for verification: the pending one, else the account's number if not verified. */
    PhoneNumber numberToVerify(TwoFactorProfile p, PersonVouch vouch) {
        if (p.pendingNumber() != null) {
            return p.pendingNumber();
        }
        return p.phone() != null && !verified(p.phone(), vouch) && p.activeMethod() != Method.SMS
                ? p.phone().number() : null;
    }

    Destination verificationTarget(TwoFactorProfile p, PersonVouch vouch, Instant now) {
        if (p.phone() == null) {
            return new Destination.NotSent(refusal(p, Refused.Refusal.NO_NUMBER, "This account has no number yet. Add one first."));
        }
        if (p.activeMethod() == Method.SMS && p.pendingNumber() == null
                && ownNumber(p, vouch, now) instanceof Destination.NotSent withdrawn) {
            return withdrawn;                           // while SMS is on, a withdrawn number is not verified again by SMS
        }
        PhoneNumber target = numberToVerify(p, vouch);
        return target != null ? new Destination.To(target)
                : new Destination.NotSent(refusal(p, Refused.Refusal.NOTHING_TO_VERIFY, "The number is already verified."));
    }

    /** Returns the step of a correct number-verification code: the number is verified (a pending one takes over). */
    Accepted numberVerified(TwoFactorProfile p, PhoneNumber target, Instant now) {
        TwoFactorProfile next = p.withPhone(new PhoneState(target, Verification.SMS), null);
        if (p.activeMethod() == Method.SMS && !target.equals(p.phone().number())) {
            next = next.withProofs(List.of());          // proofs made with the old number end with it
        }
        return new Accepted(next, List.of(event(TwoFactorEvent.Type.NUMBER_VERIFIED, p, now, null, target)), false);
    }

    // ---------------------------------------------------------------- SMS login

    Step<ChangeResult> enableSms(TwoFactorProfile p, PersonVouch vouch, Instant now) {
        if (p.activeMethod() != null) {
            return refuse(p, Refused.Refusal.METHOD_ACTIVE, activeMessage(p.activeMethod()));
        }
        if (p.phone() == null) {
            return refuse(p, Refused.Refusal.NO_NUMBER, "Add and verify a number first.");
        }
        if (!verified(p.phone(), vouch)) {
            return refuse(p, Refused.Refusal.NUMBER_NOT_VERIFIED, "Verify the number first.");
        }
        // a proof made with an earlier factor does not carry over to the new one
        TwoFactorProfile next = p.withTotp(null).withActiveMethod(Method.SMS).withProofs(List.of());
        return changed(next, now, List.of(event(TwoFactorEvent.Type.METHOD_ACTIVATED, p, now, Method.SMS, p.phone().number())));
    }

    /**
     * Where login and confirmation codes go: the active number, unless its Person withdrew it (fail
     * closed). The first time the withdrawal is seen it is stored, with its one event.
     */
    Destination ownNumber(TwoFactorProfile p, PersonVouch vouch, Instant now) {
        if (p.activeMethod() != Method.SMS) {
            return new Destination.NotSent(refusal(p, Refused.Refusal.SMS_NOT_ACTIVE, "Login via SMS is not on."));
        }
        PhoneNumber number = p.phone().number();
        SmsNumberWithdrawn withdrawn = new SmsNumberWithdrawn(number.masked());
        if (p.phone().verification() == Verification.WITHDRAWN) {
            return new Destination.NotSent(withdrawn);
        }
        if (!verified(p.phone(), vouch)) {
            return new Destination.NotSent(withdrawn, closeChallenge(p.withPhone(new PhoneState(number, Verification.WITHDRAWN),
                    p.pendingNumber())).withProofs(List.of()),
                    List.of(event(TwoFactorEvent.Type.PERSON_NUMBER_WITHDRAWN, p, now, Method.SMS, number)));
        }
        return new Destination.To(number);
    }

    // ---------------------------------------------------------------- authenticator app

    Step<StartTotpResult> startTotp(TwoFactorProfile p, Secret storedSecret, TotpSetup setup, Instant now) {
        if (p.activeMethod() != null) {
            return refuse(p, Refused.Refusal.METHOD_ACTIVE, activeMessage(p.activeMethod()));
        }
        return Step.change(p.withTotp(new TotpState(storedSecret, now, -1)), setup,
                List.of(event(TwoFactorEvent.Type.TOTP_ENROLLMENT_STARTED, p, now, Method.TOTP, null)));
    }

    /** Returns when a pending app enrollment started now expires. */
    Instant enrollmentExpiry(Instant now) {
        return now.plus(totpEnrollmentTimeout);
    }

    /** Returns why an app code cannot confirm an enrollment now, or null if it can be checked. */
    VerifyResult confirmTotpRefusal(TwoFactorProfile p, boolean totpConfigured, Instant now) {
        if (p.activeMethod() != null) {
            return refusal(p, Refused.Refusal.METHOD_ACTIVE, activeMessage(p.activeMethod()));
        }
        if (p.totp() == null || !totpConfigured) {
            return refusal(p, Refused.Refusal.NO_PENDING_ENROLLMENT, "Connect a device first.");
        }
        return now.isBefore(p.totp().createdAt().plus(totpEnrollmentTimeout)) ? null : new Expired();
    }

    Accepted totpConfirmed(TwoFactorProfile p, Instant now) {
        // a proof made with an earlier factor does not carry over; the confirming code proves the new one
        return new Accepted(p.withActiveMethod(Method.TOTP).withProofs(List.of()),
                List.of(event(TwoFactorEvent.Type.METHOD_ACTIVATED, p, now, Method.TOTP, null)), true);
    }

    // ---------------------------------------------------------------- proofs, deactivation, recovery codes

    /** Returns why the active method cannot be proved now, or null if a code can be checked. */
    VerifyResult proofRefusal(TwoFactorProfile p) {
        return p.activeMethod() == null ? refusal(p, Refused.Refusal.NO_ACTIVE_METHOD, "No login method is on.") : null;
    }

    Accepted proved(TwoFactorProfile p, TwoFactorEvent.Type success, Instant now) {
        return new Accepted(p, List.of(event(success, p, now, p.activeMethod(), null)), true);
    }

    Accepted provedWithRecoveryCode(TwoFactorProfile p, List<Secret> codesLeft, TwoFactorEvent.Type success, Instant now) {
        return new Accepted(p.withRecoveryCodes(codesLeft), List.of(
                event(TwoFactorEvent.Type.RECOVERY_CODE_USED, p, now, p.activeMethod(), null),
                event(success, p, now, p.activeMethod(), null)), true);
    }

    /** Returns the profile with a new proof of its active method, dropping dead and the oldest proofs. */
    TwoFactorProfile withNewProof(TwoFactorProfile p, Secret proofHash, Instant now) {
        List<StoredProof> kept = new ArrayList<>();
        for (StoredProof s : p.proofs()) {
            if (live(s, p.activeMethod(), now)) {
                kept.add(s);
            }
        }
        kept.add(new StoredProof(proofHash, p.activeMethod(), now));
        return p.withProofs(kept.subList(Math.max(0, kept.size() - TwoFactorProfile.MAX_PROOFS), kept.size()));
    }

    /** Returns whether the session's proof is live: made with the active method, within its validity. */
    boolean hasLiveProof(TwoFactorProfile p, Proof proof, Instant now) {
        if (proof == null) {
            return false;
        }
        Secret hash = proof.hash();
        boolean found = false;
        for (StoredProof s : p.proofs()) {
            found |= s.hash().equals(hash) & live(s, p.activeMethod(), now);   // constant time, no early exit
        }
        return found;
    }

    Step<ChangeResult> deactivate(TwoFactorProfile p, Proof proof, Instant now) {
        Method active = p.activeMethod();
        if (active == null) {
            return refuse(p, Refused.Refusal.NO_ACTIVE_METHOD, "No login method is on.");
        }
        if (!hasLiveProof(p, proof, now)) {
            return refuse(p, Refused.Refusal.STEP_UP_REQUIRED,
                    "To turn off " + name(active) + ", first confirm with a current code or a recovery code.");
        }
        // the factor ends here: its secret, recovery codes, outstanding code and every proof go with it
        TwoFactorProfile next = closeChallenge(p).withPhone(p.phone(), null).withActiveMethod(null).withTotp(null).withRecoveryCodes(List.of())
                .withProofs(List.of());
        return changed(next, now, List.of(event(TwoFactorEvent.Type.METHOD_DEACTIVATED, p, now, active,
                active == Method.SMS ? p.phone().number() : null)));
    }

    /** Returns why new recovery codes are refused, or null if they may be made. */
    RecoveryCodesResult recoveryCodesRefusal(TwoFactorProfile p, Proof proof, Instant now) {
        if (p.activeMethod() == null) {
            return refusal(p, Refused.Refusal.NO_ACTIVE_METHOD, "Turn on a login method first.");
        }
        return hasLiveProof(p, proof, now) ? null : refusal(p, Refused.Refusal.STEP_UP_REQUIRED,
                "To make new recovery codes, first confirm with a current code.");
    }

    Step<RecoveryCodesResult> generateRecoveryCodes(TwoFactorProfile p, Proof proof, List<Secret> hashes,
            RecoveryCodes codes, Instant now) {
        RecoveryCodesResult refused = recoveryCodesRefusal(p, proof, now);
        if (refused != null) {
            return Step.of(refused);
        }
        return Step.change(p.withRecoveryCodes(hashes), codes,
                List.of(event(TwoFactorEvent.Type.RECOVERY_CODES_GENERATED, p, now, p.activeMethod(), null)));
    }

    Step<TwoFactorStatus> resetLockout(TwoFactorProfile p, Instant now) {
        if (p.failures().clear()) {
            return Step.of(status(p, now, PersonVouch.NOT_ASKED));
        }
        TwoFactorProfile next = p.withFailures(p.failures().reset());
        return Step.change(next, status(next, now, PersonVouch.NOT_ASKED),
                List.of(event(TwoFactorEvent.Type.LOCKOUT_RESET, p, now, p.activeMethod(), null)));
    }

    // ---------------------------------------------------------------- status

    /**
     * Returns what the Security page shows. A number verified through a Person shows as verified
     * only if {@code vouch} says the directory still has it ({@link PersonVouch#NOT_ASKED}: as stored).
     */
    TwoFactorStatus status(TwoFactorProfile p, Instant now, PersonVouch vouch) {
        PhoneState phone = p.phone();
        boolean person = phone != null && phone.verification() == Verification.PERSON;
        boolean verified = phone != null && (vouch == PersonVouch.NOT_ASKED ? phone.verified() : verified(phone, vouch));
        return new TwoFactorStatus(p.account(), p.activeMethod(),
                phone == null ? null : phone.number(), verified, person && verified, p.pendingNumber(),
                p.totpPending() ? p.totp().createdAt().plus(totpEnrollmentTimeout) : null,
                p.recoveryCodes().size(), p.failures().consecutive(), lockedUntil(p, now));
    }

    /** Returns until when the second factor is locked, or null. */
    static Instant lockedUntil(TwoFactorProfile p, Instant now) {
        Instant until = p.failures().lockedUntil();
        return until != null && now.isBefore(until) ? until : null;
    }

    // ---------------------------------------------------------------- helpers

    /** Returns whether a number counts as verified now: by SMS, or through a Person the directory still vouches for. */
    static boolean verified(PhoneState phone, PersonVouch vouch) {
        return phone.verification() == Verification.SMS
                || (phone.verification() == Verification.PERSON && vouch.vouchesFor(phone.number()));
    }

    private boolean live(StoredProof s, Method active, Instant now) {
        return s.factor() == active && !now.isBefore(s.madeAt()) && now.isBefore(s.madeAt().plus(proofValidity));
    }

    private static TwoFactorProfile withoutProof(TwoFactorProfile p, Proof proof) {
        Secret hash = proof.hash();
        return p.withProofs(p.proofs().stream().filter(s -> !s.hash().equals(hash)).toList());
    }

    /** Closes the outstanding challenge, whatever its purpose: no try counted before may succeed. */
    private static TwoFactorProfile closeChallenge(TwoFactorProfile p) {
        return p.smsChallenge() == null ? p : p.withSmsChallenge(p.smsChallenge().consumed());
    }

    /** Spends the outstanding challenge of a purpose; its send time still counts for the cooldown. */
    private static TwoFactorProfile dropChallenge(TwoFactorProfile p, SmsPurpose purpose) {
        SmsChallenge c = p.smsChallenge();
        return c != null && c.purpose() == purpose && c.attemptsLeft() > 0 ? p.withSmsChallenge(c.spent()) : p;
    }

    private Step<ChangeResult> changed(TwoFactorProfile next, Instant now, List<TwoFactorEvent> events) {
        return Step.change(next, new Changed(status(next, now, PersonVouch.NOT_ASKED)), events);
    }

    private static <R> Step<R> refuse(TwoFactorProfile p, Refused.Refusal refusal, String message) {
        @SuppressWarnings("unchecked") // Refused implements every result type a rule returns
        R result = (R) refusal(p, refusal, message);
        return Step.of(result);
    }

    static Refused refusal(TwoFactorProfile p, Refused.Refusal refusal, String message) {
        return new Refused(refusal, p.activeMethod(), message);
    }

    static String name(Method method) {
        return method == Method.SMS ? "login via SMS" : "the authenticator app";
    }

    private static String activeMessage(Method active) {
        return (active == Method.SMS ? "Login via SMS" : "The authenticator app") + " is on. To switch, deactivate it first.";
    }

    static TwoFactorEvent event(TwoFactorEvent.Type type, TwoFactorProfile p, Instant at, Method method, PhoneNumber number) {
        return new TwoFactorEvent(type, p.account(), at, method, number == null ? null : number.masked());
    }
}
