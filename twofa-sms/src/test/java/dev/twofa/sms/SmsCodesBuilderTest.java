package dev.twofa.sms;

import static dev.twofa.sms.Fixtures.builder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twofa.sms.Fixtures.RecordingSender;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SmsCodesBuilderTest {

    private final RecordingSender sender = new RecordingSender();

    @Test
    void builder_nullSender_throwsNullPointerException() {
        assertThatThrownBy(() -> SmsCodes.builder(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("sender");
    }

    @Test
    void build_withoutIssuer_throwsIllegalStateException() {
        assertThatThrownBy(() -> SmsCodes.builder(sender).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("issuer is required");
    }

    @Test
    void build_defaults_matchDocumentedDefaults() {
        SmsCodes codes = builder(sender).build();

        assertThat(codes.codeDigits()).isEqualTo(SmsCodes.DEFAULT_CODE_DIGITS).isEqualTo(6);
        assertThat(codes.maxAttemptsPerCode()).isEqualTo(SmsCodes.DEFAULT_MAX_ATTEMPTS_PER_CODE).isEqualTo(5);
        assertThat(codes.resendCooldown()).isEqualTo(Duration.ofSeconds(30));
        assertThat(codes.codeValidity()).isEqualTo(Duration.ofMinutes(5));
        assertThat(SmsCodes.DEFAULT_SENDS_PER_NUMBER).isEqualTo(5);
        assertThat(SmsCodes.DEFAULT_NUMBER_WINDOW_MINUTES).isEqualTo(60);
        assertThat(SmsCodes.DEFAULT_SENDS_PER_ACCOUNT).isEqualTo(10);
        assertThat(SmsCodes.DEFAULT_ACCOUNT_WINDOW_HOURS).isEqualTo(24);
        assertThat(SmsCodes.DEFAULT_VERIFICATION_COOLDOWN_SECONDS).isEqualTo(60);
        assertThat(SmsCodes.DEFAULT_VERIFICATION_SENDS_PER_NUMBER).isEqualTo(3);
        assertThat(SmsCodes.DEFAULT_VERIFICATION_NUMBER_WINDOW_MINUTES).isEqualTo(60);
        assertThat(SmsCodes.DEFAULT_SENDS_PER_PREFIX).isEqualTo(20);
        assertThat(SmsCodes.DEFAULT_PREFIX_WINDOW_MINUTES).isEqualTo(60);
        assertThat(SmsCodes.DEFAULT_PREFIX_DIGITS).isEqualTo(3);
        assertThat(SmsCodes.DEFAULT_SENDS_PER_VERIFIED_NUMBER).isEqualTo(10);
        assertThat(SmsCodes.DEFAULT_VERIFIED_NUMBER_WINDOW_MINUTES).isEqualTo(60);
        assertThat(codes.toString()).contains("perOwnNumber=5/PT1H", "verificationCooldown=PT1M",
                "perVerifiedNumber=3/PT1H", "perPrefix=20/PT1H (3 national digits)",
                "perNumberAcrossAccounts=10/PT1H", "perAccount=10/PT24H",
                "phoneNumbers=PhoneNumbers[defaultRegion=none, allowedRegions=all, deniedRegions=[], "
                        + "smsTypes=[MOBILE, FIXED_LINE_OR_MOBILE], nonGeographic=refused]");
        // libphonenumber by default, the very policy twofa-core's service then reads typed numbers with
        assertThat(codes.phoneNumbers()).get().isInstanceOf(PhoneNumbers.class)
                .hasToString(PhoneNumbers.builder().build().toString());
    }

    @Test
    void build_sendLimiterWithoutHashKey_throwsIllegalStateExceptionSayingWhy() {
        assertThatThrownBy(() -> builder(sender).sendLimiter(new InMemorySendLimiter()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a custom sendLimiter needs a hashKey")
                .hasMessageContaining("can be reversed by trying every number");
        assertThat(builder(sender).sendLimiter(new InMemorySendLimiter()).hashKey(new byte[32]).build())
                .isNotNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 1001})
    void verificationNumberLimit_badMaxSends_throwsIllegalArgumentExceptionNamingValue(int sends) {
        assertThatThrownBy(() -> builder(sender).verificationNumberLimit(sends, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("verificationNumberLimit maxSends must be 1 to 1000, was " + sends);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 1001})
    void prefixLimit_badMaxSends_throwsIllegalArgumentExceptionNamingValue(int sends) {
        assertThatThrownBy(() -> builder(sender).prefixLimit(sends, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prefixLimit maxSends must be 1 to 1000, was " + sends);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT59S", "P7DT1S"})
    void prefixLimit_badWindow_throwsIllegalArgumentExceptionNamingValue(String window) {
        assertThatThrownBy(() -> builder(sender).prefixLimit(5, Duration.parse(window)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prefixLimit window must be 1 minute to 7 days, was " + Duration.parse(window));
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 1001})
    void verifiedNumberLimit_badMaxSends_throwsIllegalArgumentExceptionNamingValue(int sends) {
        assertThatThrownBy(() -> builder(sender).verifiedNumberLimit(sends, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("verifiedNumberLimit maxSends must be 1 to 1000, was " + sends);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT0S", "-PT1H", "PT59.999S", "P7DT0.001S", "P30D"})
    void verifiedNumberLimit_badWindow_throwsIllegalArgumentExceptionNamingValue(String window) {
        assertThatThrownBy(() -> builder(sender).verifiedNumberLimit(5, Duration.parse(window)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("verifiedNumberLimit window must be 1 minute to 7 days, was " + Duration.parse(window));
    }

    @Test
    void verifiedNumberLimit_bounds_accepted() {
        assertThat(builder(sender).verifiedNumberLimit(1, Duration.ofDays(7)).build().toString())
                .contains("perNumberAcrossAccounts=1/PT168H");
        assertThat(builder(sender).verifiedNumberLimit(1000, Duration.ofMinutes(1)).build().toString())
                .contains("perNumberAcrossAccounts=1000/PT1M");
    }

    @Test
    void verifiedNumberLimit_refusedValue_leavesSetterUnsetSoAValidOneIsTaken() {
        SmsCodes.Builder b = builder(sender);
        assertThatThrownBy(() -> b.verifiedNumberLimit(0, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(b.verifiedNumberLimit(4, Duration.ofMinutes(30)).build().toString())
                .contains("perNumberAcrossAccounts=4/PT30M");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT0S", "PT0.999S", "PT1H0.001S", "-PT1S"})
    void verificationCooldown_outOfRange_throwsIllegalArgumentExceptionNamingValue(String cooldown) {
        assertThatThrownBy(() -> builder(sender).verificationCooldown(Duration.parse(cooldown)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("verificationCooldown must be 1 s to 3600 s, was " + Duration.parse(cooldown));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT1S", "PT1H"})
    void verificationCooldown_bounds_accepted(String cooldown) {
        assertThat(builder(sender).verificationCooldown(Duration.parse(cooldown)).build().toString())
                .contains("verificationCooldown=" + Duration.parse(cooldown));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 7})
    void prefixDigits_outOfRange_throwsIllegalArgumentExceptionNamingValue(int digits) {
        assertThatThrownBy(() -> builder(sender).prefixDigits(digits)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prefixDigits must be 0 to 6, was " + digits);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 6})
    void prefixDigits_bounds_accepted(int digits) {
        assertThat(builder(sender).prefixDigits(digits).build().toString()).contains("(" + digits + " national digits)");
    }

    @Test
    void newSetters_null_throwNullPointerException() {
        assertThatThrownBy(() -> builder(sender).verificationCooldown(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder(sender).verificationNumberLimit(1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder(sender).prefixLimit(1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder(sender).verifiedNumberLimit(1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder(sender).phoneNumbers(null)).isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 7, 8, 9, 10})
    void codeDigits_inRange_accepted(int digits) {
        assertThat(builder(sender).codeDigits(digits).build().codeDigits()).isEqualTo(digits);
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 4, 5, 11, 19, Integer.MAX_VALUE})
    void codeDigits_outOfRange_throwsIllegalArgumentExceptionNamingValue(int digits) {
        assertThatThrownBy(() -> builder(sender).codeDigits(digits)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("codeDigits must be 6 to 10, was " + digits);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT1M", "PT5M", "PT7M30S", "PT10M"})
    void codeValidity_inRange_accepted(String validity) {
        Duration d = Duration.parse(validity);
        assertThat(builder(sender).codeValidity(d).build().codeValidity()).isEqualTo(d);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT0S", "PT-1M", "PT59S", "PT10M0.001S", "PT11M", "PT1H"})
    void codeValidity_outOfRangeAtMostTenMinutes_throwsIllegalArgumentException(String validity) {
        assertThatThrownBy(() -> builder(sender).codeValidity(Duration.parse(validity)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("codeValidity must be 1 to 10 minutes, was " + Duration.parse(validity));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 10})
    void maxAttemptsPerCode_inRange_accepted(int attempts) {
        assertThat(builder(sender).maxAttemptsPerCode(attempts).build().maxAttemptsPerCode()).isEqualTo(attempts);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 11, 100})
    void maxAttemptsPerCode_outOfRange_throwsIllegalArgumentException(int attempts) {
        assertThatThrownBy(() -> builder(sender).maxAttemptsPerCode(attempts))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAttemptsPerCode must be 1 to 10, was " + attempts);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT0S", "PT0.5S", "PT-30S", "PT1H0.001S", "PT2H"})
    void resendCooldown_outOfRange_throwsIllegalArgumentException(String cooldown) {
        assertThatThrownBy(() -> builder(sender).resendCooldown(Duration.parse(cooldown)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resendCooldown must be 1 s to 3600 s, was " + Duration.parse(cooldown));
    }

    @Test
    void resendCooldown_inRange_accepted() {
        assertThat(builder(sender).resendCooldown(Duration.ofMinutes(2)).build().resendCooldown())
                .isEqualTo(Duration.ofMinutes(2));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -5, 1001})
    void numberLimit_badMaxSends_throwsIllegalArgumentException(int sends) {
        assertThatThrownBy(() -> builder(sender).numberLimit(sends, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("numberLimit maxSends must be 1 to 1000, was " + sends);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT0S", "PT59S", "P7DT1S", "P30D"})
    void accountLimit_badWindow_throwsIllegalArgumentException(String window) {
        assertThatThrownBy(() -> builder(sender).accountLimit(10, Duration.parse(window)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("accountLimit window must be 1 minute to 7 days, was " + Duration.parse(window));
    }

    @Test
    void hashKey_shorterThan32Bytes_throwsIllegalArgumentExceptionWithLengthOnly() {
        byte[] key = "0123456789abcdef0123456789abcde".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> builder(sender).hashKey(key)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32 bytes, was 31 bytes")
                .hasMessageNotContaining("0123456789");
    }

    @Test
    void hashKey_32Bytes_accepted() {
        assertThat(builder(sender).hashKey(new byte[32]).build().toString()).contains("HMAC-SHA256");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "  Example", "Example ", "Line\nbreak", "Tab\there", "123456789012345678901234567890123"})
    void issuer_malformed_throwsIllegalArgumentException(String issuer) {
        assertThatThrownBy(() -> SmsCodes.builder(sender).issuer(issuer)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("issuer must be 1 to 32 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "login.example.com", "LOGIN.Example.COM", "localhost",
        "xn--bcher-kva.example", "a-b.c-d.example"})
    void webOtpDomain_hostname_accepted(String domain) {
        assertThat(builder(sender).webOtpDomain(domain).build().toString())
                .contains("webOtpDomain=" + domain.toLowerCase(java.util.Locale.ROOT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "example.com.", ".example.com", "exa mple.com", "-example.com",
        "example-.com", "exa_mple.com", "https://example.com", "example.com:443", "example.com/path",
        "bücher.example", "192.168.0.1", "a..b", "@example.com"})
    void webOtpDomain_notHostname_throwsIllegalArgumentExceptionNamingValue(String domain) {
        assertThatThrownBy(() -> builder(sender).webOtpDomain(domain)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("webOtpDomain must be a host name")
                .hasMessageContaining("was \"" + domain + "\"");
    }

    @Test
    void issuer_32CharactersAccepted_33Refused() {
        assertThat(SmsCodes.builder(sender).issuer("x".repeat(32)).build().toString()).contains("x".repeat(32));
        assertThatThrownBy(() -> SmsCodes.builder(sender).issuer("x".repeat(33)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was \"" + "x".repeat(33) + "\"");
    }

    @Test
    void issuer_refusedValueOf64CodePoints_shownWhole65Shortened() {
        assertThatThrownBy(() -> SmsCodes.builder(sender).issuer("y".repeat(64)))
                .hasMessageEndingWith("was \"" + "y".repeat(64) + "\"");
        assertThatThrownBy(() -> SmsCodes.builder(sender).issuer("y".repeat(65)))
                .hasMessageEndingWith("was \"" + "y".repeat(64) + "...\"");
    }

    @Test
    void webOtpDomain_253CharactersAccepted_254Refused() {
        String exactly253 = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);
        assertThat(exactly253).hasSize(253);

        assertThat(builder(sender).webOtpDomain(exactly253).build().toString()).contains(exactly253);
        assertThatThrownBy(() -> builder(sender).webOtpDomain("d" + exactly253))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("webOtpDomain must be a host name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.0", "example.9", "example.1234"})
    void webOtpDomain_lastLabelAllDigits_refused(String domain) {
        assertThatThrownBy(() -> builder(sender).webOtpDomain(domain)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.a0", "example.9z", "example./a"})
    void webOtpDomain_lastLabelNotAllDigits_judgedByLabelRules(String domain) {
        if (domain.contains("/")) {
            assertThatThrownBy(() -> builder(sender).webOtpDomain(domain)).isInstanceOf(IllegalArgumentException.class);
        } else {
            assertThat(builder(sender).webOtpDomain(domain).build().toString()).contains("webOtpDomain=" + domain);
        }
    }

    @Test
    void limits_bounds_accepted() {
        SmsCodes codes = builder(sender).numberLimit(1000, Duration.ofMinutes(1)).accountLimit(1, Duration.ofDays(7))
                .verificationNumberLimit(1, Duration.ofDays(7)).prefixLimit(1000, Duration.ofMinutes(1)).build();

        assertThat(codes.toString()).contains("perOwnNumber=1000/PT1M", "perAccount=1/PT168H",
                "perVerifiedNumber=1/PT168H", "perPrefix=1000/PT1M");
    }

    @Test
    void webOtpDomain_labelLongerThan63_throwsIllegalArgumentException() {
        assertThatThrownBy(() -> builder(sender).webOtpDomain("a".repeat(64) + ".example"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(builder(sender).webOtpDomain("a".repeat(63) + ".example").build()).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "042", "4200", "+420", "42a", "٤٢٠"})
    void allowCallingCodes_malformed_throwsIllegalArgumentExceptionNamingValue(String code) {
        assertThatThrownBy(() -> builder(sender).allowCallingCodes("420", code))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("allowCallingCodes values must be 1 to 3 digits")
                .hasMessageContaining("was \"" + code + "\"");
    }

    @Test
    void denyCallingCodes_empty_throwsIllegalArgumentException() {
        assertThatThrownBy(() -> builder(sender).denyCallingCodes()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one");
    }

    @Test
    void denyCallingCodes_nullElement_throwsNullPointerException() {
        assertThatThrownBy(() -> builder(sender).denyCallingCodes("1", null)).isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4290", "+", "+0", "+04290", "+42 90", "+123456789012345"})
    void denyNumberPrefixes_malformed_throwsIllegalArgumentExceptionNamingValue(String prefix) {
        assertThatThrownBy(() -> builder(sender).denyNumberPrefixes(prefix))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("denyNumberPrefixes values must be + and 1 to 14 digits")
                .hasMessageContaining("was \"" + prefix + "\"");
    }

    @Test
    void build_callingCodeAllowedAndDenied_throwsIllegalStateException() {
        assertThatThrownBy(() -> builder(sender).allowCallingCodes("420", "421").denyCallingCodes("421").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("calling code 421 is both allowed and denied");
    }

    static Stream<Arguments> setters() {
        return Stream.of(
                setter("codeDigits", b -> b.codeDigits(8)),
                setter("codeValidity", b -> b.codeValidity(Duration.ofMinutes(3))),
                setter("maxAttemptsPerCode", b -> b.maxAttemptsPerCode(3)),
                setter("resendCooldown", b -> b.resendCooldown(Duration.ofSeconds(60))),
                setter("numberLimit", b -> b.numberLimit(3, Duration.ofHours(1))),
                setter("accountLimit", b -> b.accountLimit(3, Duration.ofDays(1))),
                setter("verificationCooldown", b -> b.verificationCooldown(Duration.ofSeconds(90))),
                setter("verificationNumberLimit", b -> b.verificationNumberLimit(2, Duration.ofHours(1))),
                setter("prefixLimit", b -> b.prefixLimit(50, Duration.ofHours(1))),
                setter("verifiedNumberLimit", b -> b.verifiedNumberLimit(20, Duration.ofHours(1))),
                setter("prefixDigits", b -> b.prefixDigits(2)),
                setter("phoneNumbers", b -> b.phoneNumbers(PhoneNumbers.builder().build())),
                setter("allowCallingCodes", b -> b.allowCallingCodes("420")),
                setter("denyCallingCodes", b -> b.denyCallingCodes("882")),
                setter("denyNumberPrefixes", b -> b.denyNumberPrefixes("+4290")),
                setter("hashKey", b -> b.hashKey(new byte[32])),
                setter("issuer", b -> b.issuer("Other")),
                setter("webOtpDomain", b -> b.webOtpDomain("example.com")),
                setter("sendLimiter", b -> b.sendLimiter(new InMemorySendLimiter())),
                setter("secureRandom", b -> b.secureRandom(new java.security.SecureRandom())));
    }

    private static Arguments setter(String name, Consumer<SmsCodes.Builder> call) {
        return Arguments.of(name, call);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("setters")
    void setter_calledTwice_throwsIllegalStateException(String name, Consumer<SmsCodes.Builder> call) {
        SmsCodes.Builder b = SmsCodes.builder(sender);
        call.accept(b);
        assertThatThrownBy(() -> call.accept(b)).isInstanceOf(IllegalStateException.class)
                .hasMessage(name + " was already set");
    }

    @Test
    void hashKey_arrayChangedAfterSet_doesNotAffectBuiltCodes() {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) 7);
        RecordingSender rs = new RecordingSender();
        SmsCodes codes = builder(rs).hashKey(key).build();
        var challenge = Fixtures.sent(codes.issue(Fixtures.request(Fixtures.T0)));
        java.util.Arrays.fill(key, (byte) 0);

        assertThat(codes.matches(Fixtures.ACCOUNT, challenge, Fixtures.codeIn(rs.last().text(), 6))).isTrue();
    }

    @Test
    void toString_withHashKey_neverShowsKey() {
        byte[] key = "this-is-a-very-secret-hash-key-!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        SmsCodes.Builder b = builder(sender).hashKey(key);
        assertThat(b.toString()).doesNotContain("very-secret").contains("redacted");
        assertThat(b.build().toString()).doesNotContain("very-secret");
    }
}
