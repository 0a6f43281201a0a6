package com.example.host;

import dev.twofa.core.spi.ProfileStore;
import dev.twofa.testkit.InMemoryProfileStore;
import dev.twofa.testkit.ProfileStoreConformance;

class MyProfileStoreTest extends ProfileStoreConformance {

    @Override
    protected ProfileStore newStore() {
        return new InMemoryProfileStore(); // yours: new JdbcProfileStore(testDataSource)
    }
}
