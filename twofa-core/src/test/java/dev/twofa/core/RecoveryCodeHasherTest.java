package dev.twofa.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.SecretKeyFactorySpi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Recovery codes made together share one random salt, so checking a typed code costs one PBKDF2
 * derivation whatever the number of codes; a malformed code costs none. The derivations are counted
 * by a JCA provider placed first for PBKDF2WithHmacSHA256 that hands the work to the JDK's own.
 */
class RecoveryCodeHasherTest {

    private static final int FORMAT_AND_SALT = 1 + 16;

    private final RecoveryCodeHasher hasher = new RecoveryCodeHasher(new SecureRandom());
    private final CountingProvider counting = new CountingProvider();

    @BeforeEach
    void countDerivations() {
        Security.insertProviderAt(counting, 1);
    }

    @AfterEach
    void stopCounting() {
        Security.removeProvider(counting.getName());
    }

    @Test
    void hashAll_tenCodes_oneSaltSharedByAll() {
        List<Secret> hashes = hasher.hashAll(hasher.newCodes());

        assertThat(hashes).hasSize(RecoveryCodeHasher.CODE_COUNT).doesNotHaveDuplicates();
        byte[] salt = salt(hashes.get(0));
        assertThat(hashes).allSatisfy(h -> {
            assertThat(h.bytes()).hasSize(FORMAT_AND_SALT + 32);
            assertThat(h.bytes()[0]).as("format").isEqualTo((byte) 1);
            assertThat(salt(h)).isEqualTo(salt);
        });
        assertThat(salt).as("random, not zero").isNotEqualTo(new byte[16]);
    }

    @Test
    void hashAll_twoCalls_differentRandomSalts() {
        List<String> codes = hasher.newCodes();

        List<Secret> first = hasher.hashAll(codes);
        List<Secret> second = hasher.hashAll(codes);

        assertThat(salt(first.get(0))).isNotEqualTo(salt(second.get(0)));
        assertThat(first.get(0)).isNotEqualTo(second.get(0));
        assertThat(hasher.find(first, codes.get(4))).isEqualTo(4);
        assertThat(hasher.find(second, codes.get(4))).isEqualTo(4);
    }

    @Test
    void hashAll_tenCodes_tenDerivations() {
        hasher.hashAll(hasher.newCodes());

        assertThat(counting.derivations).hasValue(RecoveryCodeHasher.CODE_COUNT);
    }

    @Test
    void find_wellFormedWrongCodeAmongTen_oneDerivation() {
        List<Secret> hashes = hasher.hashAll(hasher.newCodes());
        counting.derivations.set(0);

        assertThat(hasher.find(hashes, "aaaa-bbbb-cccc")).isEqualTo(-1);

        assertThat(counting.derivations).hasValue(1);
    }

    @Test
    void find_rightCodeAmongTen_oneDerivationAndItsIndex() {
        List<String> codes = hasher.newCodes();
        List<Secret> hashes = hasher.hashAll(codes);
        counting.derivations.set(0);

        assertThat(hasher.find(hashes, codes.get(9))).isEqualTo(9);
        assertThat(hasher.find(hashes, codes.get(0).toUpperCase(java.util.Locale.ROOT))).isZero();

        assertThat(counting.derivations).hasValue(2);
    }

    @Test
    void find_codesOfTwoGenerations_oneDerivationPerSalt() {
        List<String> older = hasher.newCodes();
        List<Secret> mixed = new ArrayList<>(hasher.hashAll(older.subList(0, 3)));
        List<String> newer = hasher.newCodes();
        mixed.addAll(hasher.hashAll(newer.subList(0, 3)));
        counting.derivations.set(0);

        assertThat(hasher.find(mixed, newer.get(1))).isEqualTo(4);

        assertThat(counting.derivations).hasValue(2);
    }

    @Test
    void find_saltsAlternating_derivesAgainForEachChange() {
        List<String> codes = hasher.newCodes();
        Secret a = hasher.hashAll(List.of(codes.get(0))).get(0);
        Secret b = hasher.hashAll(List.of(codes.get(1))).get(0);
        counting.derivations.set(0);

        assertThat(hasher.find(List.of(a, b, a), codes.get(0))).as("the last match wins; same index either way")
                .isEqualTo(2);

        assertThat(counting.derivations).hasValue(3);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @NullSource
    @ValueSource(strings = {"", "aaaa-bbbb-ccc", "aaaa-bbbb-cccc-d", "0000-0000-0000", "aaaa_bbbb_cccc", "aaaa-bbbb-ccc\u00e9",
        "aaaa-bbbb-cccc-----------------------------"})
    void find_malformedCode_noDerivation(String code) {
        List<Secret> hashes = hasher.hashAll(hasher.newCodes());
        counting.derivations.set(0);

        assertThat(hasher.find(hashes, code)).isEqualTo(-1);

        assertThat(counting.derivations).hasValue(0);
    }

    @Test
    void find_entriesOfAnotherFormatOrLength_skippedWithoutDerivation() {
        List<String> codes = hasher.newCodes();
        Secret good = hasher.hashAll(List.of(codes.get(0))).get(0);
        byte[] otherFormat = good.bytes();
        otherFormat[0] = 2;
        byte[] shorter = Arrays.copyOf(good.bytes(), good.bytes().length - 1);
        byte[] longer = Arrays.copyOf(good.bytes(), good.bytes().length + 1);
        counting.derivations.set(0);

        assertThat(hasher.find(List.of(Secret.copyOf(otherFormat), Secret.copyOf(shorter), Secret.copyOf(longer)),
                codes.get(0))).isEqualTo(-1);
        assertThat(counting.derivations).hasValue(0);
        assertThat(hasher.find(List.of(Secret.copyOf(otherFormat), good), codes.get(0))).isEqualTo(1);
    }

    @Test
    void find_emptyList_minusOneWithoutDerivation() {
        assertThat(hasher.find(List.of(), "aaaa-bbbb-cccc")).isEqualTo(-1);
        assertThat(counting.derivations).hasValue(0);
    }

    @Test
    void normalize_formsOfACode_oneBareLowerCaseForm() {
        assertThat(RecoveryCodeHasher.normalize("ABCD-EFGH-JKMN")).isEqualTo("abcdefghjkmn");
        assertThat(RecoveryCodeHasher.normalize(" abcd efgh jkmn ")).isEqualTo("abcdefghjkmn");
        assertThat(RecoveryCodeHasher.normalize("abcdefghjkmn")).isEqualTo("abcdefghjkmn");
        assertThat(RecoveryCodeHasher.normalize("a".repeat(12) + " ".repeat(28))).as("40 characters").isEqualTo("a".repeat(12));
        assertThat(RecoveryCodeHasher.normalize("a".repeat(12) + " ".repeat(29))).as("41 characters").isNull();
        assertThat(RecoveryCodeHasher.normalize("abcd-efgh-jkmi")).as("i is not in the alphabet").isNull();
    }

    private static byte[] salt(Secret hash) {
        return Arrays.copyOfRange(hash.bytes(), 1, FORMAT_AND_SALT);
    }

    /** Offers PBKDF2WithHmacSHA256 first, counting each derivation and handing it to the JDK's provider. */
    private static final class CountingProvider extends Provider {

        private static final long serialVersionUID = 1L;
        final transient AtomicInteger derivations = new AtomicInteger();

        CountingProvider() {
            super("TwofaCountingPbkdf2", "1.0", "counts PBKDF2 derivations in tests");
            putService(new Service(this, "SecretKeyFactory", "PBKDF2WithHmacSHA256", CountingSpi.class.getName(),
                    null, Map.of()) {
                @Override
                public Object newInstance(Object parameter) throws NoSuchAlgorithmException {
                    return new CountingSpi(derivations);
                }
            });
        }
    }

    /** The counting factory: one call of {@link #engineGenerateSecret} is one derivation. */
    private static final class CountingSpi extends SecretKeyFactorySpi {

        private final AtomicInteger derivations;
        private final SecretKeyFactory jdk;

        CountingSpi(AtomicInteger derivations) throws NoSuchAlgorithmException {
            this.derivations = derivations;
            try {
                this.jdk = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256", "SunJCE");
            } catch (GeneralSecurityException e) {
                throw new NoSuchAlgorithmException(e);
            }
        }

        @Override
        protected SecretKey engineGenerateSecret(KeySpec spec) throws InvalidKeySpecException {
            derivations.incrementAndGet();
            return jdk.generateSecret(spec);
        }

        @Override
        protected KeySpec engineGetKeySpec(SecretKey key, Class<?> keySpec) throws InvalidKeySpecException {
            return jdk.getKeySpec(key, keySpec);
        }

        @Override
        protected SecretKey engineTranslateKey(SecretKey key) throws InvalidKeyException {
            return jdk.translateKey(key);
        }
    }
}
