package dev.twofa.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.twofa.core.AccountId;
import dev.twofa.core.Method;
import dev.twofa.core.Secret;
import dev.twofa.core.spi.TwoFactorProfile;
import dev.twofa.core.spi.TwoFactorProfile.Failures;
import dev.twofa.core.spi.TwoFactorProfile.StoredProof;
import dev.twofa.core.spi.TwoFactorProfile.TotpState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What the conformance kit leaves open: exact instants, the lock column, the packed columns, failures. */
class JdbcProfileStoreTest {

    private static final String CANARY = "+420601123456";

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> databases() {
        return TestDatabases.all();
    }

    private static AccountId newAccount() {
        return AccountId.of("store-" + System.nanoTime());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void roundTrip_instantsAtTheEdges_keptToTheNanosecond(DataSource db) {
        JdbcProfileStore store = new JdbcProfileStore(db);
        AccountId account = newAccount();
        Instant before1970 = Instant.parse("1969-12-31T23:59:59.999999999Z");
        Instant farFuture = Instant.MAX.minusNanos(1);
        TwoFactorProfile p = TwoFactorProfile.empty(account).withVersion(1)
                .withTotp(new TotpState(Secret.copyOf(new byte[20]), before1970, 1))
                .withFailures(new Failures(2, Instant.MIN, farFuture, 3))
                .withProofs(List.of(new StoredProof(Secret.copyOf(new byte[32]), Method.TOTP,
                        Instant.parse("2026-03-01T12:00:00.000000001Z"))));

        assertThat(store.compareAndSet(0, p)).isTrue();

        assertThat(store.load(account)).contains(p);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void compareAndSet_permanentLock_storedAsLockedForever(DataSource db) throws SQLException {
        JdbcProfileStore store = new JdbcProfileStore(db);
        AccountId forever = newAccount();
        AccountId hour = newAccount();
        Instant until = Instant.parse("2026-03-01T13:00:00.5Z");
        store.compareAndSet(0, TwoFactorProfile.empty(forever).withVersion(1).withFailures(new Failures(100, until, Instant.MAX)));
        store.compareAndSet(0, TwoFactorProfile.empty(hour).withVersion(1).withFailures(new Failures(10, until, until)));

        assertThat(lockColumns(db, forever)).containsExactly(true, null, null);
        assertThat(lockColumns(db, hour)).containsExactly(false, until.getEpochSecond(), 500_000_000);
        assertThat(store.load(forever).orElseThrow().failures().lockedUntil()).isEqualTo(Instant.MAX);
        assertThat(store.load(hour).orElseThrow().failures().lockedUntil()).isEqualTo(until);
    }

    private static List<Object> lockColumns(DataSource db, AccountId account) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT locked_forever, locked_until_sec, locked_until_nano FROM twofa_profile WHERE account_id = ?")) {
            s.setString(1, account.value());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                Long sec = r.getLong(2);
                sec = r.wasNull() ? null : sec;
                Integer nano = r.getInt(3);
                nano = r.wasNull() ? null : nano;
                return java.util.Arrays.asList(r.getBoolean(1), sec, nano);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void load_packedColumnOfUnknownFormat_failsNamingIt(DataSource db) throws SQLException {
        JdbcProfileStore store = new JdbcProfileStore(db);
        AccountId account = newAccount();
        store.compareAndSet(0, TwoFactorProfile.empty(account).withVersion(1));
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("UPDATE twofa_profile SET proofs = ? WHERE account_id = ?")) {
            s.setBytes(1, new byte[] {9, 1, 2});
            s.setString(2, account.value());
            s.executeUpdate();
        }

        assertThatThrownBy(() -> store.load(account)).isInstanceOf(DatabaseException.class)
                .hasMessageContaining("format 9");
    }

    @Test
    void packing_cutShort_failsNamingIt() {
        byte[] proofs = JdbcProfileStore.packProofs(List.of(new StoredProof(Secret.copyOf(new byte[32]), Method.SMS,
                Instant.EPOCH)));
        byte[] codes = JdbcProfileStore.pack(List.of(Secret.copyOf(new byte[16]), Secret.copyOf(new byte[] {1})));

        assertThat(JdbcProfileStore.unpack(codes)).hasSize(2);
        assertThat(JdbcProfileStore.unpackProofs(proofs)).hasSize(1);
        assertThatThrownBy(() -> JdbcProfileStore.unpackProofs(java.util.Arrays.copyOf(proofs, proofs.length - 1)))
                .isInstanceOf(DatabaseException.class).hasMessageContaining("cut short");
        assertThatThrownBy(() -> JdbcProfileStore.unpack(java.util.Arrays.copyOf(codes, codes.length - 1)))
                .isInstanceOf(DatabaseException.class).hasMessageContaining("cut short");
    }

    @Test
    void load_databaseFails_messageHoldsSqlStateOnly() {
        JdbcProfileStore store = new JdbcProfileStore(TestDatabases.failingWith(CANARY));

        Throwable thrown = catchThrowable(() -> store.load(AccountId.of("alice")));

        assertThat(thrown).isInstanceOf(DatabaseException.class).hasNoCause()
                .hasMessage("load on twofa_profile failed: SQLState 08001, vendor code 17");
        assertThat(((DatabaseException) thrown).sqlState()).isEqualTo("08001");
    }

    @Test
    void compareAndSet_databaseFails_messageHoldsSqlStateOnly() {
        JdbcProfileStore store = new JdbcProfileStore(TestDatabases.failingWith(CANARY), "acme_profiles");

        Throwable thrown = catchThrowable(() -> store.compareAndSet(1,
                TwoFactorProfile.empty(AccountId.of(CANARY)).withVersion(2)));

        assertThat(thrown).isInstanceOf(DatabaseException.class).hasNoCause()
                .hasMessage("save on acme_profiles failed: SQLState 08001, vendor code 17");
    }

    @Test
    void compareAndSet_negativeVersionOrNull_refused() {
        JdbcProfileStore store = new JdbcProfileStore(TestDatabases.failingWith(CANARY));

        assertThatThrownBy(() -> store.compareAndSet(-1, TwoFactorProfile.empty(newAccount()).withVersion(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> store.compareAndSet(0, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> store.load(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void toString_namesTableAndDataSourceClassOnly() {
        String text = new JdbcProfileStore(TestDatabases.failingWith(CANARY), "acme_profiles").toString();

        assertThat(text).startsWith("JdbcProfileStore[table=acme_profiles, dataSource=$Proxy").doesNotContain(CANARY);
    }
}
