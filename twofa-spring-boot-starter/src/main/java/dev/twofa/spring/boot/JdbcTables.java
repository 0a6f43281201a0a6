package dev.twofa.spring.boot;

import dev.twofa.jdbc.JdbcSchema;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * twofa's tables in the host's database, made sure of before the store or the send limiter gets the
 * {@code DataSource}: created first when {@code twofa.jdbc.initialize-schema=always} (once), and in
 * every mode looked up, so that missing tables refuse the start with what to do instead of failing
 * the first login. Only the tables of the parts the starter makes are looked up: a host with its
 * own store and limiter needs none. The bean waits for the host's own database initialization
 * (Flyway, Liquibase, {@code spring.sql.init}).
 *
 * <p>Thread-safe: the schema is created under this object's lock.
 */
final class JdbcTables {

    private final DataSource dataSource;
    private final TwoFactorProperties.Jdbc settings;
    private boolean created;

    JdbcTables(DataSource dataSource, TwoFactorProperties.Jdbc settings) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Returns the database once the profile table is there. */
    DataSource forProfileStore() {
        require(List.of(profileTable()));
        return dataSource;
    }

    /** Returns the database once the send-limit tables are there. */
    DataSource forSendLimiter() {
        require(List.of(sendTable(), sendTable() + "_key"));
        return dataSource;
    }

    String profileTable() {
        return settings.profileTable();
    }

    String sendTable() {
        return settings.sendTable();
    }

    private synchronized void require(List<String> tables) {
        if (settings.initializeSchema() == TwoFactorProperties.SchemaInitialization.ALWAYS && !created) {
            Settings.set("twofa.jdbc.profile-table or twofa.jdbc.send-table",
                    () -> JdbcSchema.createSchema(dataSource, profileTable(), sendTable()));
            created = true;
        }
        List<String> missing = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData metaData = c.getMetaData();
            for (String table : tables) {
                if (!exists(metaData, table)) {
                    missing.add(table);
                }
            }
        } catch (SQLException e) {
            // SQLState only, as twofa-jdbc reports: a driver's message may hold the URL or the user
            throw new TwoFactorConfigurationException("twofa could not look up its tables in the DataSource (SQLState "
                    + e.getSQLState() + ").", "Check that the database is reachable with spring.datasource.*.");
        }
        if (!missing.isEmpty()) {
            throw new TwoFactorConfigurationException("twofa's tables " + missing + " are missing from the DataSource's"
                    + " database (twofa.jdbc.initialize-schema=" + settings.initializeSchema().name().toLowerCase(Locale.ROOT)
                    + ").", "Create them with twofa-jdbc's scripts db/migration/twofa/<database>/V*.sql (with Flyway,"
                    + " Liquibase or by hand), or set twofa.jdbc.initialize-schema=always to create them at startup.");
        }
    }

    /** Looks the table up as written, in upper and in lower case: databases store unquoted names differently. */
    private static boolean exists(DatabaseMetaData metaData, String table) throws SQLException {
        for (String name : List.of(table, table.toUpperCase(Locale.ROOT), table.toLowerCase(Locale.ROOT))) {
            try (ResultSet rs = metaData.getTables(null, null, name, new String[] {"TABLE"})) {
                while (rs.next()) {
                    if (name.equals(rs.getString("TABLE_NAME"))) {    // '_' is a pattern character: compare exactly
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
