package dev.twofa.totp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twofa.core.InvalidInputException;
import dev.twofa.core.Secret;
import dev.twofa.core.spi.TotpChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TotpTest {

    private static final Secret SECRET = Secret.copyOf("12345678901234567890".getBytes(US_ASCII));
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:10Z");
    private final Totp totp = Totp.builder().issuer("Example").build();

    // ---- builder ----

    @Test
    void builder_defaults_matchTheDocumentedValues() {
        assertThat(totp.algorithm()).isEqualTo(Algorithm.SHA1);
        assertThat(totp.codeDigits()).isEqualTo(6);
        assertThat(totp.period()).isEqualTo(Duration.ofSeconds(30));
        assertThat(totp.t0()).isEqualTo(Instant.EPOCH);
        assertThat(totp.stepsBack()).isEqualTo(1);
        assertThat(totp.stepsAhead()).isEqualTo(1);
        assertThat(totp.acceptedCodesPerTry()).isEqualTo(3);
        assertThat(totp.secretLength()).isEqualTo(20);
        assertThat(totp.issuer()).isEqualTo("Example");
    }

    @Test
    void builder_withoutIssuer_refusesToBuild() {
        assertThatThrownBy(() -> Totp.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("issuer");
    }

    @Test
    void builder_settingTwice_throwsIllegalState() {
        assertThatThrownBy(() -> Totp.builder().digits(6).digits(8))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("digits");
        assertThatThrownBy(() -> Totp.builder().issuer("a").issuer("b"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("issuer");
        assertThatThrownBy(() -> Totp.builder().algorithm(Algorithm.SHA1).algorithm(Algorithm.SHA256))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("algorithm");
        assertThatThrownBy(() -> Totp.builder().period(Duration.ofSeconds(30)).period(Duration.ofSeconds(60)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("period");
        assertThatThrownBy(() -> Totp.builder().t0(Instant.EPOCH).t0(Instant.EPOCH))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("t0");
        assertThatThrownBy(() -> Totp.builder().stepsBack(0).stepsBack(1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("stepsBack");
        assertThatThrownBy(() -> Totp.builder().stepsAhead(0).stepsAhead(1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("stepsAhead");
        assertThatThrownBy(() -> Totp.builder().secretLength(20).secretLength(32))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("secretLength");
        assertThatThrownBy(() -> Totp.builder().random(new SecureRandom()).random(new SecureRandom()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("random");
    }

    @Test
    void builder_nullAlgorithmOrRandom_isRefused() {
        assertThatThrownBy(() -> Totp.builder().algorithm(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("algorithm must not be null");
        assertThatThrownBy(() -> Totp.builder().random(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("random must not be null");
    }

    @Test
    void stepStart_negativeStep_isRefused() {
        assertThat(totp.stepStart(0)).isEqualTo(Instant.EPOCH);
        assertThatThrownBy(() -> totp.stepStart(-1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("negative");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 5, 9, 10})
    void builderDigits_outOfRange_throwsNamingTheValue(int digits) {
        assertThatThrownBy(() -> Totp.builder().digits(digits))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("digits").hasMessageContaining(String.valueOf(digits));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 11, 100})
    void builderSteps_outOfRange_throwsNamingTheValue(int steps) {
        assertThatThrownBy(() -> Totp.builder().stepsBack(steps))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(String.valueOf(steps));
        assertThatThrownBy(() -> Totp.builder().stepsAhead(steps))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(String.valueOf(steps));
    }

    @Test
    void builderPeriod_outOfRangeOrFractional_throwsNamingTheValue() {
        assertThatThrownBy(() -> Totp.builder().period(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
        assertThatThrownBy(() -> Totp.builder().period(Duration.ofSeconds(121)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT2M1S");
        assertThatThrownBy(() -> Totp.builder().period(Duration.ofMillis(1500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT1.5S");
        assertThatThrownBy(() -> Totp.builder().period(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("period");
        assertThat(Totp.builder().issuer("x").period(Duration.ofSeconds(1)).build().period()).hasSeconds(1);
        assertThat(Totp.builder().issuer("x").period(Duration.ofSeconds(120)).build().period()).hasSeconds(120);
    }

    @Test
    void builderIssuer_withColonOrBlank_throwsNamingTheValue() {
        assertThatThrownBy(() -> Totp.builder().issuer("Ex:ample"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Ex:ample");
        assertThatThrownBy(() -> Totp.builder().issuer(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> Totp.builder().issuer(" Example"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whitespace");
    }

    @Test
    void builderSecretLength_outOfRange_throwsNamingTheValue() {
        assertThatThrownBy(() -> Totp.builder().secretLength(15))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("15");
        assertThatThrownBy(() -> Totp.builder().secretLength(65))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65");
    }

    @Test
    void builderT0_withFraction_throws() {
        assertThatThrownBy(() -> Totp.builder().t0(Instant.ofEpochMilli(1500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("t0");
    }

    // ---- generate and verify ----

    @Test
    void generate_sixDigits_isAsciiDigitsWithLeadingZerosKept() {
        for (int i = 0; i < 200; i++) {
            String code = totp.generate(SECRET, NOW.plusSeconds(30L * i));
            assertThat(code).hasSize(6).matches("[0-9]{6}");
        }
    }

    @Test
    void generate_underArabicDefaultLocale_isStillAsciiDigits() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("ar-EG-u-nu-arab"));
            String code = totp.generate(SECRET, NOW);
            assertThat(code).matches("[0-9]{6}");
            assertThat(totp.verify(SECRET, code, NOW)).hasValue(totp.timeStep(NOW));
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void generate_atTwentyBillionSeconds_works() {
        Instant far = Instant.ofEpochSecond(20_000_000_000L);
        String code = totp.generate(SECRET, far);

        assertThat(totp.timeStep(far)).isEqualTo(666_666_666L);
        assertThat(totp.verify(SECRET, code, far)).hasValue(666_666_666L);
    }

    @Test
    void generate_beforeT0_isRefused() {
        Totp late = Totp.builder().issuer("x").t0(Instant.ofEpochSecond(1000)).build();

        assertThatThrownBy(() -> late.generate(SECRET, Instant.ofEpochSecond(999)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("T0");
        assertThatThrownBy(() -> totp.generate(SECRET, Instant.ofEpochSecond(-1)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("T0");
    }

    @Test
    void generate_withT0_countsStepsFromT0() {
        Totp shifted = Totp.builder().issuer("x").t0(Instant.ofEpochSecond(100)).build();

        assertThat(shifted.timeStep(Instant.ofEpochSecond(129))).isZero();
        assertThat(shifted.timeStep(Instant.ofEpochSecond(130))).isEqualTo(1);
        assertThat(shifted.generate(SECRET, Instant.ofEpochSecond(130)))
                .isEqualTo(Hotp.builder().build().generate(SECRET, 1));
        assertThat(shifted.stepStart(1)).isEqualTo(Instant.ofEpochSecond(130));
    }

    @Test
    void generate_nullArguments_areRefused() {
        assertThatThrownBy(() -> totp.generate(null, NOW)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> totp.generate(SECRET, null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> totp.verify(null, "123456", NOW)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> totp.verify(SECRET, "123456", null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void generate_secretUnderSixteenBytes_isRefused() {
        Secret weak = Secret.copyOf(new byte[15]);

        assertThatThrownBy(() -> totp.generate(weak, NOW))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("16");
        assertThatThrownBy(() -> totp.verify(weak, "123456", NOW))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("16");
    }

    @Test
    void verify_currentCode_returnsCurrentStep() {
        assertThat(totp.verify(SECRET, totp.generate(SECRET, NOW), NOW)).hasValue(totp.timeStep(NOW));
    }

    @Test
    void verify_codeOfPreviousAndNextStep_returnsThatStep() {
        long step = totp.timeStep(NOW);

        assertThat(totp.verify(SECRET, totp.generate(SECRET, NOW.minusSeconds(30)), NOW)).hasValue(step - 1);
        assertThat(totp.verify(SECRET, totp.generate(SECRET, NOW.plusSeconds(30)), NOW)).hasValue(step + 1);
    }

    @Test
    void verify_codeTwoStepsAway_isRefusedWithDefaultWindow() {
        assertThat(totp.verify(SECRET, totp.generate(SECRET, NOW.minusSeconds(60)), NOW)).isEmpty();
        assertThat(totp.verify(SECRET, totp.generate(SECRET, NOW.plusSeconds(60)), NOW)).isEmpty();
    }

    @Test
    void verify_asymmetricWindow_acceptsExactlyTheConfiguredSteps() {
        Totp wide = Totp.builder().issuer("x").stepsBack(3).stepsAhead(0).digits(8).build();
        long step = wide.timeStep(NOW);

        for (int k = -5; k <= 2; k++) {
            OptionalLong matched = wide.verify(SECRET, wide.generate(SECRET, NOW.plusSeconds(30L * k)), NOW);
            if (k >= -3 && k <= 0) {
                assertThat(matched).as("k=%d", k).hasValue(step + k);
            } else {
                assertThat(matched).as("k=%d", k).isEmpty();
            }
        }
        assertThat(wide.acceptedCodesPerTry()).isEqualTo(4);
    }

    @Test
    void verify_matchesOfDifferentStepsInTurn_eachReturnItsOwnStep() {
        long step = totp.timeStep(NOW);
        String previous = totp.generate(SECRET, NOW.minusSeconds(30));
        String current = totp.generate(SECRET, NOW);
        String next = totp.generate(SECRET, NOW.plusSeconds(30));

        for (int round = 0; round < 3; round++) {
            assertThat(totp.verify(SECRET, current, NOW)).hasValue(step);
            assertThat(totp.verify(SECRET, current, NOW)).hasValue(step);
            assertThat(totp.verify(SECRET, previous, NOW)).hasValue(step - 1);
            assertThat(totp.verify(SECRET, next, NOW)).hasValue(step + 1);
            assertThat(totp.verify(SECRET, next, NOW.plusSeconds(30))).hasValue(step + 1);
        }
    }

    @Test
    void verify_atStepZero_leavesStepsBeforeT0OutOfTheWindow() {
        Instant start = Instant.ofEpochSecond(5);

        assertThat(totp.verify(SECRET, totp.generate(SECRET, start), start)).hasValue(0);
        assertThat(totp.verify(SECRET, totp.generate(SECRET, Instant.ofEpochSecond(35)), start)).hasValue(1);
    }

    @Test
    void verify_codeWithSpaces_isAccepted() {
        String code = totp.generate(SECRET, NOW);
        String spaced = code.substring(0, 3) + " " + code.substring(3);

        assertThat(totp.verify(SECRET, spaced, NOW)).hasValue(totp.timeStep(NOW));
        assertThat(totp.verify(SECRET, " " + code + " ", NOW)).hasValue(totp.timeStep(NOW));
    }

    static Stream<String> malformed() {
        return Stream.of("+12345", "-12345", "١٢٣٤٥٦", "۱۲۳۴۵۶", "１２３４５６", "12345", "1234567", "12345a",
                "\t123456", "123456\n", "12-3456", "0x1234", "1e5678", "123 45", "        ");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @MethodSource("malformed")
    void verify_malformedCode_isRefusedAndReportedMalformed(String code) {
        assertThat(totp.verify(SECRET, code, NOW)).isEmpty();
        assertThat(totp.isWellFormed(code)).isFalse();
    }

    @Test
    void verify_plusSignInPlaceOfLeadingZero_isRefusedThoughParseIntWouldTakeIt() {
        Instant when = NOW;
        String code = totp.generate(SECRET, when);
        while (code.charAt(0) != '0') {
            when = when.plusSeconds(30);
            code = totp.generate(SECRET, when);
        }
        String signed = "+" + code.substring(1);

        assertThat(Integer.parseInt(signed)).isEqualTo(Integer.parseInt(code));
        assertThat(totp.verify(SECRET, code, when)).isPresent();
        assertThat(totp.verify(SECRET, signed, when)).isEmpty();
    }

    @Test
    void verify_arabicIndicDigitsOfTheRightCode_areRefused() {
        String code = totp.generate(SECRET, NOW);
        StringBuilder arabic = new StringBuilder();
        code.chars().forEach(c -> arabic.append((char) ('\u0660' + (c - '0'))));

        assertThat(Integer.parseInt(arabic.toString())).isEqualTo(Integer.parseInt(code));
        assertThat(totp.verify(SECRET, arabic.toString(), NOW)).isEmpty();
    }

    @Test
    void verify_allZerosCode_isAValidCode() {
        // Step 349495 is the first whose 6-digit code for this secret is 000000 (found by a search
        // from step 0 with the plain RFC 4226 computation).
        Instant at = totp.stepStart(349_495);

        assertThat(totp.generate(SECRET, at)).isEqualTo("000000");
        assertThat(totp.verify(SECRET, "000000", at)).hasValue(349_495);
        assertThat(totp.verify(SECRET, "000000", at, -1)).hasValue(349_495);
    }

    @Test
    void verify_nullSecret_isRefusedEvenForAMalformedCode() {
        assertThatThrownBy(() -> totp.verify(null, "12", NOW))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("secret must not be null");
    }

    @Test
    void verify_wellFormedCodes_areReportedWellFormed() {
        assertThat(totp.isWellFormed("000000")).isTrue();
        assertThat(totp.isWellFormed("123 456")).isTrue();
        assertThat(Totp.builder().issuer("x").digits(8).build().isWellFormed("1234 5678")).isTrue();
    }

    @Test
    void verify_codeMatchingSeveralStepsInWindow_returnsTheLatest() {
        // Search deterministically for two steps within the window whose 6-digit codes collide.
        Totp wide = Totp.builder().issuer("x").stepsBack(10).stepsAhead(10).build();
        Hotp hotp = Hotp.builder().build();
        Map<String, Long> lastSeen = new HashMap<>();
        long earlier = -1;
        long later = -1;
        for (long c = 0; c < 2_000_000 && later < 0; c++) {
            String code = hotp.generate(SECRET, c);
            Long previous = lastSeen.put(code, c);
            if (previous != null && c - previous <= 20) {
                earlier = previous;
                later = c;
            }
        }
        assertThat(later).as("a collision within 20 steps exists for this seed").isPositive();
        String code = hotp.generate(SECRET, earlier);
        Instant mid = wide.stepStart(later).minusSeconds(30L * (later - earlier) / 2);

        assertThat(hotp.generate(SECRET, later)).isEqualTo(code);
        assertThat(wide.verify(SECRET, code, mid)).hasValue(later);
    }

    // ---- channel, provisioning ----

    @Test
    void newSecret_defaultLength_isTwentyRandomBytes() {
        Secret a = totp.newSecret();
        Secret b = totp.newSecret();

        assertThat(a.length()).isEqualTo(20);
        assertThat(a).isNotEqualTo(b);
        assertThat(Totp.builder().issuer("x").secretLength(32).build().newSecret().length()).isEqualTo(32);
    }

    @Test
    void provisioningUri_usesTheConfiguredIssuerAndSettings() {
        Totp custom = Totp.builder().issuer("Example Hosting").algorithm(Algorithm.SHA256).digits(8)
                .period(Duration.ofSeconds(60)).build();

        String uri = custom.provisioningUri(SECRET, "alice@example.com");

        assertThat(uri).isEqualTo("otpauth://totp/Example%20Hosting:alice%40example.com"
                + "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Example%20Hosting&algorithm=SHA256&digits=8&period=60");
        OtpAuthUri parsed = OtpAuthUri.parse(uri);
        assertThat(parsed).isEqualTo(custom.otpAuthUri(SECRET, "alice@example.com"));
    }

    @Test
    void provisioningUri_accountWithColon_isRefused() {
        assertThatThrownBy(() -> totp.provisioningUri(SECRET, "alice:admin"))
                .isInstanceOf(InvalidOtpAuthUriException.class)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("':'");
    }

    @Test
    void manualEntryKey_isBase32InGroupsOfFour() {
        assertThat(totp.manualEntryKey(SECRET)).isEqualTo("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
        assertThat(TotpSecrets.fromBase32(totp.manualEntryKey(SECRET))).isEqualTo(SECRET);
    }

    @Test
    void totp_asTotpChannel_agreesWithItsOwnMethods() {
        TotpChannel channel = totp;
        Secret secret = channel.newSecret();
        String code = totp.generate(secret, NOW);

        assertThat(channel.verify(secret, code, NOW, -1)).hasValue(totp.timeStep(NOW));
        assertThat(channel.codeDigits()).isEqualTo(6);
        assertThat(channel.provisioningUri(secret, "bob")).startsWith("otpauth://totp/Example:bob?secret=");
    }

    @Test
    void toString_showsSettingsOnly() {
        assertThat(totp.toString()).isEqualTo("Totp[issuer=Example, SHA1, 6 digits, 30 s, T0=0, window -1/+1]");
    }

    static Stream<Arguments> algorithms() {
        return Stream.of(Algorithm.values()).map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void verify_eachAlgorithm_roundTripsAndRejectsTheOtherAlgorithmsCode(Algorithm algorithm) {
        Totp mine = Totp.builder().issuer("x").algorithm(algorithm).digits(8).build();
        Totp other = Totp.builder().issuer("x").algorithm(algorithm == Algorithm.SHA1 ? Algorithm.SHA512 : Algorithm.SHA1)
                .digits(8).build();

        assertThat(mine.verify(SECRET, mine.generate(SECRET, NOW), NOW)).hasValue(mine.timeStep(NOW));
        assertThat(mine.verify(SECRET, other.generate(SECRET, NOW), NOW)).isEmpty();
    }
}
