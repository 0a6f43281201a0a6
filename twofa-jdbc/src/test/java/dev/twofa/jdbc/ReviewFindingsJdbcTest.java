package dev.twofa.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twofa.core.AccountId;
import dev.twofa.core.Method;
import dev.twofa.core.PhoneNumber;
import dev.twofa.core.spi.TwoFactorProfile;
import dev.twofa.core.spi.TwoFactorProfile.PhoneState;
import dev.twofa.core.spi.TwoFactorProfile.Verification;
import dev.twofa.sms.SendLimiter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The findings of the second hostile review, on H2: lost commit answers, corrupt rows, table names. */
class ReviewFindingsJdbcTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void tryReserve_commitReachedTheDatabaseButItsAnswerWasLost_nothingStaysCounted() throws Exception {
        DataSource db = TestDatabases.newH2Database();
        AtomicBoolean loseNextCommitAnswer = new AtomicBoolean(true);
        DataSource flaky = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (dsProxy, dsMethod, dsArgs) -> {
                    Object made = invoke(dsMethod, db, dsArgs);
                    if (!dsMethod.getName().equals("getConnection")) {
                        return made;
                    }
                    Connection real = (Connection) made;
                    return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (proxy, method, args) -> {
                                Object result = invoke(method, real, args);
                                if (method.getName().equals("commit") && loseNextCommitAnswer.getAndSet(false)) {
                                    throw new SQLException("connection lost after commit", "08006");
                                }
                                return result;
                            });
                });
        JdbcSendLimiter limiter = new JdbcSendLimiter(flaky);

        assertThatThrownBy(() -> limiter.tryReserve("sms-cooldown:x", 1, Duration.ofSeconds(30), T))
                .isInstanceOf(DatabaseException.class);

        assertThat(rows(db, "twofa_send")).as("the committed row was taken back").isZero();
        assertThat(limiter.tryReserve("sms-cooldown:x", 1, Duration.ofSeconds(30), T))
                .as("an immediate retry is allowed").isInstanceOf(SendLimiter.Granted.class);
    }

    @Test
    void load_rowTwofaCouldNotHaveWritten_typedDatabaseExceptionWithoutValues() throws Exception {
        DataSource db = TestDatabases.newH2Database();
        JdbcProfileStore store = new JdbcProfileStore(db);
        AccountId account = AccountId.of("corrupt-" + System.nanoTime());
        TwoFactorProfile p = TwoFactorProfile.empty(account).withVersion(1)
                .withPhone(new PhoneState(new PhoneNumber("+420601123456"), Verification.SMS), null)
                .withActiveMethod(Method.SMS);
        assertThat(store.compareAndSet(0, p)).isTrue();
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("UPDATE twofa_profile SET active_method = 'X' WHERE account_id = ?")) {
            s.setString(1, account.value());
            assertThat(s.executeUpdate()).isEqualTo(1);
        }

        assertThatThrownBy(() -> store.load(account)).isInstanceOf(DatabaseException.class)
                .hasMessageContaining("twofa_profile").hasMessageNotContaining("601123456").hasNoCause();
    }

    @Test
    void createSchema_profileTableNameContainingTheSendTableName_keptAsChosen() throws Exception {
        DataSource db = TestDatabases.newH2Database();
        JdbcSchema.createSchema(db, "twofa_send_profile", "acme_sms");
        JdbcProfileStore store = new JdbcProfileStore(db, "twofa_send_profile");
        AccountId account = AccountId.of("named-" + System.nanoTime());

        assertThat(store.compareAndSet(0, TwoFactorProfile.empty(account).withVersion(1))).isTrue();
        assertThat(store.load(account)).isPresent();
        assertThat(rows(db, "acme_sms")).isZero();
        assertThat(rows(db, "acme_sms_key")).isZero();
        assertThat(new JdbcSendLimiter(db, "acme_sms").tryReserve("k", 1, Duration.ofMinutes(1), T))
                .isInstanceOf(SendLimiter.Granted.class);
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static int rows(DataSource db, String table) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM " + table);
                ResultSet r = s.executeQuery()) {
            r.next();
            return r.getInt(1);
        }
    }
}
