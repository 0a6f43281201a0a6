package dev.twofa.benchmarks;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.security.Key;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
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
 * java-otp (com.eatthepath:java-otp) doing the same work as twofa's verify: the {@link Key} is made
 * from the stored secret bytes on every call (a server holds one secret per user and twofa re-keys
 * from a {@code Secret} on every call too), the submitted code is parsed, and the three int codes of
 * the ±1 window are compared without an early exit, as twofa does. java-otp has no verify of its
 * own; this is the best a careful caller writes with it. {@link JavaOtpKeyReusedBenchmark} is the
 * same with one {@code Key} built once, java-otp's best case.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JavaOtpBenchmark {

    @Param({"SHA1", "SHA256", "SHA512"})
    public String algorithm;

    private static final Duration PERIOD = Duration.ofSeconds(30);
    private static final Instant[] WINDOW = {Fixture.NOW.minus(PERIOD), Fixture.NOW, Fixture.NOW.plus(PERIOD)};

    Fixture f;
    private TimeBasedOneTimePasswordGenerator totp;

    /** Builds the generator and checks the fixture. */
    @Setup
    public void setUp() throws Exception {
        f = new Fixture(algorithm);
        totp = new TimeBasedOneTimePasswordGenerator(PERIOD, 6, f.algorithm.macName());
        prepareKey();
        if (!verify(f.validCode) || verify(f.wrongCode)) {
            throw new AssertionError("fixture broken");
        }
    }

    /** Runs once before the first call; nothing to prepare when the key is made per call. */
    void prepareKey() {}

    /**
     * The key for one call.
     *
     * @return a key made from the stored bytes
     */
    Key key() {
        return new SecretKeySpec(f.key, f.algorithm.macName());
    }

    /** The code at an instant, as a String (java-otp formats with the default locale). */
    @Benchmark
    public String generate() throws Exception {
        return totp.generateOneTimePasswordString(key(), Fixture.NOW);
    }

    /** A valid code over the ±1 window. */
    @Benchmark
    public boolean verifyValid() throws Exception {
        return verify(f.validCode);
    }

    /** A wrong code over the ±1 window. */
    @Benchmark
    public boolean verifyWrong() throws Exception {
        return verify(f.wrongCode);
    }

    private boolean verify(String code) throws Exception {
        Key key = key();
        int submitted = Integer.parseInt(code);
        int matched = 0;
        for (Instant t : WINDOW) {
            matched |= totp.generateOneTimePassword(key, t) == submitted ? 1 : 0;
        }
        return matched != 0;
    }
}
