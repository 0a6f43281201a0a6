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
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
        assertThatThrownBy(() -> ring("k1", Map.of())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at least one key");
        assertThatThrownBy(() -> ring("a b", Map.of("a b", K1))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("key id");
        assertThatThrownBy(() -> ring("k1", Map.of("k1", new byte[15]))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> ring("x".repeat(33), Map.of("x".repeat(33), K1)))
                .isInstanceOf(InvalidInputException.class);
        assertThat(ring("k1", Map.of("k1", K1, "k2", K2)).toString()).contains("[k1, k2]", "current=k1")
                .doesNotContain("next=")
                .doesNotContain(HexFormat.of().formatHex(K1));
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
    void needsRotation_nextAndUnknownKeys_leftAsTheyAre() {
        AesGcmSecretProtector lagging = AesGcmSecretProtector.keyRing("k2", Map.of("k1", K1, "k2", K2, "k3", K3),
                Set.of("k3"));

        assertThat(lagging.needsRotation(ring("k1", Map.of("k1", K1)).protect(ALICE, secret))).as("older").isTrue();
        assertThat(lagging.needsRotation(ring("k2", Map.of("k2", K2)).protect(ALICE, secret))).as("current").isFalse();
        assertThat(lagging.needsRotation(ring("k3", Map.of("k3", K3)).protect(ALICE, secret))).as("next").isFalse();
        assertThat(lagging.needsRotation(ring("k9", Map.of("k9", K1)).protect(ALICE, secret))).as("unknown").isFalse();
        assertThat(lagging.needsRotation(secret)).as("not of this format").isFalse();
        assertThat(lagging.unprotect(ALICE, ring("k3", Map.of("k3", K3)).protect(ALICE, secret))).isEqualTo(secret);
        assertThat(lagging.toString()).contains("current=k2", "next=[k3]");
    }

    @Test
    void keyRing_badNextKeyIds_refused() {
        Map<String, byte[]> keys = Map.of("k1", K1, "k2", K2);
        for (Set<String> bad : List.of(Set.of("k9"), Set.of("k1"))) {
            assertThatThrownBy(() -> AesGcmSecretProtector.keyRing("k1", keys, bad))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("next key id");
        }
        assertThatThrownBy(() -> AesGcmSecretProtector.keyRing("k1", keys, null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> AesGcmSecretProtector.keyRing("k1", keys, Collections.singleton(null)))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void service_nodeNotYetSwitched_leavesSecretsTheNewKeyEncryptsAndMovesNoneBack() {
        Fixture lagging = fixture(AesGcmSecretProtector.keyRing("k1", Map.of("k1", K1, "k2", K2), Set.of("k2")));
        Fixture switched = fixture(ring("k2", Map.of("k1", K1, "k2", K2)), lagging);
        MemoryStore store = lagging.store;
        String alice = connect(lagging, ALICE);
        String bob = connect(lagging, BOB);

        login(switched, ALICE, alice);                                  // k1 -> k2 on the switched node
        login(lagging, ALICE, alice);                                   // and it stays k2 on the lagging one
        login(lagging, BOB, bob);                                       // k1 is current there: Bob's stays
        assertThat(AesGcmSecretProtector.keyUsage(profiles(store)))
                .containsExactly(Map.entry("k1", 1L), Map.entry("k2", 1L));

        login(switched, BOB, bob);
        login(lagging, BOB, bob);
        assertThat(AesGcmSecretProtector.keyUsage(profiles(store))).containsExactly(Map.entry("k2", 2L));
    }

    @Test
    void service_nodeNotYetSwitchedWithoutNextKeys_movesSecretsBack_whyTheRolloutNamesThem() {
        Fixture lagging = fixture(ring("k1", Map.of("k1", K1, "k2", K2)));   // k2 in the ring as an older key
        Fixture switched = fixture(ring("k2", Map.of("k1", K1, "k2", K2)), lagging);
        String alice = connect(lagging, ALICE);
        login(switched, ALICE, alice);

        login(lagging, ALICE, alice);

        assertThat(AesGcmSecretProtector.keyUsage(profiles(lagging.store))).containsExactly(Map.entry("k1", 1L));
    }

    @Test
    void completeLogin_anotherLoginReEncryptedBetweenThisOnesCountAndSettling_acceptedNotExpired() {
        Fixture g1 = fixture(ring("k1", Map.of("k1", K1)));
        String alice = connect(g1, ALICE);
        Fixture g2 = fixture(AesGcmSecretProtector.keyRing("k2", Map.of("k1", K1, "k2", K2, "k3", K3),
                Set.of("k3")), g1);
        Fixture g3 = fixture(ring("k3", Map.of("k1", K1, "k2", K2, "k3", K3)), g1);
        g1.clock.advance(Duration.ofSeconds(30));
        String now = g1.appCode(alice);
        String next = FakeTotpChannel.codeFor(alice, g1.clock.instant().plusSeconds(30));  // the step ahead
        Secret[] movedMeanwhile = new Secret[1];
        g1.store.afterNextSave.set(() -> {                              // right after g2 counted its try
            assertThat(g3.service.completeLogin(ALICE, now)).isInstanceOf(Verified.class);   // k1 -> k3
            movedMeanwhile[0] = g1.store.get(ALICE).totp().storedSecret();
        });

        assertThat(g2.service.completeLogin(ALICE, next)).isInstanceOf(Verified.class);

        assertThat(g1.store.get(ALICE).totp().storedSecret()).as("g2 does not write its k2 form over the k3 one")
                .isEqualTo(movedMeanwhile[0]);
        assertThat(AesGcmSecretProtector.keyUsage(profiles(g1.store))).containsExactly(Map.entry("k3", 1L));
    }

    @Test
    void completeLogin_storedSecretReplacedByAFormThisNodeCannotReadBetweenCountAndOutcome_expired() {
        Fixture g1 = fixture(ring("k1", Map.of("k1", K1)));
        String alice = connect(g1, ALICE);
        g1.clock.advance(Duration.ofSeconds(30));
        Secret unknownKey = ring("k9", Map.of("k9", K3)).protect(ALICE, secret);
        g1.store.afterNextSave.set(() -> {                      // same enrollment, a form under a key not in the ring
            TwoFactorProfile p = g1.store.get(ALICE);
            TwoFactorProfile.TotpState t = p.totp();
            assertThat(g1.store.compareAndSet(p.version(), p.withTotp(new TwoFactorProfile.TotpState(unknownKey,
                    t.createdAt(), t.lastAcceptedStep(), t.drift())).withVersion(p.version() + 1))).isTrue();
        });

        assertThat(g1.service.completeLogin(ALICE, g1.appCode(alice))).isInstanceOf(Expired.class);

        assertThat(g1.store.get(ALICE).totp().storedSecret()).isEqualTo(unknownKey);
        assertThat(g1.events).noneMatch(e -> e.type() == TwoFactorEvent.Type.LOGIN_SUCCEEDED
                && e.at().equals(g1.clock.instant()));
    }

    @Test
    void completeLogin_twoLoginsRacingTheReEncryption_neitherExpired() throws Exception {
        Fixture g1 = fixture(ring("k1", Map.of("k1", K1)));
        AesGcmSecretProtector k2 = ring("k2", Map.of("k1", K1, "k2", K2));
        Fixture g2 = fixture(k2, g1);
        TwoFactorService nodeB = g2.newNode();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                AccountId account = AccountId.of("racer-" + round);
                String key = connect(g1, account);
                g1.clock.advance(Duration.ofSeconds(30));
                String now = g1.appCode(key);
                String ahead = FakeTotpChannel.codeFor(key, g1.clock.instant().plusSeconds(30));
                CyclicBarrier counted = new CyclicBarrier(2);
                g1.totp.onVerify.set(() -> {                            // both tries counted before either settles
                    try {
                        counted.await(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                Future<VerifyResult> first = pool.submit(() -> g2.service.completeLogin(account, now));
                Future<VerifyResult> second = pool.submit(() -> nodeB.completeLogin(account, ahead));
                List<VerifyResult> results = List.of(first.get(10, TimeUnit.SECONDS), second.get(10, TimeUnit.SECONDS));
                g1.totp.onVerify.set(null);

                // whichever settles first re-encrypts; the other is accepted too, or a replay if its step
                // is below the first's, never Expired
                assertThat(results).as("round %d", round).noneMatch(Expired.class::isInstance)
                        .anyMatch(Verified.class::isInstance)
                        .allMatch(r -> r instanceof Verified || ((Rejected) r).reason() == Rejected.Reason.REPLAY);
                Secret stored = g1.store.get(account).totp().storedSecret();
                assertThat(k2.needsRotation(stored)).isFalse();
                assertThat(k2.unprotect(account, stored)).isEqualTo(Secret.copyOf(HexFormat.of().parseHex(key)));
            }
        } finally {
            pool.shutdownNow();
        }
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
