package dev.twofa.core;

import dev.twofa.core.CodeCheck.Evaluation;
import dev.twofa.core.CodeCheck.Outcome;
import dev.twofa.core.CodeCheck.Prepared;
import dev.twofa.core.spi.SecretProtector;
import dev.twofa.core.spi.SmsCodeChannel;
import dev.twofa.core.spi.TotpChannel;
import dev.twofa.core.spi.TwoFactorProfile;
import dev.twofa.core.spi.TwoFactorProfile.SmsChallenge;
import dev.twofa.core.spi.TwoFactorProfile.TotpState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three kinds of {@link CodeCheck}: a code from the authenticator app (against the secret and
 * the replay watermark), an SMS code (against the one stored challenge of a purpose and number),
 * and a recovery code (against the stored hashes, single use).
 *
 * <p>Thread-safe (holds only thread-safe collaborators).
 */
final class CodeChecks {

    private static final Logger LOG = LoggerFactory.getLogger(TwoFactorService.class);

    /** The longest typed code looked at; longer input is refused as malformed before any work. */
    static final int MAX_CODE_INPUT = 64;

    private final TotpChannel totp;
    private final SmsCodeChannel sms;
    private final SecretProtector protector;
    private final RecoveryCodeHasher recoveryCodes;
    private final DriftObserver drift;

    /** Told the offset of every accepted app code (its step minus the server's), across accounts. */
    interface DriftObserver {
        void observe(AccountId account, Instant at, int offset);
    }

    CodeChecks(TotpChannel totp, SmsCodeChannel sms, SecretProtector protector, RecoveryCodeHasher recoveryCodes,
            DriftObserver drift) {
        this.totp = totp;
        this.sms = sms;
        this.protector = protector;
        this.recoveryCodes = recoveryCodes;
        this.drift = drift;
    }

    /** What an app code is checked against: the raw secret and the watermark as counted. */
    record TotpInput(Secret secret, Secret stored, long lastAcceptedStep, int drift) { }

    /**
     * A matching app code: its step, and the secret protected again with the current key (or null)
     * in place of {@code decrypted}, the stored form it was read from.
     */
    record TotpMatch(long step, Secret reprotected, Secret decrypted) { }

    /** What an SMS code is checked against: the account (bound into the hash) and its challenge. */
    record SmsInput(AccountId account, SmsChallenge challenge) { }

    /** Returns the check of an app code; {@code onSuccess} gets the profile with the watermark moved. */
    CodeCheck<TotpInput, TotpMatch> totp(AccountId account, Instant now, String code,
            Function<TwoFactorProfile, Accepted> onSuccess) {
        return new CodeCheck<>() {
            @Override
            public Prepared<TotpInput> prepare(TwoFactorProfile p) {
                if (totp == null || p.totp() == null) {
                    return new Prepared.Nothing<>(new Expired());
                }
                // may throw (tampered, another key): before the count, so nothing is changed
                return new Prepared.Ready<>(new TotpInput(protector.unprotect(p.account(), p.totp().storedSecret()),
                        p.totp().storedSecret(), p.totp().lastAcceptedStep(), Math.max(-totp.maxDrift(), Math.min(totp.maxDrift(), p.totp().drift()))));
            }

            @Override
            public Evaluation<TotpMatch> evaluate(TotpInput input) {
                String digits = normalizeCode(code, totp.codeDigits());
                if (digits == null) {
                    return new Evaluation.Miss<>(Rejected.Reason.MALFORMED);
                }
                OptionalLong step = totp.verify(input.secret(), digits, now, input.lastAcceptedStep(), input.drift());
                if (step.isEmpty()) {
                    return new Evaluation.Miss<>(Rejected.Reason.WRONG_CODE);
                }
                Secret reprotected = null;
                if (step.getAsLong() > input.lastAcceptedStep()) {
                    if (totp.maxDrift() > 0) {
                        drift.observe(account, now, (int) (step.getAsLong() - totp.timeStep(now)));   // once per accepted code
                    }
                    if (protector.needsRotation(input.stored())) {     // an older key: store it under the current one
                        reprotected = protector.protect(account, input.secret());
                    }
                }
                return new Evaluation.Match<>(new TotpMatch(step.getAsLong(), reprotected, input.stored()));
            }

            /**
             * The same enrollment with the same secret, in the same stored form or, when another
             * login re-encrypted it meanwhile, in another form of it.
             */
            @Override
            public boolean sameCredential(TwoFactorProfile counted, TwoFactorProfile fresh) {
                if (fresh.totp() == null || !fresh.totp().createdAt().equals(counted.totp().createdAt())) {
                    return false;
                }
                Secret before = counted.totp().storedSecret();
                Secret now = fresh.totp().storedSecret();
                return now.equals(before) || sameSecret(fresh.account(), before, now);
            }

            @Override
            public Outcome apply(TwoFactorProfile fresh, Evaluation<TotpMatch> evaluation) {
                if (evaluation instanceof Evaluation.Miss<TotpMatch> miss) {
                    return new Outcome.Failed(miss.reason(), fresh);
                }
                TotpMatch match = ((Evaluation.Match<TotpMatch>) evaluation).match();
                long step = match.step();
                TotpState state = fresh.totp();
                if (step <= state.lastAcceptedStep()) {
                    LOG.warn("twofa: replayed TOTP code refused for account {}", fresh.account());
                    return new Outcome.Failed(Rejected.Reason.REPLAY, fresh);
                }
                int newDrift = totp.maxDrift() == 0 ? 0
                        : (int) Math.max(-totp.maxDrift(), Math.min(totp.maxDrift(), step - totp.timeStep(now)));
                TotpState accepted = state.accepted(step, newDrift);
                if (match.reprotected() != null && state.storedSecret().equals(match.decrypted())) {
                    // never over a form another login stored meanwhile: it re-encrypted already
                    accepted = new TotpState(match.reprotected(), state.createdAt(), step, newDrift);
                }
                return onSuccess.apply(fresh.withTotp(accepted));
            }
        };
    }

    /**
     * Returns whether two stored forms hold the same raw secret (compared in constant time); false
     * if either cannot be read (tampered, or a key not in this node's ring).
     */
    private boolean sameSecret(AccountId account, Secret a, Secret b) {
        try {
            return protector.unprotect(account, a).equals(protector.unprotect(account, b));
        } catch (TwoFactorException e) {
            return false;
        }
    }

    /**
     * Returns the check of an SMS code sent for {@code purpose} to {@code destination}. The code's
     * own try is taken in the same write as the account's counted try, so parallel guesses never get
     * more evaluations than the code allows.
     */
    CodeCheck<SmsInput, SmsChallenge> sms(Instant now, SmsPurpose purpose, PhoneNumber destination, String code,
            Function<TwoFactorProfile, Accepted> onSuccess) {
        return new CodeCheck<>() {
            @Override
            public Prepared<SmsInput> prepare(TwoFactorProfile p) {
                SmsChallenge c = p.smsChallenge();
                if (sms == null || c == null || c.purpose() != purpose || !c.destination().equals(destination)
                        || !now.isBefore(c.expiresAt()) || c.attemptsLeft() <= 0 || c.used()) {
                    return new Prepared.Nothing<>(new Expired());
                }
                return new Prepared.Ready<>(new SmsInput(p.account(), c));
            }

            @Override
            public TwoFactorProfile reserve(TwoFactorProfile counted, SmsInput input) {
                return counted.withSmsChallenge(input.challenge().withOneAttemptUsed());
            }

            @Override
            public Evaluation<SmsChallenge> evaluate(SmsInput input) {
                String digits = normalizeCode(code, sms.codeDigits());
                if (digits == null) {
                    return new Evaluation.Miss<>(Rejected.Reason.MALFORMED);
                }
                return sms.matches(input.account(), input.challenge(), digits)
                        ? new Evaluation.Match<>(input.challenge()) : new Evaluation.Miss<>(Rejected.Reason.WRONG_CODE);
            }

            @Override
            public boolean sameCredential(TwoFactorProfile counted, TwoFactorProfile fresh) {
                return fresh.smsChallenge() != null && fresh.smsChallenge().id().equals(counted.smsChallenge().id());
            }

            @Override
            public Outcome apply(TwoFactorProfile fresh, Evaluation<SmsChallenge> evaluation) {
                SmsChallenge c = fresh.smsChallenge();
                if (c.used()) {
                    return new Outcome.NotApplicable(new Expired());          // accepted meanwhile: single use
                }
                if (evaluation instanceof Evaluation.Miss<SmsChallenge> miss) {
                    return new Outcome.Failed(c.attemptsLeft() == 0 ? Rejected.Reason.CODE_DEAD : miss.reason(), fresh);
                }
                return onSuccess.apply(fresh.withSmsChallenge(c.consumed()));
            }
        };
    }

    /**
     * Returns the check of a recovery code. A malformed code is refused before any hashing; a
     * well-formed one costs one key derivation per salt (one for codes made together).
     */
    CodeCheck<List<Secret>, Secret> recoveryCode(String code,
            BiFunction<TwoFactorProfile, List<Secret>, Accepted> onSuccess) {
        return new CodeCheck<>() {
            @Override
            public Prepared<List<Secret>> prepare(TwoFactorProfile p) {
                return new Prepared.Ready<>(p.recoveryCodes());
            }

            @Override
            public Evaluation<Secret> evaluate(List<Secret> hashes) {
                int index = recoveryCodes.find(hashes, code);
                return index < 0 ? new Evaluation.Miss<>(Rejected.Reason.WRONG_RECOVERY_CODE)
                        : new Evaluation.Match<>(hashes.get(index));
            }

            @Override
            public boolean sameCredential(TwoFactorProfile counted, TwoFactorProfile fresh) {
                return true;    // single use is decided on the fresh list in apply
            }

            @Override
            public Outcome apply(TwoFactorProfile fresh, Evaluation<Secret> evaluation) {
                List<Secret> left = new ArrayList<>(fresh.recoveryCodes());
                // a code used meanwhile by another request is gone from the fresh list: single use
                if (!(evaluation instanceof Evaluation.Match<Secret> match) || !left.remove(match.match())) {
                    return new Outcome.Failed(Rejected.Reason.WRONG_RECOVERY_CODE, fresh);
                }
                return onSuccess.apply(fresh, left);
            }
        };
    }

    /**
     * Returns exactly {@code digits} ASCII digits after removing spaces, or null. Not {@code
     * Integer.parseInt}: it accepts signs and non-ASCII digits.
     */
    static String normalizeCode(String code, int digits) {
        if (code == null || code.length() > MAX_CODE_INPUT) {
            return null;
        }
        StringBuilder out = new StringBuilder(digits);
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == ' ') {
                continue;
            }
            if (c < '0' || c > '9' || out.length() == digits) {
                return null;
            }
            out.append(c);
        }
        return out.length() == digits ? out.toString() : null;
    }
}
