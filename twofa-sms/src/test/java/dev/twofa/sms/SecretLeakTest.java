package dev.twofa.sms;

import static dev.twofa.sms.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.AccountId;
import dev.twofa.core.PhoneNumber;
import dev.twofa.core.SmsPurpose;
import dev.twofa.core.spi.SmsCodeChannel.Issue;
import dev.twofa.core.spi.SmsCodeChannel.Request;
import dev.twofa.core.spi.TwoFactorProfile.SmsChallenge;
import dev.twofa.sms.Fixtures.RecordingSender;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * SECURITY.md 28: a canary code and a canary number run through every flow, error paths included;
 * neither may appear in any log event, {@code toString()} or exception message.
 */
class SecretLeakTest {

    private static final String CANARY_CODE = "918273";
    private static final String CANARY_E164 = "+420777918364";
    private static final String CANARY_NATIONAL = "777918364";
    private static final PhoneNumber CANARY_NUMBER = PhoneNumber.parse(CANARY_E164);
    private static final byte[] CANARY_KEY = "canary-hash-key-0123456789abcdef!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final AccountId ACCOUNT = AccountId.of("leak-test");

    private final List<String> seen = new ArrayList<>();
    private final List<Throwable> thrown = new ArrayList<>();

    private Request request(SmsPurpose purpose, java.time.Instant now, java.time.Instant previous) {
        return new Request(ACCOUNT, CANARY_NUMBER, purpose, Locale.ENGLISH, now, previous);
    }

    private void see(Object value) {
        seen.add(String.valueOf(value));
    }

    private void attempt(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException | AssertionError e) {
            thrown.add(e);
        }
    }

    @Test
    void everyFlow_canaryCodeAndNumber_neverInLogsToStringOrExceptions() {
        try (LogCapture logs = new LogCapture()) {
            RecordingSender ok = new RecordingSender();
            AtomicBoolean failNext = new AtomicBoolean(true);
            SmsSender flaky = message -> {
                if (failNext.getAndSet(false)) {
                    // A gateway that repeats the number and the text in its exception, as many do.
                    throw new IOException("gateway refused " + message.destination().e164() + ": " + message.text(),
                            new IllegalStateException("cause for " + CANARY_E164 + " " + CANARY_CODE));
                }
                ok.send(message);
            };
            for (byte[] key : new byte[][] {null, CANARY_KEY}) {
                SmsCodes.Builder builder = Fixtures.builder(flaky).secureRandom(Fixtures.fixedCode(918273))
                        .webOtpDomain("example.com").numberLimit(4, Duration.ofHours(1)).accountLimit(3, Duration.ofDays(1))
                        .denyNumberPrefixes("+42090").allowCallingCodes("420", "421");
                if (key != null) {
                    builder.hashKey(key);
                }
                see(builder);
                SmsCodes codes = builder.build();
                see(codes);
                failNext.set(true);

                // send failure, then success, then the limiter's cooldown, all at one instant
                for (SmsPurpose purpose : SmsPurpose.values()) {
                    Issue failed = codes.issue(request(purpose, T0, null));
                    see(failed);
                }
                // then one send per purpose, spaced by the cooldown, until the account limit (3)
                List<SmsChallenge> challenges = new ArrayList<>();
                for (SmsPurpose purpose : SmsPurpose.values()) {
                    Issue issue = codes.issue(request(purpose, T0.plusSeconds(30L * (purpose.ordinal() + 1)), null));
                    see(issue);
                    if (issue instanceof Issue.Sent sent) {
                        challenges.add(sent.challenge());
                        see(sent.challenge());
                        see(sent.challenge().codeHash());
                    }
                }
                assertThat(challenges).isNotEmpty();
                see(ok.last());
                // cooldown, number limit, account limit, destination refusals
                see(codes.issue(request(SmsPurpose.LOGIN, T0.plusSeconds(61), T0.plusSeconds(60))));
                Issue accountLimit = codes.issue(request(SmsPurpose.LOGIN, T0.plusSeconds(120), null));
                assertThat(accountLimit).isInstanceOf(Issue.Refused.class);
                see(accountLimit);
                // other accounts verifying the number: its verification cooldown, then its budget
                for (int i = 0; i < 5; i++) {
                    see(codes.issue(new Request(AccountId.of("other-" + i), CANARY_NUMBER, SmsPurpose.VERIFY_NUMBER,
                            Locale.ENGLISH, T0.plusSeconds(120 + 30L * i), null)));
                }
                Issue numberLimit = codes.issue(new Request(AccountId.of("third"), CANARY_NUMBER,
                        SmsPurpose.VERIFY_NUMBER, Locale.ENGLISH, T0.plusSeconds(600), null));
                assertThat(numberLimit).isInstanceOf(Issue.Refused.class);
                see(numberLimit);
                see(codes.issue(new Request(ACCOUNT, PhoneNumber.parse("+420900123456"), SmsPurpose.LOGIN,
                        Locale.ENGLISH, T0, null)));
                see(codes.issue(new Request(ACCOUNT, PhoneNumber.parse("+44 7700 900123"), SmsPurpose.LOGIN,
                        Locale.ENGLISH, T0, null)));
                // checks: right, wrong, malformed
                for (SmsChallenge c : challenges) {
                    see(codes.matches(ACCOUNT, c, CANARY_CODE));
                    see(codes.matches(ACCOUNT, c, "000000"));
                    see(codes.matches(ACCOUNT, c, "91827"));
                    see(codes.matches(ACCOUNT, c, "٩١٨٢٧٣"));
                    see(codes.matches(ACCOUNT, c, null));
                }
            }

            // misuse: every exception message
            attempt(() -> Fixtures.builder(m -> { }).hashKey(java.util.Arrays.copyOf(CANARY_KEY, 31)));
            attempt(() -> Fixtures.builder(m -> { }).denyNumberPrefixes(CANARY_E164 + "1"));
            attempt(() -> Fixtures.builder(m -> { }).build().issue(null));
            attempt(() -> new SmsMessage(CANARY_NUMBER, " ", Locale.ENGLISH, SmsPurpose.LOGIN, ACCOUNT));
            attempt(() -> PhoneNumber.parse(CANARY_E164 + "9999"));
            attempt(() -> PhoneNumber.parse(CANARY_NATIONAL + "x", "420"));
            PhoneNumbers phoneNumbers = PhoneNumbers.builder().allowRegions("SK").build();
            see(phoneNumbers);
            for (String typed : new String[] {CANARY_NATIONAL, CANARY_E164, CANARY_E164 + "99", "+420 (0)777 918 364",
                    CANARY_E164 + "x", "+420 900 918 364", "+421" + CANARY_NATIONAL}) {
                attempt(() -> phoneNumbers.parse(typed));
            }
            SendLimiter broken = new SmsCodesIssueTest.RecordingLimiter(0) {
                @Override
                public Reservation tryReserve(String key, int limit, Duration window, java.time.Instant now) {
                    throw new IllegalStateException("store down for " + key);
                }
            };
            attempt(() -> Fixtures.builder(m -> { }).hashKey(CANARY_KEY).sendLimiter(broken).build()
                    .issue(request(SmsPurpose.LOGIN, T0, null)));
            see(new SmsMessage(CANARY_NUMBER, "code " + CANARY_CODE, Locale.ENGLISH, SmsPurpose.LOGIN, ACCOUNT));
            see(new SendLimiter.Granted("sms-number:x", "1", T0));
            see(new InMemorySendLimiter());

            StringBuilder everything = new StringBuilder(logs.allText());
            seen.forEach(s -> everything.append(s).append('\n'));
            for (Throwable t : thrown) {
                for (Throwable c = t; c != null; c = c.getCause()) {
                    everything.append(c).append('\n');
                }
            }
            assertThat(thrown).hasSizeGreaterThanOrEqualTo(13);
            assertThat(thrown).filteredOn(t -> t instanceof SendLimitException).hasSize(1);
            assertThat(logs.events()).isNotEmpty();
            assertThat(everything.toString())
                    .doesNotContain(CANARY_CODE)
                    .doesNotContain(CANARY_E164)
                    .doesNotContain(CANARY_NATIONAL)
                    .doesNotContain("canary-hash-key")
                    .doesNotContain("gateway refused");
            // The canary did reach the sender: the test would prove nothing otherwise.
            assertThat(ok.messages).allSatisfy(m -> assertThat(m.text()).contains(CANARY_CODE));
            assertThat(ok.messages).allSatisfy(m -> assertThat(m.destination().e164()).isEqualTo(CANARY_E164));
        }
    }
}
