package dev.twofa.totp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.Secret;
import java.time.Instant;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The test vectors of RFC 4226 Appendix D and RFC 6238 Appendix B. */
class RfcVectorsTest {

    private static final String SEED = "12345678901234567890";

    /** RFC 4226 Appendix D: HOTP(K, C) for C = 0..9, K = "12345678901234567890", 6 digits. */
    private static final String[] RFC4226_CODES = {
        "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"
    };

    static Stream<Arguments> rfc4226() {
        return IntStream.range(0, RFC4226_CODES.length).mapToObj(c -> Arguments.of(c, RFC4226_CODES[c]));
    }

    /** RFC 6238 Appendix B: time, algorithm, 8-digit code. */
    static Stream<Arguments> rfc6238() {
        return Stream.of(
                Arguments.of(59L, Algorithm.SHA1, "94287082"),
                Arguments.of(59L, Algorithm.SHA256, "46119246"),
                Arguments.of(59L, Algorithm.SHA512, "90693936"),
                Arguments.of(1111111109L, Algorithm.SHA1, "07081804"),
                Arguments.of(1111111109L, Algorithm.SHA256, "68084774"),
                Arguments.of(1111111109L, Algorithm.SHA512, "25091201"),
                Arguments.of(1111111111L, Algorithm.SHA1, "14050471"),
                Arguments.of(1111111111L, Algorithm.SHA256, "67062674"),
                Arguments.of(1111111111L, Algorithm.SHA512, "99943326"),
                Arguments.of(1234567890L, Algorithm.SHA1, "89005924"),
                Arguments.of(1234567890L, Algorithm.SHA256, "91819424"),
                Arguments.of(1234567890L, Algorithm.SHA512, "93441116"),
                Arguments.of(2000000000L, Algorithm.SHA1, "69279037"),
                Arguments.of(2000000000L, Algorithm.SHA256, "90698825"),
                Arguments.of(2000000000L, Algorithm.SHA512, "38618901"),
                Arguments.of(20000000000L, Algorithm.SHA1, "65353130"),
                Arguments.of(20000000000L, Algorithm.SHA256, "77737706"),
                Arguments.of(20000000000L, Algorithm.SHA512, "47863826"));
    }

    /** The RFC 6238 seed for an algorithm: the 20-byte seed repeated and cut to 20, 32 or 64 bytes. */
    static Secret seedFor(Algorithm algorithm) {
        String seed = SEED.repeat(4).substring(0, algorithm.hashBytes());
        return Secret.copyOf(seed.getBytes(US_ASCII));
    }

    @ParameterizedTest(name = "counter {0} -> {1}")
    @MethodSource("rfc4226")
    void hotp_rfc4226AppendixD_generatesTheListedCode(int counter, String code) {
        Hotp hotp = Hotp.builder().build();

        assertThat(hotp.generate(Secret.copyOf(SEED.getBytes(US_ASCII)), counter)).isEqualTo(code);
    }

    @ParameterizedTest(name = "counter {0} -> {1}")
    @MethodSource("rfc4226")
    void hotp_rfc4226AppendixD_verifiesTheListedCodeAtItsCounter(int counter, String code) {
        Hotp hotp = Hotp.builder().build();

        assertThat(hotp.verify(Secret.copyOf(SEED.getBytes(US_ASCII)), code, counter)).hasValue(counter);
    }

    @ParameterizedTest(name = "T={0} {1} -> {2}")
    @MethodSource("rfc6238")
    void totp_rfc6238AppendixB_generatesTheListedCode(long seconds, Algorithm algorithm, String code) {
        Totp totp = Totp.builder().issuer("RFC 6238").algorithm(algorithm).digits(8).build();

        assertThat(totp.generate(seedFor(algorithm), Instant.ofEpochSecond(seconds))).isEqualTo(code);
    }

    @ParameterizedTest(name = "T={0} {1} -> {2}")
    @MethodSource("rfc6238")
    void totp_rfc6238AppendixB_verifiesTheListedCodeAtItsStep(long seconds, Algorithm algorithm, String code) {
        Totp totp = Totp.builder().issuer("RFC 6238").algorithm(algorithm).digits(8).build();

        assertThat(totp.verify(seedFor(algorithm), code, Instant.ofEpochSecond(seconds))).hasValue(seconds / 30);
    }

    @ParameterizedTest(name = "T={0} {1} -> {2}")
    @MethodSource("rfc6238")
    void totp_rfc6238AppendixBOneStepLater_verifiesTheListedCodeAsThePreviousStep(
            long seconds, Algorithm algorithm, String code) {
        Totp totp = Totp.builder().issuer("RFC 6238").algorithm(algorithm).digits(8).build();

        assertThat(totp.verify(seedFor(algorithm), code, Instant.ofEpochSecond(seconds + 30))).hasValue(seconds / 30);
    }
}
