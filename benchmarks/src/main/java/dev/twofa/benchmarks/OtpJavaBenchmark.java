package dev.twofa.benchmarks;

import com.bastiaanjansen.otp.HMACAlgorithm;
import com.bastiaanjansen.otp.TOTPGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
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
 * otp-java (com.github.bastiaanjansen:otp-java): {@code TOTPGenerator.at(Instant)} and {@code
 * verify(code, 1)} (±1 window, early exit on a match) with a fixed clock.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OtpJavaBenchmark {

    @Param({"SHA1", "SHA256", "SHA512"})
    public String algorithm;

    private Fixture f;
    private TOTPGenerator totp;

    /** Builds the generator (it takes the Base32 secret's bytes). */
    @Setup
    public void setUp() {
        f = new Fixture(algorithm);
        totp = new TOTPGenerator.Builder(f.base32.getBytes(StandardCharsets.US_ASCII))
                .withHOTPGenerator(b -> b.withPasswordLength(6).withAlgorithm(HMACAlgorithm.valueOf(algorithm)))
                .withPeriod(Duration.ofSeconds(30))
                .withClock(Clock.fixed(Fixture.NOW, ZoneOffset.UTC))
                .build();
        if (!totp.verify(f.validCode, 1) || totp.verify(f.wrongCode, 1) || !totp.at(Fixture.NOW).equals(f.validCode)) {
            throw new AssertionError("fixture broken");
        }
    }

    /** The code at an instant, as a String. */
    @Benchmark
    public String generate() {
        return totp.at(Fixture.NOW);
    }

    /** A valid code over the ±1 window. */
    @Benchmark
    public boolean verifyValid() {
        return totp.verify(f.validCode, 1);
    }

    /** A wrong code over the ±1 window. */
    @Benchmark
    public boolean verifyWrong() {
        return totp.verify(f.wrongCode, 1);
    }
}
