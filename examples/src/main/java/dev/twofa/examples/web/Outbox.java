package dev.twofa.examples.web;

import dev.twofa.sms.SmsMessage;
import dev.twofa.sms.SmsSender;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The demo's SMS gateway: keeps the latest sent messages in memory for the outbox page, the stand-in
 * for the customer's phone. Never logs a message.
 *
 * <p>Thread-safe.
 */
final class Outbox implements SmsSender {

    /** Messages kept; older ones are dropped. */
    static final int CAPACITY = 50;

    /** One sent message: when, to which number (masked), why and the text with the code. */
    record Sent(Instant at, String maskedNumber, String purpose, String text) {
    }

    private final Clock clock;
    private final Deque<Sent> sent = new ArrayDeque<>();

    Outbox(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void send(SmsMessage message) {
        sent.addFirst(new Sent(clock.instant(), message.destination().masked(), message.purpose().name(),
                message.text()));
        if (sent.size() > CAPACITY) {
            sent.removeLast();
        }
    }

    /** Returns the kept messages, newest first. */
    synchronized List<Sent> newestFirst() {
        return List.copyOf(sent);
    }
}
