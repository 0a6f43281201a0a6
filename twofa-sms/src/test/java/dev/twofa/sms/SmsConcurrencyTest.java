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
import dev.twofa.core.spi.TwoFactorProfile.SmsChallenge;
import dev.twofa.sms.Fixtures.RecordingSender;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;

/** Backs the "thread-safe once built" claim of {@link SmsCodes} with tests. */
class SmsConcurrencyTest {

    private static final int THREADS = 32;

    private static <T> List<T> atOnce(int threads, java.util.function.IntFunction<Callable<T>> task) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<T> call = task.apply(i);
                futures.add(pool.submit(() -> {
                    barrier.await(10, TimeUnit.SECONDS);
                    return call.call();
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @RepeatedTest(5)
    void issue_32AccountsVerifyingOneNumberAtOnce_exactlyOneSentRestCooldown() throws Exception {
        RecordingSender sender = new RecordingSender();
        SmsCodes codes = builder(sender).build();

        List<Issue> results = atOnce(THREADS, i -> () -> codes.issue(
                request(AccountId.of("account-" + i), NUMBER, SmsPurpose.VERIFY_NUMBER, T0, null)));

        assertThat(results).filteredOn(r -> r instanceof Issue.Sent).hasSize(1);
        assertThat(results).filteredOn(r -> !(r instanceof Issue.Sent)).hasSize(THREADS - 1)
                .allSatisfy(r -> assertThat(r).isEqualTo(new Issue.Refused(Reason.COOLDOWN, T0.plusSeconds(60))));
        assertThat(sender.messages).hasSize(1);
    }

    @RepeatedTest(5)
    void issue_32AccountsVerifyingNumbersOfOnePrefixAtOnce_exactlyPrefixLimitSent() throws Exception {
        RecordingSender sender = new RecordingSender();
        SmsCodes codes = builder(sender).prefixLimit(7, Duration.ofHours(1)).build();

        List<Issue> results = atOnce(THREADS, i -> () -> codes.issue(request(AccountId.of("pump-" + i),
                PhoneNumber.parse(String.format("+420601000%03d", i)), SmsPurpose.VERIFY_NUMBER, T0, null)));

        assertThat(results).filteredOn(r -> r instanceof Issue.Sent).hasSize(7);
        assertThat(results).filteredOn(r -> !(r instanceof Issue.Sent)).hasSize(THREADS - 7)
                .allSatisfy(r -> assertThat(r).isEqualTo(new Issue.Refused(Reason.NUMBER_LIMIT, T0.plusSeconds(3600))));
        assertThat(sender.messages).hasSize(7);
        // The refused sends gave their other slots back: each pumping account may still log in to its own number.
        assertThat(codes.issue(request(AccountId.of("pump-31"), PhoneNumber.parse("+420601000031"), SmsPurpose.LOGIN,
                T0.plusSeconds(30), null))).isInstanceOf(Issue.Sent.class);
    }

    @RepeatedTest(5)
    void issue_32AccountsLoggingInToOneVerifiedNumberAtOnce_exactlyItsLimitAcrossAccountsSent() throws Exception {
        RecordingSender sender = new RecordingSender();
        SmsCodes codes = builder(sender).build();

        List<Issue> results = atOnce(THREADS, i -> () -> codes.issue(request(AccountId.of("holder-" + i), NUMBER,
                i % 2 == 0 ? SmsPurpose.LOGIN : SmsPurpose.STEP_UP, T0, null)));

        assertThat(results).filteredOn(r -> r instanceof Issue.Sent).hasSize(SmsCodes.DEFAULT_SENDS_PER_VERIFIED_NUMBER);
        assertThat(results).filteredOn(r -> !(r instanceof Issue.Sent))
                .hasSize(THREADS - SmsCodes.DEFAULT_SENDS_PER_VERIFIED_NUMBER)
                .allSatisfy(r -> assertThat(r).isEqualTo(new Issue.Refused(Reason.NUMBER_LIMIT, T0.plusSeconds(3600))));
        assertThat(sender.messages).hasSize(SmsCodes.DEFAULT_SENDS_PER_VERIFIED_NUMBER);
    }

    @RepeatedTest(10)
    void issue_31AttackersVerifyingVictimsNumberWhileVictimLogsIn_victimsLoginAlwaysSent() throws Exception {
        RecordingSender sender = new RecordingSender();
        SmsCodes codes = builder(sender).build();
        AccountId victim = AccountId.of("victim");

        for (int round = 0; round < 5; round++) {   // the victim's own-number limit is 5 per hour
            Instant now = T0.plusSeconds(60L * round);
            int r = round;
            List<Issue> results = atOnce(THREADS, i -> () -> i == 0
                    ? codes.issue(request(victim, NUMBER, r % 2 == 0 ? SmsPurpose.LOGIN : SmsPurpose.STEP_UP, now, null))
                    : codes.issue(request(AccountId.of("attacker-" + i), NUMBER, SmsPurpose.VERIFY_NUMBER, now, null)));

            assertThat(results.get(0)).as("round %d", round).isInstanceOf(Issue.Sent.class);
        }
        // Verification sends to the number stopped at its cross-account budget (3 per hour).
        assertThat(sender.messages).filteredOn(m -> m.purpose() == SmsPurpose.VERIFY_NUMBER).hasSize(3);
        assertThat(sender.messages).filteredOn(m -> m.purpose() != SmsPurpose.VERIFY_NUMBER).hasSize(5);
    }

    @RepeatedTest(5)
    void issue_32ThreadsForOneAccountAtOnce_exactlyOneSentByCooldown() throws Exception {
        RecordingSender sender = new RecordingSender();
        SmsCodes codes = builder(sender).build();

        List<Issue> results = atOnce(THREADS, i -> () -> codes.issue(request(Fixtures.ACCOUNT,
                dev.twofa.core.PhoneNumber.parse("+4206010000" + String.format("%02d", i)), SmsPurpose.LOGIN, T0, null)));

        assertThat(results).filteredOn(r -> r instanceof Issue.Sent).hasSize(1);
        assertThat(results).filteredOn(r -> r instanceof Issue.Refused).hasSize(THREADS - 1)
                .allSatisfy(r -> assertThat(r).isEqualTo(new Issue.Refused(Reason.COOLDOWN, T0.plusSeconds(30))));
        assertThat(sender.messages).hasSize(1);
    }

    @RepeatedTest(5)
    void issue_32ThreadsForOneAccountInRoundsSpacedByCooldown_exactlyTenSentByAccountLimit() throws Exception {
        // Each round, 32 threads send for one account at one instant (the cooldown lets one through);
        // rounds are one cooldown apart, so over 12 rounds only the account limit of 10 holds sends back.
        RecordingSender sender = new RecordingSender();
        SmsCodes codes = builder(sender).build();
        List<Issue> all = new ArrayList<>();

        for (int round = 0; round < 12; round++) {
            int r = round;
            Instant now = T0.plusSeconds(30L * round);
            List<Issue> results = atOnce(THREADS, i -> () -> codes.issue(request(Fixtures.ACCOUNT,
                    dev.twofa.core.PhoneNumber.parse(String.format("+420601%03d%03d", r, i)), SmsPurpose.LOGIN,
                    now, null)));
            all.addAll(results);

            Issue.Refused cooldown = new Issue.Refused(Reason.COOLDOWN, now.plusSeconds(30));
            Issue.Refused accountLimit = new Issue.Refused(Reason.ACCOUNT_LIMIT, T0.plus(Duration.ofDays(1)));
            if (round < 10) {
                assertThat(results).filteredOn(x -> x instanceof Issue.Sent).hasSize(1);
                assertThat(results).filteredOn(x -> !(x instanceof Issue.Sent)).hasSize(THREADS - 1)
                        .allSatisfy(x -> assertThat(x).isEqualTo(cooldown));
            } else {
                // Whoever holds the cooldown slot is refused by the account limit and gives the slot back.
                assertThat(results).allSatisfy(x -> assertThat(x).isIn(cooldown, accountLimit));
                assertThat(results).contains(accountLimit);
            }
        }

        assertThat(all).filteredOn(x -> x instanceof Issue.Sent).hasSize(10);
        assertThat(all).allSatisfy(x -> assertThat(x).isInstanceOfAny(Issue.Sent.class, Issue.Refused.class));
        assertThat(sender.messages).hasSize(10);
    }

    @RepeatedTest(20)
    void issue_twoSendsForOneAccountRacing_onlyOneSentOtherRefusedCooldown() throws Exception {
        // Two nodes share one limiter, as SendLimiter asks; each read the profile before the other
        // stored its code, so both pass previousSentAt = null at the same instant.
        SendLimiter shared = new InMemorySendLimiter();
        byte[] key = new byte[SmsCodes.MIN_HASH_KEY_BYTES];
        RecordingSender sender = new RecordingSender();
        SmsCodes nodeA = builder(sender).hashKey(key).sendLimiter(shared).build();
        SmsCodes nodeB = builder(sender).hashKey(key).sendLimiter(shared).build();
        CyclicBarrier barrier = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Issue> a = pool.submit(() -> {
                barrier.await(10, TimeUnit.SECONDS);
                return nodeA.issue(request(Fixtures.ACCOUNT, NUMBER, SmsPurpose.LOGIN, T0, null));
            });
            Future<Issue> b = pool.submit(() -> {
                barrier.await(10, TimeUnit.SECONDS);
                return nodeB.issue(request(Fixtures.ACCOUNT, NUMBER, SmsPurpose.LOGIN, T0, null));
            });
            List<Issue> results = List.of(a.get(30, TimeUnit.SECONDS), b.get(30, TimeUnit.SECONDS));

            assertThat(results).filteredOn(r -> r instanceof Issue.Sent).hasSize(1);
            assertThat(results).filteredOn(r -> r instanceof Issue.Refused)
                    .containsExactly(new Issue.Refused(Reason.COOLDOWN, T0.plusSeconds(30)));
            assertThat(sender.messages).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @RepeatedTest(3)
    void issue_32ThreadsWithFailingSender_failuresNeverCounted() throws Exception {
        // Every other send fails; with 32 concurrent verification sends to numbers of one prefix,
        // the 5 slots of the prefix go only to sends that succeeded, never to failed ones.
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<SmsMessage> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();
        SmsCodes codes = builder(message -> {
            if (calls.incrementAndGet() % 2 == 1) {
                throw new IllegalStateException("flaky gateway");
            }
            delivered.add(message);
        }).prefixLimit(5, Duration.ofHours(1)).build();

        for (int round = 0; round < 10 && delivered.size() < 5; round++) {
            int r = round;
            atOnce(THREADS, i -> () -> codes.issue(request(AccountId.of("a-" + r + "-" + i),
                    PhoneNumber.parse(String.format("+420601%03d%03d", r, i)), SmsPurpose.VERIFY_NUMBER, T0, null)));
        }

        assertThat(delivered).hasSize(5);
        assertThat(codes.issue(request(AccountId.of("late"), PhoneNumber.parse("+420601999999"),
                SmsPurpose.VERIFY_NUMBER, T0, null))).isEqualTo(new Issue.Refused(Reason.NUMBER_LIMIT, T0.plusSeconds(3600)));
    }

    @RepeatedTest(3)
    void matches_32ThreadsOnOneChallenge_allAgree() throws Exception {
        SmsCodes codes = builder(new RecordingSender()).secureRandom(Fixtures.fixedCode(271828)).build();
        SmsChallenge challenge = Fixtures.sent(codes.issue(request(T0)));

        List<Boolean> results = atOnce(THREADS, i -> () -> codes.matches(Fixtures.ACCOUNT, challenge, i % 2 == 0 ? "271828" : "271829"));

        for (int i = 0; i < THREADS; i++) {
            assertThat(results.get(i)).isEqualTo(i % 2 == 0);
        }
    }
}
