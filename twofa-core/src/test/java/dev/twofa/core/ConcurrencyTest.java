package dev.twofa.core;

import static dev.twofa.core.fixtures.Fixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.fixtures.FakeTotpChannel;
import dev.twofa.core.fixtures.Fixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Many threads on two service instances ("nodes") sharing one store (SECURITY 25, 32): a code is
 * accepted once, failures are counted exactly and parallel guesses cannot overshoot the lock.
 * Threads start together at a {@link CyclicBarrier}; the clock stands still during a race.
 */
class ConcurrencyTest {

    private static final int THREADS = 32;
    private static final int ROUNDS = 20;
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void completeLogin_oneValidTotpCodeFrom32ThreadsOnTwoNodes_exactlyOneVerifiedRestReplayOrThrottled() throws Exception {
        Fixture f = new Fixture();
        TwoFactorService[] nodes = {f.service, f.newNode()};
        String key = f.totpActive();

        for (int round = 0; round < ROUNDS; round++) {
            f.clock.advance(Duration.ofSeconds(30));
            String code = f.appCode(key);
            int replaysBefore = count(f, TwoFactorEvent.Type.REPLAY_REFUSED);

            List<VerifyResult> results = race(THREADS, i -> nodes[i % 2].completeLogin(ALICE, code));

            assertThat(results.stream().filter(VerifyResult::verified)).as("round %d", round).hasSize(1);
            // Every other submission is refused: as a REPLAY (counted as a failure) or, once the
            // counted tries reach the delay (tries count before the code is checked, and the
            // previous round's replays still count until the success resets them), Throttled.
            long replays = results.stream().filter(r -> r instanceof Rejected rj && rj.reason() == Rejected.Reason.REPLAY)
                    .count();
            assertThat(replays).isLessThan(THREADS);
            assertThat(results).allMatch(r -> r.verified() || r instanceof Throttled
                    || r instanceof Rejected rj && rj.reason() == Rejected.Reason.REPLAY);
            assertThat(count(f, TwoFactorEvent.Type.REPLAY_REFUSED) - replaysBefore).isEqualTo(replays);
            assertThat(f.store.get(ALICE).totp().lastAcceptedStep()).isEqualTo(FakeTotpChannel.step(f.clock.instant()));
        }
        assertThat(count(f, TwoFactorEvent.Type.LOGIN_SUCCEEDED)).isEqualTo(ROUNDS);
    }

    @Test
    void completeLogin_oneValidSmsCodeFrom32ThreadsOnTwoNodes_exactlyOneVerifiedRestExpired() throws Exception {
        Fixture f = new Fixture();
        TwoFactorService[] nodes = {f.service, f.newNode()};
        f.smsActive();

        for (int round = 0; round < ROUNDS; round++) {
            f.clock.advance(Duration.ofSeconds(31));
            assertThat(nodes[round % 2].beginLogin(ALICE)).isInstanceOf(SmsSent.class);
            String code = f.lastSms();

            List<VerifyResult> results = race(THREADS, i -> nodes[i % 2].completeLogin(ALICE, code));

            assertThat(results.stream().filter(VerifyResult::verified)).as("round %d", round).hasSize(1);
            // the rest: Expired (the code was used) or, when four tries were counted at once and not
            // yet settled, Throttled (tries count before the code is checked)
            assertThat(results).filteredOn(r -> !r.verified()).hasSize(THREADS - 1)
                    .allMatch(r -> r instanceof Expired || r instanceof Throttled);
            assertThat(results.stream().filter(r -> r instanceof Expired)).hasSizeGreaterThan(THREADS / 2);
            assertThat(f.store.get(ALICE).smsChallenge().attemptsLeft()).isZero();
            assertThat(f.service.status(ALICE).consecutiveFailures()).as("a used code is not a failure").isZero();
        }
        assertThat(count(f, TwoFactorEvent.Type.LOGIN_SUCCEEDED)).isEqualTo(ROUNDS);
    }

    @Test
    void completeLogin_200ParallelWrongGuessesAgainstLockAfter10_exactlyTenEvaluated() throws Exception {
        // freeFailures 9: no delay before the lock, so only the lock bounds the guesses
        LockoutPolicy policy = new LockoutPolicy(9, Duration.ofMinutes(15), 10, HOUR, 30);
        Fixture f = new Fixture(b -> b.lockoutPolicy(policy));
        TwoFactorService[] nodes = {f.service, secondNode(f, policy)};
        String key = f.totpActive();
        f.totp.verifyCalls.set(0);
        List<String> guesses = wrongCodes(key, f.clock.instant(), 200);
        Instant until = f.clock.instant().plus(HOUR);

        List<VerifyResult> results = race(200, i -> nodes[i % 2].completeLogin(ALICE, guesses.get(i)));

        List<Rejected> rejected = results.stream().filter(r -> r instanceof Rejected).map(r -> (Rejected) r).toList();
        assertThat(rejected).hasSize(9);
        assertThat(rejected.stream().map(Rejected::attemptsLeft).collect(Collectors.toSet()))
                .as("each evaluated guess saw its own count").containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(results).filteredOn(r -> !(r instanceof Rejected)).hasSize(191).allMatch(new LockedOut(until)::equals);
        assertThat(f.store.get(ALICE).failures().consecutive()).as("never past the policy's limit").isEqualTo(10);
        assertThat(count(f, TwoFactorEvent.Type.CODE_REJECTED)).as("evaluated and counted guesses").isEqualTo(10);
        assertThat(count(f, TwoFactorEvent.Type.LOCKED_OUT)).isEqualTo(1);
        assertThat(results).noneMatch(VerifyResult::verified);
        // Each try is counted in the store before its code is looked at, so the channel checked
        // exactly the 10 codes the policy allows, however the 200 threads interleaved.
        assertThat(f.totp.verifyCalls).hasValue(10);
    }

    @Test
    void completeLogin_200ParallelWrongGuessesDefaultPolicy_delayStopsAfterFour() throws Exception {
        Fixture f = new Fixture();
        TwoFactorService[] nodes = {f.service, f.newNode()};
        String key = f.totpActive();
        List<String> guesses = wrongCodes(key, f.clock.instant(), 200);

        List<VerifyResult> results = race(200, i -> nodes[i % 2].completeLogin(ALICE, guesses.get(i)));

        assertThat(results).filteredOn(r -> r instanceof Rejected).hasSize(4);
        assertThat(results).filteredOn(r -> !(r instanceof Rejected)).hasSize(196)
                .allMatch(new Throttled(f.clock.instant().plusSeconds(2))::equals);
        assertThat(f.store.get(ALICE).failures().consecutive()).isEqualTo(4);
    }

    @Test
    void failureCount_tenConcurrentWrongGuessesWithoutDelay_countsExactlyTenEachRound() throws Exception {
        LockoutPolicy policy = new LockoutPolicy(10, Duration.ofMinutes(1), 20, HOUR, 20);
        Fixture f = new Fixture(b -> b.lockoutPolicy(policy));
        TwoFactorService[] nodes = {f.service, secondNode(f, policy)};
        String key = f.totpActive();

        for (int round = 0; round < ROUNDS; round++) {
            f.clock.advance(Duration.ofSeconds(30));
            List<String> guesses = wrongCodes(key, f.clock.instant(), 10);

            List<VerifyResult> results = race(10, i -> nodes[i % 2].completeLogin(ALICE, guesses.get(i)));

            assertThat(results).allMatch(r -> r instanceof Rejected);
            assertThat(results.stream().map(r -> ((Rejected) r).attemptsLeft()).collect(Collectors.toSet()))
                    .as("round %d: counts 1..10 each seen once", round)
                    .isEqualTo(IntStream.rangeClosed(10, 19).boxed().collect(Collectors.toSet()));
            assertThat(f.store.get(ALICE).failures().consecutive()).isEqualTo(10);
            f.service.resetLockout(ALICE);
        }
    }

    @Test
    void failureCount_32ConcurrentWrongGuesses_countsFreeFailuresPlusOneThenThrottles() throws Exception {
        LockoutPolicy policy = new LockoutPolicy(10, Duration.ofMinutes(1), 20, HOUR, 20);
        Fixture f = new Fixture(b -> b.lockoutPolicy(policy));
        TwoFactorService[] nodes = {f.service, secondNode(f, policy)};
        String key = f.totpActive();
        List<String> guesses = wrongCodes(key, f.clock.instant(), THREADS);

        List<VerifyResult> results = race(THREADS, i -> nodes[i % 2].completeLogin(ALICE, guesses.get(i)));

        assertThat(results).filteredOn(r -> r instanceof Rejected).hasSize(11);
        assertThat(results).filteredOn(r -> r instanceof Throttled).hasSize(THREADS - 11);
        assertThat(f.store.get(ALICE).failures().consecutive()).isEqualTo(11);
        assertThat(count(f, TwoFactorEvent.Type.CODE_REJECTED)).isEqualTo(11);
    }

    @Test
    void recoveryCode_oneCodeFrom32ThreadsOnTwoNodes_acceptedOnce() throws Exception {
        Fixture f = new Fixture();
        TwoFactorService[] nodes = {f.service, f.newNode()};
        String key = f.totpActive();
        Proof proof = ((Verified) f.service.stepUp(ALICE, f.appCode(key))).proof();
        List<String> codes = ((RecoveryCodes) f.service.generateRecoveryCodes(ALICE, proof)).codes();

        for (int round = 0; round < 1; round++) { // one round: PBKDF2 under contention takes seconds
            f.clock.advance(Duration.ofMinutes(1));
            String code = codes.get(round);

            List<VerifyResult> results = race(THREADS, i -> i % 4 < 2
                    ? nodes[i % 2].completeLoginWithRecoveryCode(ALICE, code)
                    : nodes[i % 2].stepUpWithRecoveryCode(ALICE, code));

            assertThat(results.stream().filter(VerifyResult::verified)).as("round %d", round).hasSize(1);
            assertThat(results).allMatch(r -> r.verified() || r instanceof Throttled
                    || r instanceof Rejected rj && rj.reason() == Rejected.Reason.WRONG_RECOVERY_CODE);
            assertThat(f.service.status(ALICE).recoveryCodesLeft()).isEqualTo(9 - round);
            assertThat(count(f, TwoFactorEvent.Type.RECOVERY_CODE_USED)).isEqualTo(round + 1);
        }
    }

    @Test
    void verifyNumber_oneCodeFrom32Threads_verifiedOnce() throws Exception {
        Fixture f = new Fixture();
        TwoFactorService[] nodes = {f.service, f.newNode()};
        f.service.addNumber(ALICE, Fixture.NUMBER);
        f.service.sendVerificationCode(ALICE);
        String code = f.lastSms();

        List<VerifyResult> results = race(THREADS, i -> nodes[i % 2].verifyNumber(ALICE, code));

        assertThat(results.stream().filter(VerifyResult::verified)).hasSize(1);
        assertThat(results).filteredOn(r -> !r.verified()).allMatch(r -> r instanceof Refused rf
                && rf.refusal() == Refused.Refusal.NOTHING_TO_VERIFY);
        assertThat(count(f, TwoFactorEvent.Type.NUMBER_VERIFIED)).isEqualTo(1);
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Another node on the fixture's store with the same policy ({@code Fixture.newNode()} builds
     * one with the default policy).
     */
    private static TwoFactorService secondNode(Fixture f, LockoutPolicy policy) {
        return TwoFactorService.builder().store(f.store).clock(f.clock).sms(f.sms).totp(f.totp)
                .eventListener(f.events::add).lockoutPolicy(policy).build();
    }

    /** Runs {@code task(i)} on {@code threads} threads released together; returns results in order. */
    static <T> List<T> race(int threads, IntFunction<T> task) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int id = i;
                futures.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return task.apply(id);
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Distinct well-formed codes, none accepted by the app's window at {@code now}. */
    private static List<String> wrongCodes(String key, Instant now, int n) {
        Set<String> valid = new HashSet<>();
        for (int back = -1; back <= 1; back++) {
            valid.add(FakeTotpChannel.codeFor(key, now.plusSeconds(30L * back)));
        }
        List<String> wrong = new ArrayList<>();
        for (int i = 0; wrong.size() < n; i++) {
            String code = String.format("%06d", i * 4999 % 1_000_000);
            if (!valid.contains(code)) {
                wrong.add(code);
            }
        }
        return wrong;
    }

    private static int count(Fixture f, TwoFactorEvent.Type type) {
        return (int) f.events.stream().filter(e -> e.type() == type).count();
    }
}
