package dev.twofa.spring.boot;

import dev.twofa.core.TwoFactorEvent;
import dev.twofa.core.spi.TwoFactorEventListener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each event to every {@link TwoFactorEventListener} bean in their order ({@code @Order}):
 * one that throws is logged (the exception's class only: its message may quote the event) and the
 * others still get the event, as twofa-core does for its single listener.
 *
 * <p>Immutable and thread-safe if the listeners are.
 */
final class EventListeners implements TwoFactorEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(EventListeners.class);

    private final List<TwoFactorEventListener> listeners;

    private EventListeners(List<TwoFactorEventListener> listeners) {
        this.listeners = listeners;
    }

    /** Returns one listener for all: none, the only one, or all in order. */
    static TwoFactorEventListener of(List<TwoFactorEventListener> listeners) {
        return switch (listeners.size()) {
            case 0 -> TwoFactorEventListener.NONE;
            case 1 -> listeners.get(0);
            default -> new EventListeners(List.copyOf(listeners));
        };
    }

    @Override
    public void onEvent(TwoFactorEvent event) {
        for (TwoFactorEventListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("twofa: event listener {} failed on {} ({})", listener.getClass().getName(), event.type(),
                        e.getClass().getName());
            }
        }
    }

    @Override
    public String toString() {
        return "EventListeners" + listeners;
    }
}
