package dev.twofa.core;

import dev.twofa.core.CodeCheck.Evaluation;
import dev.twofa.core.CodeCheck.Outcome;
import dev.twofa.core.CodeCheck.Prepared;
import dev.twofa.core.spi.TwoFactorProfile;
import dev.twofa.core.spi.TwoFactorProfile.Failures;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Checks a code under the lockout policy, the same way on every entry point (login, app
 * enrollment, number verification, confirmation, recovery code):
 *
 * <ol>
 *   <li>by compare-and-set: the operation's own refusals, the lock and the delay (so the code is not
 *       looked at), then the try is counted as a failure (which may lock) and the check's own try is
 *       taken (an SMS code's), in one write;
 *   <li>the code is evaluated, once;
 *   <li>by compare-and-set again: a success resets the count (a number verification takes back only
 *       its own try, and only if no reset happened since it was counted) and applies its change; a
 *       failure keeps its count.
 * </ol>
 *
 * So however many guesses arrive at once, on any number of nodes, at most {@code lockAfter} codes of
 * an account and at most an SMS code's tries are evaluated.
 *
 * <p>Thread-safe (holds only thread-safe collaborators).
 */
final class ChargedCodeCheck {

    private final ProfileUpdates updates;
    private final SecurityRules rules;
    private final LockoutPolicy lockout;
    private final SecureRandom random;

    ChargedCodeCheck(ProfileUpdates updates, SecurityRules rules, LockoutPolicy lockout, SecureRandom random) {
        this.updates = updates;
        this.rules = rules;
        this.lockout = lockout;
        this.random = random;
    }

    /**
     * A try counted in the store: the profile as counted, the input to evaluate, the failures as
     * this try left them, and as they were before it.
     */
    private record Counted<P>(TwoFactorProfile profile, P input, Failures failures, Failures before) { }

    /** What the counting write found: a try counted, or an answer without looking at the code. */
    private sealed interface Charge<P> {
        record Done<P>(VerifyResult result) implements Charge<P> { }

        record Ready<P>(Counted<P> counted) implements Charge<P> { }
    }

    /**
     * Runs the check.
     *
     * @param refusal the operation's own refusal on a profile, or null if the code may be checked
     */
    <P, E> VerifyResult run(AccountId account, Instant now, Function<TwoFactorProfile, VerifyResult> refusal,
            CodeCheck<P, E> check) {
        return run(account, null, now, refusal, check);
    }

    /**
     * Runs the check, starting from {@code known} (the account's profile just loaded, or null): on
     * the common path a check costs one read and two writes.
     */
    <P, E> VerifyResult run(AccountId account, TwoFactorProfile known, Instant now,
            Function<TwoFactorProfile, VerifyResult> refusal, CodeCheck<P, E> check) {
        Charge<P> charge = updates.update(account, known, p -> count(p, now, refusal, check));
        if (charge instanceof Charge.Done<P> done) {
            return done.result();
        }
        Counted<P> counted = ((Charge.Ready<P>) charge).counted();
        boolean countLocked = counted.failures().lockedUntil() != null;
        try {
            Evaluation<E> evaluation = check.evaluate(counted.input());
            // the profile the count wrote is the one to settle on, unless another write came between
            return updates.update(account, counted.profile(), q -> settle(q, now, refusal, check, counted, evaluation));
        } catch (RuntimeException e) {
            if (countLocked) {   // the lock is stored: tell the host even though the check broke off
                updates.emit(List.of(SecurityRules.event(TwoFactorEvent.Type.LOCKED_OUT, counted.profile(), now,
                        counted.profile().activeMethod(), null)));
            }
            throw e;
        }
    }

    private <P, E> Step<Charge<P>> count(TwoFactorProfile p, Instant now,
            Function<TwoFactorProfile, VerifyResult> refusal, CodeCheck<P, E> check) {
        VerifyResult refused = refusal.apply(p);
        if (refused != null) {
            return Step.of(new Charge.Done<>(refused));
        }
        Instant locked = SecurityRules.lockedUntil(p, now);
        if (locked != null) {
            return Step.of(new Charge.Done<>(new LockedOut(locked)));
        }
        Failures f = p.failures();
        if (f.consecutive() > 0 && f.lastFailureAt() != null) {
            Instant retryAt = f.lastFailureAt().plus(lockout.delayAfter(f.consecutive()));
            if (now.isBefore(retryAt)) {
                return Step.of(new Charge.Done<>(new Throttled(retryAt)));
            }
        }
        Prepared<P> prepared = check.prepare(p);
        if (prepared instanceof Prepared.Nothing<P> nothing) {
            return Step.of(new Charge.Done<>(nothing.result()));
        }
        P input = ((Prepared.Ready<P>) prepared).input();
        Failures counted = f.plusOne(now, lockout.lockedUntil(f.consecutive() + 1, now));
        TwoFactorProfile next = check.reserve(p.withFailures(counted), input).withVersion(p.version() + 1);
        return Step.change(next, new Charge.Ready<>(new Counted<>(next, input, counted, f)), List.of());
    }

    private <P, E> Step<VerifyResult> settle(TwoFactorProfile q, Instant now,
            Function<TwoFactorProfile, VerifyResult> refusal, CodeCheck<P, E> check, Counted<P> counted,
            Evaluation<E> evaluation) {
        VerifyResult refused = refusal.apply(q);
        Outcome outcome;
        if (refused != null) {
            outcome = new Outcome.NotApplicable(refused);
        } else if (!check.sameCredential(counted.profile(), q)) {
            outcome = new Outcome.NotApplicable(new Expired());    // the credential was replaced meanwhile
        } else {
            outcome = check.apply(q, evaluation);
        }
        Instant lockedNow = SecurityRules.lockedUntil(q, now);
        int count = counted.failures().consecutive();
        if (outcome instanceof Accepted ok) {
            return accepted(q, ok, counted, lockedNow, now);
        }
        List<TwoFactorEvent> events = new ArrayList<>();
        VerifyResult result;
        TwoFactorProfile next = null;
        if (outcome instanceof Outcome.Failed failed) {
            events.add(SecurityRules.event(failed.reason() == Rejected.Reason.REPLAY ? TwoFactorEvent.Type.REPLAY_REFUSED
                    : TwoFactorEvent.Type.CODE_REJECTED, q, now, q.activeMethod(), null));
            result = new Rejected(failed.reason(), Math.max(0, lockout.lockAfter() - count));
            next = failed.next() == q ? null : failed.next();
        } else {
            result = ((Outcome.NotApplicable) outcome).result();
        }
        if (counted.failures().lockedUntil() != null && lockedNow != null) {
            events.add(SecurityRules.event(TwoFactorEvent.Type.LOCKED_OUT, q, now, q.activeMethod(), null));
            result = new LockedOut(lockedNow);
        }
        return Step.change(next, result, events);
    }

    private Step<VerifyResult> accepted(TwoFactorProfile q, Accepted ok, Counted<?> counted, Instant lockedNow,
            Instant now) {
        Failures f = q.failures();
        Failures after;
        if (!ok.provesFactor()) {
            after = withoutOwnTry(f, counted);
        } else {
            // a lock reached meanwhile by tries counted after this one stays
            after = lockedNow != null && f.consecutive() > counted.failures().consecutive() ? f : f.reset();
        }
        TwoFactorProfile next = ok.next().withFailures(after);
        Proof proof = null;
        if (ok.provesFactor()) {
            proof = Proof.random(random);
            next = rules.withNewProof(next, proof.hash(), now);
        }
        return Step.change(next, new Verified(rules.status(next, now, PersonVouch.NOT_ASKED), proof), ok.events());
    }

    /**
     * Returns the failures as if this try had not been counted (a number verification proves no
     * factor): unchanged if a reset took it back since; as they were before it if nothing was counted
     * since; else one fewer, with the lock the rest reach on their own (never the one this try made).
     */
    private Failures withoutOwnTry(Failures f, Counted<?> counted) {
        if (f.epoch() != counted.failures().epoch()) {
            return f;
        }
        if (f.equals(counted.failures())) {
            return counted.before();
        }
        int left = Math.max(0, f.consecutive() - 1);
        return left == 0 ? new Failures(0, null, null, f.epoch())
                : new Failures(left, f.lastFailureAt(), lockout.lockedUntil(left, f.lastFailureAt()), f.epoch());
    }
}
