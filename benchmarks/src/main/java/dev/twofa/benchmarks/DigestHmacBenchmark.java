package dev.twofa.benchmarks;

import dev.twofa.core.Secret;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A design NOT used by twofa, measured for comparison only: the same ±1 constant-time verify with
 * HMAC (RFC 2104) written over {@link MessageDigest#digest(byte[], int, int)}, which fills a
 * caller's buffer, instead of {@code javax.crypto.Mac}, whose {@code doFinal} allocates its result
 * on every call. It shows what the allocation target would cost in design terms: twofa keeps the
 * JDK's {@code Mac} as issue 3 requires.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DigestHmacBenchmark {

    @Param({"SHA1", "SHA256", "SHA512"})
    public String algorithm;

    private Fixture f;
    private MessageDigest md;
    private int block;
    private byte[] ipad;
    private byte[] opad;
    private byte[] inner;
    private byte[] outer;
    private final byte[] counter = new byte[8];
    private int validInt;
    private int wrongInt;

    /** Prepares the digest and buffers. */
    @Setup
    public void setUp() throws Exception {
        f = new Fixture(algorithm);
        md = MessageDigest.getInstance(algorithm.replace("SHA", "SHA-"));
        block = algorithm.equals("SHA512") ? 128 : 64;
        ipad = new byte[block];
        opad = new byte[block];
        inner = new byte[md.getDigestLength()];
        outer = new byte[md.getDigestLength()];
        validInt = Integer.parseInt(f.validCode);
        wrongInt = Integer.parseInt(f.wrongCode);
        if (verify(f.secret, validInt) != f.step() || verify(f.secret, wrongInt) != -1) {
            throw new AssertionError("fixture broken");
        }
    }

    /** A valid code over the ±1 window. */
    @Benchmark
    public long verifyValid() throws DigestException {
        return verify(f.secret, validInt);
    }

    /** A wrong code over the ±1 window. */
    @Benchmark
    public long verifyWrong() throws DigestException {
        return verify(f.secret, wrongInt);
    }

    private long verify(Secret secret, int code) throws DigestException {
        byte[] key = secret.bytes();
        for (int i = 0; i < block; i++) {
            int k = i < key.length ? key[i] : 0;
            ipad[i] = (byte) (k ^ 0x36);
            opad[i] = (byte) (k ^ 0x5c);
        }
        Arrays.fill(key, (byte) 0);
        long step = f.step();
        long matched = -1;
        for (long c = step - 1; c <= step + 1; c++) {
            long v = c;
            for (int j = 7; j >= 0; j--) {
                counter[j] = (byte) v;
                v >>>= 8;
            }
            md.update(ipad);
            md.update(counter);
            md.digest(inner, 0, inner.length);
            md.update(opad);
            md.update(inner);
            md.digest(outer, 0, outer.length);
            int o = outer[outer.length - 1] & 0xf;
            int bin = (outer[o] & 0x7f) << 24 | (outer[o + 1] & 0xff) << 16 | (outer[o + 2] & 0xff) << 8 | outer[o + 3] & 0xff;
            int diff = (bin % 1_000_000) ^ code;
            long mask = (diff - 1) >> 31;
            matched = (matched & ~mask) | (c & mask);
        }
        return matched;
    }
}
