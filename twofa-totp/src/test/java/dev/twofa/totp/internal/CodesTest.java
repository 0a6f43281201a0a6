package dev.twofa.totp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class CodesTest {

    @Test
    void formatThenParse_everyValueAndLength_roundTrips() {
        qt().forAll(integers().between(6, 8), integers().between(0, 99_999_999)).checkAssert((digits, raw) -> {
            int value = raw % (int) Math.pow(10, digits);
            String text = Codes.format(value, digits);

            assertThat(text).hasSize(digits).isEqualTo(String.format(Locale.ROOT, "%0" + digits + "d", value));
            assertThat(Codes.parse(text, digits)).isEqualTo(value);
        });
    }

    @Test
    void parse_refusesWhatParseIntAccepts() {
        assertThat(Codes.parse("+12345", 6)).isEqualTo(-1);
        assertThat(Codes.parse("-12345", 6)).isEqualTo(-1);
        assertThat(Codes.parse("١٢٣٤٥٦", 6)).isEqualTo(-1);
        assertThat(Codes.parse("123456" + " ".repeat(60), 6)).isEqualTo(-1); // over the input cap
        assertThat(Codes.parse("1 2 3 4 5 6", 6)).isEqualTo(123456);
        assertThat(Codes.parse("000000", 6)).isZero();
        assertThat(Codes.parse("99999999", 8)).isEqualTo(99_999_999);
    }

    @Test
    void parse_atTheInputCap_isReadAndOneCharacterMoreIsNot() {
        String atCap = "123456" + " ".repeat(58);
        assertThat(atCap).hasSize(64);

        assertThat(Codes.parse(atCap, 6)).isEqualTo(123456);
        assertThat(Codes.parse(atCap + " ", 6)).isEqualTo(-1);
    }
}
