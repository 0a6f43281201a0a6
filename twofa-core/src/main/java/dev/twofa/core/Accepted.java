package dev.twofa.core;

import dev.twofa.core.spi.TwoFactorProfile;
import java.util.List;

/**
 * An accepted code: the profile it leads to and its events. {@code provesFactor} is true for a code
 * that proves the second factor (login, confirmation, app enrollment, recovery code): the session
 * gets a {@link Proof} and the failure count is reset. It is false for a code that proves only a
 * number being verified: its success takes back its own counted try and leaves the account's other
 * failures (and a lock they reached) as they are.
 *
 * <p>Immutable and thread-safe.
 */
record Accepted(TwoFactorProfile next, List<TwoFactorEvent> events, boolean provesFactor)
        implements CodeCheck.Outcome {

    Accepted {
        events = List.copyOf(events);
    }
}
