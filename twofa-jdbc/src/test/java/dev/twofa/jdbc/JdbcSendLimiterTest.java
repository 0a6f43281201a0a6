package dev.twofa.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.twofa.sms.SendLimiter.Granted;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What the limiter conformance kit leaves open: the rows it keeps, its key check, its failures. */
class JdbcSendLimiterTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> databases() {
        return TestDatabases.all();
    }

    private static String newKey() {
        return "limit-" + System.nanoTime();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void tryReserve_keyWithRowsPastTheWindow_deletesThemInTheDecision(DataSource db) throws SQLException {
        JdbcSendLimiter limiter = new JdbcSendLimiter(db);
        Instant t = Instant.parse("2026-03-01T12:00:00Z");
        String key = newKey();
        limiter.tryReserve(key, 5, Duration.ofSeconds(10), t);
        limiter.tryReserve(key, 5, Duration.ofSeconds(10), t.plusSeconds(1));

        limiter.tryReserve(key, 5, Duration.ofSeconds(10), t.plusSeconds(30));      // within the sweep interval

        assertThat(rowsOf(db, key)).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void sweep_afterTheInterval_deletesEveryKeysOldRowsAndIdleKeys(DataSource db) throws SQLException {
        // A limiter of its own tables, so other tests' rows do not count.
        String table = "sweep_" + System.nanoTime();
        JdbcSchema.createSchema(db, "sweep_profile", table);
        JdbcSendLimiter limiter = new JdbcSendLimiter(db, table);
        Instant t = Instant.parse("2026-03-01T12:00:00Z");
        for (int i = 0; i < 5; i++) {
            limiter.tryReserve("old-" + i, 1, MINUTE, t);
        }
        limiter.tryReserve("long", 1, Duration.ofDays(1), t);

        limiter.tryReserve("new", 1, MINUTE, t.plus(Duration.ofMinutes(3)));

        assertThat(TestDatabases.rows(db, table)).as("reservations left: long and new").isEqualTo(2);
        assertThat(TestDatabases.rows(db, table + "_key")).as("keys left: long and new").isEqualTo(2);
        assertThat(limiter.tryReserve("long", 1, Duration.ofDays(1), t.plus(Duration.ofMinutes(4))))
                .as("the sweep must keep what still counts").isInstanceOf(dev.twofa.sms.SendLimiter.Denied.class);
    }

    @Test
    void tryReserve_keyTooLongOrNotAscii_refusedBeforeTheDatabase() {
        JdbcSendLimiter limiter = new JdbcSendLimiter(TestDatabases.failingWith("unused"));
        Instant now = Instant.EPOCH;

        assertThatThrownBy(() -> limiter.tryReserve("k".repeat(65), 1, MINUTE, now))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65 characters, at most 64");
        assertThatThrownBy(() -> limiter.tryReserve("klíč", 1, MINUTE, now))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ASCII");
    }

    @Test
    void tryReserveAndRelease_databaseFails_messageHoldsSqlStateOnly() {
        JdbcSendLimiter limiter = new JdbcSendLimiter(TestDatabases.failingWith("+420601123456"), "acme_sms");

        Throwable reserve = catchThrowable(() -> limiter.tryReserve("k", 1, MINUTE, Instant.EPOCH));
        Throwable release = catchThrowable(() -> limiter.release(new Granted("k", "id", Instant.EPOCH)));

        assertThat(reserve).isInstanceOf(DatabaseException.class).hasNoCause()
                .hasMessage("reserve on acme_sms failed: SQLState 08001, vendor code 17");
        assertThat(release).isInstanceOf(DatabaseException.class).hasNoCause()
                .hasMessage("release on acme_sms failed: SQLState 08001, vendor code 17");
    }

    @Test
    void toString_namesTableOnly() {
        assertThat(new JdbcSendLimiter(TestDatabases.failingWith("+420601123456")).toString())
                .startsWith("JdbcSendLimiter[table=twofa_send, dataSource=").doesNotContain("+420");
    }

    private static long rowsOf(DataSource db, String key) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM twofa_send WHERE send_key = ?")) {
            s.setString(1, key);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
