package dev.twofa.examples.customeradmin;

import dev.twofa.core.AccountId;
import dev.twofa.core.PhoneNumber;
import dev.twofa.core.SmsPurpose;
import dev.twofa.sms.SmsMessage;
import dev.twofa.sms.SmsSender;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * The demo's SMS gateway: keeps the latest messages in memory for the Outbox page (the stand-in for
 * the customer's phone) and prints each to the console for the person running the demo, with the
 * number masked. A real host sends them through its SMS provider instead.
 *
 * <p>The Outbox page shows a logged-in customer only the messages twofa sent for their own account
 * ({@link #sentFor}), never by number: one number may be on several accounts, and another account's
 * login code must not show. The code of a login is on the console (and on the phone), not on a
 * page a half-logged-in visitor can open.
 *
 * <p>Thread-safe.
 */
public final class Outbox implements SmsSender {

    /** Messages kept; older ones are dropped. */
    public static final int CAPACITY = 100;

    /**
     * One sent message.
     *
     * @param at when it was sent
     * @param account the account the code is for
     * @param to the destination
     * @param purpose what the code in it is for
     * @param text the text, with the code
     */
    public record Sent(Instant at, AccountId account, PhoneNumber to, SmsPurpose purpose, String text) {

        /** Checks the parts. */
        public Sent {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(purpose, "purpose");
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String toString() {
            return "Sent[at=" + at + ", account=" + account.value() + ", to=" + to.masked() + ", purpose=" + purpose + ", text=(redacted)]";
        }
    }

    private final Clock clock;
    private final PrintStream console;
    private final Deque<Sent> sent = new ArrayDeque<>();

    /**
     * Creates an empty outbox.
     *
     * @param clock the time stamped on each message
     * @param console where each message is printed for the person running the demo
     */
    public Outbox(Clock clock, PrintStream console) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.console = Objects.requireNonNull(console, "console");
    }

    @Override
    public void send(SmsMessage message) {
        Sent s = new Sent(clock.instant(), message.account(), message.destination(), message.purpose(), message.text());
        synchronized (this) {
            sent.addFirst(s);
            if (sent.size() > CAPACITY) {
                sent.removeLast();
            }
        }
        console.println("SMS to " + message.destination().masked() + ": " + message.text());
    }

    /**
     * Returns the kept messages sent for the account, newest first.
     *
     * @param account the account
     * @return the messages, possibly none
     */
    public synchronized List<Sent> sentFor(AccountId account) {
        return sent.stream().filter(s -> s.account().equals(account)).toList();
    }

    @Override
    public synchronized String toString() {
        return "Outbox[" + sent.size() + " messages]";
    }
}
