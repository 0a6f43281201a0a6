package dev.twofa.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real MariaDB server for the tests, from the machine's Debian package {@code mariadb-server}:
 * started on first use (a new data directory made by {@code mariadb-install-db}, {@code mariadbd} on
 * a free loopback port), stopped and its directory deleted when the test JVM ends, as the
 * embedded PostgreSQL is. Without the package, every test that asks for it is skipped with the
 * reason {@value #INSTALL}, never passed: a class marked with {@link Installed} is disabled, a
 * single test that asks {@link #server()} is aborted by a JUnit assumption.
 *
 * <p>The server runs with MariaDB's own defaults ({@code --no-defaults}: character set latin1,
 * {@code REPEATABLE READ}), not the package's configuration, so the tests show that the script and
 * the driver settings carry everything twofa needs.
 */
final class MariaDb {

    /** The reason a test is skipped where the server is not installed. */
    static final String INSTALL = "install: apt-get install -y mariadb-server";

    private static final List<String> PATHS = List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static Server server;
    private static RuntimeException startFailure;

    private MariaDb() {
    }

    /**
     * Skips a whole test class, each of its tests reported as skipped with {@value #INSTALL}, where
     * the package is not installed; for classes that need the server in {@code @BeforeAll} (an
     * assumption failing there would report no test at all).
     */
    static final class Installed implements ExecutionCondition {

        /** Creates the condition; JUnit calls it. */
        Installed() {
        }

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return installed() ? ConditionEvaluationResult.enabled("mariadb-server is installed")
                    : ConditionEvaluationResult.disabled(INSTALL);
        }
    }

    /** Returns whether the server's programs are on this machine. */
    static boolean installed() {
        return daemon().isPresent() && installDb().isPresent();
    }

    /**
     * Returns the server, starting it on first use (about two seconds); aborts the calling test
     * where the package is not installed.
     */
    static synchronized Server server() {
        Assumptions.assumeTrue(installed(), INSTALL);
        if (startFailure != null) {
            throw startFailure;          // one failed start, reported by every test that needs the server
        }
        if (server == null) {
            try {
                server = Server.start(daemon().orElseThrow(), installDb().orElseThrow());
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
            Server started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "mariadb-stop"));
        }
        return server;
    }

    /** Creates a new, empty database with twofa's schema (the MySQL script) and returns its name. */
    static String newDatabase() {
        String name = "twofa_" + DATABASES.incrementAndGet();
        Server s = server();
        try (Connection c = DriverManager.getConnection(s.url("")); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        try (HikariDataSource ds = pool(name, 1)) {
            JdbcSchema.createSchema(ds);
        }
        return name;
    }

    /** Returns a pool of at most {@code size} connections to a database of the server: one application node. */
    static HikariDataSource pool(String database, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server().url(database));
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        config.setPoolName("mariadb-" + database);
        return new HikariDataSource(config);
    }

    private static Optional<Path> daemon() {
        return executable("mariadbd", "mysqld");
    }

    private static Optional<Path> installDb() {
        return executable("mariadb-install-db", "mysql_install_db");
    }

    private static Optional<Path> executable(String... names) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(java.io.File.pathSeparator)));
        }
        dirs.addAll(PATHS);
        for (String name : names) {
            for (String dir : dirs) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** One running server: its process, port and directory. */
    static final class Server {
        private final Process process;
        private final int port;
        private final Path directory;

        private Server(Process process, int port, Path directory) {
            this.process = process;
            this.port = port;
            this.directory = directory;
        }

        /** Returns the JDBC URL of a database (empty: none) as the server's root user. */
        String url(String database) {
            return "jdbc:mariadb://127.0.0.1:" + port + "/" + database + "?user=root";
        }

        static Server start(Path daemon, Path install) {
            boolean root = "root".equals(System.getProperty("user.name"));
            Path directory;
            try {
                directory = Files.createTempDirectory("twofa-mariadb-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path data = directory.resolve("data");
            List<String> installCommand = new ArrayList<>(List.of(install.toString(), "--no-defaults",
                    "--datadir=" + data, "--auth-root-authentication-method=normal", "--skip-test-db"));
            if (root) {
                installCommand.add("--user=root");        // mariadbd refuses to run as root without it
            }
            try {
                run(installCommand, directory.resolve("install.log"));
            } catch (RuntimeException e) {
                deleteQuietly(directory);
                throw e;
            }
            IllegalStateException last = null;
            for (int attempt = 1; attempt <= 3; attempt++) {    // another process may take the free port first
                int port = freePort();
                List<String> command = new ArrayList<>(List.of(daemon.toString(), "--no-defaults",
                        "--datadir=" + data, "--port=" + port, "--bind-address=127.0.0.1",
                        "--socket=" + directory.resolve("mariadb.sock"), "--pid-file=" + directory.resolve("mariadb.pid"),
                        "--skip-name-resolve", "--max-connections=300", "--innodb-buffer-pool-size=64M"));
                if (root) {
                    command.add("--user=root");
                }
                Path log = directory.resolve("server-" + attempt + ".log");
                Process process;
                try {
                    process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                Server s = new Server(process, port, directory);
                try {
                    s.awaitReady(log);
                    return s;
                } catch (IllegalStateException e) {
                    s.stopProcess();
                    last = e;
                }
            }
            deleteQuietly(directory);
            throw last;
        }

        /** Waits until the server takes connections. */
        private void awaitReady(Path log) {
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            SQLException lastRefusal = null;
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("mariadbd ended with " + process.exitValue() + ": " + tail(log));
                }
                try (Connection c = DriverManager.getConnection(url(""))) {
                    if (c.isValid(5)) {
                        return;
                    }
                } catch (SQLException refused) {
                    lastRefusal = refused;
                }
                try {
                    process.waitFor(100, TimeUnit.MILLISECONDS);    // polls the port; returns early if it dies
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while mariadbd started", e);
                }
            }
            throw new IllegalStateException("mariadbd took no connection in " + START_TIMEOUT + ": " + tail(log),
                    lastRefusal);
        }

        /** Stops the server (a clean shutdown on SIGTERM) and deletes its directory. */
        void stop() {
            stopProcess();
            deleteQuietly(directory);
        }

        private void stopProcess() {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }

        private static void run(List<String> command, Path log) {
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(command.get(0) + " took over 120 s: " + tail(log));
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException(command.get(0) + " ended with " + p.exitValue() + ": " + tail(log));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted: " + command.get(0), e);
            }
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String tail(Path log) {
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }

        private static void deleteQuietly(Path directory) {
            try (Stream<Path> paths = Files.walk(directory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                // a temporary directory; the system cleans it up
            }
        }
    }
}
