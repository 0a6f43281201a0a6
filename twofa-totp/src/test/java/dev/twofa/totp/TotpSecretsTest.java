package dev.twofa.totp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.twofa.core.InvalidInputException;
import dev.twofa.core.Secret;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.quicktheories.core.Gen;

class TotpSecretsTest {

    private static final Secret SEED = Secret.copyOf("12345678901234567890".getBytes(US_ASCII));

    static Gen<byte[]> keys(int min, int max) {
        return lists().of(integers().between(-128, 127)).ofSizeBetween(min, max).map(TotpSecretsTest::toBytes);
    }

    private static byte[] toBytes(List<Integer> values) {
        byte[] out = new byte[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).byteValue();
        }
        return out;
    }

    @Test
    void toBase32_rfcSeed_isUpperCaseWithoutPadding() {
        assertThat(TotpSecrets.toBase32(SEED)).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        // 16 bytes need padding in RFC 4648; none is written.
        assertThat(TotpSecrets.toBase32(Secret.copyOf(new byte[16]))).isEqualTo("AAAAAAAAAAAAAAAAAAAAAAAAAA");
    }

    @Test
    void base32_roundTrip_forKeysOf16To64Bytes() {
        qt().forAll(keys(16, 64)).checkAssert(bytes -> {
            Secret secret = Secret.copyOf(bytes);
            String base32 = TotpSecrets.toBase32(secret);

            assertThat(base32).matches("[A-Z2-7]+");
            assertThat(TotpSecrets.fromBase32(base32)).isEqualTo(secret);
            assertThat(TotpSecrets.fromBase32(base32.toLowerCase(Locale.ROOT))).isEqualTo(secret);
            assertThat(TotpSecrets.fromBase32(TotpSecrets.toManualEntryKey(secret))).isEqualTo(secret);
        });
    }

    @Test
    void manualEntryKey_forKeysOf16To64Bytes_isGroupsOfFourUpperCase() {
        qt().forAll(keys(16, 64)).checkAssert(bytes -> {
            String key = TotpSecrets.toManualEntryKey(Secret.copyOf(bytes));

            assertThat(key).matches("([A-Z2-7]{4} )*[A-Z2-7]{1,4}");
            assertThat(key.replace(" ", "")).isEqualTo(TotpSecrets.toBase32(Secret.copyOf(bytes)));
        });
    }

    @Test
    void fromBase32_lowerCaseSpacesAndPadding_areTolerated() {
        assertThat(TotpSecrets.fromBase32("gezd gnbv gy3t qojq gezd gnbv gy3t qojq")).isEqualTo(SEED);
        assertThat(TotpSecrets.fromBase32("  GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ ")).isEqualTo(SEED);
        assertThat(TotpSecrets.fromBase32("AAAAAAAAAAAAAAAAAAAAAAAAAA======")).isEqualTo(Secret.copyOf(new byte[16]));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ1 | may hold only A-Z, 2-7", // '1' is not Base32
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ8 | may hold only A-Z, 2-7",
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ@ | may hold only A-Z, 2-7",
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ[ | may hold only A-Z, 2-7",
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ` | may hold only A-Z, 2-7",
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ{ | may hold only A-Z, 2-7",
        "GEZDGNBVGY3TQOJQ-GEZDGNBVGY3TQOJQ | may hold only A-Z, 2-7",
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJÄ | may hold only A-Z, 2-7",
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ=A | characters after its padding",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAA | impossible length of 27", // 27 characters
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA | impossible length of 30",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA | impossible length of 33",
        "AAAAAAAAAAAAAAAAAAAAAAAAAA== | wrong padding",
    })
    void fromBase32_malformed_isRefusedWithoutRepeatingTheText(String text, String expected) {
        assertThatThrownBy(() -> TotpSecrets.fromBase32(text))
                .isInstanceOf(InvalidSecretException.class)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("GEZDGNBV").doesNotContain("AAAAAAAA"));
    }

    @Test
    void fromBase32_longestSecretWithSpaces_isReadUpToTheInputCap() {
        String base32 = TotpSecrets.toBase32(Secret.copyOf(new byte[TotpSecrets.MAX_IMPORT_LENGTH]));
        assertThat(base32).hasSize(205);
        String atCap = base32 + " ".repeat(2 * 205 + 16 - 205); // 426 characters

        assertThat(TotpSecrets.fromBase32(atCap).length()).isEqualTo(128);
        assertThatThrownBy(() -> TotpSecrets.fromBase32(atCap + " "))
                .isInstanceOf(InvalidSecretException.class).hasMessage("Base32 secret is too long");
    }

    @Test
    void fromBase32_unusedTrailingBitsSet_isRefusedSoEachSecretHasOneText() {
        String canonical = "AAAAAAAAAAAAAAAAAAAAAAAAAA"; // 16 zero bytes: the last character carries 2 unused bits
        assertThat(TotpSecrets.fromBase32(canonical)).isEqualTo(Secret.copyOf(new byte[16]));

        assertThatThrownBy(() -> TotpSecrets.fromBase32(canonical.substring(0, 25) + "B"))
                .isInstanceOf(InvalidSecretException.class).hasMessageContaining("not canonical");
    }

    @Test
    void fromBase32_underSixteenBytes_isRefused() {
        String fifteen = TotpSecrets.toBase32(Secret.copyOf(new byte[20])).substring(0, 24); // 15 bytes

        assertThatThrownBy(() -> TotpSecrets.fromBase32(fifteen))
                .isInstanceOf(InvalidSecretException.class).hasMessageContaining("at least 16 bytes");
        assertThatThrownBy(() -> TotpSecrets.fromBase32("JBSWY3DPEHPK3PXP")) // the classic 10-byte demo key
                .isInstanceOf(InvalidSecretException.class).hasMessageContaining("had 10");
        assertThatThrownBy(() -> TotpSecrets.fromBase32(null)).isInstanceOf(InvalidSecretException.class);
        assertThatThrownBy(() -> TotpSecrets.fromBase32("")).isInstanceOf(InvalidSecretException.class);
    }

    @Test
    void fromBase32_overTheImportLimit_isRefused() {
        String tooLong = TotpSecrets.toBase32(Secret.copyOf(new byte[129]));

        assertThatThrownBy(() -> TotpSecrets.fromBase32(tooLong))
                .isInstanceOf(InvalidSecretException.class).hasMessageContaining("at most 128");
    }

    @Test
    void generate_default_isTwentyBytesAndDiffersEachTime() {
        Secret a = TotpSecrets.generate();
        Secret b = TotpSecrets.generate();

        assertThat(a.length()).isEqualTo(20);
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void generate_lengthOutOfRangeOrNullRandom_isRefused() {
        assertThatThrownBy(() -> TotpSecrets.generate(new SecureRandom(), 15))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("15");
        assertThatThrownBy(() -> TotpSecrets.generate(new SecureRandom(), 65))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65");
        assertThatThrownBy(() -> TotpSecrets.generate(null, 20))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("random");
        assertThat(TotpSecrets.generate(new SecureRandom(), 64).length()).isEqualTo(64);
        assertThat(TotpSecrets.generate(new SecureRandom(), 16).length()).isEqualTo(16);
    }

    @Test
    void toBase32_null_isRefused() {
        assertThatThrownBy(() -> TotpSecrets.toBase32(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
