package dev.twofa.totp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.twofa.core.InvalidInputException;
import dev.twofa.core.Secret;
import dev.twofa.totp.Algorithm;
import dev.twofa.totp.SharedCode;
import java.nio.ByteBuffer;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class OtpEngineTest {

    /** RFC 4226 section 5.3 written out plainly with a fresh Mac and SecretKeySpec per call. */
    static int reference(Algorithm algorithm, byte[] key, long counter, int digits) throws Exception {
        Mac mac = Mac.getInstance(algorithm.macName());
        mac.init(new SecretKeySpec(key, algorithm.macName()));
        byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
        int offset = hash[hash.length - 1] & 0xf;
        int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
        return binary % (int) Math.pow(10, digits);
    }

    @Test
    void code_randomKeysCountersAlgorithms_equalsThePlainReference() {
        qt().forAll(integers().between(0, 2), integers().between(6, 8), longs().between(0, Long.MAX_VALUE),
                integers().between(16, 200)).checkAssert((alg, digits, counter, keyLength) -> {
                    byte[] key = new byte[keyLength];
                    new Random(counter ^ keyLength).nextBytes(key);
                    Algorithm algorithm = Algorithm.values()[alg];
                    OtpEngine engine = new OtpEngine(algorithm, digits);
                    try {
                        assertThat(engine.code(Secret.copyOf(key), counter)).isEqualTo(reference(algorithm, key, counter, digits));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
    }

    @Test
    void code_interleavedSecretsOnOneThread_neverMixKeys() throws Exception {
        OtpEngine engine = new OtpEngine(Algorithm.SHA256, 8);
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        new Random(1).nextBytes(a);
        new Random(2).nextBytes(b);
        for (long c = 0; c < 100; c++) {
            assertThat(engine.code(Secret.copyOf(a), c)).isEqualTo(reference(Algorithm.SHA256, a, c, 8));
            assertThat(engine.code(Secret.copyOf(b), c)).isEqualTo(reference(Algorithm.SHA256, b, c, 8));
        }
    }

    @Test
    void match_noWatermark_returnsTheLatestMatchingCounterOrMinusOne() throws Exception {
        OtpEngine engine = new OtpEngine(Algorithm.SHA1, 6);
        byte[] key = new byte[20];
        Secret secret = Secret.copyOf(key);
        int code5 = reference(Algorithm.SHA1, key, 5, 6);

        assertThat(engine.match(secret, code5, 0, 10, Long.MAX_VALUE)).isEqualTo(5);
        assertThat(engine.match(secret, code5, 5, 1, Long.MAX_VALUE)).isEqualTo(5);
        assertThat(engine.match(secret, code5, 6, 10, Long.MAX_VALUE)).isEqualTo(-1);
        assertThat(engine.match(secret, code5, 0, 5, Long.MAX_VALUE)).isEqualTo(-1);
    }

    @Test
    void match_oneMatchingCounter_isReturnedWhateverTheWatermark() throws Exception {
        OtpEngine engine = new OtpEngine(Algorithm.SHA1, 6);
        byte[] key = new byte[20];
        Secret secret = Secret.copyOf(key);
        int code5 = reference(Algorithm.SHA1, key, 5, 6);

        for (long watermark : new long[] {-1, 0, 4, 5, 6, 9, Long.MAX_VALUE}) {
            assertThat(engine.match(secret, code5, 0, 10, watermark)).as("watermark %d", watermark).isEqualTo(5);
        }
        assertThat(engine.match(secret, code5 ^ 1, 0, 10, -1)).isEqualTo(-1);
    }

    @Test
    void match_twoCountersShareTheCode_theLowestAboveTheWatermarkElseTheHighestWins() throws Exception {
        OtpEngine engine = new OtpEngine(Algorithm.SHA1, 6);
        byte[] key = SharedCode.seed();
        Secret secret = Secret.copyOf(key);
        long a = SharedCode.ADJACENT_FIRST;
        int code = reference(Algorithm.SHA1, key, a, 6);
        assertThat(code).isEqualTo(Integer.parseInt(SharedCode.ADJACENT_CODE));
        assertThat(reference(Algorithm.SHA1, key, a + 1, 6)).as("the collision holds").isEqualTo(code);

        assertThat(engine.match(secret, code, a - 1, 3, -1)).isEqualTo(a);
        assertThat(engine.match(secret, code, a - 1, 3, a - 1)).isEqualTo(a);
        assertThat(engine.match(secret, code, a - 1, 3, a)).as("above the watermark wins").isEqualTo(a + 1);
        assertThat(engine.match(secret, code, a - 1, 3, a + 1)).as("both used: the highest").isEqualTo(a + 1);
        assertThat(engine.match(secret, code, a - 1, 3, a + 5)).isEqualTo(a + 1);
        assertThat(engine.match(secret, code, a - 1, 3, Long.MAX_VALUE)).isEqualTo(a + 1);
        assertThat(engine.match(secret, code, a, 1, a)).as("only the used one in range").isEqualTo(a);
        assertThat(engine.match(secret, code, a + 1, 1, -1)).isEqualTo(a + 1);
    }

    @Test
    void match_rangeUpToTheLastCounterBeforeLongMax_isChecked() throws Exception {
        OtpEngine engine = new OtpEngine(Algorithm.SHA1, 6);
        byte[] key = new byte[20];
        long last = Long.MAX_VALUE - 1;
        int code = reference(Algorithm.SHA1, key, last, 6);

        assertThat(engine.match(Secret.copyOf(key), code, Long.MAX_VALUE - 3, 3, -1)).isEqualTo(last);
    }

    @Test
    void truncate_usesTheLowNibbleOfTheLastByte() {
        byte[] hash = new byte[64];
        hash[63] = 0x0a; // offset 10
        hash[10] = (byte) 0xff;
        hash[11] = 0x01;
        hash[12] = 0x02;
        hash[13] = 0x03;
        hash[19] = 0x00; // byte 19 (SHA-1's last byte) must not be used for the offset

        assertThat(OtpEngine.truncate(hash)).isEqualTo(0x7f010203);
    }

    @Test
    void engine_badArguments_areRefused() {
        OtpEngine engine = new OtpEngine(Algorithm.SHA1, 6);
        Secret secret = Secret.copyOf(new byte[16]);

        assertThatThrownBy(() -> new OtpEngine(Algorithm.SHA1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OtpEngine(Algorithm.SHA1, 9)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> engine.code(null, 0)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> engine.code(secret, -1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> engine.match(secret, 0, -1, 3, -1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> engine.match(secret, 0, 0, 0, -1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> engine.match(secret, 0, Long.MAX_VALUE, 2, -1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> engine.match(secret, 0, 0, 3, -2)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> engine.match(secret, 0, 0, 3, Long.MIN_VALUE)).isInstanceOf(InvalidInputException.class);
    }
}
