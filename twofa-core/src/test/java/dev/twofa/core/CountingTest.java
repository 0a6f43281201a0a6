package dev.twofa.core;

import static dev.twofa.core.fixtures.Fixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.fixtures.Fixture;
import dev.twofa.core.spi.TwoFactorProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An SMS code's try is reserved in the same write as the account's counted try, before the code
 * is evaluated; a success takes its place in the count only in the epoch it was counted in. So
 * parallel guesses on any number of nodes never get more evaluations than a code allows, a correct
 * code is accepted once, and a number verification never takes back a try a reset already took.
 * Races start together at a {@link java.util.concurrent.CyclicBarrier} ({@link ConcurrencyTest#race}).
 */
class CountingTest {

    private static final int THREADS = 24;
    /** No delay before the lock (9 free failures), so only the code's own tries bound the guesses. */
    private static final LockoutPolicy NO_DELAY = new LockoutPolicy(9, Duration.ofMinutes(15), 10, Duration.ofHours(1), 30);

    @Test
    void completeLogin_moreParallelWrongSmsGuessesThanTries_exactlyTheCodesTriesEvaluated() throws Exception {
        Fixture f = new Fixture(b -> b.lockoutPolicy(NO_DELAY));
        TwoFactorService[] nodes = {f.service, f.newNode()};
        f.smsActive();
        f.clock.advance(Duration.ofSeconds(31));
        assertThat(f.service.beginLogin(ALICE)).isInstanceOf(SmsSent.class);
        int tries = f.store.get(ALICE).smsChallenge().attemptsLeft();
        List<String> wrong = wrongSmsCodes(f.lastSms(), THREADS);
        f.sms.matchCalls.set(0);

        List<VerifyResult> results = ConcurrencyTest.race(THREADS, i -> nodes[i % 2].completeLogin(ALICE, wrong.get(i)));

        assertThat(tries).isEqualTo(f.sms.maxAttemptsPerCode()).isLessThan(THREADS);
        assertThat(f.sms.matchCalls).as("the channel evaluated only the code's tries").hasValue(tries);
        assertThat(results).filteredOn(r -> r instanceof Rejected).hasSize(tries);
        assertThat(results).filteredOn(r -> !(r instanceof Rejected)).hasSize(THREADS - tries)
                .allMatch(r -> r instanceof Expired);
        assertThat(f.store.get(ALICE).smsChallenge().attemptsLeft()).isZero();
        assertThat(f.store.get(ALICE).failures().consecutive()).as("only evaluated tries count").isEqualTo(tries);
    }

    @Test
    void verifyNumber_moreParallelWrongGuessesThanTries_exactlyTheCodesTriesEvaluated() throws Exception {
        Fixture f = new Fixture(b -> b.lockoutPolicy(NO_DELAY));
        TwoFactorService[] nodes = {f.service, f.newNode()};
        f.service.addNumber(ALICE, Fixture.NUMBER);
        assertThat(f.service.sendVerificationCode(ALICE)).isInstanceOf(SmsSent.class);
        List<String> wrong = wrongSmsCodes(f.lastSms(), THREADS);

        List<VerifyResult> results = ConcurrencyTest.race(THREADS, i -> nodes[i % 2].verifyNumber(ALICE, wrong.get(i)));

        assertThat(f.sms.matchCalls).hasValue(f.sms.maxAttemptsPerCode());
        assertThat(results).filteredOn(r -> r instanceof Rejected).hasSize(f.sms.maxAttemptsPerCode());
        assertThat(f.service.verifyNumber(ALICE, f.lastSms())).as("the code is dead").isInstanceOf(Expired.class);
    }

    @Test
    void stepUp_sameCorrectSmsCodeFromTwoNodesInParallel_exactlyOneVerified() throws Exception {
        Fixture f = new Fixture(b -> b.lockoutPolicy(NO_DELAY));
        TwoFactorService[] nodes = {f.service, f.newNode()};
        f.smsActive();
        f.clock.advance(Duration.ofSeconds(31));
        assertThat(f.service.sendStepUpCode(ALICE)).isInstanceOf(SmsSent.class);
        String code = f.lastSms();
        f.sms.matchCalls.set(0);

        List<VerifyResult> results = ConcurrencyTest.race(THREADS, i -> nodes[i % 2].stepUp(ALICE, code));

        assertThat(results).filteredOn(VerifyResult::verified).hasSize(1);
        assertThat(results).filteredOn(r -> !r.verified()).allMatch(r -> r instanceof Expired);
        assertThat(f.sms.matchCalls.get()).as("at most the code's tries evaluated")
                .isBetween(1, f.sms.maxAttemptsPerCode());
        assertThat(f.eventTypes()).containsOnlyOnce(TwoFactorEvent.Type.STEP_UP_SUCCEEDED);
        assertThat(f.store.get(ALICE).proofs()).hasSize(1);
        assertThat(f.store.get(ALICE).smsChallenge().used()).isTrue();
        assertThat(f.service.status(ALICE).consecutiveFailures()).isZero();
    }

    @Test
    void verifyNumber_successAfterAnotherSuccessResetTheCount_takesBackNothing() {
        Fixture f = new Fixture();
        f.service.addNumber(ALICE, Fixture.NUMBER);      // before a method is on: no proof needed
        String key = f.totpActive();
        String wrong = LockoutTest.wrong(f.appCode(key));
        f.service.completeLogin(ALICE, wrong);
        f.service.completeLogin(ALICE, wrong);
        f.service.sendVerificationCode(ALICE);
        TwoFactorService other = f.newNode();
        long epoch = f.store.get(ALICE).failures().epoch();
        // between the verification's counted try (3) and its outcome: a login succeeds (reset, next
        // epoch) and then fails once (1)
        f.store.afterNextSave.set(() -> {
            assertThat(other.completeLogin(ALICE, f.appCode(key)).verified()).isTrue();
            assertThat(other.completeLogin(ALICE, wrong)).isInstanceOf(Rejected.class);
        });

        assertThat(f.service.verifyNumber(ALICE, f.lastSms()).verified()).isTrue();

        assertThat(f.store.get(ALICE).failures().consecutive()).as("the failure after the reset stays").isEqualTo(1);
        assertThat(f.store.get(ALICE).failures().epoch()).isEqualTo(epoch + 1);
        assertThat(f.store.get(ALICE).failures().lastFailureAt()).isNotNull();
    }

    @Test
    void verifyNumber_successInTheSameEpoch_takesBackOnlyItsOwnTry() {
        Fixture f = new Fixture();
        f.service.addNumber(ALICE, Fixture.NUMBER);      // before a method is on: no proof needed
        String key = f.totpActive();
        String wrong = LockoutTest.wrong(f.appCode(key));
        TwoFactorService other = f.newNode();
        f.service.completeLogin(ALICE, wrong);
        f.service.sendVerificationCode(ALICE);
        long epoch = f.store.get(ALICE).failures().epoch();
        f.store.afterNextSave.set(() -> assertThat(other.completeLogin(ALICE, wrong)).isInstanceOf(Rejected.class));

        assertThat(f.service.verifyNumber(ALICE, f.lastSms()).verified()).isTrue();

        assertThat(f.store.get(ALICE).failures().consecutive()).as("1 + own + 1 - own").isEqualTo(2);
        assertThat(f.store.get(ALICE).failures().epoch()).isEqualTo(epoch);
    }

    @Test
    void verifyNumber_onlyTryTakenBack_countAndLastFailureCleared() {
        Fixture f = new Fixture();
        f.service.addNumber(ALICE, Fixture.NUMBER);
        f.service.sendVerificationCode(ALICE);

        assertThat(f.service.verifyNumber(ALICE, f.lastSms()).verified()).isTrue();

        assertThat(f.store.get(ALICE).failures()).isEqualTo(TwoFactorProfile.Failures.NONE);
    }

    @Test
    void verifyNumber_lockReachedMeanwhileAtExactlyLockAfter_lockStays() {
        Fixture f = new Fixture(b -> b.lockoutPolicy(NO_DELAY));
        f.service.addNumber(ALICE, Fixture.NUMBER);      // before a method is on: no proof needed
        String key = f.totpActive();
        String wrong = LockoutTest.wrong(f.appCode(key));
        TwoFactorService attacker = f.newNode();
        for (int i = 0; i < 9; i++) {
            assertThat(f.service.completeLogin(ALICE, wrong)).isInstanceOf(Rejected.class);
        }
        f.service.sendVerificationCode(ALICE);
        java.time.Instant start = f.clock.instant();
        // the verification's try is the 10th (it locks until start + 1 h); meanwhile that lock ends
        // and another failure, the 11th, locks again: taking back one try leaves 10, the lock stays
        f.store.afterNextSave.set(() -> {
            f.clock.advance(Duration.ofHours(1));
            assertThat(attacker.completeLogin(ALICE, LockoutTest.wrong(f.appCode(key))))
                    .isEqualTo(new LockedOut(start.plus(Duration.ofHours(2))));
        });

        VerifyResult result = f.service.verifyNumber(ALICE, f.lastSms());

        assertThat(result.verified()).isTrue();
        assertThat(f.store.get(ALICE).failures().consecutive()).isEqualTo(NO_DELAY.lockAfter());
        assertThat(f.store.get(ALICE).failures().lockedUntil()).isEqualTo(start.plus(Duration.ofHours(2)));
        assertThat(f.service.completeLogin(ALICE, f.appCode(key))).isInstanceOf(LockedOut.class);
    }

    @Test
    void verifyNumber_ownTryReachedTheLock_lockTakenBackWithIt() {
        Fixture f = new Fixture(b -> b.lockoutPolicy(NO_DELAY));
        f.service.addNumber(ALICE, Fixture.NUMBER);      // before a method is on: no proof needed
        String key = f.totpActive();
        String wrong = LockoutTest.wrong(f.appCode(key));
        for (int i = 0; i < 9; i++) {
            f.service.completeLogin(ALICE, wrong);
        }
        f.service.sendVerificationCode(ALICE);

        assertThat(f.service.verifyNumber(ALICE, f.lastSms()).verified()).isTrue();

        assertThat(f.store.get(ALICE).failures().consecutive()).isEqualTo(9);
        assertThat(f.store.get(ALICE).failures().lockedUntil()).isNull();
        assertThat(f.store.get(ALICE).failures().lastFailureAt()).isNotNull();
        assertThat(f.service.completeLogin(ALICE, f.appCode(key)).verified()).isTrue();
    }

    /** Distinct 6-digit codes other than {@code right}. */
    static List<String> wrongSmsCodes(String right, int n) {
        List<String> wrong = new ArrayList<>();
        for (int i = 0; wrong.size() < n; i++) {
            String code = String.format("%06d", i * 7919 % 1_000_000);
            if (!code.equals(right) && !wrong.contains(code)) {
                wrong.add(code);
            }
        }
        return wrong;
    }
}
