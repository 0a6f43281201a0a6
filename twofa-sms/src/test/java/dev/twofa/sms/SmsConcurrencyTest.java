package dev.twofa.sms;

import static dev.twofa.sms.Fixtures.NUMBER;
import static dev.twofa.sms.Fixtures.T0;
import static dev.twofa.sms.Fixtures.builder;
import static dev.twofa.sms.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.AccountId;
import dev.twofa.core.SmsNotSent.Reason;
import dev.twofa.core.SmsPurpose;
import dev.twofa.core.spi.SmsCodeChannel.Issue;
import dev.twofa.core.spi.TwoFactorProfile.SmsChallenge;
import dev.twofa.sms.Fixtures.RecordingSender;
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
    void issue_32ThreadsToOneNumberAtOnce_exactlyFiveSent() throws Exception {
        RecordingSender sender = new RecordingSender();
        SmsCodes codes = builder(sender).build();

        List<Issue> results = atOnce(THREADS, i -> () -> codes.issue(
                request(AccountId.of("account-" + i), NUMBER, SmsPurpose.LOGIN, T0, null)));

        assertThat(results).filteredOn(r -> r instanceof Issue.Sent).hasSize(5);
        assertThat(results).filteredOn(r -> r instanceof Issue.Refused refused
                && refused.reason() == Reason.NUMBER_LIMIT).hasSize(THREADS - 5);
        assertThat(sender.messages).hasSize(5);
    }

    @RepeatedTest(5)
    void issue_32ThreadsForOneAccountAtOnce_exactlyTenSent() throws Exception {
        RecordingSender sender = new RecordingSender();
        SmsCodes codes = builder(sender).build();

        List<Issue> results = atOnce(THREADS, i -> () -> codes.issue(request(Fixtures.ACCOUNT,
                dev.twofa.core.PhoneNumber.parse("+4206010000" + String.format("%02d", i)), SmsPurpose.LOGIN, T0, null)));

        assertThat(results).filteredOn(r -> r instanceof Issue.Sent).hasSize(10);
        assertThat(sender.messages).hasSize(10);
    }

    @RepeatedTest(3)
    void issue_32ThreadsWithFailingSender_failuresNeverCounted() throws Exception {
        // Every other send fails; with 32 concurrent callers to one number, the 5 slots go only to
        // sends that succeeded, never to failed ones.
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<SmsMessage> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();
        SmsCodes codes = builder(message -> {
            if (calls.incrementAndGet() % 2 == 1) {
                throw new IllegalStateException("flaky gateway");
            }
            delivered.add(message);
        }).build();

        for (int round = 0; round < 10 && delivered.size() < 5; round++) {
            int r = round;
            atOnce(THREADS, i -> () -> codes.issue(
                    request(AccountId.of("a-" + r + "-" + i), NUMBER, SmsPurpose.LOGIN, T0, null)));
        }

        assertThat(delivered).hasSize(5);
        assertThat(codes.issue(request(AccountId.of("late"), NUMBER, SmsPurpose.LOGIN, T0, null)))
                .isInstanceOf(Issue.Refused.class);
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
