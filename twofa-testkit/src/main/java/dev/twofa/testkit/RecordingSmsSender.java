package dev.twofa.testkit;

import dev.twofa.core.PhoneNumber;
import dev.twofa.sms.SmsMessage;
import dev.twofa.sms.SmsSender;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@link SmsSender} that sends nothing and records every message, like OkHttp's {@code
 * MockWebServer}: script failures, act, then verify what went out.
 *
 * <pre>{@code
 * RecordingSmsSender sms = new RecordingSmsSender();
 * SmsCodes codes = SmsCodes.builder(sms).issuer("Example Hosting").build();
 * // script: the gateway is down for the first send
 * sms.failNext(1);
 * // act
 * service.sendVerificationCode(alice);                  // SmsNotSent(DELIVERY_FAILED)
 * service.sendVerificationCode(alice);                  // SmsSent
 * // verify
 * assertThat(sms.messages()).hasSize(1);
 * service.verifyNumber(alice, sms.lastCodeTo("+420 601 123 456"));
 * }</pre>
 *
 * <p>The outbox holds whole {@link SmsMessage} values in the order they were sent. Their {@code
 * toString()} masks the number and hides the text, and so does this class's; {@link
 * SmsMessage#text()} and {@link #codeIn(SmsMessage)} give the text and the code to the test.
 *
 * <p>Thread-safe: any number of threads may send, script, read and take at once; each message is
 * recorded once, in one order that {@link #messages()} and {@link #takeMessage(Duration)} share.
 */
public final class RecordingSmsSender implements SmsSender {

    /** A WebOTP last line ({@code @login.example.com #123456}), whose code wins. */
    private static final Pattern WEB_OTP = Pattern.compile("(?m)^@\\S+ #([0-9]{6,10})\\s*\\z");

    /** A run of 6 to 10 ASCII digits not inside a longer run of digits. */
    private static final Pattern CODE = Pattern.compile("(?<![0-9])[0-9]{6,10}(?![0-9])");

    private final List<SmsMessage> sent = new ArrayList<>();
    private final List<SmsMessage> failed = new ArrayList<>();
    private final Deque<Exception> failures = new ArrayDeque<>();
    private final LinkedBlockingQueue<SmsMessage> untaken = new LinkedBlockingQueue<>();

    /** Creates a sender with an empty outbox and no failures scripted. */
    public RecordingSmsSender() {
    }

    /**
     * Records the message, or throws the next scripted failure (then the message is recorded in
     * {@link #failedMessages()} instead of the outbox).
     *
     * @param message the message twofa-sms sends
     * @throws Exception the failure scripted by {@link #failNext(int)} or {@link
     *     #failNext(Exception)}, if any is left
     * @throws NullPointerException if message is null
     */
    @Override
    public void send(SmsMessage message) throws Exception {
        Objects.requireNonNull(message, "message");
        Exception failure;
        synchronized (this) {
            failure = failures.poll();
            if (failure != null) {
                failed.add(message);
            } else {
                sent.add(message);
                untaken.add(message);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Makes the next {@code count} sends throw an {@link IllegalStateException} (the gateway
     * refused them), after any failures already scripted.
     *
     * @param count how many sends fail, 1 or more
     * @return this sender
     * @throws IllegalArgumentException if count is less than 1
     */
    public RecordingSmsSender failNext(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("failNext needs a count of 1 or more, was " + count);
        }
        synchronized (this) {
            for (int i = 0; i < count; i++) {
                failures.add(new IllegalStateException("scripted SMS gateway failure (RecordingSmsSender.failNext)"));
            }
        }
        return this;
    }

    /**
     * Makes the next send throw this exception, after any failures already scripted.
     *
     * @param failure what the gateway throws, such as an {@code IOException}
     * @return this sender
     * @throws NullPointerException if failure is null
     */
    public RecordingSmsSender failNext(Exception failure) {
        Objects.requireNonNull(failure, "failure");
        synchronized (this) {
            failures.add(failure);
        }
        return this;
    }

    /**
     * Returns every message sent successfully since this sender was made or {@link #clear()
     * cleared}, oldest first, whether taken or not.
     *
     * @return an immutable snapshot
     */
    public synchronized List<SmsMessage> messages() {
        return List.copyOf(sent);
    }

    /**
     * Returns every message whose send threw a scripted failure, oldest first.
     *
     * @return an immutable snapshot
     */
    public synchronized List<SmsMessage> failedMessages() {
        return List.copyOf(failed);
    }

    /**
     * Returns the message sent last.
     *
     * @return the newest message in the outbox
     * @throws NoSuchElementException if none was sent
     */
    public synchronized SmsMessage lastMessage() {
        if (sent.isEmpty()) {
            throw new NoSuchElementException("no SMS was sent");
        }
        return sent.get(sent.size() - 1);
    }

    /**
     * Returns the code in the last message sent to a number, as the customer reads it on the
     * phone.
     *
     * @param number the destination
     * @return the code, ASCII digits (see {@link #codeIn(SmsMessage)})
     * @throws NoSuchElementException if no message went to that number
     * @throws IllegalArgumentException if that message holds no code
     * @throws NullPointerException if number is null
     */
    public String lastCodeTo(PhoneNumber number) {
        Objects.requireNonNull(number, "number");
        SmsMessage last = null;
        List<String> destinations = new ArrayList<>();
        synchronized (this) {
            for (SmsMessage m : sent) {
                if (m.destination().equals(number)) {
                    last = m;
                }
                destinations.add(m.destination().masked());
            }
        }
        if (last == null) {
            throw new NoSuchElementException("no SMS was sent to " + number.masked() + "; sent to "
                    + destinations.stream().distinct().toList());
        }
        return codeIn(last);
    }

    /**
     * Returns the code in the last message sent to a number given as people type it in
     * international form ({@code "+420 601 123 456"}, {@code "00420601123456"}).
     *
     * @param number the destination, read by {@link PhoneNumber#parse(String)}
     * @return the code, ASCII digits
     * @throws NoSuchElementException if no message went to that number
     * @throws IllegalArgumentException if that message holds no code
     * @throws dev.twofa.core.InvalidPhoneNumberException if the number cannot be read
     */
    public String lastCodeTo(String number) {
        return lastCodeTo(PhoneNumber.parse(number));
    }

    /**
     * Takes the oldest message not taken yet, waiting up to {@code timeout} for one to be sent,
     * as {@code MockWebServer.takeRequest} does. For code under test that sends from another
     * thread; {@link #messages()} is simpler otherwise.
     *
     * @param timeout the longest wait
     * @return the message
     * @throws NoSuchElementException if no message was sent within the timeout
     * @throws InterruptedException if the thread is interrupted while waiting
     * @throws NullPointerException if timeout is null
     */
    public SmsMessage takeMessage(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        SmsMessage message = untaken.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (message == null) {
            throw new NoSuchElementException("no SMS was sent within " + timeout);
        }
        return message;
    }

    /**
     * Forgets every recorded message, sent or failed, taken or not. Scripted failures that have not
     * happened yet stay scripted.
     */
    public synchronized void clear() {
        sent.clear();
        failed.clear();
        untaken.clear();
    }

    /**
     * Returns the code in a message's text: the code of a WebOTP last line ({@code @domain
     * #123456}) if there is one, else the run of 6 to 10 ASCII digits (not part of a longer run:
     * twofa-sms codes have 6 to 10 digits, the validity in minutes fewer); if there are several
     * such runs, the first after the text's first colon, since twofa-sms texts start with {@code
     * "Issuer: "} and an issuer may hold digits too.
     *
     * @param message the message
     * @return the code
     * @throws IllegalArgumentException if the text holds no such run of digits
     * @throws NullPointerException if message is null
     */
    public static String codeIn(SmsMessage message) {
        String text = Objects.requireNonNull(message, "message").text();
        Matcher webOtp = WEB_OTP.matcher(text);
        if (webOtp.find()) {
            return webOtp.group(1);
        }
        // The issuer before "Issuer: " may hold digits too: the first run after the first colon
        // (the whole text if there is none), else the first run anywhere.
        Matcher afterColon = CODE.matcher(text).region(text.indexOf(':') + 1, text.length());
        if (afterColon.find()) {
            return afterColon.group();
        }
        Matcher anywhere = CODE.matcher(text);
        if (anywhere.find()) {
            return anywhere.group();
        }
        throw new IllegalArgumentException("the SMS text holds no code of 6 to 10 digits: " + message);
    }

    /**
     * Returns the counts and the messages with masked numbers and hidden texts, such as {@code
     * RecordingSmsSender[sent=[SmsMessage[destination=+420 *** *** 456, ...]], failed=0,
     * failuresScripted=1]}.
     */
    @Override
    public synchronized String toString() {
        return "RecordingSmsSender[sent=" + sent + ", failed=" + failed.size() + ", failuresScripted="
                + failures.size() + "]";
    }
}
