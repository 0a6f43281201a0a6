package dev.twofa.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twofa.core.AccountId;
import dev.twofa.core.Changed;
import dev.twofa.core.InvalidPhoneNumberException;
import dev.twofa.core.PhoneNumber;
import dev.twofa.core.SmsNotSent;
import dev.twofa.core.SmsSent;
import dev.twofa.core.TwoFactorService;
import dev.twofa.core.spi.ProfileStore;
import dev.twofa.core.spi.TwoFactorProfile;
import dev.twofa.sms.Fixtures.RecordingSender;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** PhoneNumbers registered with twofa-core's service, as a host does it. */
class PhoneNumbersServiceTest {

    private static final AccountId ACCOUNT = AccountId.of("customer-4711");

    private final MemoryStore store = new MemoryStore();
    private final RecordingSender sender = new RecordingSender();
    private final PhoneNumbers phoneNumbers = PhoneNumbers.builder().defaultRegion("CZ").build();

    private TwoFactorService service(SmsCodes sms) {
        return TwoFactorService.builder()
                .store(store)
                .sms(sms)
                .phoneNumbers(phoneNumbers)
                .clock(Clock.fixed(Fixtures.T0, ZoneOffset.UTC))
                .build();
    }

    @Test
    void addNumber_nationalFormWithParser_storedAsE164AndVerificationCodeSent() {
        TwoFactorService twoFactor = service(Fixtures.builder(sender).phoneNumbers(phoneNumbers).build());

        assertThat(twoFactor.addNumber(ACCOUNT, "601 123 456")).isInstanceOf(Changed.class);

        assertThat(twoFactor.status(ACCOUNT).number()).isEqualTo(new PhoneNumber("+420601123456"));
        assertThat(twoFactor.sendVerificationCode(ACCOUNT)).isInstanceOf(SmsSent.class);
        assertThat(sender.last().destination().e164()).isEqualTo("+420601123456");
    }

    @Test
    void addNumber_policyRegisteredOnlyWithSmsCodes_serviceReadsNumbersWithIt() {
        TwoFactorService twoFactor = TwoFactorService.builder().store(store)
                .sms(Fixtures.builder(sender).phoneNumbers(phoneNumbers).build())
                .clock(Clock.fixed(Fixtures.T0, ZoneOffset.UTC)).build();

        assertThat(twoFactor.addNumber(ACCOUNT, "601 123 456")).isInstanceOf(Changed.class);

        assertThat(twoFactor.status(ACCOUNT).number()).isEqualTo(new PhoneNumber("+420601123456"));
        assertThatThrownBy(() -> TwoFactorService.builder().store(store).defaultCallingCode("420")
                .phoneNumbers(phoneNumbers).sms(Fixtures.builder(sender).build()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not both");
    }

    @Test
    void addNumber_trunkZeroInParentheses_storedAsRealNumber() {
        TwoFactorService twoFactor = service(Fixtures.builder(sender).build());

        twoFactor.addNumber(ACCOUNT, "+420 (0)601 123 456");

        assertThat(twoFactor.status(ACCOUNT).number().e164()).isEqualTo("+420601123456");
    }

    @Test
    void addNumber_premiumRate_refusedTypedAndNothingStored() {
        TwoFactorService twoFactor = service(Fixtures.builder(sender).build());

        assertThatThrownBy(() -> twoFactor.addNumber(ACCOUNT, "900 123 456"))
                .isInstanceOfSatisfying(InvalidPhoneNumberException.class, e -> {
                    assertThat(e.reason()).isEqualTo(InvalidPhoneNumberException.Reason.NOT_FOR_SMS);
                    assertThat(e.getMessage()).contains("premium-rate").doesNotContain("900123456");
                });
        assertThat(store.saved.get()).isFalse();
        assertThat(twoFactor.status(ACCOUNT).number()).isNull();
    }

    @Test
    void sendVerificationCode_numberStoredBeforePolicy_refusedDestinationNotAllowed() {
        // Stored by a service that opted out of the policy (any E.164 number), then the policy came in.
        TwoFactorService before = TwoFactorService.builder().store(store)
                .sms(Fixtures.builder(sender).phoneNumbers(typed -> PhoneNumber.parse(typed)).build())
                .clock(Clock.fixed(Fixtures.T0, ZoneOffset.UTC)).build();
        before.addNumber(ACCOUNT, "+420 212 345 678");   // a fixed line
        TwoFactorService after = service(Fixtures.builder(sender).phoneNumbers(phoneNumbers).build());

        assertThat(after.sendVerificationCode(ACCOUNT)).isInstanceOfSatisfying(SmsNotSent.class,
                notSent -> assertThat(notSent.reason()).isEqualTo(SmsNotSent.Reason.DESTINATION_NOT_ALLOWED));
        assertThat(sender.messages).isEmpty();
    }

    @Test
    void addNumber_serviceWithDefaultSmsCodes_premiumRateRefusedTypedAndNothingStored() {
        // No phoneNumbers(...) anywhere: the service takes the SMS channel's default policy.
        TwoFactorService twoFactor = TwoFactorService.builder().store(store).sms(Fixtures.builder(sender).build())
                .clock(Clock.fixed(Fixtures.T0, ZoneOffset.UTC)).build();

        for (String typed : new String[] {"+44 (0)909 879 0879", "+44 871 984 6000"}) {
            assertThatThrownBy(() -> twoFactor.addNumber(ACCOUNT, typed))
                    .isInstanceOfSatisfying(InvalidPhoneNumberException.class, e -> {
                        assertThat(e.reason()).isEqualTo(InvalidPhoneNumberException.Reason.NOT_FOR_SMS);
                        assertThat(e.getMessage()).contains("premium-rate").doesNotContain("8790879")
                                .doesNotContain("9846000");
                    });
        }
        assertThatThrownBy(() -> twoFactor.addNumber(ACCOUNT, "+881 6 3245 6789"))
                .isInstanceOfSatisfying(InvalidPhoneNumberException.class, e ->
                        assertThat(e.reason()).isEqualTo(InvalidPhoneNumberException.Reason.NOT_ALLOWED));
        assertThat(store.saved.get()).isFalse();
        assertThat(twoFactor.status(ACCOUNT).number()).isNull();
        assertThat(sender.messages).isEmpty();
    }

    @Test
    void addNumber_serviceWithDefaultSmsCodes_trunkZeroDroppedAndVerificationCodeSent() {
        TwoFactorService twoFactor = TwoFactorService.builder().store(store).sms(Fixtures.builder(sender).build())
                .clock(Clock.fixed(Fixtures.T0, ZoneOffset.UTC)).build();

        assertThat(twoFactor.addNumber(ACCOUNT, "+44 (0)7400 123456")).isInstanceOf(Changed.class);

        assertThat(twoFactor.status(ACCOUNT).number()).isEqualTo(new PhoneNumber("+447400123456"));
        assertThat(twoFactor.sendVerificationCode(ACCOUNT)).isInstanceOf(SmsSent.class);
        assertThat(sender.last().destination().e164()).isEqualTo("+447400123456");
    }

    /** A compare-and-set store in memory. Thread-safe. */
    static final class MemoryStore implements ProfileStore {
        private final ConcurrentHashMap<AccountId, TwoFactorProfile> rows = new ConcurrentHashMap<>();
        final AtomicBoolean saved = new AtomicBoolean();

        @Override
        public Optional<TwoFactorProfile> load(AccountId account) {
            return Optional.ofNullable(rows.get(account));
        }

        @Override
        public boolean compareAndSet(long expectedVersion, TwoFactorProfile profile) {
            AtomicBoolean written = new AtomicBoolean();
            rows.compute(profile.account(), (k, old) -> {
                if ((old == null ? 0 : old.version()) != expectedVersion) {
                    return old;
                }
                written.set(true);
                return profile;
            });
            saved.compareAndSet(false, written.get());
            return written.get();
        }
    }
}
