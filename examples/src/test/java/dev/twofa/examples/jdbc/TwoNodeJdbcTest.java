package dev.twofa.examples.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.AccountId;
import dev.twofa.core.SmsSent;
import dev.twofa.core.TotpSetup;
import dev.twofa.core.TwoFactorService;
import dev.twofa.core.VerifyResult;
import dev.twofa.core.spi.PersonDirectory;
import dev.twofa.jdbc.JdbcProfileStore;
import dev.twofa.jdbc.JdbcSchema;
import dev.twofa.jdbc.JdbcSendLimiter;
import dev.twofa.sms.SmsCodes;
import dev.twofa.sms.SmsSender;
import dev.twofa.totp.Totp;
import dev.twofa.totp.TotpSecrets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Two application nodes (two {@link TwoFactorService} instances, each with twofa-jdbc's store and
 * send limiter) on one H2 database: 32 threads submitting one valid code yield exactly one success,
 * every time. twofa-jdbc's own tests run the same on a real PostgreSQL.
 */
class TwoNodeJdbcTest {

    private static final int THREADS = 32;
    /** The key of the send limits' pseudonyms: every node of a host has the same (from its secret store). */
    private static final byte[] HASH_KEY = "example hash key, 32 bytes long!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    private final Map<String, String> lastCodeTo = new ConcurrentHashMap<>();
    private final SmsSender sender = message -> {
        Matcher m = CODE.matcher(message.text());
        if (m.find()) {
            lastCodeTo.put(message.destination().e164(), m.group(1));
        }
    };
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);
    private final Totp totp = Totp.builder().issuer("Example Hosting").build();
    private ExecutorService pool;
    private TwoFactorService node1;
    private TwoFactorService node2;

    @BeforeEach
    void setUp() {
        DriverManagerDataSource ds = new DriverManagerDataSource(
                "jdbc:h2:mem:twonode" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        JdbcSchema.createSchema(ds);
        node1 = node(ds);
        node2 = node(ds);
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    /** One application node: its own store and limiter instances on the shared database. */
    private TwoFactorService node(DriverManagerDataSource ds) {
        PersonDirectory persons = (account, number) -> number.e164().equals("+420601123456");
        return TwoFactorService.builder().store(new JdbcProfileStore(ds)).clock(clock).personDirectory(persons)
                .sms(SmsCodes.builder(sender).issuer("Example Hosting").hashKey(HASH_KEY)
                        .sendLimiter(new JdbcSendLimiter(ds)).build())
                .totp(totp).build();
    }

    @RepeatedTest(5)
    void oneTotpCode_32ThreadsOnTwoNodes_exactlyOneSuccess() throws Exception {
        AccountId account = AccountId.of("acct-" + System.nanoTime());
        TotpSetup setup = (TotpSetup) node1.startTotp(account, "alice@example.com");
        var secret = TotpSecrets.fromBase32(setup.manualEntryKey());
        assertThat(node2.confirmTotp(account, totp.generate(secret, clock.instant().minusSeconds(30))).verified())
                .isTrue();
        String code = totp.generate(secret, clock.instant());

        List<VerifyResult> results = race(i -> (i % 2 == 0 ? node1 : node2).completeLogin(account, code));

        assertThat(results.stream().filter(VerifyResult::verified)).hasSize(1);
        // the others are refused as replays, and after 4 counted failures throttled without a check
        assertThat(results.stream().filter(r -> !r.verified())).allSatisfy(r -> assertThat(
                r instanceof dev.twofa.core.Throttled || (r instanceof dev.twofa.core.Rejected rej
                        && rej.reason() == dev.twofa.core.Rejected.Reason.REPLAY)).as(r.toString()).isTrue());
    }

    @RepeatedTest(5)
    void oneSmsCode_32ThreadsOnTwoNodes_exactlyOneSuccess() throws Exception {
        AccountId account = AccountId.of("acct-" + System.nanoTime());
        node1.addNumber(account, "+420 601 123 456");             // a Person's number: verified at once
        node2.enableSms(account);
        assertThat(node1.beginLogin(account)).isInstanceOf(SmsSent.class);
        String code = lastCodeTo.get("+420601123456");

        List<VerifyResult> results = race(i -> (i % 2 == 0 ? node1 : node2).completeLogin(account, code));

        assertThat(results.stream().filter(VerifyResult::verified)).hasSize(1);
        // the others find the code used up; after the first counted failures they are throttled unchecked
        assertThat(results.stream().filter(r -> r instanceof dev.twofa.core.Expired
                || r instanceof dev.twofa.core.Throttled)).hasSize(THREADS - 1);
    }

    private List<VerifyResult> race(java.util.function.IntFunction<VerifyResult> attempt) throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Future<VerifyResult>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            int n = i;
            futures.add(pool.submit(() -> {
                start.await();
                return attempt.apply(n);
            }));
        }
        List<VerifyResult> results = new ArrayList<>();
        for (Future<VerifyResult> f : futures) {
            results.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
        }
        return results;
    }

}
