package dev.twofa.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.twofa.core.spi.ProfileStore;
import dev.twofa.testkit.ProfileStoreConformance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The store on a real MariaDB (the Debian package, started by {@link MariaDb}) passes twofa-testkit's
 * store conformance kit; the second node is another store on another connection pool. Skipped where
 * the package is not installed.
 */
@ExtendWith(MariaDb.Installed.class)
class MariaDbProfileStoreConformanceTest extends ProfileStoreConformance {

    private static HikariDataSource node1;
    private static HikariDataSource node2;

    @BeforeAll
    static void startDatabase() {
        String database = MariaDb.newDatabase();
        node1 = MariaDb.pool(database, 10);
        node2 = MariaDb.pool(database, 10);
    }

    @AfterAll
    static void closePools() {
        node1.close();
        node2.close();
    }

    @Override
    protected ProfileStore newStore() {
        return new JdbcProfileStore(node1);
    }

    @Override
    protected ProfileStore anotherNode(ProfileStore store) {
        return new JdbcProfileStore(node2);
    }
}
