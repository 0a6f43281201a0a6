package dev.twofa.core;

import static dev.twofa.core.fixtures.Fixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twofa.core.fixtures.FakeTotpChannel;
import dev.twofa.core.fixtures.Fixture;
import dev.twofa.core.fixtures.MemoryStore;
import dev.twofa.core.spi.TwoFactorProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Key rotation of secrets at rest (issue 14.5): a key ring of three generations; the current key
 * encrypts, every key decrypts, a secret read with an older key is encrypted again with the current
 * one at the next accepted code, and a report counts the secrets per key.
 */
class KeyRotationTest {

    private static final byte[] K1 = key(1);
    private static final byte[] K2 = key(2);
    private static final byte[] K3 = key(3);
    private static final AccountId BOB = AccountId.of("bob");
    private static final AccountId CAROL = AccountId.of("carol");

    private static byte[] key(int seed) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) seed);
        return k;
    }

    private static AesGcmSecretProtector ring(String current, Map<String, byte[]> keys) {
        return AesGcmSecretProtector.keyRing(current, keys);
    }

    private final Secret secret = Secret.copyOf("12345678901234567890".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    @Test
    void keyRing_threeGenerations_currentEncryptsEveryKeyDecrypts() {
        Secret byK1 = ring("k1", Map.of("k1", K1)).protect(ALICE, secret);
        Secret byK2 = ring("k2", Map.of("k1", K1, "k2", K2)).protect(ALICE, secret);
        AesGcmSecretProtector third = ring("k3", Map.of("k1", K1, "k2", K2, "k3", K3));
        Secret byK3 = third.protect(ALICE, secret);

        for (Secret stored : List.of(byK1, byK2, byK3)) {
            assertThat(third.unprotect(ALICE, stored)).isEqualTo(secret);
        }
        assertThat(third.needsRotation(byK1)).isTrue();
        assertThat(third.needsRotation(byK2)).isTrue();
        assertThat(third.needsRotation(byK3)).isFalse();
        assertThat(third.currentKeyId()).isEqualTo("k3");
    }

    @Test
    void keyRing_oldKeyDropped_itsSecretsNoLongerDecryptAndTheMessageNamesTheKeyOnly() {
        Secret byK1 = ring("k1", Map.of("k1", K1)).protect(ALICE, secret);
        AesGcmSecretProtector withoutK1 = ring("k3", Map.of("k2", K2, "k3", K3));

        assertThatThrownBy(() -> withoutK1.unprotect(ALICE, byK1)).isInstanceOf(SecretProtectionException.class)
                .hasMessageContaining("uses key k1, which is not in the key ring");
    }

    @Test
    void keyRing_keyIdRelabelled_failsAuthentication() {
        AesGcmSecretProtector both = ring("k2", Map.of("k1", K1, "k2", K2));
        byte[] stored = ring("k1", Map.of("k1", K1)).protect(ALICE, secret).bytes();
        stored[3] = '2';                                    // "k1" -> "k2": the key id is authenticated too

        assertThatThrownBy(() -> both.unprotect(ALICE, Secret.copyOf(stored)))
                .isInstanceOf(SecretProtectionException.class).hasMessageContaining("failed authentication");
    }

    @Test
    void keyRing_badArguments_refused() {
        assertThatThrownBy(() -> ring("k9", Map.of("k1", K1))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("current key id");
        assertThatThrownBy(() -> ring("k1", Map.of())).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> ring("a b", Map.of("a b", K1))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("key id");
        assertThatThrownBy(() -> ring("k1", Map.of("k1", new byte[15]))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> ring("x".repeat(33), Map.of("x".repeat(33), K1)))
                .isInstanceOf(InvalidInputException.class);
        assertThat(ring("k1", Map.of("k1", K1, "k2", K2)).toString()).contains("[k1, k2]", "current=k1")
                .doesNotContain(java.util.HexFormat.of().formatHex(K1));
    }

    @Test
    void service_rotatedTwice_secretsReEncryptedAtTheNextLoginAndTheReportShowsIt() {
        // generation 1: Alice, Bob and Carol connect their apps
        Fixture g1 = fixture(ring("k1", Map.of("k1", K1)));
        MemoryStore store = g1.store;
        String alice = connect(g1, ALICE);
        String bob = connect(g1, BOB);
        String carol = connect(g1, CAROL);
        assertThat(AesGcmSecretProtector.keyUsage(profiles(store))).containsExactly(Map.entry("k1", 3L));

        // generation 2: k2 encrypts; Alice logs in and her secret moves to k2
        Fixture g2 = fixture(ring("k2", Map.of("k1", K1, "k2", K2)), g1);
        login(g2, ALICE, alice);
        assertThat(AesGcmSecretProtector.keyUsage(profiles(store)))
                .containsExactly(Map.entry("k1", 2L), Map.entry("k2", 1L));

        // generation 3: k3 encrypts; Bob logs in (k1 -> k3), Alice too (k2 -> k3); Carol's stays on k1
        Fixture g3 = fixture(ring("k3", Map.of("k1", K1, "k2", K2, "k3", K3)), g1);
        login(g3, BOB, bob);
        login(g3, ALICE, alice);
        assertThat(AesGcmSecretProtector.keyUsage(profiles(store)))
                .containsExactly(Map.entry("k1", 1L), Map.entry("k3", 2L));

        // once Carol logged in, k1 and k2 are unused and may be dropped
        login(g3, CAROL, carol);
        assertThat(AesGcmSecretProtector.keyUsage(profiles(store))).containsExactly(Map.entry("k3", 3L));
        Fixture onlyK3 = fixture(ring("k3", Map.of("k3", K3)), g1);
        for (String[] who : new String[][] {{"alice", alice}, {"bob", bob}, {"carol", carol}}) {
            login(onlyK3, AccountId.of(who[0]), who[1]);
        }
    }

    @Test
    void service_wrongCodeWithAnOldKey_secretNotReEncrypted() {
        Fixture g1 = fixture(ring("k1", Map.of("k1", K1)));
        MemoryStore store = g1.store;
        String alice = connect(g1, ALICE);
        Fixture g2 = fixture(ring("k2", Map.of("k1", K1, "k2", K2)), g1);
        g2.clock.advance(Duration.ofSeconds(30));
        String right = g2.appCode(alice);

        assertThat(g2.service.completeLogin(ALICE, "000000".equals(right) ? "111111" : "000000")).isInstanceOf(Rejected.class);

        assertThat(AesGcmSecretProtector.keyUsage(profiles(store))).containsExactly(Map.entry("k1", 1L));
    }

    @Test
    void keyUsage_unreadableAndNoSecret_countedApart() {
        TwoFactorProfile plain = TwoFactorProfile.empty(ALICE).withTotp(
                new TwoFactorProfile.TotpState(secret, java.time.Instant.EPOCH, -1)).withVersion(1);
        TwoFactorProfile none = TwoFactorProfile.empty(BOB);

        assertThat(AesGcmSecretProtector.keyUsage(List.of(plain, none)))
                .containsExactly(Map.entry(AesGcmSecretProtector.UNREADABLE, 1L));
    }

    // ------------------------------------------------------------------ helpers

    private static Fixture fixture(AesGcmSecretProtector protector) {
        return new Fixture(b -> b.secretProtector(protector));
    }

    /** A node of a later generation: another key ring on the store and clock of {@code first}. */
    private static Fixture fixture(AesGcmSecretProtector protector, Fixture first) {
        return new Fixture(first, b -> b.secretProtector(protector));
    }

    private static String connect(Fixture f, AccountId account) {
        TotpSetup setup = (TotpSetup) f.service.startTotp(account, account.value() + "@example.com");
        assertThat(f.service.confirmTotp(account, FakeTotpChannel.codeFor(setup.manualEntryKey(), f.clock.instant()))
                .verified()).isTrue();
        return setup.manualEntryKey();
    }

    private static void login(Fixture f, AccountId account, String manualKey) {
        f.clock.advance(Duration.ofSeconds(30));
        assertThat(f.service.completeLogin(account, f.appCode(manualKey)).verified()).as("login " + account).isTrue();
    }

    private static List<TwoFactorProfile> profiles(MemoryStore store) {
        List<TwoFactorProfile> all = new ArrayList<>();
        for (AccountId a : List.of(ALICE, BOB, CAROL)) {
            if (store.get(a) != null) {
                all.add(store.get(a));
            }
        }
        return all;
    }
}
