package dev.twofa.totp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.Secret;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Backs the "thread-safe" claims: many threads verify on one shared {@link Totp} (one per algorithm)
 * and every answer equals the one computed on a single thread beforehand.
 */
class ConcurrencyTest {

    private static final int THREADS = 8;
    private static final int VERIFICATIONS_PER_THREAD = 10_000;
    private static final int CASES = 512;

    /** One precomputed check: secret, code, instant and the answer a single thread got. */
    record Case(Totp totp, Secret secret, String code, Instant now, OptionalLong expected) {}

    @Test
    void sharedEngines_threadsTimesTenThousandVerifications_giveNoWrongAnswer() throws Exception {
        List<Totp> engines = new ArrayList<>();
        for (Algorithm algorithm : Algorithm.values()) {
            engines.add(Totp.builder().issuer("C").algorithm(algorithm).build());
        }
        Random random = new Random(42);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            Totp totp = engines.get(i % engines.size());
            Secret secret = totp.newSecret();
            Instant now = Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000_000));
            int offset = random.nextInt(5) - 2; // -2..2: in and out of the window
            String code = i % 7 == 0
                    ? String.format("%06d", random.nextInt(1_000_000)) // mostly wrong
                    : totp.generate(secret, now.plusSeconds(30L * offset));
            cases.add(new Case(totp, secret, code, now, totp.verify(secret, code, now)));
        }
        assertThat(cases).anyMatch(c -> c.expected().isPresent()).anyMatch(c -> c.expected().isEmpty());

        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int seed = t;
                results.add(pool.submit(() -> {
                    start.await();
                    int wrong = 0;
                    for (int i = 0; i < VERIFICATIONS_PER_THREAD; i++) {
                        Case c = cases.get((i * 31 + seed * 17) % CASES);
                        if (!c.totp().verify(c.secret(), c.code(), c.now()).equals(c.expected())) {
                            wrong++;
                        }
                    }
                    return wrong;
                }));
            }
            int wrong = 0;
            for (Future<Integer> result : results) {
                wrong += result.get(2, TimeUnit.MINUTES);
            }
            assertThat(wrong).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sharedHotp_threadsGeneratingAtOnce_agreeWithSingleThreadedCodes() throws Exception {
        Hotp hotp = Hotp.builder().digits(8).build();
        Secret secret = TotpSecrets.generate();
        String[] expected = new String[1000];
        for (int c = 0; c < expected.length; c++) {
            expected[c] = hotp.generate(secret, c);
        }
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    int wrong = 0;
                    for (int i = 0; i < VERIFICATIONS_PER_THREAD; i++) {
                        int c = i % expected.length;
                        if (!hotp.generate(secret, c).equals(expected[c])) {
                            wrong++;
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(2, TimeUnit.MINUTES)).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
