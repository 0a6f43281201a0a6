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

import dev.twofa.core.AccountId;
import dev.twofa.core.PhoneNumber;
import dev.twofa.core.SmsNotSent.Reason;
import dev.twofa.core.SmsPurpose;
import dev.twofa.core.spi.SmsCodeChannel.Issue;
import dev.twofa.core.spi.TwoFactorProfile.SmsChallenge;
import dev.twofa.sms.Fixtures.RecordingSender;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class SmsCodesIssueTest {

    static final byte[] KEY = new byte[32];

    private final RecordingSender sender = new RecordingSender();
    private final SmsCodes codes = builder(sender).build();

    @ParameterizedTest
    @EnumSource(SmsPurpose.class)
    void issue_validRequest_sendsOneMessageAndReturnsChallenge(SmsPurpose purpose) {
        Issue issue = codes.issue(request(ACCOUNT, NUMBER, purpose, T0, null));

        SmsChallenge challenge = sent(issue);
        assertThat(sender.messages).hasSize(1);
        SmsMessage message = sender.last();
        assertThat(message.destination()).isEqualTo(NUMBER);
        assertThat(message.purpose()).isEqualTo(purpose);
        assertThat(message.account()).isEqualTo(ACCOUNT);
        assertThat(challenge.purpose()).isEqualTo(purpose);
        assertThat(challenge.destination()).isEqualTo(NUMBER);
        assertThat(challenge.issuedAt()).isEqualTo(T0);
        assertThat(codes.matches(ACCOUNT, challenge, codeIn(message.text(), 6))).isTrue();
    }

    @Test
    void issue_defaultValidity_expiresAfterFiveMinutes() {
        assertThat(sent(codes.issue(request(T0))).expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    }

    @Test
    void issue_configuredValidity_expiresAfterIt() {
        SmsCodes tenMinutes = builder(sender).codeValidity(Duration.ofMinutes(10)).build();
        assertThat(sent(tenMinutes.issue(request(T0))).expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
    }

    @Test
    void issue_defaultAttempts_challengeAllowsFiveWrongTries() {
        assertThat(sent(codes.issue(request(T0))).attemptsLeft()).isEqualTo(5);
    }

    @Test
    void issue_configuredAttempts_challengeAllowsThem() {
        SmsCodes three = builder(sender).maxAttemptsPerCode(3).build();
        assertThat(sent(three.issue(request(T0))).attemptsLeft()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 8, 10})
    void issue_configuredDigits_sendsCodeOfThatLength(int digits) {
        SmsCodes d = builder(sender).codeDigits(digits).build();
        SmsChallenge challenge = sent(d.issue(request(T0)));
        String code = codeIn(sender.last().text(), digits);
        assertThat(code).hasSize(digits);
        assertThat(d.matches(ACCOUNT, challenge, code)).isTrue();
    }

    @Test
    void issue_challengeId_isRandom22CharacterBase64Url() {
        SmsCodes many = builder(sender).numberLimit(1000, Duration.ofHours(1)).accountLimit(1000, Duration.ofDays(1))
                .verifiedNumberLimit(1000, Duration.ofHours(1)).build();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String id = sent(many.issue(request(T0.plusSeconds(60L * i)))).id();
            assertThat(id).matches("[A-Za-z0-9_-]{22}");
            ids.add(id);
        }
        assertThat(ids).hasSize(200);
    }

    @Test
    void issue_withinCooldown_refusedWithRetryAfterAndNothingSent() {
        Instant previous = T0.minusSeconds(10);

        Issue issue = codes.issue(request(ACCOUNT, NUMBER, SmsPurpose.LOGIN, T0, previous));

        assertThat(issue).isEqualTo(new Issue.Refused(Reason.COOLDOWN, previous.plusSeconds(30)));
        assertThat(sender.messages).isEmpty();
    }

    @Test
    void issue_atCooldownEnd_sends() {
        Instant previous = T0.minusSeconds(30);
        assertThat(codes.issue(request(ACCOUNT, NUMBER, SmsPurpose.LOGIN, T0, previous))).isInstanceOf(Issue.Sent.class);
    }

    @Test
    void issue_configuredCooldown_usesIt() {
        SmsCodes slow = builder(sender).resendCooldown(Duration.ofMinutes(2)).build();
        Instant previous = T0.minusSeconds(90);
        assertThat(slow.issue(request(ACCOUNT, NUMBER, SmsPurpose.LOGIN, T0, previous)))
                .isEqualTo(new Issue.Refused(Reason.COOLDOWN, previous.plusSeconds(120)));
    }

    @Test
    void issue_cooldownRefusal_notCountedAgainstLimits() {
        for (int i = 0; i < 20; i++) {
            codes.issue(request(ACCOUNT, NUMBER, SmsPurpose.LOGIN, T0, T0));
        }
        // Spaced by the cooldown, so only the per-number limit (5) could refuse them.
        for (int i = 0; i < 5; i++) {
            assertThat(codes.issue(request(T0.plusSeconds(30L * i)))).isInstanceOf(Issue.Sent.class);
        }
    }

    @Test
    void issue_secondSendForAccountAtSameInstant_refusedCooldownByLimiterEvenWithoutPreviousSentAt() {
        assertThat(codes.issue(request(T0))).isInstanceOf(Issue.Sent.class);

        // The caller read previousSentAt before the first send was stored: null.
        Issue second = codes.issue(request(ACCOUNT, PhoneNumber.parse("+420601000009"), SmsPurpose.LOGIN,
                T0.plusSeconds(29), null));

        assertThat(second).isEqualTo(new Issue.Refused(Reason.COOLDOWN, T0.plusSeconds(30)));
        assertThat(sender.messages).hasSize(1);
        assertThat(codes.issue(request(ACCOUNT, PhoneNumber.parse("+420601000009"), SmsPurpose.LOGIN,
                T0.plusSeconds(30), null))).isInstanceOf(Issue.Sent.class);
    }

    @Test
    void issue_otherAccountAtSameInstant_notHeldByCooldown() {
        assertThat(codes.issue(request(T0))).isInstanceOf(Issue.Sent.class);
        assertThat(codes.issue(request(AccountId.of("someone-else"), NUMBER, SmsPurpose.LOGIN, T0, null)))
                .isInstanceOf(Issue.Sent.class);
    }

    @Test
    void issue_limiterCooldownRefusal_notCountedAgainstLimits() {
        SmsCodes strict = builder(sender).numberLimit(2, Duration.ofHours(1)).accountLimit(2, Duration.ofDays(1))
                .build();
        assertThat(strict.issue(request(T0))).isInstanceOf(Issue.Sent.class);
        for (int i = 0; i < 20; i++) {
            assertThat(strict.issue(request(T0)))
                    .isEqualTo(new Issue.Refused(Reason.COOLDOWN, T0.plusSeconds(30)));
        }

        assertThat(strict.issue(request(T0.plusSeconds(30)))).isInstanceOf(Issue.Sent.class);
        assertThat(sender.messages).hasSize(2);
    }

    @Test
    void issue_numberLimitRefusal_releasesCooldownSlot() {
        SmsCodes strict = builder(sender).numberLimit(1, Duration.ofMinutes(10)).build();
        assertThat(strict.issue(request(T0))).isInstanceOf(Issue.Sent.class);

        assertThat(strict.issue(request(T0.plusSeconds(30))))
                .isEqualTo(new Issue.Refused(Reason.NUMBER_LIMIT, T0.plus(Duration.ofMinutes(10))));

        // Had the refused send kept its cooldown slot, this would be COOLDOWN until T0 + 60 s.
        assertThat(strict.issue(request(ACCOUNT, PhoneNumber.parse("+420601123457"), SmsPurpose.LOGIN,
                T0.plusSeconds(30), null))).isInstanceOf(Issue.Sent.class);
        assertThat(sender.messages).hasSize(2);
    }

    @Test
    void issue_sixthLoginToOwnNumberWithinHour_refusedNumberLimitUntilFirstLeavesWindow() {
        for (int i = 0; i < 5; i++) {
            assertThat(codes.issue(request(T0.plusSeconds(60L * i)))).isInstanceOf(Issue.Sent.class);
        }

        Issue sixth = codes.issue(request(T0.plusSeconds(600)));

        assertThat(sixth).isEqualTo(new Issue.Refused(Reason.NUMBER_LIMIT, T0.plus(Duration.ofHours(1))));
        assertThat(sender.messages).hasSize(5);
    }

    @Test
    void issue_numberLimitWindowPassed_sendsAgain() {
        for (int i = 0; i < 5; i++) {
            codes.issue(request(T0.plusSeconds(30L * i)));
        }
        assertThat(codes.issue(request(T0.plus(Duration.ofHours(1)).minusMillis(1)))).isInstanceOf(Issue.Refused.class);
        assertThat(codes.issue(request(T0.plus(Duration.ofHours(1))))).isInstanceOf(Issue.Sent.class);
    }

    @Test
    void issue_otherNumber_countedSeparately() {
        for (int i = 0; i < 5; i++) {
            codes.issue(request(T0.plusSeconds(30L * i)));
        }
        PhoneNumber other = PhoneNumber.parse("+420601123457");
        assertThat(codes.issue(request(ACCOUNT, other, SmsPurpose.LOGIN, T0.plusSeconds(150), null)))
                .isInstanceOf(Issue.Sent.class);
    }

    @Test
    void issue_eleventhForAccountWithinDay_refusedAccountLimitAndNumberNotCounted() {
        for (int i = 0; i < 10; i++) {
            PhoneNumber to = PhoneNumber.parse("+42060100000" + i);
            assertThat(codes.issue(request(ACCOUNT, to, SmsPurpose.LOGIN, T0.plus(Duration.ofMinutes(i)), null)))
                    .isInstanceOf(Issue.Sent.class);
        }

        Issue eleventh = codes.issue(request(ACCOUNT, NUMBER, SmsPurpose.LOGIN, T0.plus(Duration.ofHours(2)), null));

        assertThat(eleventh).isEqualTo(new Issue.Refused(Reason.ACCOUNT_LIMIT, T0.plus(Duration.ofDays(1))));
        assertThat(sender.messages).hasSize(10);
    }

    @Test
    void issue_configuredLimits_areApplied() {
        SmsCodes strict = builder(sender).numberLimit(2, Duration.ofMinutes(10)).accountLimit(3, Duration.ofHours(1))
                .build();
        // The sends are spaced by the cooldown, so only the number limit (2) and the account limit (3) refuse.
        assertThat(strict.issue(request(T0))).isInstanceOf(Issue.Sent.class);
        assertThat(strict.issue(request(T0.plusSeconds(30)))).isInstanceOf(Issue.Sent.class);
        assertThat(strict.issue(request(T0.plusSeconds(60))))
                .isEqualTo(new Issue.Refused(Reason.NUMBER_LIMIT, T0.plus(Duration.ofMinutes(10))));
        assertThat(strict.issue(request(ACCOUNT, PhoneNumber.parse("+420601000001"), SmsPurpose.LOGIN,
                T0.plusSeconds(90), null))).isInstanceOf(Issue.Sent.class);
        assertThat(strict.issue(request(ACCOUNT, PhoneNumber.parse("+420601000002"), SmsPurpose.LOGIN,
                T0.plusSeconds(120), null))).isEqualTo(new Issue.Refused(Reason.ACCOUNT_LIMIT, T0.plus(Duration.ofHours(1))));
    }

    @Test
    void issue_deniedCallingCode_refusedDestinationNotAllowedBeforeSender() {
        SmsCodes denying = builder(sender).denyCallingCodes("882", "420").build();

        assertThat(denying.issue(request(T0)))
                .isEqualTo(new Issue.Refused(Reason.DESTINATION_NOT_ALLOWED, Instant.MAX));
        assertThat(sender.messages).isEmpty();
    }

    @Test
    void issue_callingCodeNotInAllowList_refusedDestinationNotAllowed() {
        SmsCodes czOnly = builder(sender).allowCallingCodes("420", "421").build();

        // a British mobile the phone number policy accepts: the allow list alone refuses it
        assertThat(czOnly.issue(request(ACCOUNT, PhoneNumber.parse("+44 7400 123456"), SmsPurpose.LOGIN, T0, null)))
                .isEqualTo(new Issue.Refused(Reason.DESTINATION_NOT_ALLOWED, Instant.MAX));
        assertThat(czOnly.issue(request(T0))).isInstanceOf(Issue.Sent.class);
        assertThat(sender.messages).hasSize(1);
    }

    @Test
    void issue_oneDigitCallingCodeAllowList_matchesCallingCodeNotPrefix() {
        SmsCodes nanp = builder(sender).allowCallingCodes("1").build();
        // +1 is NANP; +12 is not a calling code of its own, so "+1..." numbers are allowed, +420 is not.
        assertThat(nanp.issue(request(ACCOUNT, PhoneNumber.parse("+1 202 555 0143"), SmsPurpose.LOGIN, T0, null)))
                .isInstanceOf(Issue.Sent.class);
        assertThat(nanp.issue(request(AccountId.of("b"), NUMBER, SmsPurpose.LOGIN, T0, null)))
                .isInstanceOf(Issue.Refused.class);
    }

    @Test
    void issue_premiumRatePrefix_refusedDestinationNotAllowed() {
        // Any E.164 number (the explicit opt-out of the phone number policy): the denied prefixes alone refuse.
        SmsCodes guarded = builder(sender).phoneNumbers(typed -> PhoneNumber.parse(typed))
                .denyNumberPrefixes("+42090", "+1876").build();

        assertThat(guarded.issue(request(ACCOUNT, PhoneNumber.parse("+420 900 123 456"), SmsPurpose.LOGIN, T0, null)))
                .isEqualTo(new Issue.Refused(Reason.DESTINATION_NOT_ALLOWED, Instant.MAX));
        assertThat(guarded.issue(request(ACCOUNT, PhoneNumber.parse("+1 876 555 0100"), SmsPurpose.LOGIN, T0, null)))
                .isEqualTo(new Issue.Refused(Reason.DESTINATION_NOT_ALLOWED, Instant.MAX));
        assertThat(guarded.issue(request(ACCOUNT, PhoneNumber.parse("+1 202 555 0143"), SmsPurpose.LOGIN, T0, null)))
                .isInstanceOf(Issue.Sent.class);
        assertThat(sender.messages).hasSize(1);
    }

    @Test
    void issue_destinationRefusal_notCountedAgainstAccount() {
        SmsCodes guarded = builder(sender).denyNumberPrefixes("+42090").build();
        PhoneNumber premium = PhoneNumber.parse("+420900123456");
        for (int i = 0; i < 50; i++) {
            guarded.issue(request(ACCOUNT, premium, SmsPurpose.LOGIN, T0, null));
        }
        // Spaced by the cooldown, so only the per-number limit (5) could refuse them.
        for (int i = 0; i < 5; i++) {
            assertThat(guarded.issue(request(T0.plusSeconds(30L * i)))).isInstanceOf(Issue.Sent.class);
        }
    }

    @Test
    void issue_limitRefusal_senderNeverCalled() {
        RecordingLimiter denyAll = new RecordingLimiter(0);
        SmsCodes limited = builder(sender).hashKey(KEY).sendLimiter(denyAll).build();

        assertThat(limited.issue(request(T0))).isInstanceOf(Issue.Refused.class);
        assertThat(sender.messages).isEmpty();
    }

    @Test
    void issue_cooldownDeniedByLimiter_refusedCooldownNothingElseReserved() {
        RecordingLimiter limiter = new RecordingLimiter(0);
        SmsCodes limited = builder(sender).hashKey(KEY).sendLimiter(limiter).build();

        assertThat(limited.issue(request(T0))).isEqualTo(new Issue.Refused(Reason.COOLDOWN, T0.plusSeconds(1)));
        assertThat(limiter.keys).hasSize(1).allSatisfy(key -> assertThat(key).startsWith("sms-cooldown:"));
        assertThat(limiter.released).isEmpty();
        assertThat(sender.messages).isEmpty();
    }

    @Test
    void issue_accountDenied_releasesCooldownReservationAndNeverReservesNumberKeys() {
        RecordingLimiter limiter = new RecordingLimiter(1);
        SmsCodes limited = builder(sender).hashKey(KEY).sendLimiter(limiter).build();

        assertThat(limited.issue(request(T0)))
                .isEqualTo(new Issue.Refused(Reason.ACCOUNT_LIMIT, T0.plusSeconds(1)));
        assertThat(limiter.released).containsExactlyElementsOf(limiter.granted);
        assertThat(limiter.granted).hasSize(1);
        assertThat(limiter.granted.get(0).key()).startsWith("sms-cooldown:");
        assertThat(limiter.keys).hasSize(2).noneMatch(key -> key.contains("number:"));
    }

    @Test
    void issue_ownNumberDenied_releasesAccountThenCooldownReservation() {
        RecordingLimiter limiter = new RecordingLimiter(2);
        SmsCodes limited = builder(sender).hashKey(KEY).sendLimiter(limiter).build();

        assertThat(limited.issue(request(T0)))
                .isEqualTo(new Issue.Refused(Reason.NUMBER_LIMIT, T0.plusSeconds(1)));
        assertThat(limiter.granted).extracting(SendLimiter.Granted::key)
                .satisfiesExactly(k -> assertThat(k).startsWith("sms-cooldown:"),
                        k -> assertThat(k).startsWith("sms-account:"));
        assertThat(limiter.released).containsExactly(limiter.granted.get(1), limiter.granted.get(0));
        assertThat(limiter.keys).hasSize(3).noneMatch(key -> key.startsWith("sms-verified-number:"));
    }

    @Test
    void issue_verifiedNumberDenied_refusedNumberLimitAndReleasesEarlierSlotsNewestFirst() {
        RecordingLimiter limiter = new RecordingLimiter(3);
        SmsCodes limited = builder(sender).hashKey(KEY).sendLimiter(limiter).build();

        assertThat(limited.issue(request(T0)))
                .isEqualTo(new Issue.Refused(Reason.NUMBER_LIMIT, T0.plusSeconds(1)));
        assertThat(limiter.keys.get(3)).startsWith("sms-verified-number:");
        assertThat(limiter.released).containsExactly(limiter.granted.get(2), limiter.granted.get(1),
                limiter.granted.get(0));
        assertThat(sender.messages).isEmpty();
    }

    @Test
    void issue_sent_keepsAllFourReservations() {
        RecordingLimiter limiter = new RecordingLimiter(4);
        SmsCodes limited = builder(sender).hashKey(KEY).sendLimiter(limiter).build();

        assertThat(limited.issue(request(T0))).isInstanceOf(Issue.Sent.class);
        assertThat(limiter.granted).hasSize(4);
        assertThat(limiter.released).isEmpty();
    }

    @Test
    void issue_limiterKeys_holdNeitherNumberNorAccount() {
        RecordingLimiter limiter = new RecordingLimiter(4);
        builder(sender).hashKey(KEY).sendLimiter(limiter).build().issue(request(T0));

        assertThat(limiter.keys).hasSize(4).allSatisfy(key -> assertThat(key)
                .doesNotContain(NUMBER.e164()).doesNotContain("601123456").doesNotContain(ACCOUNT.value())
                .hasSizeLessThanOrEqualTo(64));
        // the account's own keys first, then the keys of the number
        assertThat(limiter.keys.get(0)).startsWith("sms-cooldown:");
        assertThat(limiter.keys.get(1)).startsWith("sms-account:");
        assertThat(limiter.keys.get(2)).startsWith("sms-own-number:");
        assertThat(limiter.keys.get(3)).startsWith("sms-verified-number:");
        assertThat(limiter.keys).doesNotHaveDuplicates();
    }

    @Test
    void issue_cooldownReservation_isOnePerResendCooldown() {
        RecordingLimiter limiter = new RecordingLimiter(4);
        builder(sender).resendCooldown(Duration.ofSeconds(45)).hashKey(KEY).sendLimiter(limiter).build().issue(request(T0));

        assertThat(limiter.limits).containsExactly(1, SmsCodes.DEFAULT_SENDS_PER_ACCOUNT,
                SmsCodes.DEFAULT_SENDS_PER_NUMBER, SmsCodes.DEFAULT_SENDS_PER_VERIFIED_NUMBER);
        assertThat(limiter.windows).containsExactly(Duration.ofSeconds(45),
                Duration.ofHours(SmsCodes.DEFAULT_ACCOUNT_WINDOW_HOURS),
                Duration.ofMinutes(SmsCodes.DEFAULT_NUMBER_WINDOW_MINUTES),
                Duration.ofMinutes(SmsCodes.DEFAULT_VERIFIED_NUMBER_WINDOW_MINUTES));
    }

    @Test
    void issue_limiterThrowsOnCooldown_sendLimitExceptionNothingReservedOrSent() {
        RecordingLimiter limiter = new RecordingLimiter(3) {
            @Override
            public Reservation tryReserve(String key, int limit, Duration window, Instant now) {
                if (key.startsWith("sms-cooldown:")) {
                    throw new IllegalStateException("limiter store down");
                }
                return super.tryReserve(key, limit, window, now);
            }
        };
        SmsCodes limited = builder(sender).hashKey(KEY).sendLimiter(limiter).build();

        assertThatThrownBy(() -> limited.issue(request(T0))).isInstanceOf(SendLimitException.class)
                .hasCauseInstanceOf(IllegalStateException.class)
                .hasMessage("SendLimiter.tryReserve failed with java.lang.IllegalStateException for the resend cooldown;"
                        + " no SMS was sent and nothing stays counted");
        assertThat(limiter.granted).isEmpty();
        assertThat(limiter.released).isEmpty();
        assertThat(sender.messages).isEmpty();
    }

    @Test
    void issue_limiterThrows_sendLimitExceptionAndReleasesCooldownAccountAndNumberSlotsNewestFirst() {
        RecordingLimiter limiter = new RecordingLimiter(3) {
            @Override
            public Reservation tryReserve(String key, int limit, Duration window, Instant now) {
                if (key.startsWith("sms-verified-number:")) {
                    throw new IllegalStateException("limiter store down");
                }
                return super.tryReserve(key, limit, window, now);
            }
        };
        SmsCodes limited = builder(sender).hashKey(KEY).sendLimiter(limiter).build();

        assertThatThrownBy(() -> limited.issue(request(T0))).isInstanceOf(SendLimitException.class)
                .hasMessageContaining("for the login limit of the number across accounts;")
                .hasMessageNotContaining(ACCOUNT.value()).hasMessageNotContaining("601123456");
        assertThat(limiter.released).hasSize(3)
                .containsExactly(limiter.granted.get(2), limiter.granted.get(1), limiter.granted.get(0));
        assertThat(sender.messages).isEmpty();
    }

    @Test
    void issue_limiterReturnsNull_sendLimitExceptionAndReleasesWhatItHeld() {
        RecordingLimiter limiter = new RecordingLimiter(3) {
            @Override
            public Reservation tryReserve(String key, int limit, Duration window, Instant now) {
                return key.startsWith("sms-own-number:") ? null : super.tryReserve(key, limit, window, now);
            }
        };
        SmsCodes limited = builder(sender).hashKey(KEY).sendLimiter(limiter).build();

        assertThatThrownBy(() -> limited.issue(request(T0))).isInstanceOf(SendLimitException.class)
                .hasNoCause().hasMessage("SendLimiter.tryReserve returned null for the limit of the account's own"
                        + " number; no SMS was sent and nothing stays counted");
        assertThat(limiter.released).containsExactly(limiter.granted.get(1), limiter.granted.get(0));
        assertThat(sender.messages).isEmpty();
    }

    @Test
    void issue_nullRequest_throwsNullPointerException() {
        assertThatThrownBy(() -> codes.issue(null)).isInstanceOf(NullPointerException.class);
    }

    /** Grants the first {@code grants} reservations, denies the rest until {@code now + 1 s}. */
    static class RecordingLimiter implements SendLimiter {
        final java.util.List<String> keys = new java.util.ArrayList<>();
        final java.util.List<Integer> limits = new java.util.ArrayList<>();
        final java.util.List<Duration> windows = new java.util.ArrayList<>();
        final java.util.List<Granted> granted = new java.util.ArrayList<>();
        final java.util.List<Granted> released = new java.util.ArrayList<>();
        private int grantsLeft;

        RecordingLimiter(int grants) {
            this.grantsLeft = grants;
        }

        @Override
        public Reservation tryReserve(String key, int limit, Duration window, Instant now) {
            keys.add(key);
            limits.add(limit);
            windows.add(window);
            if (grantsLeft-- > 0) {
                Granted g = new Granted(key, "id-" + keys.size(), now);
                granted.add(g);
                return g;
            }
            return new Denied(key, now.plusSeconds(1));
        }

        @Override
        public void release(Granted reservation) {
            released.add(reservation);
        }
    }
}
