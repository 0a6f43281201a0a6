package dev.twofa.core.spi;

import dev.twofa.core.TwoFactorEvent;

/**
 * Receives one {@link TwoFactorEvent} per change and login outcome, after the change is stored,
 * for the host to tell the customer through another channel (an e-mail: "SMS login was turned
 * off") and to audit.
 *
 * <p>Called on the thread that made the change. An exception thrown here is logged and does not
 * undo the change or reach the caller.
 *
 * <p>Thread-safety: implementations must be thread-safe.
 */
@FunctionalInterface
public interface TwoFactorEventListener {

    /** A listener that ignores every event. */
    TwoFactorEventListener NONE = event -> { };

    /**
     * Receives an event.
     *
     * @param event what happened; holds no secret, no code and only a masked number
     */
    void onEvent(TwoFactorEvent event);
}
