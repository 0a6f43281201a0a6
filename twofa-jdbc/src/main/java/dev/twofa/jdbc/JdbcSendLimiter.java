package dev.twofa.jdbc;

import dev.twofa.sms.SendLimiter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SendLimiter} on a shared database: the SMS resend cooldown and the send limits of
 * twofa-sms hold across all application nodes that use the same tables (default {@value
 * JdbcSchema#SEND_TABLE} and {@value JdbcSchema#SEND_TABLE}{@code _key}, created by the scripts of
 * {@link JdbcSchema}).
 *
 * <p><b>One decision, one transaction.</b> {@link #tryReserve} runs in one short transaction on one
 * connection: it locks the key's row in the key table (an upsert, so the first reservation of a key
 * creates it), reads the key's reservations with {@code SELECT ... FOR UPDATE}, deletes those that
 * left the window, inserts the new reservation if fewer than {@code limit} remain, and commits.
 * Decisions under one key therefore run one at a time on every node, and no count is lost; keys do
 * not wait for each other. A transaction that fails midway (a lost connection, a failed commit) is
 * rolled back by the database: nothing is counted. A serialization failure or deadlock (SQLState
 * class 40), a lock timeout or a duplicate key of a concurrently created key row is retried, at most
 * {@value #MAX_ATTEMPTS} times in all.
 *
 * <p><b>Statements.</b> A granted reservation takes three statements and a commit (upsert, select,
 * insert), plus a delete when reservations aged out; a denied one two and a commit. On MySQL and
 * MariaDB a decision and each of the sweep's deletes below start with one more, {@code SET
 * TRANSACTION ISOLATION LEVEL READ COMMITTED} (see Isolation). {@link #release}
 * is one {@code DELETE} by primary key. At most once a minute (of the {@code now} passed in) a
 * decision is followed by a sweep, two {@code DELETE}s by expiry, that removes every key's aged
 * reservations and the key rows idle for a whole window, so the tables hold only what still counts.
 *
 * <p><b>Isolation.</b> Decides at {@code READ COMMITTED}, the default of PostgreSQL and H2. On
 * MySQL and MariaDB, whose default is {@code REPEATABLE READ}, each decision's transaction is set
 * to {@code READ COMMITTED} (that transaction only; the connection keeps its level): at {@code
 * REPEATABLE READ} the locking read also locks the gaps between keys, and decisions under
 * neighbouring keys deadlock often enough under load to run out of retries. With the binary log
 * on, that needs {@code binlog_format} ROW (MySQL 8's default) or MIXED (MariaDB's); STATEMENT
 * refuses writes at {@code READ COMMITTED}. At {@code SERIALIZABLE} (set on a PostgreSQL or H2
 * pool) decisions that collide are retried.
 *
 * <p>Times are stored as seconds and nanoseconds, exact over the whole range of {@link Instant}.
 * Failures are thrown as {@link DatabaseException} with the SQLState only; keys are pseudonyms (see
 * {@link SendLimiter}) and may appear in the tables, never in messages.
 *
 * <p>Thread-safe: each call takes its own connection from the {@link DataSource}; the only state
 * in the instance is the time of the last sweep and the database's dialect, both set atomically.
 */
public final class JdbcSendLimiter implements SendLimiter {

    /** How often (by the callers' {@code now}) aged rows of all keys are deleted, in seconds. */
    public static final int SWEEP_INTERVAL_SECONDS = 60;

    /** How often one call tries a decision that collided (serialization failure, deadlock) in all. */
    public static final int MAX_ATTEMPTS = 10;

    /** The longest key, in ASCII characters (the key columns' width). */
    public static final int MAX_KEY_LENGTH = 64;

    private static final Logger LOG = LoggerFactory.getLogger(JdbcSendLimiter.class);

    /**
     * MySQL and MariaDB: the isolation of the next transaction only, so the pool's connection keeps
     * its own. At their default REPEATABLE READ a locking read also locks the gaps beside the key's
     * rows, and two keys next to each other in the index deadlock as each inserts into the other's
     * gap (measured on MariaDB 10.11: 34 to 311 deadlocks in the two-node races, some calls out of
     * retries), and the sweep's scan locks every row it passes. At READ COMMITTED only the rows
     * read are locked (and those the sweep leaves are let go); the key row still orders the decisions.
     */
    private static final String READ_COMMITTED_NEXT = "SET TRANSACTION ISOLATION LEVEL READ COMMITTED";

    private final DataSource dataSource;
    private final String table;
    private final String keyTable;
    private final String selectRows;
    private final String deleteAged;
    private final String insertRow;
    private final String deleteRow;
    private final String sweepRows;
    private final String sweepKeys;
    private final AtomicReference<Dialect> dialect = new AtomicReference<>();
    private final AtomicReference<Instant> lastSweep = new AtomicReference<>(Instant.MIN);

    /**
     * Creates a limiter on the tables {@value JdbcSchema#SEND_TABLE} and {@value
     * JdbcSchema#SEND_TABLE}{@code _key}.
     *
     * @param dataSource where connections come from (the host's pool), on PostgreSQL, MySQL/MariaDB
     *     or H2 (told apart by the product name on first use)
     * @throws NullPointerException if dataSource is null
     */
    public JdbcSendLimiter(DataSource dataSource) {
        this(dataSource, JdbcSchema.SEND_TABLE);
    }

    /**
     * Creates a limiter on tables of other names: {@code tableName} for the reservations and
     * {@code tableName + "_key"} for the keys.
     *
     * @param dataSource where connections come from (the host's pool)
     * @param tableName the reservation table, a plain identifier (ASCII letters, digits, {@code _},
     *     not starting with a digit, at most 48 characters); default {@value JdbcSchema#SEND_TABLE}
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if tableName is not a plain identifier
     */
    public JdbcSendLimiter(DataSource dataSource, String tableName) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.table = Sql.tableName(tableName);
        this.keyTable = table + "_key";
        this.selectRows = "SELECT at_sec, at_nano FROM " + table + " WHERE send_key = ? FOR UPDATE";
        this.deleteAged = "DELETE FROM " + table + " WHERE send_key = ? AND (at_sec < ? OR (at_sec = ? AND at_nano <= ?))";
        this.insertRow = "INSERT INTO " + table + " (send_key, id, at_sec, at_nano, expires_sec) VALUES (?, ?, ?, ?, ?)";
        this.deleteRow = "DELETE FROM " + table + " WHERE send_key = ? AND id = ?";
        this.sweepRows = "DELETE FROM " + table + " WHERE expires_sec < ?";
        this.sweepKeys = "DELETE FROM " + keyTable + " WHERE idle_after_sec < ?";
    }

    /**
     * {@inheritDoc}
     *
     * <p>Decided in one transaction under a row lock on the key; see the class description.
     *
     * @throws IllegalArgumentException also if the key is longer than {@value #MAX_KEY_LENGTH}
     *     characters or not ASCII
     * @throws DatabaseException if the database fails (SQLState only); nothing is counted then
     * @throws java.time.DateTimeException if {@code now} is so close to {@link Instant#MIN} or {@link
     *     Instant#MAX} that the window leaves the range of {@code Instant}
     */
    @Override
    public Reservation tryReserve(String key, int limit, Duration window, Instant now) {
        SendLimiter.checkArguments(key, limit, window, now);
        checkKey(key);
        Instant cutoff = now.minus(window);
        Instant expires = now.plus(window);
        List<String> inserted = new ArrayList<>(1);
        Reservation outcome;
        try {
            outcome = withRetry("reserve", c -> decide(c, key, limit, window, now, cutoff, expires, inserted));
        } catch (DatabaseException e) {
            forget(key, inserted, null);     // a commit whose answer was lost may have counted a row
            throw e;
        }
        if (inserted.size() > 1) {
            forget(key, inserted, outcome);
        }
        sweepIfDue(now);
        return outcome;
    }

    /**
     * Deletes, best effort, the rows of tries whose outcome is unknown (the commit may have reached
     * the database while its answer was lost), but never the granted one: nothing a failed call
     * counted stays counted, as far as the database can still be reached.
     */
    private void forget(String key, List<String> ids, Reservation kept) {
        String keptId = kept instanceof Granted granted ? granted.id() : null;
        for (String id : ids) {
            if (!id.equals(keptId)) {
                try {
                    release(new Granted(key, id, Instant.EPOCH));
                } catch (DatabaseException unreachable) {
                    // the database is gone: the row, if any, ages out with its window
                }
            }
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>One {@code DELETE} by primary key; idempotent.
     *
     * @throws DatabaseException if the database fails (SQLState only)
     */
    @Override
    public void release(Granted reservation) {
        Objects.requireNonNull(reservation, "reservation");
        withRetry("release", c -> {
            try (PreparedStatement s = c.prepareStatement(deleteRow)) {
                s.setString(1, reservation.key());
                s.setString(2, reservation.id());
                s.executeUpdate();
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return null;
        });
    }

    private Reservation decide(Connection c, String key, int limit, Duration window, Instant now, Instant cutoff,
            Instant expires, List<String> inserted) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        if (autoCommit) {
            c.setAutoCommit(false);
        }
        boolean committed = false;
        try {
            Dialect d = dialect(c);
            readCommittedNext(c, d);
            try (PreparedStatement s = c.prepareStatement(lockKeySql(d))) {
                s.setString(1, key);
                s.setLong(2, expires.getEpochSecond() + 1);
                s.executeUpdate();
            }
            List<Instant> live = new ArrayList<>();
            boolean aged = false;
            try (PreparedStatement s = c.prepareStatement(selectRows)) {
                s.setString(1, key);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        Instant at = Instant.ofEpochSecond(r.getLong(1), r.getInt(2));
                        if (at.isAfter(cutoff)) {
                            live.add(at);
                        } else {
                            aged = true;
                        }
                    }
                }
            }
            if (aged) {
                try (PreparedStatement s = c.prepareStatement(deleteAged)) {
                    s.setString(1, key);
                    s.setLong(2, cutoff.getEpochSecond());
                    s.setLong(3, cutoff.getEpochSecond());
                    s.setInt(4, cutoff.getNano());
                    s.executeUpdate();
                }
            }
            Reservation outcome;
            if (live.size() >= limit) {
                live.sort(null);
                // The oldest reservations leave first: once live.size() - limit + 1 have gone, one fits.
                outcome = new Denied(key, live.get(live.size() - limit).plus(window));
            } else {
                String id = UUID.randomUUID().toString();
                inserted.add(id);
                try (PreparedStatement s = c.prepareStatement(insertRow)) {
                    s.setString(1, key);
                    s.setString(2, id);
                    s.setLong(3, now.getEpochSecond());
                    s.setInt(4, now.getNano());
                    s.setLong(5, expires.getEpochSecond());
                    s.executeUpdate();
                }
                outcome = new Granted(key, id, now);
            }
            c.commit();
            committed = true;
            return outcome;
        } finally {
            if (!committed) {
                rollbackQuietly(c);
            }
            if (autoCommit) {
                restoreAutoCommit(c, committed);
            }
        }
    }

    /** The database's dialect, read from the first connection's metadata. */
    private Dialect dialect(Connection c) throws SQLException {
        Dialect d = dialect.get();
        if (d == null) {
            d = Dialect.of(c.getMetaData());
            dialect.compareAndSet(null, d);
        }
        return d;
    }

    /** Sets the next transaction to READ COMMITTED on MySQL and MariaDB (see {@link #READ_COMMITTED_NEXT}). */
    private static void readCommittedNext(Connection c, Dialect d) throws SQLException {
        if (d == Dialect.MYSQL) {
            try (PreparedStatement s = c.prepareStatement(READ_COMMITTED_NEXT)) {
                s.execute();
            }
        }
    }

    /** The upsert that creates or locks the key's row. */
    private String lockKeySql(Dialect d) {
        return switch (d) {
            case POSTGRESQL -> "INSERT INTO " + keyTable + " (send_key, idle_after_sec) VALUES (?, ?) "
                    + "ON CONFLICT (send_key) DO UPDATE SET idle_after_sec = "
                    + "GREATEST(" + keyTable + ".idle_after_sec, EXCLUDED.idle_after_sec)";
            case MYSQL -> "INSERT INTO " + keyTable + " (send_key, idle_after_sec) VALUES (?, ?) "
                    + "ON DUPLICATE KEY UPDATE idle_after_sec = GREATEST(idle_after_sec, VALUES(idle_after_sec))";
            case H2 -> "MERGE INTO " + keyTable + " k USING (VALUES (CAST(? AS VARCHAR(64)), CAST(? AS BIGINT))) "
                    + "AS v (send_key, idle_after_sec) ON k.send_key = v.send_key "
                    + "WHEN MATCHED THEN UPDATE SET idle_after_sec = GREATEST(k.idle_after_sec, v.idle_after_sec) "
                    + "WHEN NOT MATCHED THEN INSERT (send_key, idle_after_sec) VALUES (v.send_key, v.idle_after_sec)";
        };
    }

    /**
     * Deletes, at most once per {@link #SWEEP_INTERVAL_SECONDS} of {@code now} and instance, every
     * reservation past its window and every key row idle for a whole window. A failure is logged
     * (SQLState only) and the sweep is tried again at the next interval: the decisions stay right,
     * only the tables hold old rows longer.
     */
    private void sweepIfDue(Instant now) {
        Instant last = lastSweep.get();
        // Duration.between cannot overflow between two instants; last.plusSeconds could at Instant.MAX.
        if (now.isBefore(last) || Duration.between(last, now).getSeconds() < SWEEP_INTERVAL_SECONDS
                || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        try {
            withRetry("sweep", c -> {
                Dialect d = dialect(c);
                for (String sql : new String[] {sweepRows, sweepKeys}) {
                    readCommittedNext(c, d);
                    try (PreparedStatement s = c.prepareStatement(sql)) {
                        s.setLong(1, now.getEpochSecond());
                        s.executeUpdate();
                    }
                    if (!c.getAutoCommit()) {
                        c.commit();
                    }
                }
                return null;
            });
        } catch (DatabaseException e) {
            LOG.warn("sweep of {} failed with SQLState {}; old rows stay until the next sweep", table, e.sqlState());
        }
    }

    /** Runs work on a fresh connection, again (on a fresh connection) while it collides, at most {@value #MAX_ATTEMPTS} times. */
    private <T> T withRetry(String operation, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                return work.run(c);
            } catch (SQLException e) {
                if (attempt >= MAX_ATTEMPTS || !collided(e)) {
                    throw DatabaseException.of(operation, table, e);
                }
            }
        }
    }

    /**
     * Returns whether the statement lost a race that a new try resolves: SQLState class 40
     * (serialization failure, deadlock), H2's lock timeout, or class 23 (another transaction created
     * the key row at the same moment).
     */
    private static boolean collided(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("40") || state.startsWith("23") || state.equals("HYT00"));
    }

    private static void checkKey(String key) {
        if (key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("key is " + key.length() + " characters, at most " + MAX_KEY_LENGTH);
        }
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) > 0x7f) {
                throw new IllegalArgumentException("key must be ASCII, character " + i + " is not");
            }
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is gone; the database rolls the transaction back itself
        }
    }

    private static void restoreAutoCommit(Connection c, boolean mustSucceed) throws SQLException {
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            if (mustSucceed) {
                throw e;
            }
        }
    }

    /** Returns the table name and the data source's class; never a URL, credentials or keys. */
    @Override
    public String toString() {
        return "JdbcSendLimiter[table=" + table + ", dataSource=" + dataSource.getClass().getSimpleName() + "]";
    }

    /** Work on one connection. */
    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }
}
