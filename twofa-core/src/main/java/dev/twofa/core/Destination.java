package dev.twofa.core;

import dev.twofa.core.spi.TwoFactorProfile;
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

    /** Send nothing; store {@code next} (if not null), then answer {@code result} and emit {@code events}. */
    record NotSent(SendResult result, TwoFactorProfile next, List<TwoFactorEvent> events) implements Destination {

        NotSent(SendResult result) {
            this(result, null, List.of());
        }
    }
}
