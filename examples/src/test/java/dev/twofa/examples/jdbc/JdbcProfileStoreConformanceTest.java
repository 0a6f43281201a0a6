package dev.twofa.examples.jdbc;

import dev.twofa.core.spi.ProfileStore;
import dev.twofa.testkit.ProfileStoreConformance;

/**
 * The JDBC store on an embedded H2 database passes twofa-testkit's store conformance kit: every
 * field round-trips, stale versions are refused, no lost update under 16 threads, one winner per
 * SMS challenge, the watermark never moves back. The second "node" is a new store instance on the
 * same database, so a store that cached profiles would fail.
 */
class JdbcProfileStoreConformanceTest extends ProfileStoreConformance {

    private DriverManagerDataSource dataSource;

    @Override
    protected ProfileStore newStore() {
        dataSource = new DriverManagerDataSource("jdbc:h2:mem:conformance" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        JdbcProfileStore.createSchema(dataSource);
        return new JdbcProfileStore(dataSource);
    }

    @Override
    protected ProfileStore anotherNode(ProfileStore store) {
        return new JdbcProfileStore(dataSource);
    }
}
