package dev.twofa.core;

import dev.twofa.core.spi.TwoFactorProfile;
import java.util.List;

/**
 * The result of one transition of a profile: the next profile to store (null: store nothing), the
 * result for the caller, and the events to emit once the profile is stored.
 *
 * <p>Immutable and thread-safe.
 */
record Step<R>(TwoFactorProfile next, R result, List<TwoFactorEvent> events) {

    Step {
        events = List.copyOf(events);
    }

    /** Returns a step that stores nothing and emits nothing. */
    static <R> Step<R> of(R result) {
        return new Step<>(null, result, List.of());
    }

    /** Returns a step that stores {@code next} and then emits {@code events}. */
    static <R> Step<R> change(TwoFactorProfile next, R result, List<TwoFactorEvent> events) {
        return new Step<>(next, result, events);
    }
}
