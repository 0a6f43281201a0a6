package dev.twofa.benchmarks;

import com.warrenstrange.googleauth.GoogleAuthenticator;
import com.warrenstrange.googleauth.GoogleAuthenticatorConfig;
import com.warrenstrange.googleauth.HmacHashFunction;
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
 * GoogleAuth (com.warrenstrange:googleauth): {@code getTotpPassword(secret, time)} and {@code
 * authorize(secret, code, time)} with a window size of 3 (±1, early exit on a match). Its API
 * takes the code as an int, so the verify parses it with {@code Integer.parseInt} first, as a
 * caller must.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GoogleAuthBenchmark {

    @Param({"SHA1", "SHA256", "SHA512"})
    public String algorithm;

    private Fixture f;
    private GoogleAuthenticator auth;
    private long millis;

    /** Builds the authenticator. */
    @Setup
    public void setUp() {
        f = new Fixture(algorithm);
        auth = new GoogleAuthenticator(new GoogleAuthenticatorConfig.GoogleAuthenticatorConfigBuilder()
                .setCodeDigits(6)
                .setWindowSize(3)
                .setTimeStepSizeInMillis(30_000)
                .setHmacHashFunction(HmacHashFunction.valueOf("Hmac" + algorithm))
                .build());
        millis = Fixture.NOW.toEpochMilli();
        if (!verifyValid() || verifyWrong() || Integer.parseInt(f.validCode) != generate()) {
            throw new AssertionError("fixture broken");
        }
    }

    /** The code at an instant (an int: GoogleAuth has no String form). */
    @Benchmark
    public int generate() {
        return auth.getTotpPassword(f.base32, millis);
    }

    /** A valid code over the ±1 window. */
    @Benchmark
    public boolean verifyValid() {
        return auth.authorize(f.base32, Integer.parseInt(f.validCode), millis);
    }

    /** A wrong code over the ±1 window. */
    @Benchmark
    public boolean verifyWrong() {
        return auth.authorize(f.base32, Integer.parseInt(f.wrongCode), millis);
    }
}
