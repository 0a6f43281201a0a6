package dev.twofa.benchmarks;

import dev.twofa.core.Secret;
import dev.twofa.totp.Algorithm;
import dev.twofa.totp.Totp;
import dev.twofa.totp.TotpSecrets;
import java.time.Instant;
import java.util.Random;

/**
 * The inputs every TOTP benchmark shares for one algorithm: a fixed random secret of the RFC 6238
 * size (20, 32 or 64 bytes), a fixed instant in the middle of a time step, the valid code of that
 * step, and a wrong code that matches no step of the ±1 window (so a check must compute the whole
 * window).
 *
 * <p>Immutable and thread-safe.
 */
final class Fixture {

    /** 2026-01-15T10:00:15Z: the middle of a 30-second step. */
    static final Instant NOW = Instant.ofEpochSecond(1_768_471_215L);

    final Algorithm algorithm;
    final byte[] key;
    final Secret secret;
    final String base32;
    final String validCode;
    final String wrongCode;

    Fixture(String algorithmName) {
        this.algorithm = Algorithm.valueOf(algorithmName);
        this.key = new byte[algorithm.hashBytes()];
        new Random(4226L + algorithm.ordinal()).nextBytes(key);
        this.secret = Secret.copyOf(key);
        this.base32 = TotpSecrets.toBase32(secret);
        Totp totp = Totp.builder().issuer("Bench").algorithm(algorithm).build();
        this.validCode = totp.generate(secret, NOW);
        int wrong = Integer.parseInt(validCode);
        String candidate;
        do {
            wrong = (wrong + 500_009) % 1_000_000;
            candidate = String.format("%06d", wrong);
        } while (totp.verify(secret, candidate, NOW).isPresent());
        this.wrongCode = candidate;
    }

    long step() {
        return NOW.getEpochSecond() / 30;
    }
}
