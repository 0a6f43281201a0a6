package dev.twofa.totp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.twofa.core.Secret;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Guards the allocation budget the benchmarks report: a verify allocates the digest arrays its
 * three HMACs get from {@code Mac.doFinal} and nothing else. Counts bytes with the JDK's per-thread
 * allocation counter (not time), against one bare {@code doFinal} measured the same way, so the
 * bound holds whatever the JVM's object layout.
 */
class AllocationTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:10Z");
    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 10_000;

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void verify_allocatesNoMoreThanItsThreeDigestArrays(Algorithm algorithm) throws Exception {
        com.sun.management.ThreadMXBean threads = allocationCounter();
        byte[] key = "12345678901234567890123456789012".getBytes(US_ASCII);
        Secret secret = Secret.copyOf(key);
        Totp totp = Totp.builder().issuer("Example").algorithm(algorithm).build();
        String valid = totp.generate(secret, NOW);
        String wrong = totp.verify(secret, "000000", NOW).isPresent() ? "000001" : "000000";
        long watermark = totp.timeStep(NOW) - 5; // as twofa-core calls it: the account's last accepted step

        Mac mac = Mac.getInstance(algorithm.macName());
        mac.init(new SecretKeySpec(key, algorithm.macName()));
        byte[] counter = new byte[8];
        int sink = 0;
        for (int i = 0; i < WARM_UP; i++) {
            sink += mac.doFinal(counter)[0];
        }
        long start = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < MEASURED; i++) {
            sink += mac.doFinal(counter)[0];
        }
        double perDoFinal = (threads.getCurrentThreadAllocatedBytes() - start) / (double) MEASURED;

        int matched = 0;
        for (int i = 0; i < WARM_UP; i++) {
            matched += totp.verify(secret, valid, NOW, watermark).isPresent() ? 1 : 0;
            matched += totp.verify(secret, wrong, NOW, watermark).isPresent() ? 1 : 0;
        }
        start = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < MEASURED; i++) {
            matched += totp.verify(secret, valid, NOW, watermark).isPresent() ? 1 : 0;
            matched += totp.verify(secret, wrong, NOW, watermark).isPresent() ? 1 : 0;
        }
        double perVerify = (threads.getCurrentThreadAllocatedBytes() - start) / (2.0 * MEASURED);

        assertThat(matched).isEqualTo(WARM_UP + MEASURED);
        assertThat(perDoFinal).as("one doFinal allocates its digest array").isGreaterThanOrEqualTo(algorithm.hashBytes());
        assertThat(perVerify).as("bytes per verify, against %.1f per doFinal (sink %d)", perDoFinal, sink)
                .isLessThanOrEqualTo(3 * perDoFinal + 1);
    }

    /** The JDK's per-thread allocation counter, or the test is skipped on a JVM without one. */
    private static com.sun.management.ThreadMXBean allocationCounter() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "per-thread allocation counting is off");
        return threads;
    }
}
