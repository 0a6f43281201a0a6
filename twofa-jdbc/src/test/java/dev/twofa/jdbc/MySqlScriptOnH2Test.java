package dev.twofa.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.twofa.core.spi.ProfileStore;
import dev.twofa.sms.SendLimiter;
import dev.twofa.testkit.ProfileStoreConformance;
import dev.twofa.testkit.SendLimiterConformance;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Nested;

/**
 * The MySQL script and the MySQL upsert, run on H2 in its MySQL mode: no MySQL server in the build,
 * so this proves the syntax and the mapping, not MySQL's locking or collations (see the script).
 */
class MySqlScriptOnH2Test {

    private static DataSource database;

    /** The H2 database in MySQL mode with the MySQL script's tables, made on first use. */
    static synchronized DataSource mysqlModeDatabase() {
        if (database != null) {
            return database;
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:mysql_mode;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        config.setMaximumPoolSize(40);
        config.setMinimumIdle(0);
        HikariDataSource ds = new HikariDataSource(config);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String statement : JdbcSchema.statements(Dialect.MYSQL)) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        database = ds;
        return ds;
    }

    @Nested
    class Store extends ProfileStoreConformance {
        private final DataSource db = mysqlModeDatabase();

        @Override
        protected ProfileStore newStore() {
            return new JdbcProfileStore(db);
        }

        @Override
        protected ProfileStore anotherNode(ProfileStore store) {
            return new JdbcProfileStore(db);
        }
    }

    @Nested
    class Limiter extends SendLimiterConformance {
        private final DataSource db = mysqlModeDatabase();

        @Override
        protected SendLimiter newLimiter() {
            return new JdbcSendLimiter(db, JdbcSchema.SEND_TABLE, Dialect.MYSQL);
        }

        @Override
        protected SendLimiter anotherNode(SendLimiter limiter) {
            return new JdbcSendLimiter(db, JdbcSchema.SEND_TABLE, Dialect.MYSQL);
        }
    }
}
