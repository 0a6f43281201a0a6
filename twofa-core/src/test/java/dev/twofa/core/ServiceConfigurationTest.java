package dev.twofa.core;

import static dev.twofa.core.fixtures.Fixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twofa.core.fixtures.FakeSmsChannel;
import dev.twofa.core.fixtures.Fixture;
import dev.twofa.core.fixtures.MemoryStore;
import dev.twofa.core.spi.PhoneNumberParser;
import dev.twofa.core.spi.SmsCodeChannel;
import dev.twofa.core.spi.TwoFactorProfile;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The builder's bounds and chaining, the service's description, and the customer texts that name
 * the active method.
 */
class ServiceConfigurationTest {

    @Test
    void builder_everySetterChained_buildsAWorkingService() {
        Fixture f = new Fixture();
        TwoFactorService service = TwoFactorService.builder().store(new MemoryStore()).clock(f.clock)
                .totpEnrollmentTimeout(Duration.ofMinutes(1)).smsLocale(a -> Locale.GERMAN)
                .phoneNumbers(PhoneNumber::parse).stepUpValidity(Duration.ofSeconds(30)).maxUpdateAttempts(1)
                .lockoutPolicy(LockoutPolicy.defaults()).sms(f.sms).totp(f.totp).build();

        assertThat(service.addNumber(ALICE, Fixture.NUMBER)).isInstanceOf(Changed.class);
        assertThat(service.sendVerificationCode(ALICE)).isInstanceOf(SmsSent.class);
        assertThat(((TotpSetup) service.startTotp(ALICE, "alice@example.com")).expiresAt())
                .isEqualTo(f.clock.instant().plus(Duration.ofMinutes(1)));
    }

    @Test
    void maxUpdateAttempts_bounds_oneToHundredThousand() {
        assertThatCode(() -> TwoFactorService.builder().maxUpdateAttempts(1)).doesNotThrowAnyException();
        assertThatCode(() -> TwoFactorService.builder().maxUpdateAttempts(100_000)).doesNotThrowAnyException();
        assertThatThrownBy(() -> TwoFactorService.builder().maxUpdateAttempts(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxUpdateAttempts");
        assertThatThrownBy(() -> TwoFactorService.builder().maxUpdateAttempts(100_001))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxUpdateAttempts");
        assertThatThrownBy(() -> TwoFactorService.builder().maxUpdateAttempts(5).maxUpdateAttempts(5))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void durations_exactBounds_accepted() {
        assertThatCode(() -> TwoFactorService.builder().stepUpValidity(Duration.ofSeconds(30))).doesNotThrowAnyException();
        assertThatCode(() -> TwoFactorService.builder().stepUpValidity(Duration.ofMinutes(15))).doesNotThrowAnyException();
        assertThatCode(() -> TwoFactorService.builder().totpEnrollmentTimeout(Duration.ofMinutes(1))).doesNotThrowAnyException();
        assertThatCode(() -> TwoFactorService.builder().totpEnrollmentTimeout(Duration.ofHours(1))).doesNotThrowAnyException();
        assertThatThrownBy(() -> TwoFactorService.builder().totpEnrollmentTimeout(Duration.ofHours(1).plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("totpEnrollmentTimeout");
        assertThatThrownBy(() -> TwoFactorService.builder().totpEnrollmentTimeout(Duration.ofSeconds(59)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("totpEnrollmentTimeout");
    }

    @Test
    void builder_phoneNumbersAndDefaultCallingCode_refused() {
        assertThatThrownBy(() -> TwoFactorService.builder().store(new MemoryStore()).sms(new FakeSmsChannel())
                .phoneNumbers(PhoneNumber::parse).defaultCallingCode("420").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("phoneNumbers");
        assertThatCode(() -> TwoFactorService.builder().store(new MemoryStore()).sms(new FakeSmsChannel())
                .defaultCallingCode("420").build()).doesNotThrowAnyException();
    }

    @Test
    void build_smsChannelWithNumberPolicy_policyReadsNumbersUnlessTheHostSetsItsOwn() {
        Fixture f = new Fixture();
        TwoFactorService channelPolicy = TwoFactorService.builder().store(new MemoryStore()).sms(new StrictSms(f.sms)).build();
        TwoFactorService hostParser = TwoFactorService.builder().store(new MemoryStore()).sms(new StrictSms(f.sms))
                .phoneNumbers(PhoneNumber::parse).build();
        TwoFactorService hostCallingCode = TwoFactorService.builder().store(new MemoryStore()).sms(new StrictSms(f.sms))
                .defaultCallingCode("420").build();

        assertThatThrownBy(() -> channelPolicy.addNumber(ALICE, Fixture.NUMBER))
                .isInstanceOfSatisfying(InvalidPhoneNumberException.class,
                        e -> assertThat(e.reason()).isEqualTo(InvalidPhoneNumberException.Reason.NOT_ALLOWED));
        assertThat(hostParser.addNumber(ALICE, Fixture.NUMBER)).isInstanceOf(Changed.class);
        assertThat(hostCallingCode.addNumber(ALICE, "601 123 456")).isInstanceOf(Changed.class);
    }

    /** The fake SMS channel with a number policy that allows no number. */
    private static final class StrictSms implements SmsCodeChannel {
        private final SmsCodeChannel delegate;

        StrictSms(SmsCodeChannel delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<PhoneNumberParser> phoneNumbers() {
            return Optional.of(typed -> {
                throw new InvalidPhoneNumberException(InvalidPhoneNumberException.Reason.NOT_ALLOWED, "not sent to");
            });
        }

        @Override
        public int codeDigits() {
            return delegate.codeDigits();
        }

        @Override
        public Duration resendCooldown() {
            return delegate.resendCooldown();
        }

        @Override
        public Issue issue(Request request) {
            return delegate.issue(request);
        }

        @Override
        public boolean matches(AccountId account, TwoFactorProfile.SmsChallenge challenge, String code) {
            return delegate.matches(account, challenge, code);
        }
    }

    @Test
    void toString_namesTheConfigurationWithoutSecrets() {
        Fixture both = new Fixture();
        TwoFactorService smsOnly = TwoFactorService.builder().store(new MemoryStore()).sms(new FakeSmsChannel()).build();
        TwoFactorService appOnly = TwoFactorService.builder().store(new MemoryStore()).totp(both.totp).build();

        assertThat(both.service.toString()).startsWith("TwoFactorService[sms=true, totp=true, lockout=LockoutPolicy[")
                .contains("guessingChance=" + both.service.guessingChance());
        assertThat(smsOnly.toString()).startsWith("TwoFactorService[sms=true, totp=false");
        assertThat(appOnly.toString()).startsWith("TwoFactorService[sms=false, totp=true");
    }

    @Test
    void deactivate_withoutProof_messageNamesTheActiveMethodInPlainWords() {
        Fixture sms = new Fixture();
        sms.smsActive();
        Fixture app = new Fixture();
        app.totpActive();

        Refused smsRefused = (Refused) sms.service.deactivate(ALICE, null);
        Refused appRefused = (Refused) app.service.deactivate(ALICE, null);

        assertThat(smsRefused.message()).contains("login via SMS").doesNotContain("TOTP", "step-up");
        assertThat(smsRefused.activeMethod()).isEqualTo(Method.SMS);
        assertThat(appRefused.message()).contains("the authenticator app").doesNotContain("TOTP", "step-up");
        assertThat(appRefused.activeMethod()).isEqualTo(Method.TOTP);
    }

    @Test
    void changeNumber_withoutProof_messageSaysWhichNumberIsMeant() {
        Fixture sms = new Fixture();
        sms.smsActive();
        Fixture app = new Fixture();
        app.service.addNumber(ALICE, Fixture.NUMBER);
        app.totpActive();

        Refused smsRefused = (Refused) sms.service.changeNumber(ALICE, "+420 777 000 111", null);
        Refused appRefused = (Refused) app.service.changeNumber(ALICE, "+420 777 000 111", null);

        assertThat(smsRefused.refusal()).isEqualTo(Refused.Refusal.STEP_UP_REQUIRED);
        assertThat(smsRefused.message()).contains("number used for login");
        assertThat(appRefused.refusal()).isEqualTo(Refused.Refusal.STEP_UP_REQUIRED);
        assertThat(appRefused.message()).doesNotContain("number used for login").contains("two-factor login is on");
    }

    @Test
    void totpSetup_toString_withoutUriAndKey() {
        Fixture f = new Fixture();
        TotpSetup setup = (TotpSetup) f.service.startTotp(ALICE, "alice@example.com");

        assertThat(setup.toString()).contains("redacted", "expiresAt=" + setup.expiresAt())
                .doesNotContain(setup.manualEntryKey(), setup.otpauthUri(), "secret=");
    }

    @Test
    void status_hasActiveMethod_onlyWhileAMethodIsOn() {
        Fixture f = new Fixture();
        assertThat(f.service.status(ALICE).hasActiveMethod()).isFalse();

        f.smsActive();

        assertThat(f.service.status(ALICE).hasActiveMethod()).isTrue();
    }

    @Test
    void invalidPhoneNumber_reason_saysWhy() {
        assertThatThrownBy(() -> PhoneNumber.parse("601 12x 456")).isInstanceOfSatisfying(InvalidPhoneNumberException.class,
                e -> assertThat(e.reason()).isEqualTo(InvalidPhoneNumberException.Reason.MALFORMED));
    }
}
