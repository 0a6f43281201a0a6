package dev.twofa.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * A data source that records every statement its connections execute (by its first SQL word and
 * table) and every commit, to count the database round trips of a twofa call.
 */
final class CountingDataSource {

    private final DataSource target;
    private final List<String> log = new ArrayList<>();

    CountingDataSource(DataSource target) {
        this.target = target;
    }

    /** Returns the counting data source. */
    DataSource dataSource() {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(target, method, args);
                    return method.getName().equals("getConnection") ? connection((Connection) result) : result;
                });
    }

    /** Returns what was executed since the last {@link #clear()}: {@code "SELECT twofa_profile"}, {@code "COMMIT"}... */
    synchronized List<String> log() {
        return List.copyOf(log);
    }

    /** Returns how many statements (commits not included) were executed since the last {@link #clear()}. */
    synchronized long statements() {
        return log.stream().filter(s -> !s.equals("COMMIT")).count();
    }

    /** Returns how many commits were made since the last {@link #clear()}. */
    synchronized long commits() {
        return log.stream().filter(s -> s.equals("COMMIT")).count();
    }

    synchronized void clear() {
        log.clear();
    }

    private synchronized void record(String entry) {
        log.add(entry);
    }

    private Connection connection(Connection real) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("commit")) {
                        record("COMMIT");
                    }
                    Object result = invoke(real, method, args);
                    if (method.getName().equals("prepareStatement")) {
                        return statement((PreparedStatement) result, describe((String) args[0]));
                    }
                    return result;
                });
    }

    private PreparedStatement statement(PreparedStatement real, String description) {
        return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("execute") && (args == null || args.length == 0)) {
                        record(description);
                    }
                    return invoke(real, method, args);
                });
    }

    /** The statement's verb and its table: "SELECT twofa_profile", "INSERT twofa_send_key"; else its first two words. */
    private static String describe(String sql) {
        String[] words = sql.trim().split("\\s+");
        String verb = words[0].toUpperCase(Locale.ROOT);
        String table = words.length > 1 ? words[1].toUpperCase(Locale.ROOT) : "?";
        for (int i = 0; i < words.length - 1; i++) {
            String w = words[i].toUpperCase(Locale.ROOT);
            if (w.equals("FROM") || w.equals("INTO") || w.equals("UPDATE")) {
                table = words[i + 1];
                break;
            }
        }
        return verb + " " + table;
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
