package dev.twofa.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source over a pool whose connections, while {@link #killNextCommits} allows, have their
 * session on the server ended (from another connection) at {@code commit()}, just before the commit
 * reaches the server: a node that loses its connection at the worst moment.
 */
final class FailingDataSource implements DataSource {

    /** Kill the next commit. */
    static final int KILL_AT_COMMIT = 1;

    private final DataSource pool;
    private final ServerSessions sessions;
    private final AtomicInteger kills;

    FailingDataSource(DataSource pool, ServerSessions sessions, int commitsToKill) {
        this.pool = pool;
        this.sessions = sessions;
        this.kills = new AtomicInteger(commitsToKill);
    }

    /** Kills the next {@code count} commits. */
    void killNextCommits(int count) {
        kills.set(count);
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection real = pool.getConnection();
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("commit") && kills.getAndUpdate(k -> Math.max(0, k - 1)) > 0) {
                        terminate(real);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private void terminate(Connection victim) throws SQLException {
        long session = sessions.idOf(victim);
        try (Connection killer = pool.getConnection()) {
            sessions.kill(killer, session);
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // not used
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // not used
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
