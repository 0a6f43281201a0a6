package dev.twofa.examples;

import dev.twofa.sms.SmsMessage;
import dev.twofa.sms.SmsSender;
import java.io.PrintStream;

/**
 * An {@link SmsSender} for development: prints each text with the masked number instead of sending
 * it. Never use it in production: it prints the code.
 *
 * <p>Thread-safe.
 */
public final class ConsoleSmsSender implements SmsSender {

    private final PrintStream out;

    /**
     * Creates a sender printing to a stream.
     *
     * @param out where the texts go
     */
    public ConsoleSmsSender(PrintStream out) {
        this.out = out;
    }

    @Override
    public void send(SmsMessage message) {
        out.println("  [SMS to " + message.destination().masked() + "] " + message.text().replace("\n", " / "));
    }
}
