package dev.twofa.core;

import java.util.List;

/**
 * Where an SMS code of an operation goes, as the rules decide it from a profile: a number, or the
 * result to answer instead (with the events that answer emits).
 *
 * <p>Implementations are immutable and thread-safe.
 */
sealed interface Destination {

    /** Send to this number. */
    record To(PhoneNumber number) implements Destination { }

    /** Send nothing; answer {@code result}. */
    record NotSent(SendResult result, List<TwoFactorEvent> events) implements Destination {

        NotSent(SendResult result) {
            this(result, List.of());
        }
    }
}
