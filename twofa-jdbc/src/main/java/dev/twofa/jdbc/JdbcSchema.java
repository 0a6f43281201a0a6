package dev.twofa.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Creates twofa's tables for a quick start, from the same versioned scripts a host runs with
 * Flyway or Liquibase: {@code db/migration/twofa/<dialect>/V1__twofa_schema.sql} (see {@link
 * Dialect#location()}).
 *
 * <p>Production hosts should run the scripts with their migration tool, so later versions ({@code
 * V2__...}) apply in order; {@link #createSchema} runs version 1 only and creates what does not
 * exist yet ({@code CREATE TABLE IF NOT EXISTS}), so it is safe to call at every start.
 *
 * <p>Tables: the profiles ({@value #PROFILE_TABLE}), the send-limit keys ({@value #SEND_TABLE}{@code
 * _key}) and reservations ({@value #SEND_TABLE}), and the index {@value #SEND_TABLE}{@code
 * _expires}.
 *
 * <p>Stateless and thread-safe.
 */
public final class JdbcSchema {

    /** The default name of the profile table, as in the scripts. */
    public static final String PROFILE_TABLE = "twofa_profile";

    /** The default name of the send reservation table; the key table is this name plus {@code _key}. */
    public static final String SEND_TABLE = "twofa_send";

    /** The file name of the first schema version in each dialect's folder. */
    public static final String V1_SCRIPT = "V1__twofa_schema.sql";

    /** The scripts' table and index names, whole words only: the profile table, the send table and its {@code _key}/{@code _expires}. */
    private static final Pattern NAMES = Pattern.compile(
            "\\b(?:(" + PROFILE_TABLE + ")|" + SEND_TABLE + "(_key|_expires)?)\\b");

    private JdbcSchema() {
    }

    /**
     * Creates the tables with their default names if they do not exist, picking the script by the
     * database's product name (see {@link Dialect#of}).
     *
     * @param dataSource the database
     * @throws NullPointerException if dataSource is null
     * @throws DatabaseException if the database is not supported or refuses a statement (SQLState only)
     * @throws UncheckedIOException if the script cannot be read from the class path
     */
    public static void createSchema(DataSource dataSource) {
        createSchema(dataSource, PROFILE_TABLE, SEND_TABLE);
    }

    /**
     * Creates the tables under other names if they do not exist: the script with {@value
     * #PROFILE_TABLE} replaced by {@code profileTable} and every name starting with {@value
     * #SEND_TABLE} given {@code sendTable} as its start. Pass the same names to {@link
     * JdbcProfileStore#JdbcProfileStore(DataSource, String)} and {@link
     * JdbcSendLimiter#JdbcSendLimiter(DataSource, String)}.
     *
     * @param dataSource the database
     * @param profileTable the profile table's name, a plain identifier (ASCII letters, digits, {@code
     *     _}, at most 48 characters)
     * @param sendTable the send reservation table's name, a plain identifier
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if a name is not a plain identifier
     * @throws DatabaseException if the database is not supported or refuses a statement (SQLState only)
     * @throws UncheckedIOException if the script cannot be read from the class path
     */
    public static void createSchema(DataSource dataSource, String profileTable, String sendTable) {
        Objects.requireNonNull(dataSource, "dataSource");
        String profile = Sql.tableName(profileTable);
        String send = Sql.tableName(sendTable);
        try (Connection c = dataSource.getConnection()) {
            List<String> statements = statements(Dialect.of(c.getMetaData()));
            try (Statement s = c.createStatement()) {
                for (String statement : statements) {
                    // one pass, so a chosen name that contains a script name is never renamed again
                    s.execute(NAMES.matcher(statement).replaceAll(m -> Matcher.quoteReplacement(m.group(1) != null
                            ? profile : send + (m.group(2) == null ? "" : m.group(2)))));
                }
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            throw DatabaseException.of("create schema", profile + ", " + send, e);
        }
    }

    /**
     * Returns the statements of a dialect's version 1 script, comments removed, in order.
     *
     * @param dialect the database
     * @return the statements, without their closing semicolons
     * @throws UncheckedIOException if the script cannot be read
     */
    static List<String> statements(Dialect dialect) {
        String path = "/" + dialect.location() + "/" + V1_SCRIPT;
        try (InputStream in = JdbcSchema.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("missing on the class path: " + path));
            }
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)--.*$", "");
            List<String> statements = new ArrayList<>();
            for (String statement : script.split(";")) {
                if (!statement.isBlank()) {
                    statements.add(statement.strip());
                }
            }
            return statements;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
