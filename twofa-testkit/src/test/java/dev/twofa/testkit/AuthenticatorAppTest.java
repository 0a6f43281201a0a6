package dev.twofa.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.twofa.core.AccountId;
import dev.twofa.core.Rejected;
import dev.twofa.core.Secret;
import dev.twofa.core.TotpSetup;
import dev.twofa.core.VerifyResult;
import dev.twofa.totp.ErrorCorrection;
import dev.twofa.totp.InvalidOtpAuthUriException;
import dev.twofa.totp.OtpAuthUri;
import dev.twofa.totp.QrCode;
import dev.twofa.totp.Totp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class AuthenticatorAppTest {

    private static final Secret SECRET = Secret.copyOf("twenty bytes secret!".getBytes(StandardCharsets.US_ASCII));
    private static final Totp EXAMPLE = Totp.builder().issuer("Example Hosting").build();
    private static final String URI = EXAMPLE.provisioningUri(SECRET, "alice@example.com");

    private final SettableClock clock = new SettableClock(Instant.parse("2026-02-03T04:05:06Z"));
    private final AuthenticatorApp app = new AuthenticatorApp(clock);

    @Test
    void addAccount_uri_showsTheCodeTotpMakesNow() {
        OtpAuthUri added = app.addAccount(URI);

        assertThat(added.issuer()).isEqualTo("Example Hosting");
        assertThat(added.accountName()).isEqualTo("alice@example.com");
        assertThat(app.accounts()).containsExactly("Example Hosting:alice@example.com");
        assertThat(app.currentCode()).isEqualTo(EXAMPLE.generate(SECRET, clock.instant())).hasSize(6);
        assertThat(app.currentCode("Example Hosting")).isEqualTo(app.currentCode());
    }

    @Test
    void currentCode_clockAdvancedAStep_changesToThatStepsCode() {
        app.addAccount(URI);

        clock.advance(Duration.ofSeconds(30));

        assertThat(app.currentCode()).isEqualTo(EXAMPLE.generate(SECRET, clock.instant()));
        assertThat(app.codeAt(clock.instant().minusSeconds(30))).isEqualTo(EXAMPLE.generate(SECRET,
                clock.instant().minusSeconds(30)));
    }

    static final String RFC_SEED_SHA1 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    static final String RFC_SEED_SHA256 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA";
    static final String RFC_SEED_SHA512 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            + "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA";

    @Test
    void addAccount_uriWithAlgorithmDigitsAndPeriod_usesThem_rfc6238AppendixB() {
        app.addAccount("otpauth://totp/RFC:sha1?secret=" + RFC_SEED_SHA1 + "&issuer=RFC&digits=8");
        app.addAccount("otpauth://totp/RFC:sha256?secret=" + RFC_SEED_SHA256 + "&issuer=RFC&digits=8&algorithm=SHA256");
        app.addAccount("otpauth://totp/RFC:sha512?secret=" + RFC_SEED_SHA512
                + "&issuer=RFC&digits=8&algorithm=SHA512");
        app.addAccount("otpauth://totp/Slow:sixty?secret=" + RFC_SEED_SHA1 + "&issuer=Slow&period=60");

        clock.set(Instant.ofEpochSecond(59));

        assertThat(app.currentCode("RFC:sha1")).isEqualTo("94287082");
        assertThat(app.currentCode("RFC:sha256")).isEqualTo("46119246");
        assertThat(app.currentCode("RFC:sha512")).isEqualTo("90693936");
        assertThat(app.codeAt("sha1", Instant.ofEpochSecond(1111111109))).isEqualTo("07081804");
        assertThat(app.currentCode("Slow")).isEqualTo(app.codeAt("Slow", Instant.ofEpochSecond(0)));
        assertThat(app.codeAt("Slow", Instant.ofEpochSecond(60))).isNotEqualTo(app.currentCode("Slow"));
    }

    @Test
    void scanPng_qrCodeOfTheUri_addsTheAccount() {
        OtpAuthUri scanned = app.scanPng(QrCode.defaults().png(URI));

        assertThat(scanned.build()).isEqualTo(URI);
        assertThat(app.currentCode()).isEqualTo(EXAMPLE.generate(SECRET, clock.instant()));
    }

    @Test
    void scanSvg_qrCodeOfTheUri_addsTheAccount() {
        OtpAuthUri scanned = app.scanSvg(QrCode.defaults().svg(URI));

        assertThat(scanned.build()).isEqualTo(URI);
        assertThat(app.currentCode()).isEqualTo(EXAMPLE.generate(SECRET, clock.instant()));
    }

    @Test
    void scan_anyUriRenderedWithAnyOptions_readsBackTheSameAccount() {
        qt().withExamples(40).withFixedSeed(20260101L)
                .forAll(integers().between(16, 64), strings().basicLatinAlphabet().ofLengthBetween(1, 40),
                        arbitrary().enumValues(ErrorCorrection.class), integers().between(1, 8))
                .checkAssert((secretLength, rawName, level, moduleSize) -> {
                    byte[] bytes = new byte[secretLength];
                    for (int i = 0; i < bytes.length; i++) {
                        bytes[i] = (byte) (rawName.hashCode() * 31 + i * 7);
                    }
                    String name = "user " + rawName.replace(":", "").strip();
                    String uri = EXAMPLE.provisioningUri(Secret.copyOf(bytes), name.strip());
                    QrCode qr = QrCode.builder().errorCorrection(level).moduleSize(moduleSize).build();
                    AuthenticatorApp phone = new AuthenticatorApp(clock);

                    assertThat(phone.scanPng(qr.png(uri)).build()).isEqualTo(uri);
                    assertThat(phone.scanSvg(qr.svg(uri)).build()).isEqualTo(uri);
                    assertThat(phone.currentCode()).isEqualTo(EXAMPLE.generate(Secret.copyOf(bytes), clock.instant()));
                });
    }

    @Test
    void scan_imagesThatAreNotQrCodes_areRefused() {
        assertThatThrownBy(() -> app.scanPng(new byte[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a PNG");
        assertThatThrownBy(() -> app.scanSvg("<svg viewBox=\"0 0 9 9\"/>")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no readable QR code");
        assertThatThrownBy(() -> app.scanPng(QrCode.defaults().png("https://example.com/not-otpauth")))
                .isInstanceOf(InvalidOtpAuthUriException.class)
                .hasMessageNotContaining("example.com");
        assertThat(app.accounts()).isEmpty();
    }

    @Test
    void withClockSkew_phoneAheadOrBehind_showsTheCodeOfItsOwnTime() {
        app.addAccount(URI);

        AuthenticatorApp ahead = app.withClockSkew(Duration.ofSeconds(45));
        AuthenticatorApp behind = app.withClockSkew(Duration.ofSeconds(-45));

        assertThat(ahead.currentCode()).isEqualTo(EXAMPLE.generate(SECRET, clock.instant().plusSeconds(45)));
        assertThat(behind.currentCode()).isEqualTo(EXAMPLE.generate(SECRET, clock.instant().minusSeconds(45)));
        assertThat(behind.withClockSkew(Duration.ZERO).currentCode()).isEqualTo(app.currentCode());
        assertThat(ahead.clockSkew()).isEqualTo(Duration.ofSeconds(45));
        assertThat(app.clockSkew()).isZero();
    }

    @Test
    void withClockSkew_viewsShareTheAccounts() {
        AuthenticatorApp behind = app.withClockSkew(Duration.ofMinutes(-2));

        app.addAccount(URI);

        assertThat(behind.accounts()).containsExactly("Example Hosting:alice@example.com");
    }

    @Test
    void withClockSkew_throughTheService_oneStepOffIsAcceptedTwoStepsOffIsNot() {
        TwoFactorTestKit kit = TwoFactorTestKit.create();
        AccountId alice = AccountId.of("alice");
        TotpSetup setup = (TotpSetup) kit.service().startTotp(alice, "alice@example.com");
        kit.app().scanPng(QrCode.defaults().png(setup.otpauthUri()));
        AuthenticatorApp slowPhone = kit.app().withClockSkew(Duration.ofSeconds(-30));
        AuthenticatorApp verySlowPhone = kit.app().withClockSkew(Duration.ofSeconds(-60));

        VerifyResult tooSlow = kit.service().confirmTotp(alice, verySlowPhone.currentCode());
        kit.clock().advance(Duration.ofSeconds(2)); // past the short delay after the failure
        VerifyResult slowButOk = kit.service().confirmTotp(alice, slowPhone.currentCode());

        assertThat(tooSlow).isInstanceOfSatisfying(Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(Rejected.Reason.WRONG_CODE));
        assertThat(slowButOk.verified()).isTrue();
    }

    @Test
    void currentCode_severalAccounts_needsAName() {
        app.addAccount(URI);
        app.addAccount(EXAMPLE.provisioningUri(SECRET, "bob@example.com"));
        app.addAccount(Totp.builder().issuer("Other Shop").build().provisioningUri(SECRET, "alice@example.com"));

        assertThat(app.accounts()).containsExactly("Example Hosting:alice@example.com",
                "Example Hosting:bob@example.com", "Other Shop:alice@example.com");
        assertThat(app.currentCode("Other Shop")).isEqualTo(app.currentCode("Example Hosting:alice@example.com"));
        assertThat(app.currentCode("bob@example.com")).isEqualTo(app.currentCode("Example Hosting:bob@example.com"));
        assertThatThrownBy(() -> app.currentCode()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has 3 accounts");
        assertThatThrownBy(() -> app.currentCode("Example Hosting")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("names 2 accounts [Example Hosting:alice@example.com, Example Hosting:bob@example.com]")
                .hasMessageContaining("Issuer:account");
        assertThatThrownBy(() -> app.currentCode("alice@example.com")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> app.currentCode("Nobody")).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("no account named \"Nobody\"");
    }

    @Test
    void currentCode_noAccount_isRefused() {
        assertThatThrownBy(() -> app.currentCode()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has 0 accounts");
    }

    @Test
    void addAccount_sameIssuerAndAccountAgain_replacesTheOldSecret() {
        app.addAccount(URI);
        Secret newSecret = Secret.copyOf("another twenty bytes".getBytes(StandardCharsets.US_ASCII));

        app.addAccount(EXAMPLE.provisioningUri(newSecret, "alice@example.com"));

        assertThat(app.accounts()).hasSize(1);
        assertThat(app.currentCode()).isEqualTo(EXAMPLE.generate(newSecret, clock.instant()));
    }

    @Test
    void remove_account_isGone() {
        app.addAccount(URI);

        assertThat(app.remove("Example Hosting")).isTrue();
        assertThat(app.remove("Example Hosting")).isFalse();
        assertThat(app.accounts()).isEmpty();
    }

    @Test
    void toString_showsLabelsNeverTheSecret() {
        app.addAccount(URI);

        assertThat(app.toString())
                .isEqualTo("AuthenticatorApp[accounts=[Example Hosting:alice@example.com], clockSkew=PT0S]")
                .doesNotContain(new OtpAuthUri("Example Hosting", "alice@example.com", SECRET).build().split("secret=")[1]
                        .substring(0, 16));
    }

    @Test
    void addAndRead_fromManyThreadsAtOnce_everyAccountIsThereAndCodesAreRight() throws Exception {
        Concurrently.run(Concurrently.THREADS, i -> () -> {
            for (int k = 0; k < 20; k++) {
                app.addAccount(EXAMPLE.provisioningUri(SECRET, "user" + i + "-" + k));
                assertThat(app.currentCode("Example Hosting:user" + i + "-" + k))
                        .isEqualTo(EXAMPLE.generate(SECRET, clock.instant()));
            }
            return null;
        });

        assertThat(app.accounts()).hasSize(Concurrently.THREADS * 20).doesNotHaveDuplicates();
    }
}
