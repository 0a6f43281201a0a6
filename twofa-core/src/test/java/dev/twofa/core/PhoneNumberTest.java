package dev.twofa.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class PhoneNumberTest {

    private static final String CZ = "+420601123456";
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    /** No message may hold a run of three digits, so it can never repeat a number. */
    private static final Pattern THREE_DIGITS = Pattern.compile("[0-9]{3}");

    // ---------------------------------------------------------------- normalization

    @ParameterizedTest
    @CsvSource({"'+44 (0)20 7946 0018', +442079460018", "'+420 (0)601 123 456', +420601123456",
            "'0044 (0)20 7946 0018', +442079460018"})
    void parse_trunkZeroInParenthesesAfterTheCallingCode_dropped(String typed, String e164) {
        assertThat(PhoneNumber.parse(typed).e164()).isEqualTo(e164);
    }

    @Test
    void parse_zeroInParenthesesOfANationalForm_kept() {
        assertThat(PhoneNumber.parse("(0)601 123 456", "420").e164()).as("national: the trunk zero is dropped once")
                .isEqualTo("+420601123456");
        assertThat(PhoneNumber.parse("+39 (06) 1234 5678").e164()).as("Italy's 0 is part of the number")
                .isEqualTo("+390612345678");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+420 601 123 456", "00420601123456", "(+420) 601-123-456", "+420601123456",
        "+420.601.123.456", "+420/601/123/456", "+420\u00a0601\u00a0123\u00a0456", " +420 601 123 456 ",
        "00 420 601 123 456", "+(420) 601 123 456"})
    void parse_internationalForms_normalizeToE164(String typed) {
        assertThat(PhoneNumber.parse(typed).e164()).isEqualTo(CZ);
        assertThat(PhoneNumber.parse(typed, "420").e164()).isEqualTo(CZ);
        assertThat(PhoneNumber.parse(typed, "44").e164()).as("a default never overrides an international form")
                .isEqualTo(CZ);
    }

    @ParameterizedTest
    @ValueSource(strings = {"601 123 456", "601123456", "601-123-456", "(601) 123 456", "0601 123 456"})
    void parse_nationalFormWithDefaultCallingCode_normalizesToE164(String typed) {
        assertThat(PhoneNumber.parse(typed, "420").e164()).isEqualTo(CZ);
    }

    @Test
    void parse_nationalFormWithTrunkZero_dropsItExceptForItaly() {
        assertThat(PhoneNumber.parse("07911 123456", "44").e164()).isEqualTo("+447911123456");
        assertThat(PhoneNumber.parse("06 1234 5678", "39").e164()).isEqualTo("+390612345678");
    }

    @ParameterizedTest
    @ValueSource(strings = {"601 123 456", "601123456", "0601123456"})
    void parse_nationalFormWithoutDefault_refusedSayingWhatIsMissing(String typed) {
        assertThatThrownBy(() -> PhoneNumber.parse(typed)).isInstanceOf(InvalidPhoneNumberException.class)
                .hasMessage("phone number must start with + or 00 and the country calling code");
    }

    @Test
    void parse_sameNumberEveryWay_equalValues() {
        assertThat(PhoneNumber.parse("+420 601 123 456")).isEqualTo(PhoneNumber.parse("00420601123456"))
                .isEqualTo(PhoneNumber.parse("601 123 456", "420")).isEqualTo(new PhoneNumber(CZ))
                .hasSameHashCodeAs(new PhoneNumber(CZ));
    }

    @Test
    void parse_fifteenDigits_accepted() {
        assertThat(PhoneNumber.parse("+420 601 123 456 789").e164()).isEqualTo("+420601123456789");
        assertThat(PhoneNumber.parse("+1 234 567").e164()).isEqualTo("+1234567");
    }

    // ---------------------------------------------------------------- refusals

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "   ", "\t"})
    void parse_nullOrEmpty_refusedAsEmpty(String typed) {
        assertThatThrownBy(() -> PhoneNumber.parse(typed, "420")).isInstanceOf(InvalidPhoneNumberException.class)
                .hasMessage("phone number is empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+420 601 ABC 456", "+420601123456x", "tel:+420601123456", "+420 601 123 456 ext 1",
        "six zero one", "+420 6O1 123 456", "+420 601 123 45б"})
    void parse_letters_refusedSayingLetters(String typed) {
        assertThatThrownBy(() -> PhoneNumber.parse(typed, "420")).isInstanceOf(InvalidPhoneNumberException.class)
                .hasMessage("phone number must not contain letters");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "+420 \u0666\u0660\u0661 \u0661\u0662\u0663 \u0664\u0665\u0666", // Arabic-Indic
        "+420 \uff16\uff10\uff11 \uff11\uff12\uff13 \uff14\uff15\uff16", // fullwidth
        "+420 \u096c\u0966\u0967 123 456", // Devanagari
        "+\u0664\u0662\u0660601123456"})
    void parse_nonAsciiDigits_refusedSayingAsciiOnly(String typed) {
        assertThatThrownBy(() -> PhoneNumber.parse(typed, "420")).isInstanceOf(InvalidPhoneNumberException.class)
                .hasMessage("phone number must use ASCII digits 0-9 only");
    }

    @Test
    void parse_supplementaryDigits_refused() {
        String mathBold = "+420 601 123 45" + new String(Character.toChars(0x1D7D4)); // MATHEMATICAL BOLD DIGIT SIX
        assertThatThrownBy(() -> PhoneNumber.parse(mathBold)).isInstanceOf(InvalidPhoneNumberException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "+420 12|phone number has 5 digits, at least 7 needed (country calling code included)",
        "+1|phone number has 1 digits, at least 7 needed (country calling code included)",
        "+|phone number is empty",
        "00123456|phone number has 6 digits, at least 7 needed (country calling code included)",
        "+420 601 123 456 7890|phone number has 16 digits, E.164 allows at most 15",
        "+420 601 123 456 789 012 345|phone number has 21 digits, E.164 allows at most 15"})
    void parse_tooFewOrTooManyDigits_refusedWithCountAndBound(String typed, String message) {
        assertThatThrownBy(() -> PhoneNumber.parse(typed)).isInstanceOf(InvalidPhoneNumberException.class)
                .hasMessage(message);
    }

    @Test
    void parse_nationalTooShortWithDefault_refusedTooFewDigits() {
        assertThatThrownBy(() -> PhoneNumber.parse("123", "420")).isInstanceOf(InvalidPhoneNumberException.class)
                .hasMessageContaining("6 digits, at least 7 needed");
    }

    @Test
    void parse_inputOfExactly64Characters_read() {
        String typed = "+420 " + " ".repeat(50) + "601123456";

        assertThat(typed).hasSize(PhoneNumber.MAX_INPUT_LENGTH);
        assertThat(PhoneNumber.parse(typed)).isEqualTo(new PhoneNumber("+420601123456"));
    }

    @Test
    void parse_inputLongerThan64Characters_refusedBeforeParsing() {
        String typed = "+420 " + " ".repeat(60) + "601123456";
        assertThatThrownBy(() -> PhoneNumber.parse(typed)).isInstanceOf(InvalidPhoneNumberException.class)
                .hasMessage("phone number input is longer than 64 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+420#601123456", "+420*601123456", "+420_601_123_456", "+420,601,123,456",
        "+420;601123456", "+420\n601123456", "+420:601123456"})
    void parse_otherCharacters_refusedListingWhatIsAllowed(String typed) {
        assertThatThrownBy(() -> PhoneNumber.parse(typed)).isInstanceOf(InvalidPhoneNumberException.class)
                .hasMessage("phone number may contain only digits, +, spaces, - . / ( )");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+420+601123456", "++420601123456", "420+601123456", "00+420601123456"})
    void parse_plusNotAtStart_refused(String typed) {
        assertThatThrownBy(() -> PhoneNumber.parse(typed, "420")).isInstanceOf(InvalidPhoneNumberException.class)
                .hasMessage("phone number may have + only at the start");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+0420601123456", "0000420601123456", "+00420601123456"})
    void parse_callingCodeStartingWithZero_refused(String typed) {
        assertThatThrownBy(() -> PhoneNumber.parse(typed)).isInstanceOf(InvalidPhoneNumberException.class)
                .hasMessage("country calling code must not start with 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "042", "4200", "+420", "42a", "\u0664\u0662\u0660"})
    void parse_malformedDefaultCallingCode_refusedAsInvalidInput(String defaultCode) {
        assertThatThrownBy(() -> PhoneNumber.parse("601 123 456", defaultCode))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("default calling code must be 1 to 3 digits, such as 420");
    }

    @ParameterizedTest
    @ValueSource(strings = {"420601123456", "", "+", "+0420601123", "+42060112345678901", "+420 601 123 456",
        "+420-601123456", "+٤٢٠601123456"})
    void constructor_notE164_refused(String value) {
        assertThatThrownBy(() -> new PhoneNumber(value)).isInstanceOf(InvalidPhoneNumberException.class);
    }

    @Test
    void constructor_null_refusedAsEmpty() {
        assertThatThrownBy(() -> new PhoneNumber(null)).isInstanceOf(InvalidPhoneNumberException.class)
                .hasMessage("phone number is empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+420 601 ABC 456", "+420 601 123 456 7890", "+420 12", "+420#601123456",
        "+420+601123456", "+0420601123456", "601 123 456", "+420 \u0666\u0660\u0661 123 456"})
    void parse_refusedInput_messageDoesNotContainIt(String typed) {
        Throwable thrown = catchThrowable(() -> PhoneNumber.parse(typed));
        assertThat(thrown).isInstanceOf(InvalidPhoneNumberException.class);
        assertThat(thrown.getMessage()).doesNotContain(typed).doesNotContain(typed.replaceAll("[^0-9]", ""))
                .doesNotContain("601").doesNotContain("123").doesNotContain("456");
    }

    // ---------------------------------------------------------------- display

    @Test
    void masked_czechNumber_showsCallingCodeAndLastThree() {
        PhoneNumber number = PhoneNumber.parse("+420 601 123 456");
        assertThat(number.masked()).isEqualTo("+420 *** *** 456");
        assertThat(number.toString()).isEqualTo("+420 *** *** 456").doesNotContain("601");
    }

    @ParameterizedTest
    @CsvSource({
        "+447911123456, +44 * *** *** 456",
        "+12025550143, +1 * *** *** 143",
        "+79161234567, +7 * *** *** 567",
        "+4915112345678, +49 ** *** *** 678",
        "+3801234, +380 * 234"})
    void masked_otherCountries_showsCallingCodeAndLastThree(String e164, String masked) {
        assertThat(new PhoneNumber(e164).masked()).isEqualTo(masked);
    }

    @ParameterizedTest
    @CsvSource({"+420601123456, 420", "+12025550143, 1", "+79161234567, 7", "+447911123456, 44",
        "+4915112345678, 49", "+380441234567, 380", "+8613812345678, 86", "+35312345678, 353"})
    void callingCode_variousCountries_oneToThreeDigits(String e164, String code) {
        assertThat(new PhoneNumber(e164).callingCode()).isEqualTo(code);
    }

    // ---------------------------------------------------------------- properties

    private static final List<String> CALLING_CODES = List.of("1", "7", "20", "33", "39", "44", "49", "86", "91",
            "420", "421", "380", "353", "971", "998");

    private static final List<String> LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéÉßбжЖαΩ中ㄱא"
            .chars().mapToObj(c -> String.valueOf((char) c)).collect(Collectors.toList());

    /** A valid number as typed, with its E.164 form and its calling code. */
    private record Typed(String typed, String e164, String code) { }

    /** Valid numbers as typed: random calling code and national digits, in random layouts. */
    private static Gen<Typed> typedNumbers() {
        Gen<String> code = Generate.pick(CALLING_CODES);
        Gen<String> nationalDigits = lists().of(integers().between(0, 9)).ofSizeBetween(4, 12)
                .map(l -> l.stream().map(String::valueOf).collect(Collectors.joining()));
        Gen<Integer> layout = integers().between(0, 5);
        return code.zip(nationalDigits, layout, (c, n, style) -> {
            String national = n.charAt(0) == '0' ? "1" + n.substring(1) : n;
            while ((c + national).length() < 7) {
                national = national + "5";
            }
            if ((c + national).length() > 15) {
                national = national.substring(0, 15 - c.length());
            }
            String spaced = national.replaceAll("(...)(?=.)", "$1 ");
            String typed;
            switch (style) {
                case 0: typed = "+" + c + national; break;
                case 1: typed = "+" + c + " " + spaced; break;
                case 2: typed = "00" + c + national; break;
                case 3: typed = "(+" + c + ") " + spaced.replace(' ', '-'); break;
                case 4: typed = "00 " + c + " " + spaced.replace(' ', '.'); break;
                default: typed = " +" + c + "/" + national + " "; break;
            }
            return new Typed(typed, "+" + c + national, c);
        });
    }

    @Test
    void parse_property_typedLayoutsNormalizeToDigitsOnly() {
        qt().withExamples(2000).forAll(typedNumbers()).checkAssert(t -> {
            PhoneNumber p = PhoneNumber.parse(t.typed());
            assertThat(p.e164()).isEqualTo(t.e164()).matches(E164);
        });
    }

    @Test
    void parse_property_idempotent() {
        qt().withExamples(2000).forAll(typedNumbers()).checkAssert(t -> {
            PhoneNumber p = PhoneNumber.parse(t.typed());
            assertThat(PhoneNumber.parse(p.e164())).isEqualTo(p);
            assertThat(PhoneNumber.parse(p.e164(), "420")).isEqualTo(p);
            assertThat(new PhoneNumber(p.e164())).isEqualTo(p);
        });
    }

    @Test
    void parse_property_nationalWithDefaultEqualsInternational() {
        qt().withExamples(1000).forAll(typedNumbers()).checkAssert(t -> {
            String national = t.e164().substring(1 + t.code().length());
            assertThat(PhoneNumber.parse(national, t.code())).isEqualTo(PhoneNumber.parse(t.e164()));
        });
    }

    @Test
    void parse_property_maskedHidesAllButCallingCodeAndLastThree() {
        qt().withExamples(1000).forAll(typedNumbers()).checkAssert(t -> {
            PhoneNumber p = PhoneNumber.parse(t.typed());
            String masked = p.masked();
            String digits = masked.replaceAll("[^0-9]", "");
            assertThat(masked).startsWith("+" + p.callingCode() + " ").endsWith(p.e164().substring(p.e164().length() - 3));
            assertThat(digits).isEqualTo(p.callingCode() + p.e164().substring(p.e164().length() - 3));
            assertThat(p.toString()).isEqualTo(masked);
        });
    }

    @Test
    void parse_property_anyLetterRefused() {
        qt().withExamples(1000).forAll(typedNumbers(), Generate.pick(LETTERS), integers().between(0, 40))
                .checkAssert((t, letter, at) -> {
                    String typed = t.typed();
                    int i = Math.min(at, typed.length());
                    String withLetter = typed.substring(0, i) + letter + typed.substring(i);
                    assertThatThrownBy(() -> PhoneNumber.parse(withLetter, "420"))
                            .isInstanceOf(InvalidPhoneNumberException.class)
                            .hasMessage("phone number must not contain letters");
                });
    }

    @Test
    void parse_property_moreThanFifteenDigitsRefused() {
        qt().withExamples(1000).forAll(typedNumbers(), integers().between(1, 10)).checkAssert((t, extra) -> {
            String longer = t.e164() + "7".repeat(Math.max(extra, 16 - (t.e164().length() - 1)));
            assertThatThrownBy(() -> PhoneNumber.parse(longer)).isInstanceOf(InvalidPhoneNumberException.class)
                    .hasMessageContaining("E.164 allows at most 15");
        });
    }

    @Test
    void parse_property_fewerThanSevenDigitsRefused() {
        qt().withExamples(500).forAll(integers().between(0, 999_999), integers().between(1, 6)).checkAssert((n, len) -> {
            String digits = String.format("%06d", n).substring(0, len).replaceFirst("^0", "1");
            assertThatThrownBy(() -> PhoneNumber.parse("+" + digits)).isInstanceOf(InvalidPhoneNumberException.class)
                    .hasMessageContaining("at least 7 needed");
        });
    }

    @Test
    void parse_property_anyInputEitherE164OrTypedRefusalWithoutDigitsOfInput() {
        qt().withExamples(5000).forAll(strings().allPossible().ofLengthBetween(0, 70)
                .mix(strings().betweenCodePoints(' ', '9').ofLengthBetween(0, 24))).checkAssert(typed -> {
                    PhoneNumber p;
                    try {
                        p = PhoneNumber.parse(typed, "420");
                    } catch (InvalidInputException e) {
                        assertThat(e).isInstanceOf(InvalidPhoneNumberException.class);
                        assertThat(THREE_DIGITS.matcher(e.getMessage().replace("E.164", "")).find()).as(e.getMessage()).isFalse();
                        return;
                    }
                    assertThat(p.e164()).matches(E164);
                    assertThat(PhoneNumber.parse(p.e164())).isEqualTo(p);
                });
    }
}
