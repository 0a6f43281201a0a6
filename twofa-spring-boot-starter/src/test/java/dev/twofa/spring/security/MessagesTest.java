package dev.twofa.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.Rejected;
import dev.twofa.core.SmsNotSent;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class MessagesTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    @ParameterizedTest
    @CsvSource({"0, in 1 second", "1, in 1 second", "40, in 40 seconds", "60, in about 1 minute",
            "61, in about 2 minutes", "7140, in about 119 minutes", "7200, in about 2 hours", "7201, in about 3 hours"})
    void in_seconds_roundedUpInPlainWords(long seconds, String expected) {
        assertThat(Messages.in(NOW.plusSeconds(seconds), NOW)).isEqualTo(expected);
    }

    @Test
    void ending_maskedNumber_lastDigits() {
        assertThat(Messages.ending("+420 *** *** 456")).isEqualTo("456");
        assertThat(Messages.smsSent("+44 **** ***123", false))
                .isEqualTo("We sent a code by text message to the number ending 123. Enter it below.");
    }

    @Test
    void rejected_oneTryLeft_singular() {
        assertThat(Messages.rejected(new Rejected(Rejected.Reason.WRONG_CODE, 1)))
                .isEqualTo("That code is not right. Check the code and try again. You have 1 try left.");
    }

    @ParameterizedTest
    @EnumSource(Rejected.Reason.class)
    void rejected_everyReason_plainTextWithTriesLeft(Rejected.Reason reason) {
        assertThat(Messages.rejected(new Rejected(reason, 4))).endsWith("You have 4 tries left.")
                .doesNotContainIgnoringCase("totp").doesNotContainIgnoringCase("factor");
    }

    @ParameterizedTest
    @EnumSource(SmsNotSent.Reason.class)
    void smsNotSent_everyReason_saysWhatToDo(SmsNotSent.Reason reason) {
        assertThat(Messages.smsNotSent(new SmsNotSent(reason, NOW.plusSeconds(30)), NOW))
                .containsAnyOf("recovery code", "Enter that code");
    }

    @Test
    void locked_untilSupportResets_noTimeGiven() {
        assertThat(Messages.locked(NOW.plus(Duration.ofDays(365 * 100)), NOW)).endsWith("Please contact customer support.");
        assertThat(Messages.locked(NOW.plus(Duration.ofMinutes(30)), NOW)).contains("try again in about 30 minutes");
    }
}
