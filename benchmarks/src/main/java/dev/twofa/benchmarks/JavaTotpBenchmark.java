package dev.twofa.benchmarks;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.DefaultCodeVerifier;
import dev.samstevens.totp.code.HashingAlgorithm;
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
 * java-totp (dev.samstevens.totp:totp): {@code DefaultCodeGenerator.generate(secret, counter)} and
 * {@code DefaultCodeVerifier.isValidCode(secret, code)} with a discrepancy of 1 (±1 window, no
 * early exit) and a fixed time provider.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JavaTotpBenchmark {

    @Param({"SHA1", "SHA256", "SHA512"})
    public String algorithm;

    private Fixture f;
    private DefaultCodeGenerator generator;
    private DefaultCodeVerifier verifier;

    /** Builds the generator and verifier. */
    @Setup
    public void setUp() throws Exception {
        f = new Fixture(algorithm);
        generator = new DefaultCodeGenerator(HashingAlgorithm.valueOf(algorithm), 6);
        long seconds = Fixture.NOW.getEpochSecond();
        verifier = new DefaultCodeVerifier(generator, () -> seconds);
        verifier.setTimePeriod(30);
        verifier.setAllowedTimePeriodDiscrepancy(1);
        if (!verifier.isValidCode(f.base32, f.validCode) || verifier.isValidCode(f.base32, f.wrongCode)
                || !generate().equals(f.validCode)) {
            throw new AssertionError("fixture broken");
        }
    }

    /** The code at an instant (its counter computed from the instant), as a String. */
    @Benchmark
    public String generate() throws Exception {
        return generator.generate(f.base32, Math.floorDiv(Fixture.NOW.getEpochSecond(), 30));
    }

    /** A valid code over the ±1 window. */
    @Benchmark
    public boolean verifyValid() {
        return verifier.isValidCode(f.base32, f.validCode);
    }

    /** A wrong code over the ±1 window. */
    @Benchmark
    public boolean verifyWrong() {
        return verifier.isValidCode(f.base32, f.wrongCode);
    }
}
