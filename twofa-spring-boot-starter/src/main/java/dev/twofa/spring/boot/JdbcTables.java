package dev.twofa.spring.boot;

import dev.twofa.jdbc.JdbcSchema;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * twofa's tables in the host's database, created first when {@code
 * twofa.jdbc.initialize-schema=always}: the store and the send limiter take this bean, so the
 * tables exist before either is used.
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
            JdbcSchema.createSchema(dataSource, profileTable(), sendTable());
        }
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
}
