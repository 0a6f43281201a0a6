package dev.twofa.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.twofa.sms.SendLimiter;
import dev.twofa.testkit.SendLimiterConformance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The limiter on a real MariaDB (the Debian package, started by {@link MariaDb}) passes twofa-testkit's
 * limiter conformance kit; the second node is another limiter on another connection pool. Skipped where
 * the package is not installed.
 */
@ExtendWith(MariaDb.Installed.class)
class MariaDbSendLimiterConformanceTest extends SendLimiterConformance {

    private static HikariDataSource node1;
    private static HikariDataSource node2;

    @BeforeAll
    static void startDatabase() {
        String database = MariaDb.newDatabase();
        node1 = MariaDb.pool(database, 20);
        node2 = MariaDb.pool(database, 20);
    }

    @AfterAll
    static void closePools() {
        node1.close();
        node2.close();
    }

    @Override
    protected SendLimiter newLimiter() {
        return new JdbcSendLimiter(node1);
    }

    @Override
    protected SendLimiter anotherNode(SendLimiter limiter) {
        return new JdbcSendLimiter(node2);
    }
}
