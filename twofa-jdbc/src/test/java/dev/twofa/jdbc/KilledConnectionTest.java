package dev.twofa.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link KilledConnectionContract} on a real PostgreSQL: backends terminated with {@code pg_terminate_backend}. */
class KilledConnectionTest extends KilledConnectionContract {

    private static HikariDataSource db;

    @BeforeAll
    static void startDatabase() {
        db = TestDatabases.pool(TestDatabases.newPostgresDatabase(), 10);
    }

    @AfterAll
    static void closePool() {
        db.close();
    }

    @Override
    protected DataSource database() {
        return db;
    }

    @Override
    protected ServerSessions sessions() {
        return ServerSessions.POSTGRESQL;
    }
}
