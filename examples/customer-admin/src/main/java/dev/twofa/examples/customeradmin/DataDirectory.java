package dev.twofa.examples.customeradmin;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Prepares the example's data directory ({@code customer-admin.data-dir}, default {@code
 * ./target/customer-admin}) before the application context starts: the H2 database lives there, and
 * so does {@code secrets.properties}, made on the first start with {@link SecureRandom} and read on
 * every later one. It holds the AES key that encrypts the authenticator-app secrets, the key that
 * hashes SMS codes, and the demo users' passwords. Nothing secret is in a committed file.
 *
 * <p>A host that sets {@code twofa.secret-protection.current-key} and its key itself (for example
 * in {@code SPRING_APPLICATION_JSON}, with a key from {@code openssl rand -base64 32}) keeps its own
 * key; the file's key is then not used.
 *
 * <p>The resolved directory is put back as {@code customer-admin.data-dir}, so a value such as
 * {@code target/run-${random.uuid}} (the tests' fresh database) is fixed once per start.
 *
 * <p>Thread-safety: runs once, on the thread that starts the application.
 */
public final class DataDirectory implements EnvironmentPostProcessor, Ordered {

    /** The property naming the data directory. */
    public static final String PROPERTY = "customer-admin.data-dir";
    /** The key id the generated AES key has in twofa's key ring. */
    public static final String KEY_ID = "local";
    /** The file with the generated keys and passwords, inside the data directory. */
    public static final String SECRETS_FILE = "secrets.properties";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Creates the post-processor; Spring Boot calls this. */
    public DataDirectory() {
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE; // after application.properties and the test's properties are in
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Path dir = Path.of(environment.getProperty(PROPERTY, "./target/customer-admin")).toAbsolutePath().normalize();
        List<String> users = DemoUsers.allNames(environment);
        Properties secrets = loadOrCreate(dir.resolve(SECRETS_FILE), users);

        Map<String, Object> resolved = new HashMap<>();
        resolved.put(PROPERTY, dir.toString());
        if (!environment.containsProperty("twofa.secret-protection.current-key")) {
            resolved.put("twofa.secret-protection.current-key", KEY_ID);
            resolved.put("twofa.secret-protection.keys." + KEY_ID, secrets.getProperty("aes-key"));
        }
        if (!environment.containsProperty("twofa.sms.hash-key")) {
            resolved.put("twofa.sms.hash-key", secrets.getProperty("sms-hash-key"));
        }
        for (String user : users) {
            resolved.put(DemoUsers.PASSWORD_PREFIX + user, secrets.getProperty("password." + user));
        }
        environment.getPropertySources().addFirst(new MapPropertySource("customer-admin-data-directory", resolved));
    }

    /** Reads the secrets file, adding what is missing (all of it on the first start). */
    private static Properties loadOrCreate(Path file, List<String> users) {
        try {
            Files.createDirectories(file.getParent());
            Properties p = new Properties();
            if (Files.exists(file)) {
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    p.load(in);
                }
            }
            boolean changed = putIfAbsent(p, "aes-key", () -> randomBase64(32));
            changed |= putIfAbsent(p, "sms-hash-key", () -> randomBase64(32));
            for (String user : users) {
                changed |= putIfAbsent(p, "password." + user, DataDirectory::randomPassword);
            }
            if (changed) {
                write(file, p);
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the data directory " + file.getParent(), e);
        }
    }

    private static boolean putIfAbsent(Properties p, String key, Supplier<String> value) {
        if (p.getProperty(key) != null) {
            return false;
        }
        p.setProperty(key, value.get());
        return true;
    }

    private static void write(Path file, Properties p) throws IOException {
        Path tmp = file.resolveSibling(SECRETS_FILE + ".new");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp);
        } catch (FileAlreadyExistsException race) {
            throw new IOException("another start is writing " + tmp, race);
        }
        try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(out, "Made by the Customer Administration example on its first start. Keep it private: "
                    + "it holds the key of the authenticator-app secrets in db.mv.db.");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String randomBase64(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    /** Returns a password a person can type: three groups of four lower-case letters and digits. */
    private static String randomPassword() {
        String alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        StringBuilder b = new StringBuilder(14);
        for (int i = 0; i < 12; i++) {
            if (i > 0 && i % 4 == 0) {
                b.append('-');
            }
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
