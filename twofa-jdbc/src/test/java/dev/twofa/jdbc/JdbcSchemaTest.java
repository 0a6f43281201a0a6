package dev.twofa.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twofa.core.AccountId;
import dev.twofa.core.spi.TwoFactorProfile;
import dev.twofa.core.spi.TwoFactorProfile.Failures;
import dev.twofa.sms.SendLimiter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The schema scripts, the quick start that runs them, dialects and table names. */
class JdbcSchemaTest {

    private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> databases() {
        return TestDatabases.all();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void dialectOf_realDatabase_recognized(DataSource db) throws SQLException {
        try (Connection c = db.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName();
            assertThat(product).isIn("PostgreSQL", "MariaDB", "H2");
            assertThat(Dialect.of(c.getMetaData()))
                    .isEqualTo(product.equals("MariaDB") ? Dialect.MYSQL : Dialect.valueOf(product.toUpperCase(java.util.Locale.ROOT)));
        }
    }

    @Test
    void dialectOf_productNames_mapped() {
        assertThat(Dialect.of(product("MySQL"))).isEqualTo(Dialect.MYSQL);
        assertThat(Dialect.of(product("MariaDB"))).isEqualTo(Dialect.MYSQL);
        assertThat(Dialect.of(product("PostgreSQL"))).isEqualTo(Dialect.POSTGRESQL);
        assertThat(Dialect.of(product("H2"))).isEqualTo(Dialect.H2);
        assertThatThrownBy(() -> Dialect.of(product("Oracle"))).isInstanceOf(DatabaseException.class)
                .hasMessageContaining("not \"Oracle\"");
    }

    private static DatabaseMetaData product(String name) {
        return (DatabaseMetaData) Proxy.newProxyInstance(DatabaseMetaData.class.getClassLoader(),
                new Class<?>[] {DatabaseMetaData.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getDatabaseProductName")) {
                        return name;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @ParameterizedTest
    @MethodSource("databases")
    void createSchema_again_keepsTheRows(DataSource db) {
        JdbcProfileStore store = new JdbcProfileStore(db);
        AccountId account = AccountId.of("schema-" + System.nanoTime());
        store.compareAndSet(0, TwoFactorProfile.empty(account).withVersion(1).withFailures(new Failures(4, T, null)));

        JdbcSchema.createSchema(db);

        assertThat(store.load(account).orElseThrow().failures().consecutive()).isEqualTo(4);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void createSchema_otherTableNames_storeAndLimiterUseThem(DataSource db) {
        String suffix = Long.toString(System.nanoTime());
        JdbcSchema.createSchema(db, "acme_profile_" + suffix, "acme_sms_" + suffix);
        JdbcProfileStore store = new JdbcProfileStore(db, "acme_profile_" + suffix);
        JdbcSendLimiter limiter = new JdbcSendLimiter(db, "acme_sms_" + suffix);
        AccountId account = AccountId.of("schema-" + suffix);

        assertThat(store.compareAndSet(0, TwoFactorProfile.empty(account).withVersion(1))).isTrue();
        assertThat(limiter.tryReserve("k", 1, Duration.ofMinutes(1), T)).isInstanceOf(SendLimiter.Granted.class);

        assertThat(TestDatabases.rows(db, "acme_profile_" + suffix)).isEqualTo(1);
        assertThat(TestDatabases.rows(db, "acme_sms_" + suffix)).isEqualTo(1);
        assertThat(TestDatabases.rows(db, "acme_sms_" + suffix + "_key")).isEqualTo(1);
        assertThat(new JdbcProfileStore(db).load(account)).as("the default table is another table").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1table", "twofa profile", "twofa_profile; DROP TABLE users", "auth.twofa_profile",
            "naïve", "\"quoted\"", "a23456789012345678901234567890123456789012345678_"})
    void tableName_notAPlainIdentifier_refusedEverywhere(String name) {
        DataSource db = TestDatabases.failingWith("unused");
        assertThatThrownBy(() -> new JdbcProfileStore(db, name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("table name must be");
        assertThatThrownBy(() -> new JdbcSendLimiter(db, name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("table name must be");
        assertThatThrownBy(() -> JdbcSchema.createSchema(db, name, "ok")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JdbcSchema.createSchema(db, "ok", name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tableName_longestPlainIdentifier_accepted() {
        String longest = "a".repeat(Sql.MAX_TABLE_NAME_LENGTH);
        assertThat(new JdbcProfileStore(TestDatabases.failingWith("unused"), longest).toString()).contains(longest);
    }

    @Test
    void scripts_everyDialect_sameTablesAndColumns() {
        Set<String> postgres = columns(Dialect.POSTGRESQL);
        assertThat(postgres).contains("twofa_profile.account_id", "twofa_profile.locked_forever",
                "twofa_profile.sms_used", "twofa_profile.failure_epoch", "twofa_profile.proofs",
                "twofa_send_key.send_key", "twofa_send.expires_sec");
        assertThat(columns(Dialect.MYSQL)).containsExactlyElementsOf(postgres);
        assertThat(columns(Dialect.H2)).containsExactlyElementsOf(postgres);
    }

    @Test
    void mysqlScript_accountIdsAndKeys_binaryColumns() {
        List<String> statements = JdbcSchema.statements(Dialect.MYSQL);
        long exact = statements.stream().flatMap(s -> s.lines())
                .filter(l -> l.matches("\\s*(account_id|send_key)\\s.*")).peek(l -> assertThat(l)
                        .containsPattern("\\s(account_id|send_key)\\s+VARBINARY\\(\\d+\\) NOT NULL")).count();
        assertThat(exact).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void location_everyDialect_holdsTheV1Script(Dialect dialect) {
        assertThat(JdbcSchema.class.getResource("/" + dialect.location() + "/" + JdbcSchema.V1_SCRIPT)).isNotNull();
        assertThat(JdbcSchema.statements(dialect)).hasSize(dialect == Dialect.MYSQL ? 3 : 4)
                .allSatisfy(s -> assertThat(s).startsWith("CREATE ").doesNotContain("--"));
    }

    private static final Pattern TABLE = Pattern.compile("CREATE TABLE IF NOT EXISTS (\\w+)");
    private static final Pattern COLUMN = Pattern.compile("(?m)^\\s+([a-z_]+)\\s+(?:VARCHAR|BIGINT|INT|BOOLEAN|BYTEA|BLOB|VARBINARY)");

    /** Returns table.column of every CREATE TABLE in the dialect's script, in order. */
    private static Set<String> columns(Dialect dialect) {
        Set<String> columns = new LinkedHashSet<>();
        for (String statement : JdbcSchema.statements(dialect)) {
            Matcher table = TABLE.matcher(statement);
            if (table.find()) {
                Matcher column = COLUMN.matcher(statement);
                while (column.find()) {
                    columns.add(table.group(1) + "." + column.group(1));
                }
            }
        }
        return columns;
    }
}
