package dev.twofa.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twofa.core.AccountId;
import dev.twofa.core.Changed;
import dev.twofa.core.DeviceRemembered;
import dev.twofa.core.InvalidPhoneNumberException;
import dev.twofa.core.Refused;
import dev.twofa.core.Secret;
import dev.twofa.core.TotpSetup;
import dev.twofa.core.TwoFactorService;
import dev.twofa.core.Verified;
import dev.twofa.core.spi.SecretProtector;
import dev.twofa.sms.PhoneNumbers;
import dev.twofa.sms.SmsCodes;
import dev.twofa.testkit.AuthenticatorApp;
import dev.twofa.testkit.RecordingSmsSender;
import dev.twofa.testkit.SettableClock;
import dev.twofa.totp.Algorithm;
import dev.twofa.totp.Totp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Each {@code twofa.*} setting reaches what it configures. */
class TwoFactorSettingsTest {

    private static final AccountId ALICE = AccountId.of("alice");

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T10:00:00Z"));

    private ApplicationContextRunner runner() {
        return TwoFactorAutoConfigurationTest.memory().withBean(Clock.class, () -> clock);
    }

    @Test
    void totp_settings_reachTheChannel() {
        runner().withPropertyValues("twofa.totp.digits=8", "twofa.totp.period=60s", "twofa.totp.steps-back=2",
                "twofa.totp.steps-ahead=0", "twofa.totp.max-drift=0", "twofa.totp.algorithm=sha256").run(context -> {
                    Totp totp = context.getBean(Totp.class);
                    assertThat(totp.issuer()).isEqualTo("Example Hosting");
                    assertThat(totp.codeDigits()).isEqualTo(8);
                    assertThat(totp.period()).isEqualTo(Duration.ofSeconds(60));
                    assertThat(totp.stepsBack()).isEqualTo(2);
                    assertThat(totp.stepsAhead()).isZero();
                    assertThat(totp.maxDrift()).isZero();
                    assertThat(totp.algorithm()).isEqualTo(Algorithm.SHA256);
                });
    }

    @Test
    void sms_settings_reachTheChannelAndItsTexts() {
        RecordingSmsSender sender = new RecordingSmsSender();
        runner().withPropertyValues("twofa.sms.enabled=true", "twofa.sms.issuer=Hosting SMS",
                        "twofa.sms.code-digits=8", "twofa.sms.code-validity=3m", "twofa.sms.max-attempts-per-code=3",
                        "twofa.sms.resend-cooldown=45s", "twofa.sms.web-otp-domain=login.example.com")
                .withBean(RecordingSmsSender.class, () -> sender)
                .run(context -> {
                    SmsCodes sms = context.getBean(SmsCodes.class);
                    assertThat(sms.codeDigits()).isEqualTo(8);
                    assertThat(sms.codeValidity()).isEqualTo(Duration.ofMinutes(3));
                    assertThat(sms.maxAttemptsPerCode()).isEqualTo(3);
                    assertThat(sms.resendCooldown()).isEqualTo(Duration.ofSeconds(45));
                    TwoFactorService twoFactor = context.getBean(TwoFactorService.class);
                    twoFactor.addNumber(ALICE, "+420 601 123 456");
                    twoFactor.sendVerificationCode(ALICE);
                    String code = RecordingSmsSender.codeIn(sender.lastMessage());
                    assertThat(code).hasSize(8);
                    assertThat(sender.lastMessage().text()).startsWith("Hosting SMS")
                            .endsWith("@login.example.com #" + code);
                });
    }

    @Test
    void sms_issuerTooLongFromTheAppsIssuer_refusedSayingWhichPropertyToSet() {
        runner().withPropertyValues("twofa.sms.enabled=true", "twofa.totp.issuer=A Very Long Example Hosting Company")
                .withBean(RecordingSmsSender.class, RecordingSmsSender::new)
                .run(context -> assertThat(TwoFactorAutoConfigurationTest.analysis(context).getDescription())
                        .startsWith("twofa.sms.issuer (by default twofa.totp.issuer): "));
    }

    @Test
    void sms_ownIssuerTooLong_refusedNamingIt() {
        runner().withPropertyValues("twofa.sms.enabled=true", "twofa.sms.issuer=A Very Long Example Hosting Company")
                .withBean(RecordingSmsSender.class, RecordingSmsSender::new)
                .run(context -> assertThat(TwoFactorAutoConfigurationTest.analysis(context).getDescription())
                        .startsWith("twofa.sms.issuer: "));
    }

    @Test
    void issuer_blank_refusedAsNotSet() {
        runner().withPropertyValues("twofa.totp.issuer=").run(context ->
                assertThat(TwoFactorAutoConfigurationTest.analysis(context).getDescription())
                        .contains("twofa.totp.issuer is not set"));
    }

    @Test
    void service_enrollmentTimeoutStepUpAndLockout_reachTheService() {
        runner().withPropertyValues("twofa.totp.enrollment-timeout=5m", "twofa.step-up-validity=1m",
                "twofa.lockout.free-failures=2", "twofa.lockout.lock-after=5", "twofa.lockout.max-delay=10s",
                "twofa.lockout.lock-duration=2h", "twofa.lockout.permanent-lock-after=20").run(context -> {
                    TwoFactorService twoFactor = context.getBean(TwoFactorService.class);
                    assertThat(twoFactor.toString()).contains("freeFailures=2").contains("lockAfter=5")
                            .contains("maxDelay=PT10S").contains("lockDuration=PT2H").contains("permanentLockAfter=20");
                    AuthenticatorApp app = new AuthenticatorApp(clock);
                    TotpSetup setup = (TotpSetup) twoFactor.startTotp(ALICE, "alice");
                    assertThat(setup.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
                    app.addAccount(setup.otpauthUri());
                    Verified confirmed = (Verified) twoFactor.confirmTotp(ALICE, app.currentCode());
                    clock.advance(Duration.ofSeconds(61));    // past twofa.step-up-validity, within the default 5 min
                    assertThat(twoFactor.deactivate(ALICE, confirmed.proof())).isInstanceOf(Refused.class);
                });
    }

    @Test
    void trustedDevices_validityAndLimit_reachTheService() {
        runner().withPropertyValues("twofa.trusted-devices.validity=7d", "twofa.trusted-devices.max-per-account=1")
                .run(context -> {
                    TwoFactorService twoFactor = context.getBean(TwoFactorService.class);
                    AuthenticatorApp app = new AuthenticatorApp(clock);
                    app.addAccount(((TotpSetup) twoFactor.startTotp(ALICE, "alice")).otpauthUri());
                    Verified confirmed = (Verified) twoFactor.confirmTotp(ALICE, app.currentCode());
                    DeviceRemembered first = (DeviceRemembered) twoFactor.devices()
                            .remember(ALICE, confirmed.proof(), "Firefox on Windows");
                    assertThat(first.device().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(7)));
                    clock.advance(Duration.ofSeconds(30));    // another login, on another device: its own proof
                    Verified login = (Verified) twoFactor.completeLogin(ALICE, app.currentCode());
                    assertThat(twoFactor.devices().remember(ALICE, login.proof(), "Safari on iPhone"))
                            .isInstanceOf(DeviceRemembered.class);
                    assertThat(twoFactor.devices().list(ALICE)).singleElement()
                            .satisfies(d -> assertThat(d.label()).isEqualTo("Safari on iPhone"));
                });
    }

    @Test
    void phoneNumbers_allowedAndDeniedRegions_reachThePolicy() {
        runner().withPropertyValues("twofa.phone-numbers.allowed-regions=SK").run(context -> {
            TwoFactorService twoFactor = context.getBean(TwoFactorService.class);
            assertThatThrownBy(() -> twoFactor.addNumber(ALICE, "+420 601 123 456"))
                    .isInstanceOf(InvalidPhoneNumberException.class);
            assertThat(twoFactor.addNumber(ALICE, "+421 905 123 456")).isInstanceOf(Changed.class);
        });
        runner().withPropertyValues("twofa.phone-numbers.denied-regions=CZ").run(context ->
                assertThatThrownBy(() -> context.getBean(TwoFactorService.class).addNumber(ALICE, "+420 601 123 456"))
                        .isInstanceOf(InvalidPhoneNumberException.class));
    }

    @Test
    void phoneNumbers_hostSmsChannelWithItsOwnPolicy_serviceReadsNumbersWithIt() {
        RecordingSmsSender sender = new RecordingSmsSender();
        SmsCodes own = SmsCodes.builder(sender).issuer("Own")
                .phoneNumbers(PhoneNumbers.builder().defaultRegion("SK").build()).build();
        runner().withPropertyValues("twofa.sms.enabled=true", "twofa.phone-numbers.default-region=CZ")
                .withBean(SmsCodes.class, () -> own)
                .run(context -> {
                    TwoFactorService twoFactor = context.getBean(TwoFactorService.class);
                    twoFactor.addNumber(ALICE, "0905 123 456");
                    assertThat(twoFactor.status(ALICE).number().e164()).isEqualTo("+421905123456");
                });
    }

    @Test
    void secretProtector_hostsOwn_encryptsTheServicesSecrets() {
        AtomicInteger protects = new AtomicInteger();
        SecretProtector own = new SecretProtector() {
            @Override
            public Secret protect(AccountId account, Secret secret) {
                protects.incrementAndGet();
                return secret;
            }

            @Override
            public Secret unprotect(AccountId account, Secret stored) {
                return stored;
            }
        };
        runner().withBean(SecretProtector.class, () -> own).run(context -> {
            context.getBean(TwoFactorService.class).startTotp(ALICE, "alice");
            assertThat(protects).hasValue(1);
        });
    }
}
