package dev.twofa.sms;

import static dev.twofa.sms.Fixtures.ACCOUNT;
import static dev.twofa.sms.Fixtures.NUMBER;
import static dev.twofa.sms.Fixtures.T0;
import static dev.twofa.sms.Fixtures.builder;
import static dev.twofa.sms.Fixtures.sent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.twofa.core.AccountId;
import dev.twofa.core.PhoneNumber;
import dev.twofa.core.SmsPurpose;
import dev.twofa.core.spi.SmsCodeChannel.Request;
import dev.twofa.sms.Fixtures.RecordingSender;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SmsTextsTest {

    private static final Locale CZECH = Locale.forLanguageTag("cs");

    private String text(SmsCodes codes, RecordingSender sender, SmsPurpose purpose, Locale locale) {
        return text(codes, sender, purpose, locale, T0);
    }

    private String text(SmsCodes codes, RecordingSender sender, SmsPurpose purpose, Locale locale, Instant now) {
        sent(codes.issue(new Request(ACCOUNT, NUMBER, purpose, locale, now, null)));
        return sender.last().text();
    }

    private String text(SmsPurpose purpose, Locale locale) {
        RecordingSender sender = new RecordingSender();
        return text(builder(sender).secureRandom(Fixtures.fixedCode(123456)).build(), sender, purpose, locale);
    }

    @ParameterizedTest
    @EnumSource(SmsPurpose.class)
    void text_english_holdsCodeIssuerAndMinutes(SmsPurpose purpose) {
        String text = text(purpose, Locale.ENGLISH);

        assertThat(text).startsWith("Example Hosting: 123456 is your ").contains("valid for 5 minutes");
    }

    @ParameterizedTest
    @EnumSource(SmsPurpose.class)
    void text_czech_holdsCodeIssuerAndMinutesInCzech(SmsPurpose purpose) {
        String text = text(purpose, CZECH);

        assertThat(text).startsWith("Example Hosting: 123456 je váš ").contains("Platí 5 minut.")
                .doesNotContain("valid");
    }

    @Test
    void text_purposes_chooseDifferentSentences() {
        Set<String> english = new HashSet<>();
        Set<String> czech = new HashSet<>();
        for (SmsPurpose purpose : SmsPurpose.values()) {
            english.add(text(purpose, Locale.ENGLISH));
            czech.add(text(purpose, CZECH));
        }
        assertThat(english).hasSize(3);
        assertThat(czech).hasSize(3);
        assertThat(text(SmsPurpose.VERIFY_NUMBER, Locale.ENGLISH)).contains("verify this phone number");
        assertThat(text(SmsPurpose.LOGIN, Locale.ENGLISH)).contains("login code");
        assertThat(text(SmsPurpose.STEP_UP, Locale.ENGLISH)).contains("confirm a security change");
        assertThat(text(SmsPurpose.VERIFY_NUMBER, CZECH)).contains("ověření tohoto telefonního čísla");
        assertThat(text(SmsPurpose.LOGIN, CZECH)).contains("přihlašovací kód");
        assertThat(text(SmsPurpose.STEP_UP, CZECH)).contains("potvrzení změny zabezpečení");
    }

    @Test
    void text_languageWithoutTranslation_englishWithAsciiDigitsEvenWhereLocaleHasOthers() {
        // Arabic (Egypt) writes numbers with Arabic-Indic digits; the English text keeps 0-9.
        assertThat(text(SmsPurpose.LOGIN, Locale.forLanguageTag("ar-EG"))).contains("valid for 5 minutes")
                .startsWith("Example Hosting: 123456 is your ");
    }

    @Test
    void text_czechWithCountry_usesCzech() {
        assertThat(text(SmsPurpose.LOGIN, Locale.forLanguageTag("cs-CZ"))).contains("přihlašovací kód");
    }

    @Test
    void text_unknownLocaleOnCzechServer_fallsBackToEnglishNotDefaultLocale() {
        Locale previous = Locale.getDefault();
        try {
            Locale.setDefault(CZECH);
            assertThat(text(SmsPurpose.LOGIN, Locale.GERMAN)).contains("is your login code");
            assertThat(text(SmsPurpose.LOGIN, Locale.ROOT)).contains("is your login code");
            assertThat(text(SmsPurpose.LOGIN, Locale.forLanguageTag("en-GB"))).contains("is your login code");
        } finally {
            Locale.setDefault(previous);
        }
    }

    @Test
    void text_minutesOfValidity_pluralsPerLanguage() {
        String[][] expected = {
            {"1", "valid for 1 minute.", "Platí 1 minutu."},
            {"2", "valid for 2 minutes.", "Platí 2 minuty."},
            {"4", "valid for 4 minutes.", "Platí 4 minuty."},
            {"5", "valid for 5 minutes.", "Platí 5 minut."},
            {"10", "valid for 10 minutes.", "Platí 10 minut."},
        };
        for (String[] row : expected) {
            RecordingSender sender = new RecordingSender();
            SmsCodes codes = builder(sender).codeValidity(Duration.ofMinutes(Long.parseLong(row[0])))
                    .numberLimit(100, Duration.ofHours(1)).build();
            assertThat(text(codes, sender, SmsPurpose.LOGIN, Locale.ENGLISH)).contains(row[1]);
            // One cooldown later: the second send for the account would be refused at the same instant.
            assertThat(text(codes, sender, SmsPurpose.LOGIN, CZECH, T0.plusSeconds(30))).contains(row[2]);
        }
    }

    @Test
    void text_validityNotWholeMinutes_statesMinutesRoundedDown() {
        RecordingSender sender = new RecordingSender();
        SmsCodes codes = builder(sender).codeValidity(Duration.ofSeconds(150)).build();
        assertThat(text(codes, sender, SmsPurpose.LOGIN, Locale.ENGLISH)).contains("valid for 2 minutes");
    }

    @Test
    void text_webOtpDomain_lastLineIsAtDomainHashCode() {
        RecordingSender sender = new RecordingSender();
        SmsCodes codes = builder(sender).webOtpDomain("Login.Example.com").secureRandom(Fixtures.fixedCode(7))
                .build();

        String text = text(codes, sender, SmsPurpose.LOGIN, Locale.ENGLISH);

        String[] lines = text.split("\n", -1);
        assertThat(lines[lines.length - 1]).isEqualTo("@login.example.com #000007");
        assertThat(lines[lines.length - 2]).isEmpty();
        assertThat(lines[0]).startsWith("Example Hosting: 000007 is your login code.");
    }

    @Test
    void text_withoutWebOtpDomain_isOneLine() {
        assertThat(text(SmsPurpose.LOGIN, Locale.ENGLISH)).doesNotContain("\n").doesNotContain("@").doesNotContain("#");
    }

    @Test
    void message_localeAndPurpose_areThoseOfTheRequest() {
        RecordingSender sender = new RecordingSender();
        text(builder(sender).build(), sender, SmsPurpose.STEP_UP, CZECH);
        assertThat(sender.last().locale()).isEqualTo(CZECH);
        assertThat(sender.last().purpose()).isEqualTo(SmsPurpose.STEP_UP);
    }

    @Test
    void text_property_neverHoldsNumberOrAccount() {
        qt().withExamples(300)
                // Czech mobiles, +420 601 to 608: numbers the default phone number policy accepts
                .forAll(longs().between(601_000_000L, 608_999_999L), strings().basicLatinAlphabet().ofLengthBetween(8, 40),
                        integers().between(0, 5))
                .assuming((national, account, which) -> !account.isBlank())
                .checkAssert((national, account, which) -> {
                    PhoneNumber to = PhoneNumber.parse("+420" + national);
                    SmsPurpose purpose = SmsPurpose.values()[which % 3];
                    Locale locale = which < 3 ? Locale.ENGLISH : CZECH;
                    RecordingSender sender = new RecordingSender();
                    SmsCodes codes = builder(sender).webOtpDomain("example.com").build();
                    codes.issue(new Request(AccountId.of(account), to, purpose, locale, T0, null));
                    String text = sender.last().text();
                    assertThat(text).doesNotContain(to.e164()).doesNotContain(Long.toString(national))
                            .doesNotContain(account);
                });
    }

    @Test
    void bundles_sameKeysInEveryLanguage_oneSentencePerPurpose() throws IOException {
        Properties english = load("messages.properties");
        Properties czech = load("messages_cs.properties");
        Set<String> expected = new HashSet<>();
        for (SmsPurpose p : EnumSet.allOf(SmsPurpose.class)) {
            expected.add("sms." + p.name().toLowerCase(Locale.ROOT));
        }
        assertThat(english.stringPropertyNames()).isEqualTo(expected);
        assertThat(czech.stringPropertyNames()).isEqualTo(expected);
        for (String key : expected) {
            for (Properties bundle : new Properties[] {english, czech}) {
                assertThat(bundle.getProperty(key)).contains("{0}", "{1}", "{2}");
            }
        }
    }

    @Test
    void bundles_czech_readAsUtf8() {
        assertThat(text(SmsPurpose.LOGIN, CZECH)).contains("přihlašovací").doesNotContain("Ã").doesNotContain("\ufffd");
    }

    private static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = SmsTextsTest.class.getResourceAsStream("/dev/twofa/sms/" + name)) {
            assertThat(in).as(name).isNotNull();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }
}
