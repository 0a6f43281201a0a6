package dev.twofa.examples;

import dev.twofa.core.AesGcmSecretProtector;
import dev.twofa.core.TwoFactorEvent;
import dev.twofa.core.TwoFactorService;
import dev.twofa.core.spi.ProfileStore;
import dev.twofa.core.spi.TwoFactorProfile;
import dev.twofa.totp.Totp;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The README sections "Phones with drifting clocks" and "Rotating the secret key" as compiled
 * code; the README quotes the parts between the {@code README:} markers.
 *
 * <p>Stateless and thread-safe.
 */
public final class Operations {

    private Operations() {
    }

    /**
     * Builds a service whose app windows follow each phone's clock and that warns when the server's
     * own clock seems off.
     *
     * @param store the profile store
     * @param clock the clock
     * @param alert where the operator is told
     * @return the service
     */
    public static TwoFactorService driftAware(ProfileStore store, Clock clock, Consumer<String> alert) {
        // README:clock-drift
        TwoFactorService twoFactor = TwoFactorService.builder()
                .store(store)
                .totp(Totp.builder().issuer("Example Hosting")
                        .maxDrift(2)               // follow a phone's clock up to 2 steps (60 s); the window keeps its width
                        .build())
                .eventListener(event -> {
                    if (event.type() == TwoFactorEvent.Type.SERVER_CLOCK_SUSPECT
                            && event.detail() instanceof TwoFactorEvent.ClockDrift drift) {
                        alert.accept("most phones are " + drift.steps() + " time steps off this server: check NTP");
                    }
                })
                .clock(clock)
                .build();
        // README:end
        return twoFactor;
    }

    /**
     * Builds the secret protector after two rotations and reports which keys are still in use.
     *
     * @param k2024 the oldest key
     * @param k2025 the previous key
     * @param k2026 the current key
     * @param everyProfile all stored profiles (the host reads them from its store)
     * @return key id to the number of secrets still encrypted with it
     */
    public static Map<String, Long> rotate(byte[] k2024, byte[] k2025, byte[] k2026,
            Iterable<TwoFactorProfile> everyProfile) {
        // README:key-rotation
        AesGcmSecretProtector protector = AesGcmSecretProtector.keyRing("2026",   // encrypts new secrets
                Map.of("2024", k2024, "2025", k2025, "2026", k2026));          // all three still decrypt
        // build the service with .secretProtector(protector); each secret moves to "2026" at its next login
        Map<String, Long> usage = AesGcmSecretProtector.keyUsage(everyProfile); // {2024=3, 2026=40}: keep 2024 for now
        // README:end
        return usage;
    }
}
