package dev.twofa.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalLong;

/** How a test finds and ends another connection's session on the server, per database. */
enum ServerSessions {

    /** PostgreSQL: backends by pid, ended with {@code pg_terminate_backend}. */
    POSTGRESQL("SELECT pg_backend_pid()", "SELECT pg_terminate_backend(%d)", "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            + " AND query LIKE 'UPDATE twofa_profile%' AND pid <> pg_backend_pid()", "57P01|08\\d{3}"),

    /**
     * MariaDB (and MySQL): connections by id, ended with {@code KILL CONNECTION}. The UPDATE is
     * found in the process list: it cannot finish while the test holds the row's lock. (InnoDB's
     * own view of lock waits, {@code INNODB_TRX}, is a cache that a poll more often than every 0.1 s
     * keeps from ever refreshing.)
     */
    MARIADB("SELECT CONNECTION_ID()", "KILL CONNECTION %d", "SELECT ID FROM information_schema.PROCESSLIST"
            + " WHERE INFO LIKE 'UPDATE twofa_profile%' AND ID <> CONNECTION_ID()", "70100|08\\d{3}");

    private final String ownId;
    private final String kill;
    private final String waitingUpdate;
    private final String killedStates;

    ServerSessions(String ownId, String kill, String waitingUpdate, String killedStates) {
        this.ownId = ownId;
        this.kill = kill;
        this.waitingUpdate = waitingUpdate;
        this.killedStates = killedStates;
    }

    /** Returns the server's id of a connection's session. */
    long idOf(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(ownId); ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Returns a session whose UPDATE of the profile table waits for a row lock, if there is one now. */
    OptionalLong waitingUpdate(Connection watcher) throws SQLException {
        try (PreparedStatement s = watcher.prepareStatement(waitingUpdate); ResultSet r = s.executeQuery()) {
            return r.next() ? OptionalLong.of(r.getLong(1)) : OptionalLong.empty();
        }
    }

    /** Ends a session from another connection, as a DBA or a failing network would. */
    void kill(Connection killer, long session) throws SQLException {
        try (Statement s = killer.createStatement()) {
            s.execute(String.format(java.util.Locale.ROOT, kill, session));
        }
    }

    /** Returns the SQLStates (a regex) a driver reports for a statement on a session that was ended. */
    String killedStates() {
        return killedStates;
    }
}
