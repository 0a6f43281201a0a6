package dev.twofa.jdbc;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The databases twofa-jdbc supports, each with its migration scripts under {@code
 * db/migration/twofa/<dialect>/} on the class path.
 *
 * <p>The profile store's statements are the same on all three; the send limiter's row-lock
 * statement (an upsert) differs.
 *
 * <p>Immutable and thread-safe.
 */
public enum Dialect {

    /** PostgreSQL 12 or later. */
    POSTGRESQL("postgresql"),

    /**
     * MySQL 8.0.17 or later, and MariaDB 10.3 or later: one script for both (account ids and limit
     * keys are binary columns, compared exactly on either server; see the script's note).
     */
    MYSQL("mysql"),

    /** H2 2.x, for development and tests. */
    H2("h2");

    private final String directory;

    Dialect(String directory) {
        this.directory = directory;
    }

    /**
     * Returns the folder of this dialect's migration scripts on the class path, for a host's
     * Flyway ({@code "classpath:" + location()}) or Liquibase.
     *
     * @return for example {@code "db/migration/twofa/postgresql"}
     */
    public String location() {
        return "db/migration/twofa/" + directory;
    }

    /**
     * Returns the dialect of a database from its product name ({@code "PostgreSQL"}, {@code
     * "MySQL"}, {@code "MariaDB"}, {@code "H2"}).
     *
     * @param metaData the connection's metadata
     * @return the dialect
     * @throws DatabaseException if the product is none of the supported ones, or the driver fails
     * @throws NullPointerException if metaData is null
     */
    public static Dialect of(DatabaseMetaData metaData) {
        String product;
        try {
            product = metaData.getDatabaseProductName();
        } catch (SQLException e) {
            throw DatabaseException.of("read the database product", "metadata", e);
        }
        String name = product == null ? "" : product.toLowerCase(Locale.ROOT);
        if (name.contains("postgresql")) {
            return POSTGRESQL;
        }
        if (name.contains("mysql") || name.contains("mariadb")) {
            return MYSQL;
        }
        if (name.equals("h2")) {
            return H2;
        }
        throw DatabaseException.because("twofa-jdbc supports PostgreSQL, MySQL/MariaDB and H2, not \""
                + product + "\"");
    }
}
