package dev.twofa.jdbc;

import dev.twofa.core.TwoFactorException;
import java.sql.SQLException;

/**
 * Thrown when the database refuses or fails a statement of {@link JdbcProfileStore}, {@link
 * JdbcSendLimiter} or {@link JdbcSchema}. It names the operation, the table and the SQLState only,
 * and has no cause: drivers quote bound values (a phone number, a hash) in their messages, so the
 * driver's exception is not passed on. twofa-core reports a failing store to its caller as a {@link
 * dev.twofa.core.StoreException} with this as the cause.
 *
 * <p>Immutable and thread-safe.
 */
public final class DatabaseException extends TwoFactorException {

    private static final long serialVersionUID = 1L;

    /** The SQLState of the failure, or null if the driver gave none. */
    private final String sqlState;

    private DatabaseException(String message, String sqlState) {
        super(message);
        this.sqlState = sqlState;
    }

    /**
     * Creates the exception for a failed operation, keeping the SQLState and the vendor code only.
     *
     * @param operation what was being done, such as {@code "load"}
     * @param table the table it was done on
     * @param e the driver's exception (its message and cause are dropped)
     * @return the exception to throw
     */
    static DatabaseException of(String operation, String table, SQLException e) {
        return new DatabaseException(operation + " on " + table + " failed: SQLState " + e.getSQLState()
                + ", vendor code " + e.getErrorCode(), e.getSQLState());
    }

    /**
     * Creates the exception for a failure that is not the driver's.
     *
     * @param message what went wrong, without values
     * @return the exception to throw
     */
    static DatabaseException because(String message) {
        return new DatabaseException(message, null);
    }

    /**
     * Returns the SQLState the driver reported (for example {@code "40001"} for a serialization
     * failure, {@code "08006"} for a lost connection), to decide whether to retry.
     *
     * @return the five-character SQLState, or null if the driver gave none or the failure was not
     *     the driver's
     */
    public String sqlState() {
        return sqlState;
    }
}
