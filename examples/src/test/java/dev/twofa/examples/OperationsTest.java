package dev.twofa.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.AccountId;
import dev.twofa.core.AesGcmSecretProtector;
import dev.twofa.core.Secret;
import dev.twofa.core.TotpSetup;
import dev.twofa.core.TwoFactorService;
import dev.twofa.core.spi.TwoFactorProfile;
import dev.twofa.testkit.AuthenticatorApp;
import dev.twofa.testkit.InMemoryProfileStore;
import dev.twofa.testkit.SettableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The snippets of {@link Operations}, run. */
class OperationsTest {

    @Test
    void driftAware_phonesOneStepAhead_appCodesAcceptedAndTheOperatorAlerted() {
        InMemoryProfileStore store = new InMemoryProfileStore();
        SettableClock clock = new SettableClock();
        List<String> alerts = new ArrayList<>();
        TwoFactorService twoFactor = Operations.driftAware(store, clock, alerts::add);

        for (int i = 0; i < 20; i++) {
            AccountId account = AccountId.of("customer-" + i);
            TotpSetup setup = (TotpSetup) twoFactor.startTotp(account, "c" + i + "@example.com");
            AuthenticatorApp phone = new AuthenticatorApp(clock).withClockSkew(Duration.ofSeconds(30));
            phone.addAccount(setup.otpauthUri());
            assertThat(twoFactor.confirmTotp(account, phone.currentCode()).verified()).isTrue();
        }

        assertThat(alerts).containsExactly("most phones are 1 time steps off this server: check NTP");
    }

    @Test
    void rotate_secretsOfThreeGenerations_countedPerKey() {
        byte[] k2024 = key(24);
        byte[] k2025 = key(25);
        byte[] k2026 = key(26);
        AccountId alice = AccountId.of("alice");
        Secret raw = Secret.copyOf(new byte[20]);
        List<TwoFactorProfile> profiles = List.of(
                withSecret(alice, AesGcmSecretProtector.keyRing("2024", Map.of("2024", k2024)).protect(alice, raw)),
                withSecret(alice, AesGcmSecretProtector.keyRing("2026", Map.of("2026", k2026)).protect(alice, raw)),
                withSecret(alice, AesGcmSecretProtector.keyRing("2026", Map.of("2026", k2026)).protect(alice, raw)));

        assertThat(Operations.rotate(k2024, k2025, k2026, profiles))
                .containsExactly(Map.entry("2024", 1L), Map.entry("2026", 2L));
    }

    private static TwoFactorProfile withSecret(AccountId account, Secret stored) {
        return TwoFactorProfile.empty(account)
                .withTotp(new TwoFactorProfile.TotpState(stored, java.time.Instant.EPOCH, -1)).withVersion(1);
    }

    private static byte[] key(int seed) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) seed);
        return k;
    }
}
