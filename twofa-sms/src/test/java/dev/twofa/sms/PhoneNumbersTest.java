package dev.twofa.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import dev.twofa.core.InvalidPhoneNumberException;
import dev.twofa.core.InvalidPhoneNumberException.Reason;
import dev.twofa.core.PhoneNumber;
import dev.twofa.sms.PhoneNumbers.NumberType;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** SECURITY.md 15b: typed numbers read with libphonenumber; non-mobile types refused for SMS by default. */
class PhoneNumbersTest {

    private static final PhoneNumbers INTERNATIONAL = PhoneNumbers.builder().build();
    private static final PhoneNumbers ANY_TYPE = PhoneNumbers.builder().allowNumberTypes(NumberType.values()).build();

    private static PhoneNumbers region(String region) {
        return PhoneNumbers.builder().defaultRegion(region).allowNumberTypes(NumberType.values()).build();
    }

    /** Asserts the typed number is refused with the reason, and the message does not repeat its digits. */
    private static void assertRefused(ThrowingCallable parse, String typed, Reason reason, String message) {
        assertThatThrownBy(parse).isInstanceOfSatisfying(InvalidPhoneNumberException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.getMessage()).contains(message);
            String digits = typed == null ? "" : typed.replaceAll("[^0-9]", "");
            if (digits.length() >= 4) {
                assertThat(e.getMessage().replaceAll("[^0-9]", "")).doesNotContain(digits.substring(digits.length() - 4));
            }
        });
    }

    @ParameterizedTest(name = "{0}: \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', value = {
        "CZ | 601 123 456          | +420601123456",
        "CZ | 601123456            | +420601123456",
        "CZ | +420 601 123 456     | +420601123456",
        "CZ | 00420 601 123 456    | +420601123456",
        "CZ | (+420) 601-123-456   | +420601123456",
        "CZ | +420 (0)601 123 456  | +420601123456",
        "CZ | +420(0)601123456     | +420601123456",
        "CZ | 212 345 678          | +420212345678",
        "CZ | +44 7400 123456      | +447400123456",
        "GB | 07400 123456         | +447400123456",
        "GB | 07400 123 456        | +447400123456",
        "GB | +44 (0)7400 123456   | +447400123456",
        "GB | 0044 7400 123456     | +447400123456",
        "GB | 020 7946 0018        | +442079460018",
        "GB | +44 (0)20 7946 0018  | +442079460018",
        "GB | +44 ( 0 ) 20 7946 0018 | +442079460018",
        "DE | 01512 3456789        | +4915123456789",
        "DE | 0151/23456789        | +4915123456789",
        "DE | +49 (0)1512 3456789  | +4915123456789",
        "DE | 030 123456           | +4930123456",
        "US | (201) 555-0123       | +12015550123",
        "US | 201.555.0123         | +12015550123",
        "US | +1 201 555 0123      | +12015550123",
        "US | 1 201 555 0123       | +12015550123",
        "IT | 312 345 6789         | +393123456789",
        "IT | 06 1234 5678         | +390612345678",
        "IT | 02 1234 5678         | +390212345678",
        "IT | +39 06 1234 5678     | +390612345678",
        "IT | 0039 02 1234 5678    | +390212345678",
    })
    void parse_nationalAndInternationalForms_readAsE164(String region, String typed, String e164) {
        assertThat(region(region).parse(typed)).isEqualTo(new PhoneNumber(e164));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+420 (0)601 123 456", "+44 (0)7400 123456", "0044 (0)7400 123456"})
    void parse_trunkZeroInParenthesesWithoutRegion_dropped(String typed) {
        assertThat(INTERNATIONAL.parse(typed).e164()).doesNotContain("+4200").doesNotContain("+440");
    }

    @Test
    void parse_trunkZeroThatSlippedPastDenyPrefix_nowRefusedAtSend() {
        // An older twofa-core reader kept the 0 of "(0)", so the stored number escaped a denied prefix;
        // today's drops it too.
        PhoneNumber before = new PhoneNumber("+4407400123456");
        assertThat(PhoneNumber.parse("+44 (0)7400 123456").e164()).isEqualTo("+447400123456");
        Fixtures.RecordingSender sender = new Fixtures.RecordingSender();
        // Without a phone number policy (the explicit opt-out), only the denied prefix guarded the sends.
        SmsCodes guarded = Fixtures.builder(sender).phoneNumbers(typed -> PhoneNumber.parse(typed))
                .denyNumberPrefixes("+447400").build();
        assertThat(guarded.issue(Fixtures.request(Fixtures.ACCOUNT, before, dev.twofa.core.SmsPurpose.LOGIN,
                Fixtures.T0, null))).isInstanceOf(dev.twofa.core.spi.SmsCodeChannel.Issue.Sent.class);

        PhoneNumber now = INTERNATIONAL.parse("+44 (0)7400 123456");

        assertThat(now.e164()).isEqualTo("+447400123456");
        assertThat(guarded.issue(Fixtures.request(Fixtures.ACCOUNT, now, dev.twofa.core.SmsPurpose.LOGIN,
                Fixtures.T0.plusSeconds(30), null))).isEqualTo(new dev.twofa.core.spi.SmsCodeChannel.Issue.Refused(
                        dev.twofa.core.SmsNotSent.Reason.DESTINATION_NOT_ALLOWED, java.time.Instant.MAX));
        // And a number stored with the 0 before is refused at send time by the policy, the default one too.
        SmsCodes policed = Fixtures.builder(sender).phoneNumbers(INTERNATIONAL).build();
        SmsCodes byDefault = Fixtures.builder(sender).build();
        for (SmsCodes codes : new SmsCodes[] {policed, byDefault}) {
            assertThat(codes.issue(Fixtures.request(Fixtures.ACCOUNT, before, dev.twofa.core.SmsPurpose.LOGIN,
                    Fixtures.T0, null))).isEqualTo(new dev.twofa.core.spi.SmsCodeChannel.Issue.Refused(
                            dev.twofa.core.SmsNotSent.Reason.DESTINATION_NOT_ALLOWED, java.time.Instant.MAX));
        }
        assertThat(sender.messages).hasSize(1);
    }

    @Test
    void parse_italianNationalNumber_keepsLeadingZeroUnlikeOtherTrunkZeros() {
        assertThat(region("IT").parse("06 1234 5678").e164()).isEqualTo("+390612345678");
        assertThat(region("GB").parse("020 7946 0018").e164()).isEqualTo("+442079460018");
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "+420 900 123 456, PREMIUM_RATE, premium-rate",
        "+44 901 234 5678, PREMIUM_RATE, premium-rate",
        "+49 900 1 234567, PREMIUM_RATE, premium-rate",
        "+1 900 234 5678, PREMIUM_RATE, premium-rate",
        "+420 811 234 567, SHARED_COST, shared-cost",
        "+49 180 1 2345, SHARED_COST, shared-cost",
        "+39 848 123 456, SHARED_COST, shared-cost",
        "+420 800 123 456, TOLL_FREE, toll-free",
        "+420 910 123 456, VOIP, VoIP",
        "+44 56 1234 5678, VOIP, VoIP",
        "+420 212 345 678, FIXED_LINE, fixed-line",
        "+44 20 7946 0018, FIXED_LINE, fixed-line",
        "+44 70 1234 5678, PERSONAL_NUMBER, personal",
        "+44 76 4012 3456, PAGER, pager",
        "+420 972 123 456, UAN, universal access",
        "+44 55 1234 5678, UAN, universal access",
        "+420 93 123 456 789, VOICEMAIL, voicemail",
    })
    void parse_nonMobileTypeByDefault_refusedNotForSms(String typed, NumberType type, String words) {
        assertRefused(() -> INTERNATIONAL.parse(typed), typed, Reason.NOT_FOR_SMS, words);
        assertThat(PhoneNumbers.builder().allowNumberTypes(type).build().parse(typed)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+420 601 123 456", "+44 7400 123456", "+49 1512 3456789", "+1 201 555 0123",
        "+39 312 345 6789", "+33 6 12 34 56 78", "+43 664 123456", "+421 912 123 456"})
    void parse_mobileOrFixedLineOrMobileByDefault_accepted(String typed) {
        assertThat(INTERNATIONAL.parse(typed).e164()).isEqualTo("+" + typed.replaceAll("[^0-9]", ""));
    }

    @Test
    void allowNumberTypes_replacesDefault_mobileThenRefused() {
        PhoneNumbers voipOnly = PhoneNumbers.builder().allowNumberTypes(NumberType.VOIP, NumberType.VOIP).build();

        assertThat(voipOnly.parse("+420 910 123 456").e164()).isEqualTo("+420910123456");
        assertRefused(() -> voipOnly.parse("+420 601 123 456"), "+420 601 123 456", Reason.NOT_FOR_SMS, "mobile");
        assertThat(voipOnly.toString()).contains("smsTypes=[VOIP]");
    }

    @Test
    void defaults_mobileAndFixedLineOrMobileOnly() {
        assertThat(PhoneNumbers.DEFAULT_SMS_TYPES).containsExactlyInAnyOrder(NumberType.MOBILE,
                NumberType.FIXED_LINE_OR_MOBILE);
        assertThat(INTERNATIONAL.toString()).isEqualTo("PhoneNumbers[defaultRegion=none, allowedRegions=all, "
                + "deniedRegions=[], smsTypes=[MOBILE, FIXED_LINE_OR_MOBILE], nonGeographic=refused]");
    }

    @Test
    void numberType_coversEveryLibphonenumberTypeButUnknown() {
        Set<String> theirs = Arrays.stream(PhoneNumberType.values()).map(Enum::name)
                .filter(n -> !n.equals("UNKNOWN")).collect(Collectors.toSet());
        assertThat(Arrays.stream(NumberType.values()).map(Enum::name)).containsExactlyInAnyOrderElementsOf(theirs);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("   ", "phone number is empty"),
                Arguments.of("601 123 456", "must start with + or 00 and the country calling code"),
                Arguments.of("+1 800 FLOWERS", "must not contain letters"),
                Arguments.of("+420 601 123 456 ext. 12", "must not contain letters"),
                Arguments.of("+420 601 123 456 x12", "must not contain letters"),
                Arguments.of("+420 ٦٠١١٢٣٤٥٦", "ASCII digits 0-9 only"),
                Arguments.of("+420 ６０１１２３４５６", "ASCII digits 0-9 only"),
                Arguments.of("+420 601 123 456 #12", "may contain only digits"),
                Arguments.of("+420;601123456", "may contain only digits"),
                Arguments.of("420+601123456", "+ only at the start"),
                Arguments.of("++420601123456", "+ only at the start"),
                Arguments.of("+42", "too few digits"),
                Arguments.of("+", "too few digits"),
                Arguments.of("+420 60", "too few digits"),
                Arguments.of("+420 601 123 456 789 012 345 6", "too many digits"),
                Arguments.of("+4206011234567891234", "too many digits"),
                Arguments.of("+420 601 123 456 789 0", "too many digits"),
                Arguments.of("+" + "1".repeat(64), "longer than 64 characters"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void parse_malformed_refusedMalformedWithoutRepeatingNumber(String typed, String message) {
        assertRefused(() -> INTERNATIONAL.parse(typed), typed, Reason.MALFORMED, message);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void parse_nullOrEmpty_refusedMalformed(String typed) {
        assertRefused(() -> INTERNATIONAL.parse(typed), typed, Reason.MALFORMED, "phone number is empty");
    }

    @Test
    void parse_digitCountBounds_sevenAndFifteenAcceptedSixAndSixteenRefused() {
        assertThat(INTERNATIONAL.parse("+690 7290").e164()).isEqualTo("+6907290");            // Tokelau, mobile
        assertThat(ANY_TYPE.parse("+43 1 234567890123").e164()).isEqualTo("+431234567890123"); // Vienna, 15 digits
        assertRefused(() -> ANY_TYPE.parse("+690 729"), "+690 729", Reason.MALFORMED, "too few digits");
        // libphonenumber holds this 16-digit Berlin number valid; E.164 allows 15 digits.
        assertRefused(() -> ANY_TYPE.parse("+49 30 123456789012"), "+49 30 123456789012", Reason.MALFORMED,
                "too many digits");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+420\u00a0601\u00a0123\u00a0456", "+420\u2009601\u2009123\u2009456",
        "\t+420\t601 123 456\u3000", "+420\u202f601\u202f123 456"})
    void parse_otherSpaces_readLikePlainSpaces(String typed) {
        assertThat(INTERNATIONAL.parse(typed).e164()).isEqualTo("+420601123456");
    }

    @Test
    void parse_inputOf64Characters_read() {
        String typed = "+420 601 123 456" + " ".repeat(48);
        assertThat(typed).hasSize(64);
        assertThat(INTERNATIONAL.parse(typed).e164()).isEqualTo("+420601123456");
    }

    @ParameterizedTest
    @CsvSource({
        "+420 0601 123 456, does not exist",
        "+4200601123456, does not exist",
        "+44 7700 900123, does not exist",
        "+420 601 123 45, does not exist",
        "+420 601 123 456 7, does not exist",
        "+999 123 456 789, unknown country calling code",
        "00999 123 456 789, unknown country calling code",
    })
    void parse_noSuchNumber_refusedInvalidNumber(String typed, String message) {
        assertRefused(() -> INTERNATIONAL.parse(typed), typed, Reason.INVALID_NUMBER, message);
    }

    @Test
    void parse_withDefaultRegion_nationalFormOfThatRegionOnly() {
        PhoneNumbers cz = PhoneNumbers.builder().defaultRegion("cz").build();

        assertThat(cz.parse("601 123 456").e164()).isEqualTo("+420601123456");
        assertThat(cz.parse("+44 7400 123456").e164()).isEqualTo("+447400123456");
        assertRefused(() -> cz.parse("07400 123456"), "07400 123456", Reason.INVALID_NUMBER, "does not exist");
        assertThat(cz.toString()).contains("defaultRegion=CZ");
    }

    @Test
    void allowRegions_otherRegionRefusedNotAllowed() {
        PhoneNumbers czSk = PhoneNumbers.builder().allowRegions("CZ", "sk").build();

        assertThat(czSk.parse("+420 601 123 456").e164()).isEqualTo("+420601123456");
        assertThat(czSk.parse("+421 912 123 456").e164()).isEqualTo("+421912123456");
        assertRefused(() -> czSk.parse("+49 1512 3456789"), "+49 1512 3456789", Reason.NOT_ALLOWED, "region DE");
        assertThat(czSk.toString()).contains("allowedRegions=[CZ, SK]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+881 6 3245 6789", "+870 773 111 632"})
    void parse_satelliteMobileOfNoCountryByDefault_refusedNotAllowed(String typed) {
        assertRefused(() -> INTERNATIONAL.parse(typed), typed, Reason.NOT_ALLOWED, "belongs to no country");
        assertRefused(() -> ANY_TYPE.parse(typed), typed, Reason.NOT_ALLOWED, "belongs to no country");
    }

    @ParameterizedTest
    @CsvSource({"+881 6 3245 6789, +881632456789", "+870 773 111 632, +870773111632"})
    void parse_satelliteMobileOfNoCountryWithAllowNonGeographic_accepted(String typed, String e164) {
        PhoneNumbers satellite = PhoneNumbers.builder().allowNonGeographic().build();

        assertThat(satellite.parse(typed)).isEqualTo(new PhoneNumber(e164));
        assertThat(satellite.parse("+420 601 123 456").e164()).isEqualTo("+420601123456");
    }

    @Test
    void parse_tollFreeOfNoCountry_refusedNotAllowedThenByTypeUnlessBothAllowed() {
        String typed = "+800 1234 5678";   // international freephone: no country, toll-free
        assertRefused(() -> INTERNATIONAL.parse(typed), typed, Reason.NOT_ALLOWED, "belongs to no country");
        assertRefused(() -> PhoneNumbers.builder().allowNumberTypes(NumberType.TOLL_FREE).build().parse(typed),
                typed, Reason.NOT_ALLOWED, "belongs to no country");
        assertRefused(() -> PhoneNumbers.builder().allowNonGeographic().build().parse(typed), typed,
                Reason.NOT_FOR_SMS, "toll-free");

        assertThat(PhoneNumbers.builder().allowNonGeographic().allowNumberTypes(NumberType.TOLL_FREE).build()
                .parse(typed).e164()).isEqualTo("+80012345678");
    }

    @Test
    void allowNonGeographic_withAllowRegions_numberOfNoCountryStillRefused() {
        PhoneNumbers czAndSatellite = PhoneNumbers.builder().allowNonGeographic().allowRegions("CZ").build();

        assertRefused(() -> czAndSatellite.parse("+881 6 3245 6789"), "+881 6 3245 6789", Reason.NOT_ALLOWED,
                "no country");
        assertThat(czAndSatellite.parse("+420 601 123 456").e164()).isEqualTo("+420601123456");
    }

    @Test
    void allowRegions_numberOfNoRegion_refusedNotAllowedBeforeItsType() {
        PhoneNumbers cz = PhoneNumbers.builder().allowRegions("CZ").build();

        assertRefused(() -> cz.parse("+800 1234 5678"), "+800 1234 5678", Reason.NOT_ALLOWED, "no country");
    }

    @Test
    void denyRegions_thatRegionRefusedOthersAccepted() {
        PhoneNumbers noDe = PhoneNumbers.builder().denyRegions("DE").build();

        assertRefused(() -> noDe.parse("+49 1512 3456789"), "+49 1512 3456789", Reason.NOT_ALLOWED, "region DE");
        assertThat(noDe.parse("+43 664 123456").e164()).isEqualTo("+43664123456");
        assertThat(noDe.toString()).contains("deniedRegions=[DE]");
    }

    @Test
    void denyRegions_sharedCallingCode_onlyThatRegionRefused() {
        // +1 is shared: Jamaica (JM) is refused, the US is not.
        PhoneNumbers noJm = PhoneNumbers.builder().denyRegions("JM").build();

        assertRefused(() -> noJm.parse("+1 876 210 1234"), "+1 876 210 1234", Reason.NOT_ALLOWED, "region JM");
        assertThat(noJm.parse("+1 201 555 0123").e164()).isEqualTo("+12015550123");
    }

    @Test
    void phoneNumbers_isThreadSafe_32ThreadsParseAlike() throws Exception {
        java.util.concurrent.CyclicBarrier barrier = new java.util.concurrent.CyclicBarrier(32);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(32);
        try {
            java.util.List<java.util.concurrent.Future<PhoneNumber>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String typed = String.format("601 123 %03d", i);
                futures.add(pool.submit(() -> {
                    barrier.await(10, java.util.concurrent.TimeUnit.SECONDS);
                    return region("CZ").parse(typed);
                }));
            }
            for (int i = 0; i < 32; i++) {
                assertThat(futures.get(i).get(30, java.util.concurrent.TimeUnit.SECONDS).e164())
                        .isEqualTo(String.format("+420601123%03d", i));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
