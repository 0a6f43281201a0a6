package dev.twofa.totp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twofa.core.InvalidInputException;
import dev.twofa.core.Secret;
import org.junit.jupiter.api.Test;

class HotpTest {

    private static final Secret SEED = Secret.copyOf("12345678901234567890".getBytes(US_ASCII));

    @Test
    void builder_defaults_matchTheDocumentedValues() {
        Hotp hotp = Hotp.builder().build();

        assertThat(hotp.algorithm()).isEqualTo(Algorithm.SHA1);
        assertThat(hotp.digits()).isEqualTo(6);
        assertThat(hotp.lookAhead()).isZero();
        assertThat(hotp).hasToString("Hotp[SHA1, 6 digits, look-ahead 0]");
    }

    @Test
    void builder_badOrRepeatedSettings_areRefused() {
        assertThatThrownBy(() -> Hotp.builder().digits(9))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("9");
        assertThatThrownBy(() -> Hotp.builder().lookAhead(11))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("11");
        assertThatThrownBy(() -> Hotp.builder().algorithm(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("algorithm");
        assertThatThrownBy(() -> Hotp.builder().lookAhead(1).lookAhead(2))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("lookAhead");
    }

    @Test
    void verify_withLookAhead_returnsTheMatchedCounterWithinReach() {
        Hotp hotp = Hotp.builder().lookAhead(2).build();

        assertThat(hotp.verify(SEED, "359152", 0)).hasValue(2); // RFC 4226 counter 2
        assertThat(hotp.verify(SEED, "969429", 0)).isEmpty(); // counter 3: out of reach
        assertThat(hotp.verify(SEED, "755224", 1)).isEmpty(); // counter 0: behind, never accepted
    }

    @Test
    void generate_negativeCounter_isRefused() {
        Hotp hotp = Hotp.builder().build();

        assertThatThrownBy(() -> hotp.generate(SEED, -1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> hotp.verify(SEED, "123456", -1)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void generate_counterBeyondThirtyTwoBits_usesAllSixtyFourBits() {
        Hotp hotp = Hotp.builder().digits(8).build();

        String low = hotp.generate(SEED, 5);
        String high = hotp.generate(SEED, (1L << 32) + 5);

        assertThat(high).isNotEqualTo(low);
        assertThat(hotp.verify(SEED, high, (1L << 32) + 5)).hasValue((1L << 32) + 5);
        assertThat(hotp.generate(SEED, Long.MAX_VALUE)).matches("[0-9]{8}");
    }

    @Test
    void verify_counterNearLongMax_withLookAheadOverflowing_isRefused() {
        Hotp hotp = Hotp.builder().lookAhead(3).build();

        assertThatThrownBy(() -> hotp.verify(SEED, "123456", Long.MAX_VALUE - 1))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void verify_malformedCode_isRefused() {
        Hotp hotp = Hotp.builder().build();

        assertThat(hotp.verify(SEED, "+55224", 0)).isEmpty();
        assertThat(hotp.verify(SEED, null, 0)).isEmpty();
        assertThat(hotp.verify(SEED, "755 224", 0)).hasValue(0);
    }

    @Test
    void builder_eachSettingTwice_throwsIllegalStateNamingTheFirstValue() {
        assertThatThrownBy(() -> Hotp.builder().algorithm(Algorithm.SHA1).algorithm(Algorithm.SHA256))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("algorithm was already set to SHA1");
        assertThatThrownBy(() -> Hotp.builder().digits(6).digits(6))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("digits were already set to 6");
        assertThatThrownBy(() -> Hotp.builder().lookAhead(0).lookAhead(0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("lookAhead was already set to 0");
    }

    @Test
    void builder_boundaryValues_areAcceptedAndTheNextOnesRefused() {
        assertThat(Hotp.builder().digits(6).build().digits()).isEqualTo(6);
        assertThat(Hotp.builder().digits(8).build().digits()).isEqualTo(8);
        assertThat(Hotp.builder().lookAhead(0).build().lookAhead()).isZero();
        assertThat(Hotp.builder().lookAhead(10).build().lookAhead()).isEqualTo(10);
        assertThat(Hotp.builder().lookAhead(3).build().lookAhead()).isEqualTo(3);
        assertThatThrownBy(() -> Hotp.builder().digits(5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5");
        assertThatThrownBy(() -> Hotp.builder().lookAhead(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }

    @Test
    void algorithm_sha256_givesTheRfc6238Code() {
        Hotp hotp = Hotp.builder().algorithm(Algorithm.SHA256).digits(8).build();
        Secret seed32 = Secret.copyOf("12345678901234567890123456789012".getBytes(US_ASCII));

        assertThat(hotp.algorithm()).isEqualTo(Algorithm.SHA256);
        assertThat(hotp.generate(seed32, 1)).isEqualTo("46119246"); // RFC 6238 Appendix B, T = 59 s
        assertThat(hotp.verify(seed32, "46119246", 1)).hasValue(1);
        assertThat(hotp).hasToString("Hotp[SHA256, 8 digits, look-ahead 0]");
    }

    @Test
    void verify_allZerosCode_isAValidCode() {
        // Counter 349495 is the first whose 6-digit code for this seed is 000000 (found by a search
        // from counter 0 with the plain RFC 4226 computation).
        Hotp hotp = Hotp.builder().build();

        assertThat(hotp.generate(SEED, 349_495)).isEqualTo("000000");
        assertThat(hotp.verify(SEED, "000000", 349_495)).hasValue(349_495);
        assertThat(hotp.verify(SEED, "000 000", 349_495)).hasValue(349_495);
    }

    @Test
    void verify_nullSecret_isRefusedEvenForAMalformedCode() {
        Hotp hotp = Hotp.builder().build();

        assertThatThrownBy(() -> hotp.verify(null, "12", 0))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("secret");
        assertThatThrownBy(() -> hotp.verify(null, "755224", 0))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("secret");
    }
}
