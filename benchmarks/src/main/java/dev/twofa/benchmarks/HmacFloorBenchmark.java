package dev.twofa.benchmarks;

import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The floor: one HMAC over 8 bytes with a Mac that is created and keyed once (no key setup, no
 * truncation, no formatting). A verify over a ±1 window can do no better than a third of this.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HmacFloorBenchmark {

    @Param({"SHA1", "SHA256", "SHA512"})
    public String algorithm;

    private Mac mac;
    private final byte[] counter = new byte[8];

    /** Creates and keys the Mac once. */
    @Setup
    public void setUp() throws Exception {
        Fixture f = new Fixture(algorithm);
        mac = Mac.getInstance(f.algorithm.macName());
        mac.init(new SecretKeySpec(f.key, f.algorithm.macName()));
        long step = f.step();
        for (int i = 7; i >= 0; i--) {
            counter[i] = (byte) step;
            step >>>= 8;
        }
    }

    /** One bare cached {@code Mac.doFinal} over 8 bytes. */
    @Benchmark
    public byte[] bareMac() {
        return mac.doFinal(counter);
    }
}
