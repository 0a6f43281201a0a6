package dev.twofa.benchmarks;

import dev.twofa.totp.Totp;
import java.util.OptionalLong;
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
 * twofa-totp through its public API ({@link Totp#generate} and the {@code TotpChannel} method
 * {@link Totp#verify(dev.twofa.core.Secret, String, java.time.Instant, long)}, with no step accepted
 * yet): the secret is a {@code dev.twofa.core.Secret}, re-keyed on every call as
 * it would be after loading it from the store.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TwofaBenchmark {

    @Param({"SHA1", "SHA256", "SHA512"})
    public String algorithm;

    /** The replay watermark of an account that has not logged in with a code yet. */
    private static final long NONE_ACCEPTED = -1;

    private Fixture f;
    private Totp totp;

    /** Builds the engine (±1 window, 6 digits, 30 s). */
    @Setup
    public void setUp() {
        f = new Fixture(algorithm);
        totp = Totp.builder().issuer("Bench").algorithm(f.algorithm).build();
        if (!totp.verify(f.secret, f.validCode, Fixture.NOW, NONE_ACCEPTED).isPresent()
                || totp.verify(f.secret, f.wrongCode, Fixture.NOW, NONE_ACCEPTED).isPresent()) {
            throw new AssertionError("fixture broken");
        }
    }

    /** The code at an instant, as a String. */
    @Benchmark
    public String generate() {
        return totp.generate(f.secret, Fixture.NOW);
    }

    /** A valid code over the ±1 window (3 HMACs, constant time). */
    @Benchmark
    public OptionalLong verifyValid() {
        return totp.verify(f.secret, f.validCode, Fixture.NOW, NONE_ACCEPTED);
    }

    /** A wrong code over the ±1 window (3 HMACs, constant time). */
    @Benchmark
    public OptionalLong verifyWrong() {
        return totp.verify(f.secret, f.wrongCode, Fixture.NOW, NONE_ACCEPTED);
    }
}
