package dev.twofa.totp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.Secret;
import dev.twofa.totp.Algorithm;
import java.io.ByteArrayOutputStream;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.MacSpi;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** How a thread's Mac is keyed: through a wiped key block, or a fresh copy for providers that keep it. */
class MacSlotTest {

    /** Key lengths under, at and over the SHA-1 block of 64 bytes. */
    private static final int[] KEY_LENGTHS = {20, 64, 16, 100, 63, 32, 65};

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void jdkProvider_copiesKeys_soTheKeyBlockIsUsed(Algorithm algorithm) {
        assertThat(new OtpEngine.MacSlot(algorithm).usesKeyBlock()).isTrue();
    }

    @Test
    void copyingProvider_getsTheZeroPaddedBlock_wipedAfterKeying_andCodesStayRight() throws Exception {
        RecordingHmacSpi spi = new RecordingHmacSpi(false);
        OtpEngine.MacSlot slot = new OtpEngine.MacSlot(spi.mac(), "HmacSHA1", 64);
        assertThat(slot.usesKeyBlock()).isTrue();

        for (int length : KEY_LENGTHS) {
            byte[] key = randomKey(length);
            slot.init(Secret.copyOf(key));
            assertThat(spi.handedOut).hasSize(Math.max(length, 64)).containsOnly(0);
            for (long counter = 0; counter < 3; counter++) {
                assertThat(OtpEngine.truncate(slot.hmac(counter)) % 1_000_000)
                        .isEqualTo(OtpEngineTest.reference(Algorithm.SHA1, key, counter, 6));
            }
        }
    }

    @Test
    void retainingProvider_isDetected_andGetsItsOwnCopy_soCodesStayRight() throws Exception {
        RecordingHmacSpi spi = new RecordingHmacSpi(true);
        OtpEngine.MacSlot slot = new OtpEngine.MacSlot(spi.mac(), "HmacSHA1", 64);
        assertThat(slot.usesKeyBlock()).isFalse();

        for (int length : KEY_LENGTHS) {
            byte[] key = randomKey(length);
            slot.init(Secret.copyOf(key));
            assertThat(spi.handedOut).containsExactly(key);
            for (long counter = 0; counter < 3; counter++) {
                assertThat(OtpEngine.truncate(slot.hmac(counter)) % 1_000_000)
                        .isEqualTo(OtpEngineTest.reference(Algorithm.SHA1, key, counter, 6));
            }
        }
    }

    private static byte[] randomKey(int length) {
        byte[] key = new byte[length];
        new Random(length).nextBytes(key);
        return key;
    }

    /**
     * A provider's HmacSHA1 that either copies the array {@code getEncoded()} returns (as SunJCE
     * does) or keeps it and reads it at every doFinal, and remembers that array for the test.
     */
    static final class RecordingHmacSpi extends MacSpi {

        private final boolean retains;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        byte[] handedOut;
        private byte[] key;

        RecordingHmacSpi(boolean retains) {
            this.retains = retains;
        }

        Mac mac() {
            return new Mac(this, null, "HmacSHA1") {};
        }

        @Override
        protected int engineGetMacLength() {
            return 20;
        }

        @Override
        protected void engineInit(Key k, AlgorithmParameterSpec params) {
            handedOut = k.getEncoded();
            key = retains ? handedOut : handedOut.clone();
            pending.reset();
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
            } catch (NoSuchAlgorithmException | java.security.InvalidKeyException e) {
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
