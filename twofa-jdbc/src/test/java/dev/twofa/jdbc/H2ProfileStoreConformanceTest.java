package dev.twofa.jdbc;

import dev.twofa.core.spi.ProfileStore;
import dev.twofa.testkit.ProfileStoreConformance;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;

/** The store on H2 passes twofa-testkit's store conformance kit; the second node is another store instance. */
class H2ProfileStoreConformanceTest extends ProfileStoreConformance {

    private static DataSource database;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabases.newH2Database();
    }

    @Override
    protected ProfileStore newStore() {
        return new JdbcProfileStore(database);
    }

    @Override
    protected ProfileStore anotherNode(ProfileStore store) {
        return new JdbcProfileStore(database);
    }
}
