package dev.twofa.testkit;

import dev.twofa.core.TwoFactorEvent;
import dev.twofa.core.spi.TwoFactorEventListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link TwoFactorEventListener} that records every event, in the order the service emitted
 * them, for a test to verify what the host would have told the customer.
 *
 * <pre>{@code
 * RecordingEventListener events = new RecordingEventListener();
 * TwoFactorService service = TwoFactorService.builder().eventListener(events)...build();
 * service.deactivate(alice, proof);
 * assertThat(events.types()).endsWith(TwoFactorEvent.Type.METHOD_DEACTIVATED);
 * }</pre>
 *
 * <p>Recording an event costs the same however many were recorded before (a load test may record
 * millions); reads copy what was recorded.
 *
 * <p>Thread-safe: events from many threads are all recorded; reads return snapshots.
 */
public final class RecordingEventListener implements TwoFactorEventListener {

    /** Guarded by itself. */
    private final List<TwoFactorEvent> events = new ArrayList<>();

    /** Creates a listener with no events recorded. */
    public RecordingEventListener() {
    }

    /**
     * Records an event.
     *
     * @param event the event
     * @throws NullPointerException if event is null
     */
    @Override
    public void onEvent(TwoFactorEvent event) {
        Objects.requireNonNull(event, "event");
        synchronized (events) {
            events.add(event);
        }
    }

    /**
     * Returns every event recorded since this listener was made or {@link #clear() cleared}, oldest
     * first.
     *
     * @return an immutable snapshot
     */
    public List<TwoFactorEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /**
     * Returns the types of the recorded events, oldest first.
     *
     * @return an immutable snapshot
     */
    public List<TwoFactorEvent.Type> types() {
        return events().stream().map(TwoFactorEvent::type).toList();
    }

    /** Forgets every recorded event. */
    public void clear() {
        synchronized (events) {
            events.clear();
        }
    }

    /**
     * Returns the recorded events (which hold masked numbers only), such as {@code
     * RecordingEventListener[TwoFactorEvent[type=NUMBER_ADDED, ...]]}.
     */
    @Override
    public String toString() {
        return "RecordingEventListener" + events();
    }
}
