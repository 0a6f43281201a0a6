package dev.twofa.spring.boot;

import dev.twofa.core.InvalidInputException;
import java.util.function.Supplier;

/**
 * Hands a property's value to one of twofa's builders and turns the builder's refusal into a
 * {@link TwoFactorConfigurationException} that names the property. The builders' messages give the
 * bounds and the value; no builder that takes a key quotes it.
 *
 * <p>Stateless and thread-safe.
 */
final class Settings {

    private Settings() {
    }

    static <T> T apply(String property, Supplier<T> setting) {
        try {
            return setting.get();
        } catch (IllegalArgumentException | InvalidInputException e) {
            throw new TwoFactorConfigurationException(property + ": " + e.getMessage() + ".",
                    "Change " + property + " in the application's properties.");
        }
    }

    static void set(String property, Runnable setting) {
        apply(property, () -> {
            setting.run();
            return null;
        });
    }
}
