package dev.twofa.testkit;

import dev.twofa.core.spi.ProfileStore;

/** The in-memory store passes the conformance kit a host runs against its own store. */
class InMemoryProfileStoreConformanceTest extends ProfileStoreConformance {

    @Override
    protected ProfileStore newStore() {
        return new InMemoryProfileStore();
    }
}
