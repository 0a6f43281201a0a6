package dev.twofa.totp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.twofa.core.InvalidInputException;
import dev.twofa.core.Secret;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.quicktheories.core.Gen;

class OtpAuthUriTest {

    private static final Secret SEED = Secret.copyOf("12345678901234567890".getBytes(US_ASCII));
    private static final String B32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    /** Any Unicode text that may be an issuer or account name: no ':', no control, no edge spaces. */
    static Gen<String> labelParts() {
        return strings().betweenCodePoints(0x20, 0x10FFFF).ofLengthBetween(1, 24)
                .assuming(s -> LabelRules.problem("x", s) == null);
    }

    @Test
    void build_defaults_writesSecretAndIssuerOnly() {
        OtpAuthUri uri = new OtpAuthUri("Example Hosting", "alice@example.com", SEED);

        assertThat(uri.build()).isEqualTo(
                "otpauth://totp/Example%20Hosting:alice%40example.com?secret=" + B32 + "&issuer=Example%20Hosting");
    }

    @Test
    void build_nonDefaults_writesAlgorithmDigitsAndPeriod() {
        OtpAuthUri uri = new OtpAuthUri("Ex", "bob", SEED, Algorithm.SHA512, 7, Duration.ofSeconds(45));

        assertThat(uri.build()).isEqualTo("otpauth://totp/Ex:bob?secret=" + B32 + "&issuer=Ex&algorithm=SHA512&digits=7&period=45");
    }

    @Test
    void build_reservedAndUnicodeCharacters_arePercentEncodedPerRfc3986() {
        OtpAuthUri uri = new OtpAuthUri("A&B Co+ / Ünïcode", "a b?c=d#e%f", SEED);

        String text = uri.build();

        assertThat(text).startsWith("otpauth://totp/A%26B%20Co%2B%20%2F%20%C3%9Cn%C3%AFcode:a%20b%3Fc%3Dd%23e%25f?");
        assertThat(text).doesNotContain("+").endsWith("&issuer=A%26B%20Co%2B%20%2F%20%C3%9Cn%C3%AFcode");
        assertThat(URI.create(text).getScheme()).isEqualTo("otpauth");
        assertThat(OtpAuthUri.parse(text)).isEqualTo(uri);
    }

    @Test
    void constructor_colonInIssuerOrAccount_isRefused() {
        assertThatThrownBy(() -> new OtpAuthUri("Ex:ample", "bob", SEED))
                .isInstanceOf(InvalidOtpAuthUriException.class).hasMessageContaining("issuer").hasMessageContaining("':'");
        assertThatThrownBy(() -> new OtpAuthUri("Example", "bob:admin", SEED))
                .isInstanceOf(InvalidOtpAuthUriException.class).hasMessageContaining("account").hasMessageContaining("':'");
    }

    @Test
    void constructor_badComponents_areRefused() {
        assertThatThrownBy(() -> new OtpAuthUri(null, "bob", SEED)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new OtpAuthUri("Ex", "", SEED)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new OtpAuthUri("Ex", "bob", null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new OtpAuthUri("Ex", "bob", Secret.copyOf(new byte[10])))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("had 10");
        assertThatThrownBy(() -> new OtpAuthUri("Ex", "bob", SEED, Algorithm.SHA1, 9, Duration.ofSeconds(30)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("digits");
        assertThatThrownBy(() -> new OtpAuthUri("Ex", "bob", SEED, Algorithm.SHA1, 6, Duration.ofSeconds(121)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("period");
        assertThatThrownBy(() -> new OtpAuthUri("Ex", "line\nbreak", SEED))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("control");
        assertThatThrownBy(() -> new OtpAuthUri("Ex", "bad\uD800", SEED))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("surrogate");
        assertThatThrownBy(() -> new OtpAuthUri("Ex", "x".repeat(257), SEED))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("256");
    }

    @Test
    void buildThenParse_randomUnicodeIssuersAndAccounts_roundTrip() {
        Gen<int[]> settings = integers().between(0, 2).zip(integers().between(6, 8), integers().between(1, 120),
                (alg, digits, period) -> new int[] {alg, digits, period});
        qt().forAll(labelParts(), labelParts(), settings)
                .checkAssert((issuer, account, s) -> {
                    OtpAuthUri uri = new OtpAuthUri(issuer, account, SEED, Algorithm.values()[s[0]], s[1],
                            Duration.ofSeconds(s[2]));
                    String text = uri.build();

                    assertThat(text).doesNotContain("+").doesNotContain(" ");
                    assertThat(text.chars().allMatch(c -> c > 0x20 && c < 0x7f)).isTrue();
                    assertThat(OtpAuthUri.parse(text)).isEqualTo(uri);
                });
    }

    @Test
    void parse_keyUriVariants_areAccepted() {
        OtpAuthUri expected = new OtpAuthUri("Example Co", "alice@example.com", SEED);

        assertThat(OtpAuthUri.parse("otpauth://totp/Example%20Co:alice%40example.com?secret=" + B32 + "&issuer=Example%20Co"))
                .isEqualTo(expected);
        // Encoded colon, spaces before the account, lower-case secret, upper-case scheme and type.
        assertThat(OtpAuthUri.parse("OTPAUTH://TOTP/Example%20Co%3A%20%20alice@example.com?secret="
                + B32.toLowerCase() + "&issuer=Example%20Co")).isEqualTo(expected);
        // Issuer only as a parameter, or only in the label; unknown parameters ignored.
        assertThat(OtpAuthUri.parse("otpauth://totp/alice%40example.com?secret=" + B32 + "&issuer=Example%20Co&image=x"))
                .isEqualTo(expected);
        assertThat(OtpAuthUri.parse("otpauth://totp/Example%20Co:alice%40example.com?secret=" + B32)).isEqualTo(expected);
        // Explicit defaults.
        assertThat(OtpAuthUri.parse("otpauth://totp/Example%20Co:alice%40example.com?secret=" + B32
                + "&issuer=Example%20Co&algorithm=sha1&digits=6&period=30")).isEqualTo(expected);
        // Empty parameters (doubled or trailing '&') are skipped; a '/' in the query is not a label.
        assertThat(OtpAuthUri.parse("otpauth://totp/Example%20Co:alice%40example.com?&secret=" + B32
                + "&&issuer=Example%20Co&image=https://x/y.png&")).isEqualTo(expected);
        assertThat(OtpAuthUri.parse("otpauth://totp/Ex:bob?secret=" + B32 + "&period=120&digits=8&algorithm=Sha512"))
                .isEqualTo(new OtpAuthUri("Ex", "bob", SEED, Algorithm.SHA512, 8, Duration.ofSeconds(120)));
        assertThat(OtpAuthUri.parse("otpauth://totp/Ex:bob?secret=" + B32 + "&period=1").period())
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void parse_plusSign_staysAPlusSign() {
        OtpAuthUri parsed = OtpAuthUri.parse("otpauth://totp/A+B:bob?secret=" + B32 + "&issuer=A+B");

        assertThat(parsed.issuer()).isEqualTo("A+B");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "http://totp/Ex:bob?secret=" + B32 + "&issuer=Ex | scheme",
        "otpauth:totp/Ex:bob?secret=" + B32 + " | scheme",
        "otpauth://hotp/Ex:bob?secret=" + B32 + "&issuer=Ex&counter=0 | hotp",
        "otpauth://motp/Ex:bob?secret=" + B32 + " | type",
        "otpauth://totp?secret=" + B32 + "&issuer=Ex | label",
        "otpauth://totp/?secret=" + B32 + "&issuer=Ex | label has no account name",
        "otpauth://totp/Ex:?secret=" + B32 + "&issuer=Ex | label has no account name",
        "otpauth://totp/:bob?secret=" + B32 + "&issuer=Ex | issuer in the label must not be empty",
        "otpauth://totp/Ex:bob?secret=" + B32 + "&=Ex | malformed parameter",
        "otpauth://totp/Ex:bob?secret=" + B32 + "&period=0030 | period parameter",
        "otpauth://totp/Ex:bob?secret=" + B32 + "&x=/y#frag | fragment",
        "otpauth://totp?secret=" + B32 + "&x=/y | label",
        "otpauth://totp/Ex:bob:x?secret=" + B32 + "&issuer=Ex | at most one",
        "otpauth://totp/Ex:bob?issuer=Ex | no secret",
        "otpauth://totp/Ex:bob?secret=&issuer=Ex | no secret",
        "otpauth://totp/Ex:bob | no secret",
        "otpauth://totp/Ex:bob?secret=JBSWY3DPEHPK3PXP&issuer=Ex | at least 16 bytes",
        "otpauth://totp/Ex:bob?secret=" + B32 + "!&issuer=Ex | secret",
        "otpauth://totp/Ex:bob?secret=" + B32 + "&issuer=Other | differ",
        "otpauth://totp/bob?secret=" + B32 + " | no issuer",
        "otpauth://totp/Ex:bob?secret=" + B32 + "&digits=9 | digits parameter",
        "otpauth://totp/Ex:bob?secret=" + B32 + "&digits=٦ | digits parameter",
        "otpauth://totp/Ex:bob?secret=" + B32 + "&digits=+6 | digits parameter",
        "otpauth://totp/Ex:bob?secret=" + B32 + "&algorithm=MD5 | algorithm parameter",
        "otpauth://totp/Ex:bob?secret=" + B32 + "&algorithm=SHA384 | algorithm parameter",
        "otpauth://totp/Ex:bob?secret=" + B32 + "&period=0 | period parameter",
        "otpauth://totp/Ex:bob?secret=" + B32 + "&period=121 | period parameter",
        "otpauth://totp/Ex:bob?secret=" + B32 + "&period=-30 | period parameter",
        "otpauth://totp/Ex:bob?secret=" + B32 + "&period= | period parameter",
        "otpauth://totp/Ex:bob?secret=" + B32 + "&secret=" + B32 + " | more than once",
        "otpauth://totp/Ex:bob?secret=" + B32 + "&issuer | malformed parameter",
        "otpauth://totp/Ex:b%ZZob?secret=" + B32 + " | percent",
        "otpauth://totp/Ex:b%C3ob?secret=" + B32 + " | UTF-8",
        "otpauth://totp/Ex:bob?secret=" + B32 + "#frag | fragment",
        "otpauth://totp/Ex:böb?secret=" + B32 + " | percent",
    })
    void parse_malformed_isRefusedNamingThePartWithoutTheSecret(String uri, String expected) {
        assertThatThrownBy(() -> OtpAuthUri.parse(uri))
                .isInstanceOf(InvalidOtpAuthUriException.class)
                .hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(B32).doesNotContain("JBSWY3DP")
                        .doesNotContain("otpauth://"));
    }

    @Test
    void parse_nullOrTooLong_isRefused() {
        assertThatThrownBy(() -> OtpAuthUri.parse(null)).isInstanceOf(InvalidOtpAuthUriException.class);
        assertThatThrownBy(() -> OtpAuthUri.parse("otpauth://totp/Ex:" + "b".repeat(5000) + "?secret=" + B32))
                .isInstanceOf(InvalidOtpAuthUriException.class).hasMessageContaining("4096");
    }

    // ---- one length limit for build and parse ----

    /** A 128-byte secret: its Base32 is 205 characters. */
    private static final Secret LONGEST_SECRET = Secret.copyOf(new byte[TotpSecrets.MAX_IMPORT_LENGTH]);

    /**
     * A URI value of {@code 4096 + extra} characters as built: 237 fixed characters, an issuer of 150
     * euro signs (9 characters each percent-encoded, written twice) and an account of 128 euro signs
     * and {@code 7 + extra} letters.
     */
    private static OtpAuthUri ofBuiltLength(int extra) {
        return new OtpAuthUri("€".repeat(150), "€".repeat(128) + "a".repeat(7 + extra), LONGEST_SECRET);
    }

    @Test
    void buildThenParse_uriOfExactlyTheLimit_roundTrips() {
        OtpAuthUri uri = ofBuiltLength(0);

        String text = uri.build();

        assertThat(text).hasSize(OtpAuthUri.MAX_URI_LENGTH);
        assertThat(OtpAuthUri.parse(text)).isEqualTo(uri);
    }

    @Test
    void constructor_uriOneCharacterOverTheLimit_isRefusedWithoutTheNames() {
        assertThatThrownBy(() -> ofBuiltLength(1))
                .isInstanceOf(InvalidOtpAuthUriException.class)
                .hasMessageContaining("4097 characters, more than 4096")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("€").doesNotContain("aaaa"));
    }

    @Test
    void constructor_longestNamesThatFit_areAcceptedWhateverTheSettings() {
        OtpAuthUri uri = new OtpAuthUri("x".repeat(256), "y".repeat(256), LONGEST_SECRET, Algorithm.SHA512, 8,
                Duration.ofSeconds(120));

        assertThat(uri.build()).hasSizeLessThan(OtpAuthUri.MAX_URI_LENGTH);
        assertThat(OtpAuthUri.parse(uri.build())).isEqualTo(uri);
        assertThat(new OtpAuthUri("Ex", "y".repeat(256), SEED).accountName()).hasSize(256);
    }

    @Test
    void constructor_settingsCountTowardsTheLimit() {
        // At exactly the limit with the defaults, "&digits=8" takes the URI over it.
        OtpAuthUri atLimit = ofBuiltLength(0);

        assertThatThrownBy(() -> new OtpAuthUri(atLimit.issuer(), atLimit.accountName(), LONGEST_SECRET,
                Algorithm.SHA1, 8, Duration.ofSeconds(30)))
                .isInstanceOf(InvalidOtpAuthUriException.class).hasMessageContaining("4105 characters");
    }

    @Test
    void parse_textOfExactlyTheLimitIsRead_oneCharacterMoreIsNot() {
        String text = ofBuiltLength(0).build();

        assertThat(OtpAuthUri.parse(text).accountName()).endsWith("aaaaaaa");
        assertThatThrownBy(() -> OtpAuthUri.parse(text + "&"))
                .isInstanceOf(InvalidOtpAuthUriException.class).hasMessageContaining("at most 4096 characters");
    }

    @Test
    void parse_shortTextDescribingAUriOverTheLimit_isRefused() {
        // Without the issuer parameter the text is far under the limit, but build() would write 4097.
        String oneLetterMore = ofBuiltLength(0).build().replace("aaaaaaa?secret=", "aaaaaaaa?secret=");
        String issuerOnlyInTheLabel = oneLetterMore.substring(0, oneLetterMore.indexOf("&issuer="));
        assertThat(issuerOnlyInTheLabel.length()).isLessThan(3000);

        assertThatThrownBy(() -> OtpAuthUri.parse(issuerOnlyInTheLabel))
                .isInstanceOf(InvalidOtpAuthUriException.class).hasMessageContaining("4097 characters");
    }

    @Test
    void provisioningUri_namesTooLongTogether_isRefused() {
        Totp longIssuer = Totp.builder().issuer("€".repeat(200)).build(); // 1,800 characters encoded

        assertThatThrownBy(() -> longIssuer.provisioningUri(SEED, "€".repeat(256)))
                .isInstanceOf(InvalidOtpAuthUriException.class).hasMessageContaining("more than 4096");
        assertThat(longIssuer.provisioningUri(SEED, "bob")).hasSizeLessThan(OtpAuthUri.MAX_URI_LENGTH);
    }

    @Test
    void totpBuild_issuerThatCanNeverFitAUri_isRefused() {
        // 256 euro signs are 2,304 characters percent-encoded, written twice: over the limit alone.
        assertThatThrownBy(() -> Totp.builder().issuer("€".repeat(256)).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("issuer is too long")
                .hasMessageContaining("4673 characters, more than 4096")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("€"));
        // The longest issuer that leaves room for a one-character account name: with 18-byte
        // secrets (29 Base32 characters) that URI has exactly the limit.
        String fits = "€".repeat(224) + "a"; // 2,017 characters encoded
        Secret secret18 = Secret.copyOf(new byte[18]);
        Totp totp = Totp.builder().issuer(fits).secretLength(18).build();
        assertThat(totp.provisioningUri(secret18, "b")).hasSize(OtpAuthUri.MAX_URI_LENGTH);
        assertThatThrownBy(() -> Totp.builder().issuer(fits + "a").secretLength(18).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("4098 characters");
        assertThatThrownBy(() -> Totp.builder().issuer(fits).secretLength(20).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("4099 characters");
    }

    // ---- label rules ----

    @Test
    void constructor_whitespaceAtEitherEnd_isRefused() {
        for (String bad : new String[] {" Ex", "Ex ", "\tEx", "Ex\n", "\u00A0Ex", "Ex\u2003"}) {
            assertThatThrownBy(() -> new OtpAuthUri(bad, "bob", SEED)).as("issuer %s", bad.codePointAt(0))
                    .isInstanceOf(InvalidOtpAuthUriException.class)
                    .hasMessageContaining("issuer must not start or end with whitespace");
        }
        assertThat(new OtpAuthUri("E x", "b\u00A0ob", SEED).issuer()).isEqualTo("E x");
    }

    @Test
    void constructor_secretLengthAtTheLimits_isAcceptedAndOneByteBeyondRefused() {
        assertThat(new OtpAuthUri("Ex", "bob", Secret.copyOf(new byte[16])).secret().length()).isEqualTo(16);
        assertThat(new OtpAuthUri("Ex", "bob", LONGEST_SECRET).secret().length()).isEqualTo(128);
        assertThatThrownBy(() -> new OtpAuthUri("Ex", "bob", Secret.copyOf(new byte[15])))
                .isInstanceOf(InvalidOtpAuthUriException.class).hasMessage("secret must have 16 to 128 bytes, had 15");
        assertThatThrownBy(() -> new OtpAuthUri("Ex", "bob", Secret.copyOf(new byte[129])))
                .isInstanceOf(InvalidOtpAuthUriException.class).hasMessage("secret must have 16 to 128 bytes, had 129");
    }

    @Test
    void constructor_nullAlgorithmOrPeriod_isRefusedWithATypedError() {
        assertThatThrownBy(() -> new OtpAuthUri("Ex", "bob", SEED, null, 6, Duration.ofSeconds(30)))
                .isInstanceOf(InvalidOtpAuthUriException.class).hasMessage("algorithm must not be null");
        assertThatThrownBy(() -> new OtpAuthUri("Ex", "bob", SEED, Algorithm.SHA1, 6, null))
                .isInstanceOf(InvalidOtpAuthUriException.class).hasMessage("period must not be null");
    }

    @Test
    void constructor_nullOrEmptyNames_areRefusedNamingThePart() {
        assertThatThrownBy(() -> new OtpAuthUri(null, "bob", SEED)).hasMessage("issuer must not be null");
        assertThatThrownBy(() -> new OtpAuthUri("Ex", null, SEED)).hasMessage("account name must not be null");
        assertThatThrownBy(() -> new OtpAuthUri("", "bob", SEED)).hasMessage("issuer must not be empty");
    }

    @Test
    void toString_redactsTheSecret() {
        OtpAuthUri uri = new OtpAuthUri("Example", "bob", SEED);

        assertThat(uri.toString()).contains("Example", "bob", "redacted").doesNotContain(B32).doesNotContain("1234567890");
    }
}
