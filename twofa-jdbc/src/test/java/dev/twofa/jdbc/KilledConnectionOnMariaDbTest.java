package dev.twofa.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link KilledConnectionContract} on a real MariaDB (started by {@link MariaDb}): connections ended
 * with {@code KILL CONNECTION}. Skipped where the package is not installed.
 */
@ExtendWith(MariaDb.Installed.class)
class KilledConnectionOnMariaDbTest extends KilledConnectionContract {

    private static HikariDataSource db;

    @BeforeAll
    static void startDatabase() {
        db = MariaDb.pool(MariaDb.newDatabase(), 10);
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
        return ServerSessions.MARIADB;
    }
}
