package dev.twofa.sms.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.twofa.sms.Fixtures;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CodeGeneratorTest {

    /** Chi-square critical value for 9 degrees of freedom at p = 0.001. */
    private static final double CHI_SQUARE_9DF_P001 = 27.88;

    private static final int SAMPLES = 100_000;

    @Test
    void next_property_exactlyDigitsAsciiDigits() {
        qt().forAll(integers().between(6, 10), longs().all()).checkAssert((digits, seed) -> {
            CodeGenerator generator = new CodeGenerator(digits, Fixtures.seeded(seed));
            for (int i = 0; i < 50; i++) {
                String code = generator.next();
                assertThat(code).hasSize(digits).matches("[0-9]{" + digits + "}");
                assertThat(code.chars()).allMatch(c -> c >= '0' && c <= '9');
                assertThat(CodeGenerator.isWellFormed(code, digits)).isTrue();
            }
        });
    }

    @Test
    void next_property_leadingZerosOccur() {
        qt().withExamples(50).forAll(integers().between(6, 10), longs().all()).checkAssert((digits, seed) -> {
            CodeGenerator generator = new CodeGenerator(digits, Fixtures.seeded(seed));
            boolean leadingZero = false;
            // P(no leading zero in 1000 codes) = 0.9^1000, about 1e-46.
            for (int i = 0; i < 1000 && !leadingZero; i++) {
                leadingZero = generator.next().charAt(0) == '0';
            }
            assertThat(leadingZero).isTrue();
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 7, 8, 9, 10})
    void next_100000Codes_digitsUniformPerPositionByChiSquare(int digits) {
        // A seeded SecureRandom keeps the test deterministic; 5 lengths x up to 10 positions at
        // p = 0.001 would otherwise fail about 4% of runs by chance alone.
        CodeGenerator generator = new CodeGenerator(digits, Fixtures.seeded(20260301L + digits));
        long[][] counts = new long[digits][10];
        for (int i = 0; i < SAMPLES; i++) {
            String code = generator.next();
            for (int pos = 0; pos < digits; pos++) {
                counts[pos][code.charAt(pos) - '0']++;
            }
        }
        double expected = SAMPLES / 10.0;
        for (int pos = 0; pos < digits; pos++) {
            double chiSquare = 0;
            for (long observed : counts[pos]) {
                chiSquare += (observed - expected) * (observed - expected) / expected;
            }
            assertThat(chiSquare).as("chi-square of position %d of %d-digit codes", pos, digits)
                    .isLessThan(CHI_SQUARE_9DF_P001);
        }
    }

    @Test
    void next_usesBoundedDrawOfTenToTheDigits_noModulo() {
        AtomicLong askedBound = new AtomicLong();
        SecureRandom spy = new SecureRandom() {
            private static final long serialVersionUID = 1L;

            @Override
            public long nextLong(long bound) {
                askedBound.set(bound);
                return bound - 1;
            }
        };
        assertThat(new CodeGenerator(6, spy).next()).isEqualTo("999999");
        assertThat(askedBound.get()).isEqualTo(1_000_000L);
        assertThat(new CodeGenerator(10, spy).next()).isEqualTo("9999999999");
        assertThat(askedBound.get()).isEqualTo(10_000_000_000L);
    }

    @Test
    void next_zero_isLeftPadded() {
        SecureRandom zero = new SecureRandom() {
            private static final long serialVersionUID = 1L;

            @Override
            public long nextLong(long bound) {
                return 0;
            }
        };
        assertThat(new CodeGenerator(6, zero).next()).isEqualTo("000000");
        assertThat(new CodeGenerator(10, zero).next()).isEqualTo("0000000000");
    }

    @Test
    void next_randomOutOfRange_throwsAssertionError() {
        SecureRandom broken = new SecureRandom() {
            private static final long serialVersionUID = 1L;

            @Override
            public long nextLong(long bound) {
                return bound;
            }
        };
        assertThatThrownBy(() -> new CodeGenerator(6, broken).next()).isInstanceOf(AssertionError.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 11, 0, -6})
    void constructor_digitsOutOfRange_throwsIllegalArgumentException(int digits) {
        assertThatThrownBy(() -> new CodeGenerator(digits, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was " + digits);
    }

    @Test
    void isWellFormed_nonAsciiOrWrongLength_false() {
        assertThat(CodeGenerator.isWellFormed("012345", 6)).isTrue();
        assertThat(CodeGenerator.isWellFormed(null, 6)).isFalse();
        assertThat(CodeGenerator.isWellFormed("", 6)).isFalse();
        assertThat(CodeGenerator.isWellFormed("01234", 6)).isFalse();
        assertThat(CodeGenerator.isWellFormed("0123456", 6)).isFalse();
        assertThat(CodeGenerator.isWellFormed("٠١٢٣٤٥", 6)).isFalse();
        assertThat(CodeGenerator.isWellFormed("01234 ", 6)).isFalse();
        assertThat(CodeGenerator.isWellFormed("+12345", 6)).isFalse();
    }
}
