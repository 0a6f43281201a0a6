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
 * twofa's tables in the host's database, made sure of at startup: created first when {@code
 * twofa.jdbc.initialize-schema=always}, and in every mode looked up, so that missing tables refuse
 * the start with what to do instead of failing the first login. The store and the send limiter take
 * this bean, so the check comes before either is used; the bean waits for the host's own database
 * initialization (Flyway, Liquibase, {@code spring.sql.init}).
 *
 * <p>Immutable and thread-safe.
 */
final class JdbcTables {

    private final DataSource dataSource;
    private final TwoFactorProperties.Jdbc settings;

    JdbcTables(DataSource dataSource, TwoFactorProperties.Jdbc settings) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.settings = Objects.requireNonNull(settings, "settings");
        if (settings.initializeSchema() == TwoFactorProperties.SchemaInitialization.ALWAYS) {
            Settings.set("twofa.jdbc.profile-table or twofa.jdbc.send-table",
                    () -> JdbcSchema.createSchema(dataSource, profileTable(), sendTable()));
        }
        requireTables();
    }

    DataSource dataSource() {
        return dataSource;
    }

    String profileTable() {
        return settings.profileTable();
    }

    String sendTable() {
        return settings.sendTable();
    }

    private void requireTables() {
        List<String> missing = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData metaData = c.getMetaData();
            for (String table : List.of(profileTable(), sendTable(), sendTable() + "_key")) {
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
