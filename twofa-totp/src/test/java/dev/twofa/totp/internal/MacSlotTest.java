package dev.twofa.totp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twofa.core.Secret;
import dev.twofa.totp.Algorithm;
import java.io.ByteArrayOutputStream;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.ProviderException;
import java.security.Security;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.MacSpi;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How a thread's Mac is keyed: through the wiped key block with SunJCE once the probe passes, and
 * with a new SecretKeySpec per call for every other provider. The fake providers are declared
 * "known to copy keys" where a test needs the probe itself to decide.
 */
class MacSlotTest {

    /** Key lengths under, at and over the SHA-1 block of 64 bytes, longer and shorter in turn. */
    private static final int[] KEY_LENGTHS = {20, 64, 16, 100, 63, 32, 65};

    /** What a provider does with the key it is given. */
    enum Behaviour {
        /** Copies the array {@code getEncoded()} returns (as SunJCE does). */
        COPIES,
        /** Keeps the array and reads it at every doFinal. */
        RETAINS,
        /** Reads {@code getEncoded()}, wipes that array, then reads {@code getEncoded()} again. */
        READS_TWICE_WIPING,
        /** Converts a key once and then looks it up by object identity (as SunPKCS11 does). */
        CACHES_BY_IDENTITY,
        /** Refuses keys it does not know. */
        REFUSES_UNKNOWN_KEYS
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void jdkProvider_passesTheProbe_soTheKeyBlockIsUsed(Algorithm algorithm) {
        assertThat(new OtpEngine.MacSlot(algorithm).usesKeyBlock()).isTrue();
    }

    @Test
    void providerOtherThanSunJce_getsASecretKeySpecEveryCall_evenIfItCopiesKeys() throws Exception {
        FakeHmacSpi spi = new FakeHmacSpi(Behaviour.COPIES);
        OtpEngine.MacSlot slot = new OtpEngine.MacSlot(spi.mac(), "HmacSHA1", 64, OtpEngine.MacSlot::isSunJce);
        assertThat(slot.usesKeyBlock()).isFalse();

        byte[] key = randomKey(20);
        slot.init(Secret.copyOf(key));
        assertThat(spi.handedOut).containsExactly(key);
        assertCodesOf(slot, key);
    }

    @Test
    void providerSelection_happensWithASecretKeySpec_soARefusingFirstProviderIsKept() throws Exception {
        Provider refusing = provider("TwofaTestRefusing", RefusingHmacSpi.class);
        Provider copying = provider("TwofaTestCopying", CopyingHmacSpi.class);
        Security.addProvider(refusing);
        Security.addProvider(copying);
        try {
            Mac mac = Mac.getInstance(TEST_ALGORITHM);
            OtpEngine.MacSlot slot = new OtpEngine.MacSlot(mac, TEST_ALGORITHM, 64, p -> true);

            assertThat(mac.getProvider().getName()).isEqualTo("TwofaTestRefusing");
            assertThat(slot.usesKeyBlock()).isFalse();
            for (int length : KEY_LENGTHS) {
                byte[] key = randomKey(length);
                slot.init(Secret.copyOf(key));
                assertCodesOf(slot, key);
            }
        } finally {
            Security.removeProvider(refusing.getName());
            Security.removeProvider(copying.getName());
        }
    }

    @Test
    void copyingProvider_getsTheZeroPaddedBlock_wipedAfterKeying_andCodesStayRight() throws Exception {
        FakeHmacSpi spi = new FakeHmacSpi(Behaviour.COPIES);
        OtpEngine.MacSlot slot = new OtpEngine.MacSlot(spi.mac(), "HmacSHA1", 64, p -> true);
        assertThat(slot.usesKeyBlock()).isTrue();

        for (int length : KEY_LENGTHS) {
            byte[] key = randomKey(length);
            slot.init(Secret.copyOf(key));
            assertThat(spi.handedOut).hasSize(Math.max(length, 64)).containsOnly(0);
            assertCodesOf(slot, key);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Behaviour.class, names = "COPIES", mode = EnumSource.Mode.EXCLUDE)
    void otherProviders_failTheProbe_andGetTheirOwnKeyEveryCall_soCodesStayRight(Behaviour behaviour)
            throws Exception {
        FakeHmacSpi spi = new FakeHmacSpi(behaviour);
        OtpEngine.MacSlot slot = new OtpEngine.MacSlot(spi.mac(), "HmacSHA1", 64, p -> true);
        assertThat(slot.usesKeyBlock()).isFalse();

        for (int length : KEY_LENGTHS) {
            byte[] key = randomKey(length);
            slot.init(Secret.copyOf(key));
            assertCodesOf(slot, key);
        }
    }

    @Test
    void keyingThatFails_stillWipesTheKeyBlock_andTheNextCallWorks() throws Exception {
        FakeHmacSpi spi = new FakeHmacSpi(Behaviour.COPIES);
        OtpEngine.MacSlot slot = new OtpEngine.MacSlot(spi.mac(), "HmacSHA1", 64, p -> true);
        byte[] key = randomKey(20);

        spi.failNextInit = true;
        assertThatThrownBy(() -> slot.init(Secret.copyOf(key))).isInstanceOf(ProviderException.class);
        assertThat(spi.handedOut).hasSize(64).containsOnly(0);

        slot.init(Secret.copyOf(key));
        assertCodesOf(slot, key);
    }

    private static void assertCodesOf(OtpEngine.MacSlot slot, byte[] key) throws Exception {
        for (long counter = 0; counter < 3; counter++) {
            assertThat(OtpEngine.truncate(slot.hmac(counter)) % 1_000_000)
                    .isEqualTo(OtpEngineTest.reference(Algorithm.SHA1, key, counter, 6));
        }
    }

    /** An algorithm name no JDK provider serves, so registering test providers affects no other test. */
    private static final String TEST_ALGORITHM = "TwofaTestHmacSHA1";

    private static Provider provider(String name, Class<? extends MacSpi> spi) {
        Provider provider = new Provider(name, "1.0", "twofa test provider") {
            private static final long serialVersionUID = 1L;
        };
        provider.put("Mac." + TEST_ALGORITHM, spi.getName());
        return provider;
    }

    private static byte[] randomKey(int length) {
        byte[] key = new byte[length];
        new Random(length).nextBytes(key);
        return key;
    }

    /** A registered provider's HmacSHA1 that refuses keys other than SecretKeySpec. */
    public static final class RefusingHmacSpi extends FakeHmacSpi {
        /** Created by the JCA. */
        public RefusingHmacSpi() {
            super(Behaviour.REFUSES_UNKNOWN_KEYS);
        }
    }

    /** A registered provider's HmacSHA1 that copies every key. */
    public static final class CopyingHmacSpi extends FakeHmacSpi {
        /** Created by the JCA. */
        public CopyingHmacSpi() {
            super(Behaviour.COPIES);
        }
    }

    /** An HmacSHA1 provider with one of the behaviours above; remembers the array it was handed. */
    static class FakeHmacSpi extends MacSpi {

        private final Behaviour behaviour;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private final Map<Key, byte[]> converted = new IdentityHashMap<>();
        byte[] handedOut;
        boolean failNextInit;
        private byte[] key;

        FakeHmacSpi(Behaviour behaviour) {
            this.behaviour = behaviour;
        }

        Mac mac() {
            return new Mac(this, null, "HmacSHA1") {};
        }

        @Override
        protected int engineGetMacLength() {
            return 20;
        }

        @Override
        protected void engineInit(Key k, AlgorithmParameterSpec params) throws InvalidKeyException {
            pending.reset();
            if (behaviour == Behaviour.REFUSES_UNKNOWN_KEYS && !(k instanceof SecretKeySpec)) {
                throw new InvalidKeyException("unknown key class");
            }
            if (behaviour == Behaviour.CACHES_BY_IDENTITY && converted.containsKey(k)) {
                key = converted.get(k);
                return;
            }
            handedOut = k.getEncoded();
            if (failNextInit) {
                failNextInit = false;
                throw new ProviderException("token removed");
            }
            switch (behaviour) {
                case RETAINS:
                    key = handedOut;
                    break;
                case READS_TWICE_WIPING:
                    Arrays.fill(handedOut, (byte) 0);
                    key = k.getEncoded().clone();
                    break;
                case CACHES_BY_IDENTITY:
                    key = handedOut.clone();
                    converted.put(k, key);
                    break;
                default:
                    key = handedOut.clone();
            }
        }

        @Override
        protected void engineUpdate(byte input) {
            pending.write(input);
        }

        @Override
        protected void engineUpdate(byte[] input, int offset, int len) {
            pending.write(input, offset, len);
        }

        @Override
        protected byte[] engineDoFinal() {
            try {
                Mac real = Mac.getInstance("HmacSHA1");
                real.init(new SecretKeySpec(key, "HmacSHA1"));
                return real.doFinal(pending.toByteArray());
            } catch (NoSuchAlgorithmException | InvalidKeyException e) {
                throw new AssertionError(e);
            } finally {
                pending.reset();
            }
        }

        @Override
        protected void engineReset() {
            pending.reset();
        }
    }
}
