package dev.twofa.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.twofa.core.AccountId;
import dev.twofa.core.SmsSent;
import dev.twofa.core.StoreException;
import dev.twofa.core.TotpSetup;
import dev.twofa.core.TwoFactorService;
import dev.twofa.core.Verified;
import dev.twofa.core.spi.TwoFactorProfile;
import dev.twofa.sms.SendLimitException;
import dev.twofa.sms.SendLimiter;
import dev.twofa.sms.SmsCodes;
import dev.twofa.testkit.FakePersonDirectory;
import dev.twofa.testkit.RecordingSmsSender;
import dev.twofa.testkit.SettableClock;
import dev.twofa.totp.Totp;
import dev.twofa.totp.TotpSecrets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A connection killed in the middle of a login (its session on the server ended from another
 * connection) leaves the profile and the send counts as they were before: never half a change. A
 * subclass per database gives the pool and how its sessions are ended.
 */
abstract class KilledConnectionContract {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-27T10:00:00Z"));
    private final Totp totp = Totp.builder().issuer("Example Hosting").build();
    private DataSource db;
    private ServerSessions sessions;

    /** Returns a pool (10 connections) to the subclass's database. */
    protected abstract DataSource database();

    /** Returns how the database's sessions are found and ended. */
    protected abstract ServerSessions sessions();

    @BeforeEach
    void setUp() {
        db = database();
        sessions = sessions();
    }

    @Test
    void completeLogin_connectionKilledWhileItsUpdateWaits_profileAsBeforeAndCodeStillGood() throws Exception {
        JdbcProfileStore store = new JdbcProfileStore(db);
        TwoFactorService service = TwoFactorService.builder().store(store).clock(clock).totp(totp).build();
        AccountId account = AccountId.of("killed-" + System.nanoTime());
        TotpSetup setup = (TotpSetup) service.startTotp(account, "alice@example.com");
        var secret = TotpSecrets.fromBase32(setup.manualEntryKey());
        assertThat(service.confirmTotp(account, totp.generate(secret, clock.instant().minusSeconds(30))).verified())
                .isTrue();
        TwoFactorProfile before = store.load(account).orElseThrow();
        String code = totp.generate(secret, clock.instant());

        Throwable thrown = whileRowLocked(account, () -> service.completeLogin(account, code));

        assertThat(thrown).isInstanceOf(StoreException.class).cause().isInstanceOf(DatabaseException.class);
        assertThat(((DatabaseException) thrown.getCause()).sqlState()).matches(sessions.killedStates());
        assertThat(thrown.getCause().getMessage()).doesNotContain(account.value());
        assertThat(store.load(account).orElseThrow()).isEqualTo(before);
        assertThat(service.completeLogin(account, code)).isInstanceOf(Verified.class);
    }

    @Test
    void tryReserve_connectionKilledAtCommit_nothingCounted() throws Exception {
        JdbcSendLimiter limiter = new JdbcSendLimiter(new FailingDataSource(db, sessions, FailingDataSource.KILL_AT_COMMIT));
        String key = "killed-" + System.nanoTime();

        Throwable thrown = catchThrowable(() -> limiter.tryReserve(key, 1, Duration.ofHours(1), clock.instant()));

        assertThat(thrown).isInstanceOf(DatabaseException.class);
        assertThat(((DatabaseException) thrown).sqlState()).matches(sessions.killedStates());
        assertThat(new JdbcSendLimiter(db).tryReserve(key, 1, Duration.ofHours(1), clock.instant()))
                .as("the killed reservation must not count").isInstanceOf(SendLimiter.Granted.class);
    }

    @Test
    void beginLogin_limiterConnectionKilledAtCommit_noSmsAndARetrySendsOne() {
        FakePersonDirectory persons = new FakePersonDirectory();
        RecordingSmsSender sms = new RecordingSmsSender();
        JdbcProfileStore store = new JdbcProfileStore(db);
        FailingDataSource failing = new FailingDataSource(db, sessions, 0);
        TwoFactorService service = TwoFactorService.builder().store(store).clock(clock).personDirectory(persons)
                .sms(SmsCodes.builder(sms).issuer("Example Hosting").hashKey(new byte[32])
                        .sendLimiter(new JdbcSendLimiter(failing)).build())
                .build();
        AccountId account = AccountId.of("killed-" + System.nanoTime());
        persons.add(account, "+420601123456");
        service.addNumber(account, "+420601123456");
        service.enableSms(account);
        TwoFactorProfile before = store.load(account).orElseThrow();

        failing.killNextCommits(1);
        Throwable thrown = catchThrowable(() -> service.beginLogin(account));

        assertThat(thrown).isInstanceOf(SendLimitException.class).cause().isInstanceOf(DatabaseException.class);
        assertThat(sms.messages()).isEmpty();
        assertThat(store.load(account).orElseThrow()).isEqualTo(before);
        assertThat(service.beginLogin(account)).isInstanceOf(SmsSent.class);
        assertThat(sms.messages()).hasSize(1);
    }

    /**
     * Holds a lock on the account's row from another connection, runs the action in another thread
     * until its UPDATE waits for the lock, ends that session, releases the lock, and returns what
     * the action threw.
     */
    private Throwable whileRowLocked(AccountId account, Runnable action) throws Exception {
        try (Connection blocker = db.getConnection(); Connection watcher = db.getConnection()) {
            blocker.setAutoCommit(false);
            try (PreparedStatement lock = blocker.prepareStatement(
                    "SELECT version FROM twofa_profile WHERE account_id = ? FOR UPDATE")) {
                lock.setString(1, account.value());
                lock.executeQuery().close();
            }
            CompletableFuture<Throwable> login = CompletableFuture.supplyAsync(() -> catchThrowable(action::run));
            // Another connection, in auto-commit: the server's views are a snapshot per transaction.
            sessions.kill(watcher, waitingSession(watcher));
            Throwable thrown = login.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            blocker.rollback();
            return thrown;
        }
    }

    /** Returns the session whose UPDATE of the profile table waits for a lock (polls the server's view). */
    private long waitingSession(Connection c) throws SQLException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            OptionalLong waiting = sessions.waitingUpdate(c);
            if (waiting.isPresent()) {
                return waiting.getAsLong();
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no UPDATE waited for the row lock within " + WAIT);
    }
}
