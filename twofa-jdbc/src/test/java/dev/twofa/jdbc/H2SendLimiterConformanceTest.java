package dev.twofa.jdbc;

import dev.twofa.sms.SendLimiter;
import dev.twofa.testkit.SendLimiterConformance;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;

/** The limiter on H2 passes twofa-testkit's limiter conformance kit; the second node is another limiter instance. */
class H2SendLimiterConformanceTest extends SendLimiterConformance {

    private static DataSource database;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabases.newH2Database();
    }

    @Override
    protected SendLimiter newLimiter() {
        return new JdbcSendLimiter(database);
    }

    @Override
    protected SendLimiter anotherNode(SendLimiter limiter) {
        return new JdbcSendLimiter(database);
    }
}
