package dev.twofa.sms;

import static dev.twofa.sms.Fixtures.ACCOUNT;
import static dev.twofa.sms.Fixtures.NUMBER;
import static dev.twofa.sms.Fixtures.T0;
import static dev.twofa.sms.Fixtures.builder;
import static dev.twofa.sms.Fixtures.codeIn;
import static dev.twofa.sms.Fixtures.request;
import static dev.twofa.sms.Fixtures.sent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.twofa.core.AccountId;
import dev.twofa.core.SmsNotSent.Reason;
import dev.twofa.core.spi.SmsCodeChannel.Issue;
import dev.twofa.core.spi.TwoFactorProfile.SmsChallenge;
import dev.twofa.sms.Fixtures.FailingSender;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SmsCodesFailingSenderTest {

    @Test
    void issue_senderThrowsUnchecked_returnsFailedWithoutChallenge() {
        FailingSender sender = new FailingSender(1, new IllegalStateException("gateway 503"));

        Issue issue = builder(sender).build().issue(request(T0));

        assertThat(issue).isEqualTo(new Issue.Failed());
        assertThat(sender.attempts).hasSize(1);
        assertThat(sender.delivered).isEmpty();
    }

    @Test
    void issue_senderThrowsChecked_returnsFailed() {
        FailingSender sender = new FailingSender(1, new IOException("connection reset"));
        assertThat(builder(sender).build().issue(request(T0))).isEqualTo(new Issue.Failed());
    }

    @Test
    void issue_senderThrows_releasesCooldownAccountAndNumberReservations() {
        FailingSender sender = new FailingSender(1, new IllegalStateException("down"));
        SmsCodesIssueTest.RecordingLimiter limiter = new SmsCodesIssueTest.RecordingLimiter(4);

        assertThat(builder(sender).hashKey(SmsCodesIssueTest.KEY).sendLimiter(limiter).build().issue(request(T0))).isEqualTo(new Issue.Failed());

        assertThat(limiter.granted).hasSize(4);
        assertThat(limiter.granted).extracting(g -> g.key().substring(0, g.key().indexOf(':')))
                .containsExactly("sms-cooldown", "sms-account", "sms-own-number", "sms-verified-number");
        assertThat(limiter.released).containsExactlyInAnyOrderElementsOf(limiter.granted);
    }

    @Test
    void issue_senderFails_releasesCooldownSlotSoImmediateRetryYieldsExactlyOneValidCode() {
        FailingSender sender = new FailingSender(1, new IllegalStateException("down"));
        SmsCodes codes = builder(sender).secureRandom(Fixtures.seeded(43)).build();

        Issue failed = codes.issue(request(T0));
        // The retry comes at the same instant, with no previousSentAt (nothing was stored).
        Issue retried = codes.issue(request(T0));

        assertThat(failed).isEqualTo(new Issue.Failed());
        SmsChallenge challenge = sent(retried);
        assertThat(sender.attempts).hasSize(2);
        assertThat(sender.delivered).hasSize(1);
        String deliveredCode = codeIn(sender.delivered.get(0).text(), 6);
        String failedCode = codeIn(sender.attempts.get(0).text(), 6);
        assertThat(failedCode).isNotEqualTo(deliveredCode);
        assertThat(codes.matches(ACCOUNT, challenge, deliveredCode)).isTrue();
        assertThat(codes.matches(ACCOUNT, challenge, failedCode)).isFalse();
        // The delivered code holds the cooldown slot.
        assertThat(codes.issue(request(T0.plusSeconds(1))))
                .isEqualTo(new Issue.Refused(Reason.COOLDOWN, T0.plusSeconds(30)));
        assertThat(sender.attempts).hasSize(2);
    }

    @Test
    void issue_senderThrowsFiveTimes_nothingCountedAgainstNumberOrAccount() {
        FailingSender sender = new FailingSender(5, new IllegalStateException("down"));
        SmsCodes codes = builder(sender).numberLimit(5, Duration.ofHours(1)).accountLimit(5, Duration.ofDays(1)).build();

        // Failures at one instant: nothing counted, the cooldown included.
        for (int i = 0; i < 5; i++) {
            assertThat(codes.issue(request(T0))).isEqualTo(new Issue.Failed());
        }
        // Spaced by the cooldown, so only the number and account limits (5 each) hold sends back.
        for (int i = 0; i < 5; i++) {
            assertThat(codes.issue(request(T0.plusSeconds(30L * i)))).isInstanceOf(Issue.Sent.class);
        }
        // Both are used up now; the account's own limit is reserved first, so it refuses.
        assertThat(codes.issue(request(T0.plusSeconds(150))))
                .isEqualTo(new Issue.Refused(Reason.ACCOUNT_LIMIT, T0.plus(Duration.ofDays(1))));
        assertThat(sender.delivered).hasSize(5);
    }

    @Test
    void issue_senderThrows_logsOneWarnWithoutNumberCodeOrExceptionMessage() {
        FailingSender sender = new FailingSender(1, new IllegalStateException("cannot reach +420601123456"));
        SmsCodes codes = builder(sender).build();

        try (LogCapture logs = new LogCapture()) {
            codes.issue(request(T0));

            assertThat(logs.events(Level.WARN)).hasSize(1);
            ILoggingEvent warn = logs.events(Level.WARN).get(0);
            String code = codeIn(sender.attempts.get(0).text(), 6);
            assertThat(warn.getFormattedMessage())
                    .contains("java.lang.IllegalStateException", ACCOUNT.value(), NUMBER.masked())
                    .doesNotContain(NUMBER.e164(), "601123456", code, "cannot reach");
            assertThat(warn.getThrowableProxy()).isNull();
            assertThat(logs.allText()).doesNotContain(NUMBER.e164()).doesNotContain(code);
        }
    }

    @Test
    void issue_senderInterrupted_restoresInterruptFlag() {
        FailingSender sender = new FailingSender(1, new InterruptedException());
        SmsCodes codes = builder(sender).build();
        try {
            assertThat(codes.issue(request(T0))).isEqualTo(new Issue.Failed());
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void issue_senderThrowsError_releasesReservationsAndRethrows() {
        SmsCodesIssueTest.RecordingLimiter limiter = new SmsCodesIssueTest.RecordingLimiter(4);
        SmsCodes codes = builder(message -> {
            throw new AssertionError("boom");
        }).hashKey(SmsCodesIssueTest.KEY).sendLimiter(limiter).build();

        assertThatThrownBy(() -> codes.issue(request(T0))).isInstanceOf(AssertionError.class);
        assertThat(limiter.released).containsExactlyInAnyOrderElementsOf(limiter.granted).hasSize(4);
    }

    @Test
    void issue_releaseThrows_stillReturnsFailed() {
        java.util.List<SendLimiter.Granted> releaseAttempts = new java.util.ArrayList<>();
        SmsCodesIssueTest.RecordingLimiter limiter = new SmsCodesIssueTest.RecordingLimiter(4) {
            @Override
            public void release(Granted reservation) {
                releaseAttempts.add(reservation);
                throw new IllegalStateException("limiter down");
            }
        };
        SmsCodes codes = builder(message -> {
            throw new IOException("gateway down");
        }).hashKey(SmsCodesIssueTest.KEY).sendLimiter(limiter).build();

        assertThat(codes.issue(request(T0))).isEqualTo(new Issue.Failed());
        // one release failing does not stop the others
        assertThat(releaseAttempts).containsExactlyInAnyOrderElementsOf(limiter.granted).hasSize(4);
    }

    @Test
    void issue_failedSend_doesNotStartCooldown() {
        // The cooldown counts from the previous *sent* code, which the caller passes in; a failed send
        // returns no challenge, so the caller has no new previousSentAt and may retry at once.
        FailingSender sender = new FailingSender(1, new IllegalStateException("down"));
        SmsCodes codes = builder(sender).build();
        Instant previous = T0.minusSeconds(60);

        assertThat(codes.issue(request(ACCOUNT, NUMBER, dev.twofa.core.SmsPurpose.LOGIN, T0, previous)))
                .isEqualTo(new Issue.Failed());
        assertThat(codes.issue(request(ACCOUNT, NUMBER, dev.twofa.core.SmsPurpose.LOGIN, T0.plusSeconds(1), previous)))
                .isInstanceOf(Issue.Sent.class);
        assertThat(codes.issue(request(AccountId.of("x"), NUMBER, dev.twofa.core.SmsPurpose.LOGIN, T0, T0)))
                .isEqualTo(new Issue.Refused(Reason.COOLDOWN, T0.plusSeconds(30)));
    }
}
