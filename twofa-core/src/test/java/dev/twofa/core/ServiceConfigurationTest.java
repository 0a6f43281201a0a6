package dev.twofa.core;

import static dev.twofa.core.fixtures.Fixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twofa.core.fixtures.FakeSmsChannel;
import dev.twofa.core.fixtures.Fixture;
import dev.twofa.core.fixtures.MemoryStore;
import java.time.Duration;
import java.util.Locale;
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
