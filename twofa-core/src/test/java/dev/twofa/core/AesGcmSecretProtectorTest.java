package dev.twofa.core;

import static dev.twofa.core.fixtures.Fixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.twofa.core.fixtures.FakeTotpChannel;
import dev.twofa.core.fixtures.Fixture;
import dev.twofa.core.spi.SecretProtector;
import dev.twofa.core.spi.TwoFactorProfile;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TOTP secrets at rest (SECURITY 27): AES-GCM under a host key with the account id as associated
 * data; a copy to another account, a changed byte or another key fails with {@link
 * SecretProtectionException}; a service built with it stores no raw secret and still logs in.
 */
class AesGcmSecretProtectorTest {

    private static final AccountId BOB = AccountId.of("bob");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key = random(32);
    private final AesGcmSecretProtector protector = new AesGcmSecretProtector(key);
    private final Secret secret = Secret.copyOf(random(20));

    @Test
    void unprotect_ofProtectOneByteSecret_returnsTheSecret() {
        Secret one = Secret.copyOf(new byte[] {42});

        Secret stored = protector.protect(ALICE, one);

        assertThat(stored.length()).isEqualTo(1 + 1 + 7 + 12 + 1 + 16);
        assertThat(protector.unprotect(ALICE, stored)).isEqualTo(one);
    }

    @Test
    void unprotect_ofProtect_returnsTheSecret() {
        Secret stored = protector.protect(ALICE, secret);

        assertThat(protector.unprotect(ALICE, stored)).isEqualTo(secret);
        assertThat(stored).isNotEqualTo(secret);
        assertThat(stored.length()).as("format byte, key id \"default\" with its length, 12-byte nonce, ciphertext, 16-byte tag")
                .isEqualTo(1 + 1 + 7 + 12 + 20 + 16);
    }

    @Test
    void protectUnprotect_anySecretAndAccount_roundTripsAndFailsForAnotherAccount() {
        qt().withExamples(200).forAll(
                lists().of(integers().between(-128, 127)).ofSizeBetween(16, 64),
                strings().basicLatinAlphabet().ofLengthBetween(1, 40))
                .assuming((bytes, account) -> !account.isBlank())
                .checkAssert((bytes, account) -> {
                    byte[] raw = new byte[bytes.size()];
                    for (int i = 0; i < raw.length; i++) {
                        raw[i] = bytes.get(i).byteValue();
                    }
                    Secret s = Secret.copyOf(raw);
                    AccountId owner = AccountId.of(account);
                    Secret stored = protector.protect(owner, s);

                    assertThat(protector.unprotect(owner, stored)).isEqualTo(s);
                    assertThatThrownBy(() -> protector.unprotect(AccountId.of(account + "x"), stored))
                            .isInstanceOf(SecretProtectionException.class);
                });
    }

    @Test
    void protect_sameSecretTwice_freshNonceEachTime() {
        Set<String> forms = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            forms.add(HexFormat.of().formatHex(protector.protect(ALICE, secret).bytes()));
        }

        assertThat(forms).hasSize(100);
    }

    @Test
    void unprotect_storedSecretCopiedToAnotherAccount_secretProtectionException() {
        Secret stored = protector.protect(ALICE, secret);

        assertThatThrownBy(() -> protector.unprotect(BOB, stored))
                .isInstanceOf(SecretProtectionException.class)
                .hasMessageContaining("bob")
                .hasMessageNotContaining(HexFormat.of().formatHex(secret.bytes()));
    }

    @Test
    void unprotect_anyByteChanged_secretProtectionException() {
        byte[] stored = protector.protect(ALICE, secret).bytes();
        for (int i = 0; i < stored.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] tampered = stored.clone();
                tampered[i] ^= (byte) (1 << bit);
                assertThatThrownBy(() -> protector.unprotect(ALICE, Secret.copyOf(tampered)))
                        .as("byte %d bit %d", i, bit).isInstanceOf(SecretProtectionException.class);
            }
        }
    }

    @Test
    void unprotect_truncatedOrExtended_secretProtectionException() {
        byte[] stored = protector.protect(ALICE, secret).bytes();
        for (int length = 1; length < stored.length; length++) {
            Secret cut = Secret.copyOf(Arrays.copyOf(stored, length));
            assertThatThrownBy(() -> protector.unprotect(ALICE, cut)).as("length %d", length)
                    .isInstanceOf(SecretProtectionException.class);
        }
        Secret longer = Secret.copyOf(Arrays.copyOf(stored, stored.length + 1));
        assertThatThrownBy(() -> protector.unprotect(ALICE, longer)).isInstanceOf(SecretProtectionException.class);
    }

    @Test
    void unprotect_rawUnprotectedSecret_secretProtectionException() {
        assertThatThrownBy(() -> protector.unprotect(ALICE, secret)).isInstanceOf(SecretProtectionException.class);
    }

    /** Returns the stored form with its key id replaced (format byte, id length, id, rest). */
    private static Secret relabel(Secret stored, String newId) {
        byte[] b = stored.bytes();
        int oldLength = b[1] & 0xff;
        byte[] id = newId.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] out = new byte[b.length - oldLength + id.length];
        out[0] = b[0];
        out[1] = (byte) id.length;
        System.arraycopy(id, 0, out, 2, id.length);
        System.arraycopy(b, 2 + oldLength, out, 2 + id.length, b.length - 2 - oldLength);
        return Secret.copyOf(out);
    }

    @Test
    void unprotect_keyIdRelabelledToAnotherIdOfTheSameKey_secretProtectionException() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        AesGcmSecretProtector ring = AesGcmSecretProtector.keyRing("a", java.util.Map.of("a", key, "b", key));
        Secret stored = ring.protect(ALICE, Secret.copyOf(new byte[] {1, 2, 3}));
        assertThat(ring.unprotect(ALICE, stored).bytes()).containsExactly(1, 2, 3);

        assertThatThrownBy(() -> ring.unprotect(ALICE, relabel(stored, "b")))
                .as("the key id is authenticated, not only used to pick the key")
                .isInstanceOf(SecretProtectionException.class);
    }

    @Test
    void unprotect_keyIdAndAccountSplitDifferently_secretProtectionException() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        AesGcmSecretProtector ring = AesGcmSecretProtector.keyRing("ab", java.util.Map.of("ab", key, "a", key));
        Secret stored = ring.protect(AccountId.of("c"), Secret.copyOf(new byte[] {4, 5, 6}));

        // without a separator, key id "ab" + account "c" and key id "a" + account "bc" would be the same data
        assertThatThrownBy(() -> ring.unprotect(AccountId.of("bc"), relabel(stored, "a")))
                .isInstanceOf(SecretProtectionException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"@", "[", "`", "{", "/", ":", " ", "a b", "\u00e9"})
    void keyRing_keyIdWithACharacterJustOutsideTheAllowedRanges_invalidInput(String id) {
        assertThatThrownBy(() -> AesGcmSecretProtector.keyRing(id, java.util.Map.of(id, new byte[32])))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("key id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"A", "Z", "a", "z", "0", "9", ".", "_", "-", "Az09._-"})
    void keyRing_keyIdAtTheEdgesOfTheAllowedRanges_accepted(String id) {
        AesGcmSecretProtector ring = AesGcmSecretProtector.keyRing(id, java.util.Map.of(id, new byte[32]));
        Secret stored = ring.protect(ALICE, Secret.copyOf(new byte[] {7}));

        assertThat(ring.unprotect(ALICE, stored).bytes()).containsExactly(7);
        assertThat(ring.currentKeyId()).isEqualTo(id);
    }

    @Test
    void keyRing_keyIdLengths_oneToMaxAccepted() {
        String longest = "k".repeat(32);                     // the documented most
        AesGcmSecretProtector ring = AesGcmSecretProtector.keyRing(longest, java.util.Map.of(longest, new byte[32]));
        assertThat(ring.unprotect(ALICE, ring.protect(ALICE, Secret.copyOf(new byte[] {8}))).bytes()).containsExactly(8);
        String tooLong = longest + "k";
        assertThatThrownBy(() -> AesGcmSecretProtector.keyRing(tooLong, java.util.Map.of(tooLong, new byte[32])))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> AesGcmSecretProtector.keyRing("", java.util.Map.of("", new byte[32])))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void keyRing_oneCharacterKeyIds_readBackForDecryptionRotationAndTheReport() {
        AesGcmSecretProtector old = AesGcmSecretProtector.keyRing("a", java.util.Map.of("a", random(32)));
        AesGcmSecretProtector ring = AesGcmSecretProtector.keyRing("b", java.util.Map.of("a", random(32), "b", random(32)));
        Secret byA = old.protect(ALICE, secret);

        assertThat(old.unprotect(ALICE, byA)).isEqualTo(secret);
        assertThat(ring.needsRotation(byA)).isTrue();
        assertThat(AesGcmSecretProtector.keyUsage(java.util.List.of(withSecret(byA)))).containsOnlyKeys("a");
    }

    @Test
    void keyUsageAndUnprotect_formsWhoseKeyIdCannotBeRead_unreadableAndNotProtected() {
        byte[] whole = protector.protect(ALICE, secret).bytes();
        byte[] noKeyId = whole.clone();
        noKeyId[1] = 0;                                       // a key id of length 0
        byte[] cutInTheKeyId = Arrays.copyOf(whole, 2 + AesGcmSecretProtector.DEFAULT_KEY_ID.length() - 1);
        byte[] cutAfterTheKeyId = Arrays.copyOf(whole, 2 + AesGcmSecretProtector.DEFAULT_KEY_ID.length());

        for (byte[] bad : new byte[][] {noKeyId, cutInTheKeyId}) {
            assertThat(AesGcmSecretProtector.keyUsage(java.util.List.of(withSecret(Secret.copyOf(bad)))))
                    .containsOnlyKeys(AesGcmSecretProtector.UNREADABLE);
            assertThat(protector.needsRotation(Secret.copyOf(bad))).isFalse();
            assertThatThrownBy(() -> protector.unprotect(ALICE, Secret.copyOf(bad)))
                    .isInstanceOf(SecretProtectionException.class).hasMessageContaining("is not AES-GCM protected");
        }
        // the key id is whole, the rest is missing: counted under its key, and still not decryptable
        assertThat(AesGcmSecretProtector.keyUsage(java.util.List.of(withSecret(Secret.copyOf(cutAfterTheKeyId)))))
                .containsOnlyKeys(AesGcmSecretProtector.DEFAULT_KEY_ID);
        assertThatThrownBy(() -> protector.unprotect(ALICE, Secret.copyOf(cutAfterTheKeyId)))
                .isInstanceOf(SecretProtectionException.class).hasMessageContaining("is not AES-GCM protected");
    }

    @Test
    void keyRing_nullMap_invalidInput() {
        assertThatThrownBy(() -> AesGcmSecretProtector.keyRing("k1", null)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at least one key");
    }

    private static TwoFactorProfile withSecret(Secret stored) {
        return TwoFactorProfile.empty(ALICE).withTotp(new TwoFactorProfile.TotpState(stored, java.time.Instant.EPOCH, -1))
                .withVersion(1);
    }

    @Test
    void unprotect_otherKey_secretProtectionException() {
        Secret stored = protector.protect(ALICE, secret);
        AesGcmSecretProtector other = new AesGcmSecretProtector(random(32));

        assertThatThrownBy(() -> other.unprotect(ALICE, stored)).isInstanceOf(SecretProtectionException.class);
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {16, 24, 32})
    void constructor_aesKeySizes_acceptedAndWork(int size) {
        AesGcmSecretProtector p = new AesGcmSecretProtector(random(size));

        assertThat(p.unprotect(ALICE, p.protect(ALICE, secret))).isEqualTo(secret);
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 8, 15, 17, 20, 23, 25, 31, 33, 48, 64})
    void constructor_otherKeySizes_invalidInput(int size) {
        assertThatThrownBy(() -> new AesGcmSecretProtector(new byte[size]))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("16, 24 or 32");
    }

    @Test
    void constructor_nullKey_invalidInput() {
        assertThatThrownBy(() -> new AesGcmSecretProtector(null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void constructor_keyArrayChangedAfterwards_protectorUnaffected() {
        byte[] hostKey = random(16);
        AesGcmSecretProtector p = new AesGcmSecretProtector(hostKey);
        Secret stored = p.protect(ALICE, secret);

        Arrays.fill(hostKey, (byte) 0);

        assertThat(p.unprotect(ALICE, stored)).isEqualTo(secret);
    }

    @Test
    void toString_keyRedacted() {
        String text = protector.toString();

        assertThat(text).contains("redacted").doesNotContain(HexFormat.of().formatHex(key))
                .doesNotContain(HexFormat.of().withUpperCase().formatHex(key))
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(key));
    }

    @Test
    void service_withProtector_storesNoRawSecretAndLogsIn() {
        Fixture f = new Fixture(b -> b.secretProtector(new AesGcmSecretProtector(key)));
        TotpSetup setup = (TotpSetup) f.service.startTotp(ALICE, "alice@example.com");
        byte[] raw = HexFormat.of().parseHex(setup.manualEntryKey());

        byte[] stored = f.store.get(ALICE).totp().storedSecret().bytes();
        assertThat(stored).hasSize(1 + 1 + 7 + 12 + raw.length + 16);
        assertThat(indexOf(stored, Arrays.copyOf(raw, 8))).as("no 8 bytes of the secret in the store").isEqualTo(-1);
        assertThat(f.store.get(ALICE).toString()).doesNotContain(setup.manualEntryKey());

        assertThat(f.service.confirmTotp(ALICE, FakeTotpChannel.codeFor(setup.manualEntryKey(), f.clock.instant())).verified()).isTrue();
        f.clock.advance(java.time.Duration.ofSeconds(30));
        assertThat(f.service.completeLogin(ALICE, f.appCode(setup.manualEntryKey())).verified()).isTrue();
    }

    @Test
    void service_withProtector_secretCopiedToAnotherAccountRowFailsToDecrypt() {
        Fixture f = new Fixture(b -> b.secretProtector(new AesGcmSecretProtector(key)));
        String manualKey = f.totpActive();
        TwoFactorProfile alice = f.store.get(ALICE);
        TwoFactorProfile bob = TwoFactorProfile.empty(BOB).withTotp(alice.totp()).withActiveMethod(Method.TOTP).withVersion(1);
        assertThat(f.store.compareAndSet(0, bob)).isTrue();

        assertThatThrownBy(() -> f.service.completeLogin(BOB, f.appCode(manualKey)))
                .isInstanceOf(SecretProtectionException.class)
                .hasMessageNotContaining(manualKey);
        assertThat(f.store.get(BOB).version()).as("nothing stored").isEqualTo(1);
        assertThat(f.service.completeLogin(ALICE, f.appCode(manualKey)).verified()).isTrue();
    }

    @Test
    void service_withoutProtector_defaultNoneStoresTheRawSecretAsDocumented() {
        Fixture f = new Fixture();
        TotpSetup setup = (TotpSetup) f.service.startTotp(ALICE, "alice@example.com");

        assertThat(f.store.get(ALICE).totp().storedSecret().bytes()).isEqualTo(HexFormat.of().parseHex(setup.manualEntryKey()));
        assertThat(SecretProtector.NONE.toString()).isEqualTo("SecretProtector.NONE");
    }

    @Test
    void service_withAnotherKeyOnSameStore_failsLoudlyNotAsWrongCode() {
        Fixture f = new Fixture(b -> b.secretProtector(new AesGcmSecretProtector(key)));
        String manualKey = f.totpActive();
        TwoFactorService misconfigured = TwoFactorService.builder().store(f.store).clock(f.clock).totp(f.totp)
                .secretProtector(new AesGcmSecretProtector(random(32))).build();

        assertThatThrownBy(() -> misconfigured.completeLogin(ALICE, f.appCode(manualKey)))
                .isInstanceOf(SecretProtectionException.class);
        assertThat(f.service.status(ALICE).consecutiveFailures()).as("not counted against the customer").isZero();
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void indexOf_findsSubsequence() { // the helper above must work for the store check to mean anything
        assertThat(indexOf(new byte[] {1, 2, 3, 4}, new byte[] {2, 3})).isEqualTo(1);
        assertThat(indexOf(new byte[] {1, 2, 3, 4}, new byte[] {3, 2})).isEqualTo(-1);
    }
}
