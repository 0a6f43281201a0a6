package dev.twofa.core;

import dev.twofa.core.spi.SmsCodeChannel;
import dev.twofa.core.spi.TwoFactorProfile;
import dev.twofa.core.spi.TwoFactorProfile.SmsChallenge;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends SMS codes: reads the destination from the profile (through the rules), lets the channel
 * make and send the code (its send limits first), then stores the challenge by compare-and-set,
 * re-checking the destination on the fresh profile. A code whose challenge could not be stored
 * was never valid.
 *
 * <p>Thread-safe (holds only thread-safe collaborators).
 */
final class SmsDispatch {

    private static final Logger LOG = LoggerFactory.getLogger(TwoFactorService.class);

    private final ProfileUpdates updates;
    private final SmsCodeChannel sms;
    private final Function<AccountId, Locale> smsLocale;

    /** Where a code goes, decided on {@code profile} (which says when the previous code was sent). */
    private record Target(Destination destination, TwoFactorProfile profile) { }

    SmsDispatch(ProfileUpdates updates, SmsCodeChannel sms, Function<AccountId, Locale> smsLocale) {
        this.updates = updates;
        this.sms = sms;
        this.smsLocale = smsLocale;
    }

    /**
     * Sends a code for {@code purpose} to where {@code destinationOf} says, or answers why not. A
     * {@link Refused} answer means the state changed: it names what the fresh profile says. {@code
     * known} is the account's profile just loaded, or null: on the common path a send reads the
     * profile once and writes it once.
     */
    SendResult send(AccountId account, SmsPurpose purpose, Instant now, TwoFactorProfile known,
            Function<TwoFactorProfile, Destination> destinationOf) {
        if (sms == null) {
            return new Refused(Refused.Refusal.METHOD_NOT_CONFIGURED, null, "SMS is not configured");
        }
        Target target = updates.update(account, known, p -> {
            Instant locked = SecurityRules.lockedUntil(p, now);
            if (locked != null) {
                return Step.of(new Target(new Destination.NotSent(new LockedOut(locked)), p));
            }
            Destination d = destinationOf.apply(p);
            return d instanceof Destination.NotSent notSent
                    ? new Step<>(notSent.next(), new Target(d, p), notSent.events()) : Step.of(new Target(d, p));
        });
        if (target.destination() instanceof Destination.NotSent notSent) {
            return notSent.result();
        }
        PhoneNumber destination = ((Destination.To) target.destination()).number();
        Instant previous = target.profile().smsChallenge() == null ? null : target.profile().smsChallenge().issuedAt();
        SmsCodeChannel.Issue issue = sms.issue(new SmsCodeChannel.Request(account, destination, purpose,
                Objects.requireNonNull(smsLocale.apply(account), "smsLocale returned null"), now, previous));
        if (issue instanceof SmsCodeChannel.Issue.Refused refused) {
            LOG.debug("twofa: SMS to {} not sent for account {}: {}", destination, account, refused.reason());
            return new SmsNotSent(refused.reason(), refused.retryAfter());
        }
        if (issue instanceof SmsCodeChannel.Issue.Failed) {
            updates.emit(List.of(new TwoFactorEvent(TwoFactorEvent.Type.SMS_DELIVERY_FAILED, account, now, null,
                    destination.masked())));
            return new SmsNotSent(SmsNotSent.Reason.DELIVERY_FAILED, now);
        }
        SmsChallenge challenge = ((SmsCodeChannel.Issue.Sent) issue).challenge();
        return updates.update(account, target.profile(), q -> {     // as read, unless changed meanwhile
            Destination still = destinationOf.apply(q);
            if (!(still instanceof Destination.To to && to.number().equals(destination))) {
                return Step.of(still instanceof Destination.NotSent notSent ? notSent.result()
                        : SecurityRules.refusal(q, Refused.Refusal.NOTHING_TO_VERIFY, "The number changed meanwhile."));
            }
            return Step.change(q.withSmsChallenge(challenge),
                    new SmsSent(destination.masked(), challenge.expiresAt(), challenge.issuedAt().plus(sms.resendCooldown())),
                    List.of(SecurityRules.event(TwoFactorEvent.Type.SMS_SENT, q, now, null, destination)));
        });
    }
}
