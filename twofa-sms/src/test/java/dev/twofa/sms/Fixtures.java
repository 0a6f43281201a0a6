package dev.twofa.sms;

import dev.twofa.core.AccountId;
import dev.twofa.core.PhoneNumber;
import dev.twofa.core.SmsPurpose;
import dev.twofa.core.spi.SmsCodeChannel;
import dev.twofa.core.spi.TwoFactorProfile;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Shared test data and fakes. */
public final class Fixtures {

    static final AccountId ACCOUNT = AccountId.of("customer-4711");
    static final PhoneNumber NUMBER = PhoneNumber.parse("+420 601 123 456");
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private Fixtures() {
    }

    static SmsCodeChannel.Request request(Instant now) {
        return request(ACCOUNT, NUMBER, SmsPurpose.LOGIN, now, null);
    }

    static SmsCodeChannel.Request request(AccountId account, PhoneNumber to, SmsPurpose purpose, Instant now,
            Instant previousSentAt) {
        return new SmsCodeChannel.Request(account, to, purpose, Locale.ENGLISH, now, previousSentAt);
    }

    static SmsCodes.Builder builder(SmsSender sender) {
        return SmsCodes.builder(sender).issuer("Example Hosting");
    }

    static TwoFactorProfile.SmsChallenge sent(SmsCodeChannel.Issue issue) {
        if (issue instanceof SmsCodeChannel.Issue.Sent sent) {
            return sent.challenge();
        }
        throw new AssertionError("expected Sent, was " + issue);
    }

    /** Returns the one code of exactly {@code digits} digits in the text. */
    static String codeIn(String text, int digits) {
        Matcher m = Pattern.compile("(?<![0-9])[0-9]{" + digits + "}(?![0-9])").matcher(text);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group());
        }
        if (found.isEmpty() || found.stream().distinct().count() != 1) {
            throw new AssertionError("expected one code in the text, found " + found);
        }
        return found.get(0);
    }

    /** A SecureRandom with a fixed seed: deterministic, so statistical tests do not flake. */
    public static SecureRandom seeded(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("SHA1PRNG is in every JDK", e);
        }
    }

    /** A SecureRandom whose codes are always {@code code}; salts and ids stay random. */
    static SecureRandom fixedCode(long code) {
        return new SecureRandom() {
            private static final long serialVersionUID = 1L;

            @Override
            public long nextLong(long bound) {
                return code;
            }
        };
    }

    /** Records every message; thread-safe. */
    static final class RecordingSender implements SmsSender {
        final List<SmsMessage> messages = new CopyOnWriteArrayList<>();

        @Override
        public void send(SmsMessage message) {
            messages.add(message);
        }

        SmsMessage last() {
            return messages.get(messages.size() - 1);
        }
    }

    /** Records every message, then fails the first {@code failures} sends with the given exception. */
    static final class FailingSender implements SmsSender {
        final List<SmsMessage> attempts = new CopyOnWriteArrayList<>();
        final List<SmsMessage> delivered = new CopyOnWriteArrayList<>();
        private final Exception failure;
        private int failuresLeft;

        FailingSender(int failures, Exception failure) {
            this.failuresLeft = failures;
            this.failure = failure;
        }

        @Override
        public synchronized void send(SmsMessage message) throws Exception {
            attempts.add(message);
            if (failuresLeft > 0) {
                failuresLeft--;
                throw failure;
            }
            delivered.add(message);
        }
    }
}
