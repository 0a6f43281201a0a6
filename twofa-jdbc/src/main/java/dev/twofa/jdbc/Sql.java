package dev.twofa.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the store, the limiter and the schema share: table-name validation and the two-column
 * mapping of instants ({@code <name>_sec BIGINT}, {@code <name>_nano INT}), exact to the nanosecond
 * over the whole range of {@link Instant}.
 *
 * <p>Stateless and thread-safe.
 */
final class Sql {

    /** The longest table name: leaves room for the suffixes of derived names within 63 characters. */
    static final int MAX_TABLE_NAME_LENGTH = 48;

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0," + (MAX_TABLE_NAME_LENGTH - 1) + "}");

    private Sql() {
    }

    /**
     * Returns the name if it is a plain SQL identifier: ASCII letters, digits and {@code _}, not
     * starting with a digit, at most {@value #MAX_TABLE_NAME_LENGTH} characters. Only such names are
     * put into SQL text, so a configured name cannot inject SQL.
     *
     * @throws NullPointerException if name is null
     * @throws IllegalArgumentException if it is not such an identifier
     */
    static String tableName(String name) {
        Objects.requireNonNull(name, "tableName");
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("table name must be ASCII letters, digits and _, not starting with"
                    + " a digit, 1 to " + MAX_TABLE_NAME_LENGTH + " characters, was \"" + name + "\"");
        }
        return name;
    }

    /** Binds an instant, or null, to the seconds column at {@code index} and the nanos at {@code index + 1}. */
    static void setInstant(PreparedStatement s, int index, Instant instant) throws SQLException {
        if (instant == null) {
            s.setNull(index, Types.BIGINT);
            s.setNull(index + 1, Types.INTEGER);
        } else {
            s.setLong(index, instant.getEpochSecond());
            s.setInt(index + 1, instant.getNano());
        }
    }

    /** Reads the instant of {@code <prefix>_sec} and {@code <prefix>_nano}, or null if the seconds are null. */
    static Instant getInstant(ResultSet r, String prefix) throws SQLException {
        long seconds = r.getLong(prefix + "_sec");
        if (r.wasNull()) {
            return null;
        }
        return Instant.ofEpochSecond(seconds, r.getInt(prefix + "_nano"));
    }

    /** Binds a long, or null. */
    static void setLong(PreparedStatement s, int index, Long value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, value);
        }
    }
}
