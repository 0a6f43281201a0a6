package dev.twofa.sms;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** Captures every log event of every logger at every level, for tests. Close to detach. */
final class LogCapture implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Level previousLevel = root.getLevel();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogCapture() {
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.TRACE);
    }

    List<ILoggingEvent> events() {
        return List.copyOf(appender.list);
    }

    List<ILoggingEvent> events(Level level) {
        return events().stream().filter(e -> e.getLevel() == level).collect(Collectors.toList());
    }

    /** Returns everything logged: formatted messages, raw arguments, throwables with causes. */
    String allText() {
        StringBuilder out = new StringBuilder();
        for (ILoggingEvent e : events()) {
            out.append(e.getLevel()).append(' ').append(e.getFormattedMessage()).append('\n');
            if (e.getArgumentArray() != null) {
                for (Object arg : e.getArgumentArray()) {
                    out.append("  arg ").append(arg).append('\n');
                }
            }
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                out.append("  thrown ").append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        root.setLevel(previousLevel);
    }
}
