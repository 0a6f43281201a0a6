package dev.twofa.examples.web;

import dev.twofa.core.AccountId;
import dev.twofa.core.spi.SmsCodeChannel;
import dev.twofa.core.spi.TwoFactorProfile;
import dev.twofa.sms.SmsMessage;
import dev.twofa.sms.SmsSender;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * The demo's SMS gateway: keeps the latest sent messages in memory for the outbox page, the stand-in
 * for the customer's phone. Never logs a message.
 *
 * <p>Each message is kept with the account it was sent for, so that the outbox page shows a visitor
 * only the SMS of their own account: the SMS channel is wrapped by {@link #attributing} and tells the
 * outbox, on the sending thread, which account a message belongs to. A message sent outside such a
 * call belongs to no account and is shown to nobody.
 *
 * <p>Thread-safe.
 */
final class Outbox implements SmsSender {

    /** Messages kept; older ones are dropped. */
    static final int CAPACITY = 50;

    /** One sent message: when, for which account (null if unknown), to which number, why and the text with the code. */
    record Sent(Instant at, String account, String maskedNumber, String purpose, String text) {
    }

    private final Clock clock;
    private final Deque<Sent> sent = new ArrayDeque<>();
    /** The account the SMS channel is issuing a code for on this thread, or null. */
    private final ThreadLocal<AccountId> issuingFor = new ThreadLocal<>();

    Outbox(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void send(SmsMessage message) {
        AccountId account = issuingFor.get();
        Sent s = new Sent(clock.instant(), account == null ? null : account.value(),
                message.destination().masked(), message.purpose().name(), message.text());
        synchronized (this) {
            sent.addFirst(s);
            if (sent.size() > CAPACITY) {
                sent.removeLast();
            }
        }
    }

    /** Returns the kept messages sent for {@code user}'s account, newest first; none for null. */
    synchronized List<Sent> newestFirstFor(String user) {
        if (user == null) {
            return List.of();
        }
        return sent.stream().filter(s -> user.equals(s.account())).toList();
    }

    /**
     * Returns the channel delegating to {@code channel}, which marks every message sent while it
     * issues a code (the sending of {@code SmsCodes} is synchronous) with the request's account.
     */
    SmsCodeChannel attributing(SmsCodeChannel channel) {
        Objects.requireNonNull(channel, "channel");
        return new SmsCodeChannel() {
            @Override
            public int codeDigits() {
                return channel.codeDigits();
            }

            @Override
            public Duration resendCooldown() {
                return channel.resendCooldown();
            }

            @Override
            public Issue issue(Request request) {
                AccountId previous = issuingFor.get();
                issuingFor.set(request.account());
                try {
                    return channel.issue(request);
                } finally {
                    if (previous == null) {
                        issuingFor.remove();
                    } else {
                        issuingFor.set(previous);
                    }
                }
            }

            @Override
            public boolean matches(AccountId account, TwoFactorProfile.SmsChallenge challenge, String code) {
                return channel.matches(account, challenge, code);
            }

            @Override
            public String toString() {
                return channel.toString();
            }
        };
    }
}
