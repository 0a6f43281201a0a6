package dev.twofa.benchmarks;

import dev.twofa.core.AccountId;
import dev.twofa.core.Method;
import dev.twofa.core.TwoFactorService;
import dev.twofa.core.VerifyResult;
import dev.twofa.core.spi.ProfileStore;
import dev.twofa.core.spi.TwoFactorProfile;
import dev.twofa.core.spi.TwoFactorProfile.TotpState;
import dev.twofa.testkit.InMemoryProfileStore;
import dev.twofa.testkit.SettableClock;
import dev.twofa.totp.Totp;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A login completed with a valid app code ({@link TwoFactorService#completeLogin}) on twofa-testkit's
 * in-memory store, beside its floor: a bare {@link Totp#verify} of the same code (target: at most
 * 1.5 times the floor's time).
 *
 * <p>A code is accepted once per account and time step, so each thread logs in {@value #ACCOUNTS}
 * accounts that share one secret, then moves its clock one step on and makes the next code (one
 * {@code generate} per {@value #ACCOUNTS} logins). A login that is not verified fails the run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LoginBenchmark {

    /** Accounts per thread, all with one secret: the logins of one time step. */
    static final int ACCOUNTS = 1024;

    private final Fixture f = new Fixture("SHA1");
    private final Totp totp = Totp.builder().issuer("Bench").build();
    private SettableClock clock;
    private TwoFactorService service;
    private AccountId[] accounts;
    private String code;
    private int next;
    private long notVerified;
    private final SecureRandom random = new SecureRandom();
    private final byte[] proofBytes = new byte[32];

    /** Stores the accounts with the app active and builds the service on them. */
    @Setup(Level.Trial)
    public void setUp() {
        clock = new SettableClock(Fixture.NOW);
        ProfileStore store = new InMemoryProfileStore();
        accounts = seed(store, "bench-", f);
        service = TwoFactorService.builder().store(store).clock(clock).totp(totp).build();
        code = totp.generate(f.secret, clock.instant());
    }

    /** Stores {@value #ACCOUNTS} accounts whose app (the fixture's secret) is active, none logged in yet. */
    static AccountId[] seed(ProfileStore store, String prefix, Fixture f) {
        AccountId[] accounts = new AccountId[ACCOUNTS];
        for (int i = 0; i < ACCOUNTS; i++) {
            accounts[i] = AccountId.of(prefix + i);
            TwoFactorProfile profile = TwoFactorProfile.empty(accounts[i]).withVersion(1)
                    .withTotp(new TotpState(f.secret, Fixture.NOW.minus(Duration.ofDays(1)), f.step() - 10))
                    .withActiveMethod(Method.TOTP);
            if (!store.compareAndSet(0, profile)) {
                throw new IllegalStateException("account " + accounts[i] + " exists already");
            }
        }
        return accounts;
    }

    /** Fails the run if a login was not verified: the benchmark would measure a refusal. */
    @TearDown(Level.Iteration)
    public void check() {
        if (notVerified > 0) {
            throw new IllegalStateException(notVerified + " logins were not verified");
        }
    }

    /** One login: load, lockout check, counted try, verify, compare-and-set, a proof. */
    @Benchmark
    public VerifyResult completeLogin() {
        if (next == ACCOUNTS) {
            next = 0;
            code = totp.generate(f.secret, clock.advance(Duration.ofSeconds(30)));
        }
        VerifyResult result = service.completeLogin(accounts[next++], code);
        if (!result.verified()) {
            notVerified++;
        }
        return result;
    }

    /** The floor: the same code verified over the ±1 window, nothing else. */
    @Benchmark
    public OptionalLong bareVerify() {
        return totp.verify(f.secret, code, clock.instant());
    }

    /**
     * What a login's proof costs at least, beside the floor: 256 bits from the JDK's default
     * {@link SecureRandom} and their SHA-256 (the value handed to the session and the hash stored).
     */
    @Benchmark
    public byte[] proofDraw() throws NoSuchAlgorithmException {
        random.nextBytes(proofBytes);
        return MessageDigest.getInstance("SHA-256").digest(proofBytes);
    }
}
