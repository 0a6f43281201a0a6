package dev.twofa.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.AccountId;
import dev.twofa.core.Rejected;
import dev.twofa.core.SmsNotSent;
import dev.twofa.core.SmsSent;
import dev.twofa.core.Throttled;
import dev.twofa.core.TotpSetup;
import dev.twofa.core.TwoFactorService;
import dev.twofa.core.Expired;
import dev.twofa.core.VerifyResult;
import dev.twofa.sms.SmsCodes;
import dev.twofa.testkit.FakePersonDirectory;
import dev.twofa.testkit.RecordingSmsSender;
import dev.twofa.testkit.SettableClock;
import dev.twofa.totp.Totp;
import dev.twofa.totp.TotpSecrets;
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
import java.util.function.IntFunction;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Two application nodes (two {@link TwoFactorService} instances, each with its own connection pool,
 * {@link JdbcProfileStore} and {@link JdbcSendLimiter}) on one real database: a code is accepted
 * once, and the SMS cooldown and per-number limit hold across both nodes. A subclass per database
 * gives the two nodes' pools.
 */
abstract class TwoNodesContract {

    private static final String PERSON_NUMBER = "+420601123456";
    private static final int VERIFICATION_LIMIT = 3;
    private static final int PREFIX_LIMIT = 5;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-27T10:00:00Z"));
    private final RecordingSmsSender sms = new RecordingSmsSender();
    private final FakePersonDirectory persons = new FakePersonDirectory();
    private final Totp totp = Totp.builder().issuer("Example Hosting").build();
    /** Both nodes share it (as they must); new per test, so tests never share a limit key. */
    private final byte[] hashKey = new byte[32];
    private TwoFactorService node1;
    private TwoFactorService node2;
    private ExecutorService pool;

    /** Returns the first node's pool (20 connections) to the subclass's database. */
    protected abstract DataSource firstNode();

    /** Returns the second node's pool (20 connections) to the same database. */
    protected abstract DataSource secondNode();

    @BeforeEach
    void setUp() {
        new java.security.SecureRandom().nextBytes(hashKey);
        node1 = node(firstNode());
        node2 = node(secondNode());
        pool = Executors.newFixedThreadPool(64);
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    private TwoFactorService node(DataSource db) {
        SmsCodes codes = SmsCodes.builder(sms).issuer("Example Hosting").hashKey(hashKey)
                .sendLimiter(new JdbcSendLimiter(db)).verificationNumberLimit(VERIFICATION_LIMIT, Duration.ofHours(1))
                .prefixLimit(PREFIX_LIMIT, Duration.ofHours(1)).build();
        return TwoFactorService.builder().store(new JdbcProfileStore(db)).clock(clock).personDirectory(persons)
                .sms(codes).totp(totp).build();
    }

    private AccountId newAccount() {
        return AccountId.of("acct-" + System.nanoTime());
    }

    @RepeatedTest(3)
    void oneAppCode_32ThreadsOnTwoNodes_exactlyOneSuccess() throws Exception {
        AccountId account = newAccount();
        TotpSetup setup = (TotpSetup) node1.startTotp(account, "alice@example.com");
        var secret = TotpSecrets.fromBase32(setup.manualEntryKey());
        assertThat(node2.confirmTotp(account, totp.generate(secret, clock.instant().minusSeconds(30))).verified())
                .isTrue();
        String code = totp.generate(secret, clock.instant());

        List<VerifyResult> results = race(32, i -> () -> nodeOf(i).completeLogin(account, code));

        assertThat(results).filteredOn(VerifyResult::verified).hasSize(1);
        assertThat(results).filteredOn(r -> !r.verified()).allSatisfy(r -> assertThat(r instanceof Throttled
                || (r instanceof Rejected rejected && rejected.reason() == Rejected.Reason.REPLAY)).as(r.toString())
                .isTrue());
    }

    @RepeatedTest(3)
    void oneSmsCode_32ThreadsOnTwoNodes_exactlyOneSuccess() throws Exception {
        AccountId account = newAccount();
        persons.add(account, PERSON_NUMBER);
        node1.addNumber(account, PERSON_NUMBER);        // a Person's number: verified at once
        node2.enableSms(account);
        assertThat(node1.beginLogin(account)).isInstanceOf(SmsSent.class);
        String code = sms.lastCodeTo(PERSON_NUMBER);

        List<VerifyResult> results = race(32, i -> () -> nodeOf(i).completeLogin(account, code));

        assertThat(results).filteredOn(VerifyResult::verified).hasSize(1);
        // the others find the code used up; after the first counted failures they are throttled unchecked
        assertThat(results).filteredOn(r -> !r.verified()).hasSize(31)
                .allSatisfy(r -> assertThat(r).isInstanceOfAny(Expired.class, Throttled.class));
    }

    @Test
    void oneAccount_64ParallelLoginSendsOnTwoNodes_exactlyOneSmsSent() throws Exception {
        AccountId account = newAccount();
        persons.add(account, PERSON_NUMBER);
        node1.addNumber(account, PERSON_NUMBER);
        node2.enableSms(account);
        sms.clear();

        List<Object> results = race(64, i -> () -> nodeOf(i).beginLogin(account));

        assertThat(sms.messages()).hasSize(1);
        assertThat(results).filteredOn(SmsSent.class::isInstance).hasSize(1);
        assertThat(results).filteredOn(r -> r instanceof SmsNotSent n && n.reason() == SmsNotSent.Reason.COOLDOWN)
                .hasSize(63);
    }

    @Test
    void oneNumber_64ParallelSendsFrom64AccountsOnTwoNodes_onePerCooldownAndExactlyTheLimitInAll()
            throws Exception {
        String number = "+420602123456";
        List<AccountId> accounts = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            AccountId account = newAccount();
            node1.addNumber(account, number);                 // unverified: each account asks for a verification code
            accounts.add(account);
        }

        for (int round = 1; round <= VERIFICATION_LIMIT + 1; round++) {
            List<Object> results = race(64, i -> () -> nodeOf(i).sendVerificationCode(accounts.get(i)));

            int expected = round <= VERIFICATION_LIMIT ? 1 : 0;
            assertThat(results).as("round " + round).filteredOn(SmsSent.class::isInstance).hasSize(expected);
            assertThat(results).as("round " + round).filteredOn(SmsNotSent.class::isInstance).hasSize(64 - expected);
            clock.advance(Duration.ofSeconds(SmsCodes.DEFAULT_VERIFICATION_COOLDOWN_SECONDS));
        }
        assertThat(sms.messages()).hasSize(VERIFICATION_LIMIT);
    }

    @Test
    void onePrefix_64ParallelSendsTo64NumbersOnTwoNodes_exactlyThePrefixLimitSent() throws Exception {
        List<AccountId> accounts = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            AccountId account = newAccount();
            node1.addNumber(account, String.format("+420604%06d", i));
            accounts.add(account);
        }

        List<Object> results = race(64, i -> () -> nodeOf(i).sendVerificationCode(accounts.get(i)));

        assertThat(sms.messages()).hasSize(PREFIX_LIMIT);
        assertThat(results).filteredOn(SmsSent.class::isInstance).hasSize(PREFIX_LIMIT);
        assertThat(results).filteredOn(r -> r instanceof SmsNotSent n && n.reason() == SmsNotSent.Reason.NUMBER_LIMIT)
                .hasSize(64 - PREFIX_LIMIT);
    }

    private TwoFactorService nodeOf(int thread) {
        return thread % 2 == 0 ? node1 : node2;
    }

    private <T> List<T> race(int threads, IntFunction<Callable<T>> task) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Callable<T> c = task.apply(i);
            futures.add(pool.submit(() -> {
                start.await(30, TimeUnit.SECONDS);
                return c.call();
            }));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get(60, TimeUnit.SECONDS));
        }
        return results;
    }
}
