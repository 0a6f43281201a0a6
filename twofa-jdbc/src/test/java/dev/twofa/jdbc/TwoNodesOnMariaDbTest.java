package dev.twofa.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The two-node races of {@link TwoNodesContract} on one real MariaDB (the Debian package, started by
 * {@link MariaDb}) at its default isolation, {@code REPEATABLE READ}, and none of them deadlocks
 * (deadlocks are retried, but under {@code REPEATABLE READ} the limiter had hundreds, enough to run
 * out of retries). Skipped where the package is not installed.
 */
@ExtendWith(MariaDb.Installed.class)
class TwoNodesOnMariaDbTest extends TwoNodesContract {

    private static HikariDataSource pool1;
    private static HikariDataSource pool2;

    @BeforeAll
    static void startDatabase() {
        String database = MariaDb.newDatabase();
        pool1 = MariaDb.pool(database, 20);
        pool2 = MariaDb.pool(database, 20);
    }

    @AfterAll
    static void closePools() {
        pool1.close();
        pool2.close();
    }

    private long deadlocksBefore;

    @BeforeEach
    void countDeadlocks() throws SQLException {
        deadlocksBefore = deadlocks();
    }

    @AfterEach
    void noDeadlockInTheRace() throws SQLException {
        assertThat(deadlocks()).as("InnoDB deadlocks during the test").isEqualTo(deadlocksBefore);
    }

    /** Returns the server's count of deadlocks since it started (the tests of a class run one at a time). */
    private static long deadlocks() throws SQLException {
        try (Connection c = pool1.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks'")) {
            r.next();
            return r.getLong(2);
        }
    }

    @Override
    protected DataSource firstNode() {
        return pool1;
    }

    @Override
    protected DataSource secondNode() {
        return pool2;
    }
}
