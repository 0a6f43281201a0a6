package dev.twofa.examples.web;

import com.sun.net.httpserver.HttpServer;
import dev.twofa.core.AesGcmSecretProtector;
import dev.twofa.core.PhoneNumber;
import dev.twofa.core.TwoFactorService;
import dev.twofa.core.spi.PersonDirectory;
import dev.twofa.core.spi.ProfileStore;
import dev.twofa.examples.jdbc.DriverManagerDataSource;
import dev.twofa.jdbc.JdbcProfileStore;
import dev.twofa.jdbc.JdbcSchema;
import dev.twofa.jdbc.JdbcSendLimiter;
import dev.twofa.sms.SmsCodes;
import dev.twofa.totp.Totp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * The customer administration's Profile &gt; Security page, served by the JDK's built-in HTTP
 * server on {@code 127.0.0.1}: log in (demo users {@code alice}/{@code alice} and {@code
 * bob}/{@code bob}) with the second step when it is on; add, verify, change and delete the phone
 * number; turn on login via SMS; connect an authenticator app with a QR code; confirm with a fresh
 * code and deactivate. {@code /outbox} lists the SMS the server sent for the visitor's account
 * (logged in, or past the password step), standing in for the phone.
 *
 * <p>Run it with {@link #main(String[])}; in a test, build one per test:
 *
 * <pre>{@code
 * try (SecurityPageServer server = SecurityPageServer.builder().clock(testClock).start()) {
 *     httpClient.send(HttpRequest.newBuilder(server.uri().resolve("/login")).build(), ofString());
 * }
 * }</pre>
 *
 * <p>Behind the page: a {@link TwoFactorService} with SMS codes and authenticator apps, profiles and
 * SMS send counts in an in-memory H2 database through twofa-jdbc's {@link JdbcProfileStore} and
 * {@link JdbcSendLimiter} (one fresh database per server), app
 * secrets encrypted with {@link AesGcmSecretProtector}, SMS code hashes keyed. The keys are random
 * per run; a real host loads them from its secret manager. See the package description for the web
 * security measures.
 *
 * <p>Thread-safe; {@link #close()} stops it.
 */
public final class SecurityPageServer implements AutoCloseable {

    /** The demo users and their passwords. */
    static final Map<String, String> DEMO_USERS = Map.of("alice", "alice", "bob", "bob");
    /** The number a contact person of bob's account has verified (DESIGN: reuse of a Person's number). */
    static final PhoneNumber BOBS_PERSON_NUMBER = new PhoneNumber("+420601555000");

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final HttpServer http;
    private final ExecutorService executor;
    private final URI uri;
    private final DataSource ownDatabase;

    private SecurityPageServer(Builder b) throws IOException {
        ProfileStore store = b.store;
        if (store == null) {
            ownDatabase = new DriverManagerDataSource(
                    "jdbc:h2:mem:twofa-web-" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
            JdbcSchema.createSchema(ownDatabase);
            store = new JdbcProfileStore(ownDatabase);
        } else {
            ownDatabase = null;
        }
        Outbox outbox = new Outbox(b.clock);
        SecureRandom random = new SecureRandom();
        TwoFactorService twoFactor = TwoFactorService.builder()
                .store(store)
                .clock(b.clock)
                .sms(outbox.attributing(
                        limits(SmsCodes.builder(outbox)).issuer(SecurityPage.ISSUER).hashKey(randomKey(random)).build()))
                .totp(Totp.builder().issuer(SecurityPage.ISSUER).build())
                .secretProtector(new AesGcmSecretProtector(randomKey(random)))
                .personDirectory(bobsPerson())
                .build();
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 0);
        int port = http.getAddress().getPort();
        http.createContext("/", new SecurityPage(twoFactor, DEMO_USERS, outbox, b.clock, port));
        executor = Executors.newFixedThreadPool(8);
        http.setExecutor(executor);
        uri = URI.create("http://127.0.0.1:" + port + "/");
        http.start();
    }

    /** Counts SMS sends in the server's own database, as every node of a real host would share them. */
    private SmsCodes.Builder limits(SmsCodes.Builder sms) {
        return ownDatabase == null ? sms : sms.sendLimiter(new JdbcSendLimiter(ownDatabase));
    }

    private static byte[] randomKey(SecureRandom random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return key;
    }

    private static PersonDirectory bobsPerson() {
        return (account, number) -> account.value().equals("bob") && number.equals(BOBS_PERSON_NUMBER);
    }

    /**
     * Returns a new builder. Builders are not thread-safe.
     *
     * @return a builder: ephemeral port, system clock, own in-memory database
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the address of the running server, such as {@code http://127.0.0.1:8080/}.
     *
     * @return the server's base URI
     */
    public URI uri() {
        return uri;
    }

    /** Stops the server at once and drops its own in-memory database. Idempotent. */
    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
        if (ownDatabase != null) {
            try (Connection c = ownDatabase.getConnection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            } catch (SQLException alreadyClosed) {
                // closed by an earlier close(): nothing left to drop
            }
        }
    }

    /**
     * Starts the server on 127.0.0.1 and prints its URL; runs until the process is stopped (Ctrl+C).
     *
     * @param args optionally the port, 0 (the default) for any free port
     * @throws IOException if the port cannot be bound
     */
    public static void main(String[] args) throws IOException {
        int port = 0;
        if (args.length > 0) {
            try {
                port = Integer.parseInt(args[0]);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65_535) {
                System.err.println("usage: SecurityPageServer [port]   (0 or none: any free port)");
                System.exit(2);
            }
        }
        SecurityPageServer server = builder().port(port).start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "twofa-web-stop"));
        System.out.println("twofa Security page: " + server.uri());
        System.out.println("Log in as alice / alice (or bob / bob); your SMS appear at " + server.uri().resolve("/outbox"));
        System.out.println("Ctrl+C stops the server.");
    }

    /**
     * Builds and starts a {@link SecurityPageServer}. Builders are not thread-safe.
     */
    public static final class Builder {

        private int port;
        private Clock clock = Clock.systemUTC();
        private ProfileStore store;

        private Builder() {
        }

        /**
         * Sets the port on 127.0.0.1. Default 0: any free port ({@link #uri()} tells which).
         *
         * @param port 0 to 65535
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Sets the clock of the service, the sessions and the outbox; exists for tests, which move
         * time past the TOTP replay watermark or an SMS cooldown. Default {@link Clock#systemUTC()}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the profile store. Default: a fresh in-memory H2 database through {@link
         * JdbcProfileStore}, dropped by {@link SecurityPageServer#close()}.
         *
         * @param store the store
         * @return this builder
         */
        public Builder profileStore(ProfileStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Starts the server.
         *
         * @return the running server
         * @throws IOException if the port cannot be bound
         */
        public SecurityPageServer start() throws IOException {
            return new SecurityPageServer(this);
        }
    }
}
