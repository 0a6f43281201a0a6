package dev.twofa.benchmarks;

import java.security.Key;
import javax.crypto.spec.SecretKeySpec;

/**
 * java-otp's best case: {@link JavaOtpBenchmark} with one {@link Key} built once and reused for
 * every call, which a server verifying many users' codes cannot do without keeping a key object per
 * user. Shown beside the same-work figures so that both comparisons are on record.
 */
public class JavaOtpKeyReusedBenchmark extends JavaOtpBenchmark {

    private Key reused;

    @Override
    void prepareKey() {
        reused = new SecretKeySpec(f.key, f.algorithm.macName());
    }

    @Override
    Key key() {
        return reused;
    }
}
