package dev.twofa.core;

import dev.twofa.core.spi.SmsCodeChannel;
import dev.twofa.core.spi.TotpChannel;
import dev.twofa.core.spi.TwoFactorProfile;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;

/**
 * Proves the second factor of an account: with a code of its active method (the app's, or an SMS
 * code sent for the purpose) or with a recovery code, through the {@link ChargedCodeCheck}. A check
 * is applied only while the factor is still the one it began with (same method, same number).
 *
 * <p>Thread-safe (holds only thread-safe collaborators).
 */
final class FactorChecks {

    private final ProfileUpdates updates;
    private final SecurityRules rules;
    private final ChargedCodeCheck charged;
    private final CodeChecks checks;
    private final Clock clock;
    private final SmsCodeChannel sms;
    private final TotpChannel totp;

    FactorChecks(ProfileUpdates updates, SecurityRules rules, ChargedCodeCheck charged, CodeChecks checks, Clock clock,
            SmsCodeChannel sms, TotpChannel totp) {
        this.updates = updates;
        this.rules = rules;
        this.charged = charged;
        this.checks = checks;
        this.clock = clock;
        this.sms = sms;
        this.totp = totp;
    }

    /** Checks a code of the account's active method; success emits {@code success} and makes a proof. */
    VerifyResult activeMethod(AccountId account, String code, SmsPurpose purpose, TwoFactorEvent.Type success) {
        TwoFactorProfile first = updates.load(TwoFactorService.requireAccount(account));
        Method active = first.activeMethod();
        if (active == null) {
            return rules.proofRefusal(first);
        }
        requireChannel(account, active);
        Instant now = clock.instant();
        PhoneNumber number = active == Method.SMS ? first.phone().number() : null;
        Function<TwoFactorProfile, VerifyResult> refusal = p -> p.activeMethod() == null ? rules.proofRefusal(p)
                : p.activeMethod() != active || (number != null && !number.equals(p.phone().number()))
                        ? new Expired() : null;                             // the factor changed meanwhile
        Function<TwoFactorProfile, Accepted> onSuccess = p -> rules.proved(p, success, now);
        return active == Method.TOTP
                ? charged.run(account, first, now, refusal, checks.totp(account, now, code, onSuccess))
                : charged.run(account, first, now, refusal, checks.sms(now, purpose, number, code, onSuccess));
    }

    /** Checks a recovery code (used up on success); success emits {@code success} and makes a proof. */
    VerifyResult recoveryCode(AccountId account, String code, TwoFactorEvent.Type success) {
        TwoFactorService.requireAccount(account);
        Instant now = clock.instant();
        return charged.run(account, now, rules::proofRefusal,
                checks.recoveryCode(code, (p, left) -> rules.provedWithRecoveryCode(p, left, success, now)));
    }

    /** Refuses to go on when an account's active method has no channel in this service (misconfiguration). */
    void requireChannel(AccountId account, Method method) {
        if ((method == Method.SMS ? sms : totp) == null) {
            throw new IllegalStateException(method + " is active for account " + account
                    + " but this service has no " + method + " channel registered");
        }
    }
}
