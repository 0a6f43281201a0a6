package dev.twofa.sms;

import static dev.twofa.sms.Fixtures.NUMBER;
import static dev.twofa.sms.Fixtures.T0;
import static dev.twofa.sms.Fixtures.builder;
import static dev.twofa.sms.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.AccountId;
import dev.twofa.core.PhoneNumber;
import dev.twofa.core.SmsNotSent.Reason;
import dev.twofa.core.SmsPurpose;
import dev.twofa.core.spi.SmsCodeChannel.Issue;
import dev.twofa.sms.Fixtures.RecordingSender;
import dev.twofa.sms.SmsCodesIssueTest.RecordingLimiter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SECURITY.md 15a: no account can use up another account's SMS budget; pumping is capped per prefix. */
class SmsCodesSendLimitsTest {

    private static final AccountId VICTIM = AccountId.of("victim");
    private static final AccountId ATTACKER = AccountId.of("attacker");
    private static final PhoneNumber OTHER = PhoneNumber.parse("+420 777 000 111");

    private final RecordingSender sender = new RecordingSender();
    private final SmsCodes codes = builder(sender).build();

    @Test
    void issue_attackerVerifiesVictimsNumberUntilRefused_victimsLoginAndStepUpStillSent() {
        // The attacker added the victim's number to its own account and asks for verification codes,
        // one per cooldown, until it is refused.
        Instant now = T0;
        List<Issue> attacks = new ArrayList<>();
        Issue last;
        do {
            last = codes.issue(request(ATTACKER, NUMBER, SmsPurpose.VERIFY_NUMBER, now, null));
            attacks.add(last);
            now = now.plusSeconds(60);
        } while (last instanceof Issue.Sent && attacks.size() < 100);

        assertThat(last).isEqualTo(new Issue.Refused(Reason.NUMBER_LIMIT, T0.plus(Duration.ofHours(1))));
        assertThat(attacks).filteredOn(a -> a instanceof Issue.Sent).hasSize(SmsCodes.DEFAULT_VERIFICATION_SENDS_PER_NUMBER);
        // Other attacker accounts are refused too: the budget is the number's, across accounts.
        assertThat(codes.issue(request(AccountId.of("attacker-2"), NUMBER, SmsPurpose.VERIFY_NUMBER, now, null)))
                .isEqualTo(new Issue.Refused(Reason.NUMBER_LIMIT, T0.plus(Duration.ofHours(1))));

        assertThat(codes.issue(request(VICTIM, NUMBER, SmsPurpose.LOGIN, now, null))).isInstanceOf(Issue.Sent.class);
        assertThat(codes.issue(request(VICTIM, NUMBER, SmsPurpose.STEP_UP, now.plusSeconds(30), null)))
                .isInstanceOf(Issue.Sent.class);
        assertThat(sender.messages).filteredOn(m -> m.purpose() != SmsPurpose.VERIFY_NUMBER).hasSize(2);
    }

    @Test
    void issue_manyAttackerAccountsVerifyVictimsNumber_victimGetsAllFiveLoginCodesOfTheHour() {
        for (int i = 0; i < 50; i++) {
            codes.issue(request(AccountId.of("attacker-" + i), NUMBER, SmsPurpose.VERIFY_NUMBER, T0.plusSeconds(i), null));
        }

        for (int i = 0; i < SmsCodes.DEFAULT_SENDS_PER_NUMBER; i++) {
            assertThat(codes.issue(request(VICTIM, NUMBER, SmsPurpose.LOGIN, T0.plusSeconds(30L * i), null)))
                    .as("login %d", i).isInstanceOf(Issue.Sent.class);
        }
        assertThat(codes.issue(request(VICTIM, NUMBER, SmsPurpose.LOGIN, T0.plusSeconds(150), null)))
                .isEqualTo(new Issue.Refused(Reason.NUMBER_LIMIT, T0.plus(Duration.ofHours(1))));
    }

    @Test
    void issue_othersLoginToSameNumber_neverCountAgainstAccountsOwnNumberLimit() {
        // A number shared by several accounts (a family phone): each account has its own budget. The
        // others send more than one account's own-number budget, and stay within the number's budget
        // across accounts (its own tests are below).
        int others = SmsCodes.DEFAULT_SENDS_PER_VERIFIED_NUMBER - 1;
        assertThat(others).isGreaterThan(SmsCodes.DEFAULT_SENDS_PER_NUMBER);
        for (int i = 0; i < others; i++) {
            assertThat(codes.issue(request(AccountId.of("family-" + i), NUMBER, SmsPurpose.LOGIN, T0, null)))
                    .isInstanceOf(Issue.Sent.class);
        }
        assertThat(codes.issue(request(VICTIM, NUMBER, SmsPurpose.LOGIN, T0, null))).isInstanceOf(Issue.Sent.class);
    }

    @Test
    void issue_victimsOwnLogins_neverUseUpVerificationBudgetOfTheNumber() {
        for (int i = 0; i < SmsCodes.DEFAULT_SENDS_PER_NUMBER; i++) {
            codes.issue(request(VICTIM, NUMBER, SmsPurpose.LOGIN, T0.plusSeconds(30L * i), null));
        }
        assertThat(codes.issue(request(AccountId.of("new-owner"), NUMBER, SmsPurpose.VERIFY_NUMBER, T0, null)))
                .isInstanceOf(Issue.Sent.class);
    }

    @Test
    void issue_verificationToOneNumberFromTwoAccounts_secondWaitsForNumbersCooldown() {
        assertThat(codes.issue(request(ATTACKER, NUMBER, SmsPurpose.VERIFY_NUMBER, T0, null))).isInstanceOf(Issue.Sent.class);

        assertThat(codes.issue(request(AccountId.of("attacker-2"), NUMBER, SmsPurpose.VERIFY_NUMBER,
                T0.plusSeconds(59), null))).isEqualTo(new Issue.Refused(Reason.COOLDOWN, T0.plusSeconds(60)));
        assertThat(codes.issue(request(AccountId.of("attacker-2"), NUMBER, SmsPurpose.VERIFY_NUMBER,
                T0.plusSeconds(60), null))).isInstanceOf(Issue.Sent.class);
    }

    @Test
    void issue_configuredVerificationLimits_areApplied() {
        SmsCodes strict = builder(sender).verificationCooldown(Duration.ofSeconds(5))
                .verificationNumberLimit(2, Duration.ofMinutes(10)).build();

        assertThat(strict.issue(request(AccountId.of("a"), NUMBER, SmsPurpose.VERIFY_NUMBER, T0, null)))
                .isInstanceOf(Issue.Sent.class);
        assertThat(strict.issue(request(AccountId.of("b"), NUMBER, SmsPurpose.VERIFY_NUMBER, T0.plusSeconds(4), null)))
                .isEqualTo(new Issue.Refused(Reason.COOLDOWN, T0.plusSeconds(5)));
        assertThat(strict.issue(request(AccountId.of("b"), NUMBER, SmsPurpose.VERIFY_NUMBER, T0.plusSeconds(5), null)))
                .isInstanceOf(Issue.Sent.class);
        assertThat(strict.issue(request(AccountId.of("c"), NUMBER, SmsPurpose.VERIFY_NUMBER, T0.plusSeconds(10), null)))
                .isEqualTo(new Issue.Refused(Reason.NUMBER_LIMIT, T0.plus(Duration.ofMinutes(10))));
    }

    @Test
    void issue_prefixVelocityAcross50Accounts_refusedAfterLimitOtherPrefixAndLoginsUnaffected() {
        List<Issue> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            PhoneNumber pumped = PhoneNumber.parse(String.format("+420601000%03d", i));
            results.add(codes.issue(request(AccountId.of("pump-" + i), pumped, SmsPurpose.VERIFY_NUMBER,
                    T0.plusSeconds(i), null)));
        }

        assertThat(results.subList(0, SmsCodes.DEFAULT_SENDS_PER_PREFIX)).allMatch(r -> r instanceof Issue.Sent);
        assertThat(results.subList(SmsCodes.DEFAULT_SENDS_PER_PREFIX, 50))
                .allSatisfy(r -> assertThat(r).isEqualTo(new Issue.Refused(Reason.NUMBER_LIMIT, T0.plus(Duration.ofHours(1)))));
        assertThat(sender.messages).hasSize(SmsCodes.DEFAULT_SENDS_PER_PREFIX);
        // +420 602 is another prefix; a login to an account's own number in the pumped prefix is not counted there.
        assertThat(codes.issue(request(AccountId.of("pump-50"), PhoneNumber.parse("+420602000000"),
                SmsPurpose.VERIFY_NUMBER, T0.plusSeconds(50), null))).isInstanceOf(Issue.Sent.class);
        assertThat(codes.issue(request(VICTIM, PhoneNumber.parse("+420601999999"), SmsPurpose.LOGIN,
                T0.plusSeconds(50), null))).isInstanceOf(Issue.Sent.class);
        // The window slides: once the first send is an hour old, one more verification gets through.
        assertThat(codes.issue(request(AccountId.of("pump-51"), PhoneNumber.parse("+420601000051"),
                SmsPurpose.VERIFY_NUMBER, T0.plus(Duration.ofHours(1)), null))).isInstanceOf(Issue.Sent.class);
    }

    @Test
    void issue_prefixDigitsZero_countsPerCallingCode() {
        SmsCodes perCallingCode = builder(sender).prefixDigits(0).prefixLimit(2, Duration.ofHours(1)).build();

        assertThat(perCallingCode.issue(request(AccountId.of("a"), PhoneNumber.parse("+420601000001"),
                SmsPurpose.VERIFY_NUMBER, T0, null))).isInstanceOf(Issue.Sent.class);
        assertThat(perCallingCode.issue(request(AccountId.of("b"), PhoneNumber.parse("+420777000002"),
                SmsPurpose.VERIFY_NUMBER, T0, null))).isInstanceOf(Issue.Sent.class);
        assertThat(perCallingCode.issue(request(AccountId.of("c"), PhoneNumber.parse("+420731000003"),
                SmsPurpose.VERIFY_NUMBER, T0, null))).isEqualTo(new Issue.Refused(Reason.NUMBER_LIMIT, T0.plus(Duration.ofHours(1))));
        assertThat(perCallingCode.issue(request(AccountId.of("d"), PhoneNumber.parse("+421901000004"),
                SmsPurpose.VERIFY_NUMBER, T0, null))).isInstanceOf(Issue.Sent.class);
    }

    @Test
    void issue_prefixLongerThanNumber_wholeNumberIsThePrefix() {
        // A national part shorter than the prefix digits (mobiles of Saint Helena have 5 digits, of
        // Tokelau 4): the whole number is its prefix.
        SmsCodes sixDigits = builder(sender).prefixDigits(6).prefixLimit(1, Duration.ofHours(1)).build();

        assertThat(sixDigits.issue(request(AccountId.of("a"), PhoneNumber.parse("+420601000101"),
                SmsPurpose.VERIFY_NUMBER, T0, null))).isInstanceOf(Issue.Sent.class);
        assertThat(sixDigits.issue(request(AccountId.of("b"), PhoneNumber.parse("+420601000202"),
                SmsPurpose.VERIFY_NUMBER, T0, null))).isEqualTo(new Issue.Refused(Reason.NUMBER_LIMIT, T0.plus(Duration.ofHours(1))));
        assertThat(sixDigits.issue(request(AccountId.of("c"), PhoneNumber.parse("+420602000202"),
                SmsPurpose.VERIFY_NUMBER, T0, null))).isInstanceOf(Issue.Sent.class);
        assertThat(sixDigits.issue(request(AccountId.of("d"), PhoneNumber.parse("+29051234"),
                SmsPurpose.VERIFY_NUMBER, T0, null))).isInstanceOf(Issue.Sent.class);
        assertThat(sixDigits.issue(request(AccountId.of("e"), PhoneNumber.parse("+29061234"),
                SmsPurpose.VERIFY_NUMBER, T0, null))).isInstanceOf(Issue.Sent.class);
        assertThat(sixDigits.issue(request(AccountId.of("f"), PhoneNumber.parse("+6907290"),
                SmsPurpose.VERIFY_NUMBER, T0, null))).isInstanceOf(Issue.Sent.class);
    }

    @Test
    void issue_verification_reservesCooldownAccountNumberCooldownNumberPrefixInOrder() {
        RecordingLimiter limiter = new RecordingLimiter(5);
        builder(sender).hashKey(SmsCodesIssueTest.KEY).sendLimiter(limiter).build()
                .issue(request(ATTACKER, NUMBER, SmsPurpose.VERIFY_NUMBER, T0, null));

        // the account's own keys first, then the keys other accounts share
        assertThat(limiter.keys).extracting(k -> k.substring(0, k.indexOf(':')))
                .containsExactly("sms-cooldown", "sms-account", "sms-verify-cooldown", "sms-verify-number", "sms-prefix");
        assertThat(limiter.limits).containsExactly(1, 10, 1, 3, 20);
        assertThat(limiter.windows).containsExactly(Duration.ofSeconds(30), Duration.ofDays(1),
                Duration.ofSeconds(60), Duration.ofHours(1), Duration.ofHours(1));
        assertThat(limiter.keys).allSatisfy(k -> assertThat(k).hasSizeLessThanOrEqualTo(64)
                .doesNotContain("601123456").doesNotContain(ATTACKER.value()));
        assertThat(limiter.released).isEmpty();
        assertThat(sender.messages).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(value = SmsPurpose.class, names = {"LOGIN", "STEP_UP"})
    void issue_ownNumberKey_differsPerAccountAndPerNumber(SmsPurpose purpose) {
        RecordingLimiter limiter = new RecordingLimiter(100);
        SmsCodes limited = builder(sender).hashKey(SmsCodesIssueTest.KEY).sendLimiter(limiter).build();

        limited.issue(request(VICTIM, NUMBER, purpose, T0, null));
        limited.issue(request(ATTACKER, NUMBER, purpose, T0, null));
        limited.issue(request(VICTIM, PhoneNumber.parse("+420601123457"), purpose, T0.plusSeconds(30), null));

        assertThat(limiter.keys).filteredOn(k -> k.startsWith("sms-own-number:")).hasSize(3).doesNotHaveDuplicates();
        assertThat(limiter.keys).noneMatch(k -> k.startsWith("sms-verify") || k.startsWith("sms-prefix"));
    }

    @Test
    void issue_verificationDeniedAtPrefix_releasesEarlierSlotsNewestFirst() {
        RecordingLimiter limiter = new RecordingLimiter(4);
        SmsCodes limited = builder(sender).hashKey(SmsCodesIssueTest.KEY).sendLimiter(limiter).build();

        assertThat(limited.issue(request(ATTACKER, NUMBER, SmsPurpose.VERIFY_NUMBER, T0, null)))
                .isEqualTo(new Issue.Refused(Reason.NUMBER_LIMIT, T0.plusSeconds(1)));
        assertThat(limiter.keys).hasSize(5);
        assertThat(limiter.keys.get(4)).startsWith("sms-prefix:");
        assertThat(limiter.released).containsExactly(limiter.granted.get(3), limiter.granted.get(2),
                limiter.granted.get(1), limiter.granted.get(0));
        assertThat(sender.messages).isEmpty();
    }

    @Test
    void issue_elevenAccountsThatVerifiedOneNumber_loginsStopAtTenPerHourOtherNumberUnaffected() {
        // Eleven accounts that all verified one number (a pumper's, or a big family's) log in to it.
        for (int i = 0; i < SmsCodes.DEFAULT_SENDS_PER_VERIFIED_NUMBER; i++) {
            assertThat(codes.issue(request(AccountId.of("holder-" + i), NUMBER, SmsPurpose.LOGIN,
                    T0.plus(Duration.ofMinutes(i)), null))).as("login %d", i).isInstanceOf(Issue.Sent.class);
        }
        AccountId eleventh = AccountId.of("holder-10");

        // Its own first login to the number: only the number's budget across accounts refuses it.
        assertThat(codes.issue(request(eleventh, NUMBER, SmsPurpose.LOGIN, T0.plus(Duration.ofMinutes(10)), null)))
                .isEqualTo(new Issue.Refused(Reason.NUMBER_LIMIT, T0.plus(Duration.ofHours(1))));
        assertThat(codes.issue(request(VICTIM, NUMBER, SmsPurpose.STEP_UP, T0.plus(Duration.ofMinutes(10)), null)))
                .isEqualTo(new Issue.Refused(Reason.NUMBER_LIMIT, T0.plus(Duration.ofHours(1))));

        // Another number's logins are unaffected, the refused account's at the same instant too.
        assertThat(codes.issue(request(eleventh, OTHER, SmsPurpose.LOGIN, T0.plus(Duration.ofMinutes(10)), null)))
                .isInstanceOf(Issue.Sent.class);
        assertThat(codes.issue(request(VICTIM, OTHER, SmsPurpose.STEP_UP, T0.plus(Duration.ofMinutes(10)), null)))
                .isInstanceOf(Issue.Sent.class);
        // The window slides: once the first login is an hour old, one more gets through.
        assertThat(codes.issue(request(eleventh, NUMBER, SmsPurpose.LOGIN, T0.plus(Duration.ofHours(1)), null)))
                .isInstanceOf(Issue.Sent.class);
        assertThat(sender.messages).filteredOn(m -> m.destination().equals(NUMBER))
                .hasSize(SmsCodes.DEFAULT_SENDS_PER_VERIFIED_NUMBER + 1);
    }

    @Test
    void issue_loginAndStepUpToOneNumber_shareItsBudgetAcrossAccounts() {
        for (int i = 0; i < SmsCodes.DEFAULT_SENDS_PER_VERIFIED_NUMBER; i++) {
            SmsPurpose purpose = i % 2 == 0 ? SmsPurpose.LOGIN : SmsPurpose.STEP_UP;
            assertThat(codes.issue(request(AccountId.of("holder-" + i), NUMBER, purpose, T0, null)))
                    .as("%s %d", purpose, i).isInstanceOf(Issue.Sent.class);
        }

        assertThat(codes.issue(request(AccountId.of("holder-10"), NUMBER, SmsPurpose.STEP_UP, T0, null)))
                .isEqualTo(new Issue.Refused(Reason.NUMBER_LIMIT, T0.plus(Duration.ofHours(1))));
    }

    @Test
    void issue_verificationSendsToNumber_neverCountAgainstItsLoginBudgetAcrossAccounts() {
        // Accounts that only asked for verification codes never received one: they cannot use it up.
        for (int i = 0; i < 20; i++) {
            codes.issue(request(AccountId.of("attacker-" + i), NUMBER, SmsPurpose.VERIFY_NUMBER,
                    T0.plus(Duration.ofMinutes(i)), null));
        }
        assertThat(sender.messages).hasSize(SmsCodes.DEFAULT_VERIFICATION_SENDS_PER_NUMBER);

        for (int i = 0; i < SmsCodes.DEFAULT_SENDS_PER_VERIFIED_NUMBER; i++) {
            assertThat(codes.issue(request(AccountId.of("holder-" + i), NUMBER, SmsPurpose.LOGIN,
                    T0.plus(Duration.ofMinutes(20)), null))).as("login %d", i).isInstanceOf(Issue.Sent.class);
        }
    }

    @Test
    void issue_configuredVerifiedNumberLimit_isApplied() {
        SmsCodes strict = builder(sender).verifiedNumberLimit(2, Duration.ofMinutes(10)).build();

        assertThat(strict.issue(request(AccountId.of("a"), NUMBER, SmsPurpose.LOGIN, T0, null)))
                .isInstanceOf(Issue.Sent.class);
        assertThat(strict.issue(request(AccountId.of("b"), NUMBER, SmsPurpose.STEP_UP, T0.plusSeconds(1), null)))
                .isInstanceOf(Issue.Sent.class);
        assertThat(strict.issue(request(AccountId.of("c"), NUMBER, SmsPurpose.LOGIN, T0.plusSeconds(2), null)))
                .isEqualTo(new Issue.Refused(Reason.NUMBER_LIMIT, T0.plus(Duration.ofMinutes(10))));
        assertThat(strict.issue(request(AccountId.of("c"), NUMBER, SmsPurpose.LOGIN, T0.plus(Duration.ofMinutes(10)),
                null))).isInstanceOf(Issue.Sent.class);
    }

    @Test
    void issue_verifiedNumberKey_sharedAcrossAccountsAndDiffersPerNumber() {
        RecordingLimiter limiter = new RecordingLimiter(100);
        SmsCodes limited = builder(sender).hashKey(SmsCodesIssueTest.KEY).sendLimiter(limiter).build();

        limited.issue(request(VICTIM, NUMBER, SmsPurpose.LOGIN, T0, null));
        limited.issue(request(ATTACKER, NUMBER, SmsPurpose.STEP_UP, T0, null));
        limited.issue(request(VICTIM, OTHER, SmsPurpose.LOGIN, T0.plusSeconds(30), null));

        List<String> keys = limiter.keys.stream().filter(k -> k.startsWith("sms-verified-number:")).toList();
        assertThat(keys).hasSize(3).allSatisfy(k -> assertThat(k).hasSizeLessThanOrEqualTo(64)
                .doesNotContain("601123456").doesNotContain("777000111"));
        assertThat(keys.get(0)).isEqualTo(keys.get(1)).isNotEqualTo(keys.get(2));
        assertThat(limiter.limits.get(limiter.keys.indexOf(keys.get(0))))
                .isEqualTo(SmsCodes.DEFAULT_SENDS_PER_VERIFIED_NUMBER);
    }

    @ParameterizedTest
    @EnumSource(SmsPurpose.class)
    void issue_accountOverDailyLimit_refusedWithoutEverReservingKeysOtherAccountsShare(SmsPurpose purpose) {
        KeyRecordingLimiter limiter = new KeyRecordingLimiter();
        SmsCodes limited = builder(sender).hashKey(SmsCodesIssueTest.KEY).sendLimiter(limiter).build();
        for (int i = 0; i < SmsCodes.DEFAULT_SENDS_PER_ACCOUNT; i++) {   // one login an hour: only the day's limit fills
            assertThat(limited.issue(request(ATTACKER, NUMBER, SmsPurpose.LOGIN, T0.plus(Duration.ofHours(i)), null)))
                    .as("login %d", i).isInstanceOf(Issue.Sent.class);
        }
        limiter.keys.clear();
        Instant now = T0.plus(Duration.ofHours(10));

        assertThat(limited.issue(request(ATTACKER, OTHER, purpose, now, null)))
                .isEqualTo(new Issue.Refused(Reason.ACCOUNT_LIMIT, T0.plus(Duration.ofDays(1))));

        // The refused account never held a slot of the number or its prefix, not even for a moment.
        assertThat(limiter.keys).extracting(k -> k.substring(0, k.indexOf(':')))
                .containsExactly("sms-cooldown", "sms-account");
        // So another account verifies that number at the same instant, with no number cooldown in its way.
        assertThat(limited.issue(request(VICTIM, OTHER, SmsPurpose.VERIFY_NUMBER, now, null)))
                .isInstanceOf(Issue.Sent.class);
    }

    /** An {@link InMemorySendLimiter} that records every key it is asked to reserve. Thread-safe. */
    static final class KeyRecordingLimiter implements SendLimiter {
        final List<String> keys = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final InMemorySendLimiter delegate = new InMemorySendLimiter();

        @Override
        public Reservation tryReserve(String key, int limit, Duration window, Instant now) {
            keys.add(key);
            return delegate.tryReserve(key, limit, window, now);
        }

        @Override
        public void release(Granted reservation) {
            delegate.release(reservation);
        }
    }

    @Test
    void issue_limitRefusalLogsWarn_cooldownRefusalLogsDebug_neitherShowsNumber() {
        try (LogCapture logs = new LogCapture()) {
            codes.issue(request(ATTACKER, NUMBER, SmsPurpose.VERIFY_NUMBER, T0, null));
            codes.issue(request(AccountId.of("attacker-2"), NUMBER, SmsPurpose.VERIFY_NUMBER, T0, null));
            assertThat(logs.events(ch.qos.logback.classic.Level.WARN)).isEmpty();
            assertThat(logs.events(ch.qos.logback.classic.Level.DEBUG))
                    .anySatisfy(e -> assertThat(e.getFormattedMessage())
                            .startsWith("SMS code not sent: verification cooldown of the number until " + T0.plusSeconds(60)));

            SmsCodes strict = builder(sender).prefixLimit(1, Duration.ofHours(1)).build();
            strict.issue(request(AccountId.of("a"), NUMBER, SmsPurpose.VERIFY_NUMBER, T0, null));
            strict.issue(request(AccountId.of("b"), PhoneNumber.parse("+420601000000"), SmsPurpose.VERIFY_NUMBER, T0, null));

            assertThat(logs.events(ch.qos.logback.classic.Level.WARN)).singleElement()
                    .satisfies(e -> assertThat(e.getFormattedMessage()).isEqualTo("SMS code not sent: verification limit "
                            + "of the prefix reached, 1 per PT1H (account b, destination +420 *** *** 000, purpose VERIFY_NUMBER)"));
            assertThat(logs.allText()).doesNotContain(NUMBER.e164()).doesNotContain("601000000");
        }
    }

    @Test
    void issue_policyRefusesStoredNumber_refusedDestinationNotAllowedBeforeAnySlot() {
        RecordingLimiter limiter = new RecordingLimiter(100);
        SmsCodes guarded = builder(sender).hashKey(SmsCodesIssueTest.KEY).sendLimiter(limiter)
                .phoneNumbers(PhoneNumbers.builder().allowRegions("CZ", "SK").build()).build();

        // A fixed line and a German mobile, stored before the policy came in.
        assertThat(guarded.issue(request(VICTIM, PhoneNumber.parse("+420212345678"), SmsPurpose.LOGIN, T0, null)))
                .isEqualTo(new Issue.Refused(Reason.DESTINATION_NOT_ALLOWED, Instant.MAX));
        assertThat(guarded.issue(request(VICTIM, PhoneNumber.parse("+4915123456789"), SmsPurpose.VERIFY_NUMBER, T0, null)))
                .isEqualTo(new Issue.Refused(Reason.DESTINATION_NOT_ALLOWED, Instant.MAX));
        // A number that no longer exists in the numbering plan.
        assertThat(guarded.issue(request(VICTIM, PhoneNumber.parse("+4200601123456"), SmsPurpose.LOGIN, T0, null)))
                .isEqualTo(new Issue.Refused(Reason.DESTINATION_NOT_ALLOWED, Instant.MAX));
        assertThat(limiter.keys).isEmpty();
        assertThat(guarded.issue(request(VICTIM, NUMBER, SmsPurpose.LOGIN, T0, null))).isInstanceOf(Issue.Sent.class);
        assertThat(sender.messages).hasSize(1);
        assertThat(guarded.toString()).contains("phoneNumbers=PhoneNumbers[");
    }

    @Test
    void issue_policyReadsNumberAsAnother_refused() {
        SmsCodes guarded = builder(sender).phoneNumbers(typed -> PhoneNumber.parse("+420601000000")).build();

        assertThat(guarded.issue(request(VICTIM, NUMBER, SmsPurpose.LOGIN, T0, null)))
                .isEqualTo(new Issue.Refused(Reason.DESTINATION_NOT_ALLOWED, Instant.MAX));
        assertThat(sender.messages).isEmpty();
    }
}
