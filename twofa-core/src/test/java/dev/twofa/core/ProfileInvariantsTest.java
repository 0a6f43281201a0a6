package dev.twofa.core;

import static dev.twofa.core.fixtures.Fixture.ALICE;
import static dev.twofa.core.fixtures.Fixture.E164;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twofa.core.fixtures.Fixture;
import dev.twofa.core.spi.ProfileStore;
import dev.twofa.core.spi.TwoFactorProfile;
import dev.twofa.core.spi.TwoFactorProfile.Failures;
import dev.twofa.core.spi.TwoFactorProfile.PhoneState;
import dev.twofa.core.spi.TwoFactorProfile.SmsChallenge;
import dev.twofa.core.spi.TwoFactorProfile.StoredProof;
import dev.twofa.core.spi.TwoFactorProfile.TotpState;
import dev.twofa.core.spi.TwoFactorProfile.Verification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The stored record refuses what breaks an invariant (so a corrupt row never becomes a profile),
 * and the account key refuses what would break logs and stores.
 */
class ProfileInvariantsTest {

    private static final Instant T = Instant.parse("2026-11-27T10:00:00Z");
    private static final Secret SECRET = Secret.copyOf(new byte[20]);
    private static final PhoneState VERIFIED = new PhoneState(E164, Verification.SMS);
    private static final PhoneState UNVERIFIED = new PhoneState(E164, Verification.UNVERIFIED);
    private static final PhoneNumber OTHER = new PhoneNumber("+420777000111");

    private static TwoFactorProfile profile(long version, Method active, PhoneState phone, PhoneNumber pending,
            TotpState totp, Failures failures, List<StoredProof> proofs, List<Secret> codes) {
        return new TwoFactorProfile(ALICE, version, active, phone, pending, totp, null, failures, proofs, codes);
    }

    private static List<StoredProof> proofs(int n) {
        List<StoredProof> proofs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            proofs.add(new StoredProof(Secret.copyOf(new byte[] {(byte) i}), Method.SMS, T));
        }
        return proofs;
    }

    // ------------------------------------------------------------------ TwoFactorProfile

    @Test
    void profile_smsActiveWithoutVerifiedNumber_refused() {
        assertThatThrownBy(() -> profile(1, Method.SMS, UNVERIFIED, null, null, Failures.NONE, List.of(), List.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("verified number");
        assertThatThrownBy(() -> profile(1, Method.SMS, null, null, null, Failures.NONE, List.of(), List.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("verified number");
        assertThatCode(() -> profile(1, Method.SMS, VERIFIED, null, null, Failures.NONE, List.of(), List.of()))
                .doesNotThrowAnyException();
        assertThatCode(() -> profile(1, Method.SMS, new PhoneState(E164, Verification.PERSON), null, null,
                Failures.NONE, List.of(), List.of())).doesNotThrowAnyException();
    }

    @Test
    void profile_totpActiveWithoutSecret_refused() {
        assertThatThrownBy(() -> profile(1, Method.TOTP, null, null, null, Failures.NONE, List.of(), List.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("secret");
        assertThatCode(() -> profile(1, Method.TOTP, null, null, new TotpState(SECRET, T, -1), Failures.NONE,
                List.of(), List.of())).doesNotThrowAnyException();
    }

    @Test
    void profile_pendingNumberWithoutSmsActive_refused() {
        assertThatThrownBy(() -> profile(1, null, VERIFIED, OTHER, null, Failures.NONE, List.of(), List.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("pending number");
        assertThatThrownBy(() -> profile(1, Method.TOTP, VERIFIED, OTHER, new TotpState(SECRET, T, -1), Failures.NONE,
                List.of(), List.of())).isInstanceOf(InvalidInputException.class).hasMessageContaining("pending number");
        assertThatCode(() -> profile(1, Method.SMS, VERIFIED, OTHER, null, Failures.NONE, List.of(), List.of()))
                .doesNotThrowAnyException();
    }

    @Test
    void profile_moreThanEightProofs_refused() {
        assertThatThrownBy(() -> profile(1, Method.SMS, VERIFIED, null, null, Failures.NONE,
                proofs(TwoFactorProfile.MAX_PROOFS + 1), List.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(String.valueOf(TwoFactorProfile.MAX_PROOFS));
        assertThat(profile(1, Method.SMS, VERIFIED, null, null, Failures.NONE, proofs(TwoFactorProfile.MAX_PROOFS),
                List.of()).proofs()).hasSize(8);
        assertThatThrownBy(() -> TwoFactorProfile.empty(ALICE).withProofs(proofs(9)))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void profile_negativeVersion_refused() {
        assertThatThrownBy(() -> profile(-1, null, null, null, null, Failures.NONE, List.of(), List.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("version");
        assertThat(profile(0, null, null, null, null, Failures.NONE, List.of(), List.of()).version()).isZero();
        assertThatThrownBy(() -> TwoFactorProfile.empty(ALICE).withVersion(-1)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void profile_nullComponents_refused() {
        assertThatThrownBy(() -> new TwoFactorProfile(null, 0, null, null, null, null, null, Failures.NONE, List.of(), List.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("account");
        assertThatThrownBy(() -> profile(0, null, null, null, null, null, List.of(), List.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("failures");
        assertThatThrownBy(() -> profile(0, null, null, null, null, Failures.NONE, null, List.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("proofs");
        assertThatThrownBy(() -> profile(0, null, null, null, null, Failures.NONE, List.of(), null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("recoveryCodes");
    }

    @Test
    void profile_listsCopied_laterChangesToTheCallersListsNotSeen() {
        List<StoredProof> proofs = new ArrayList<>(proofs(2));
        List<Secret> codes = new ArrayList<>(List.of(SECRET));
        TwoFactorProfile p = profile(1, Method.SMS, VERIFIED, null, null, Failures.NONE, proofs, codes);

        proofs.clear();
        codes.clear();

        assertThat(p.proofs()).hasSize(2);
        assertThat(p.recoveryCodes()).hasSize(1);
        assertThatThrownBy(() -> p.proofs().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> p.recoveryCodes().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void profile_withers_changeOnlyTheirComponent() {
        TwoFactorProfile p = profile(3, Method.SMS, VERIFIED, OTHER, null, Failures.NONE, proofs(1), List.of(SECRET));
        SmsChallenge c = new SmsChallenge("id", SmsPurpose.LOGIN, E164, SECRET, T, T.plusSeconds(300), 5);
        Failures f = new Failures(2, T, null, 4);

        assertThat(p.withSmsChallenge(c)).isEqualTo(new TwoFactorProfile(ALICE, 3, Method.SMS, VERIFIED, OTHER, null, c,
                Failures.NONE, proofs(1), List.of(SECRET)));
        assertThat(p.withFailures(f).failures()).isEqualTo(f);
        assertThat(p.withFailures(f).withFailures(Failures.NONE)).isEqualTo(p);
        assertThat(p.withRecoveryCodes(List.of()).recoveryCodes()).isEmpty();
        assertThat(p.withProofs(List.of()).withProofs(proofs(1))).isEqualTo(p);
        assertThat(p.withVersion(7).version()).isEqualTo(7);
        assertThat(p.withVersion(7).withVersion(3)).isEqualTo(p);
        assertThat(p.withPhone(VERIFIED, null).pendingNumber()).isNull();
        assertThat(p.withActiveMethod(Method.SMS)).isEqualTo(p);
        TotpState totp = new TotpState(SECRET, T, -1);
        TwoFactorProfile pending = TwoFactorProfile.empty(ALICE).withTotp(totp);
        assertThat(pending.totpPending()).isTrue();
        assertThat(pending.withActiveMethod(Method.TOTP).totpPending()).isFalse();
        assertThat(TwoFactorProfile.empty(ALICE).totpPending()).isFalse();
    }

    @Test
    void profile_toString_countsProofsAndCodesWithoutThem() {
        TwoFactorProfile p = profile(1, Method.SMS, VERIFIED, null, null, Failures.NONE, proofs(3), List.of(SECRET, SECRET));

        assertThat(p.toString()).contains("proofs=3", "recoveryCodes=2", "version=1", "activeMethod=SMS")
                .doesNotContain("601123456");
    }

    @Test
    void failures_negativeEpoch_refused() {
        assertThatThrownBy(() -> new Failures(0, null, null, -1)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("epoch");
        assertThatThrownBy(() -> new Failures(-1, null, null)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("negative");
        assertThat(new Failures(0, null, null, 0)).isEqualTo(Failures.NONE).isEqualTo(new Failures(0, null, null));
    }

    @Test
    void failures_helpers_countResetAndClear() {
        Failures two = new Failures(2, T, null, 3);

        assertThat(two.plusOne(T.plusSeconds(1), T.plusSeconds(60))).isEqualTo(new Failures(3, T.plusSeconds(1), T.plusSeconds(60), 3));
        assertThat(two.reset()).isEqualTo(new Failures(0, null, null, 4));
        assertThat(two.reset().clear()).isTrue();
        assertThat(two.clear()).isFalse();
        assertThat(new Failures(0, T, null).clear()).isFalse();
        assertThat(new Failures(0, null, T).clear()).isFalse();
        assertThat(Failures.NONE.clear()).isTrue();
    }

    @Test
    void smsChallenge_negativeAttemptsLeft_refused() {
        assertThatThrownBy(() -> new SmsChallenge("id", SmsPurpose.LOGIN, E164, SECRET, T, T.plusSeconds(300), -1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("attemptsLeft");
        SmsChallenge last = new SmsChallenge("id", SmsPurpose.LOGIN, E164, SECRET, T, T.plusSeconds(300), 0);
        assertThatThrownBy(last::withOneAttemptUsed).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void smsChallenge_helpers_takeOneSpendAndConsume() {
        SmsChallenge c = new SmsChallenge("id", SmsPurpose.LOGIN, E164, SECRET, T, T.plusSeconds(300), 5);

        assertThat(c.used()).isFalse();
        assertThat(c.withOneAttemptUsed()).isEqualTo(new SmsChallenge("id", SmsPurpose.LOGIN, E164, SECRET, T,
                T.plusSeconds(300), 4, false));
        assertThat(c.spent()).isEqualTo(new SmsChallenge("id", SmsPurpose.LOGIN, E164, SECRET, T, T.plusSeconds(300), 0, false));
        assertThat(c.consumed()).isEqualTo(new SmsChallenge("id", SmsPurpose.LOGIN, E164, SECRET, T, T.plusSeconds(300), 0, true));
        assertThat(c.consumed().spent().used()).as("spending keeps the mark").isTrue();
    }

    @Test
    void storedProof_nullComponents_refused() {
        assertThatThrownBy(() -> new StoredProof(null, Method.SMS, T)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new StoredProof(SECRET, null, T)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new StoredProof(SECRET, Method.SMS, null)).isInstanceOf(NullPointerException.class);
    }

    // ------------------------------------------------------------------ the store's answers

    @Test
    void load_storeReturnsAnotherAccountsProfile_storeException() {
        AccountId bob = AccountId.of("bob");
        ProfileStore confused = new ProfileStore() {
            @Override
            public Optional<TwoFactorProfile> load(AccountId account) {
                return Optional.of(TwoFactorProfile.empty(bob));
            }

            @Override
            public boolean compareAndSet(long expectedVersion, TwoFactorProfile profile) {
                throw new AssertionError("nothing may be written");
            }
        };
        Fixture f = new Fixture();
        TwoFactorService service = TwoFactorService.builder().store(confused).clock(f.clock).sms(f.sms).totp(f.totp).build();

        assertThatThrownBy(() -> service.status(ALICE)).isInstanceOf(StoreException.class)
                .hasMessageContaining("another account");
        assertThatThrownBy(() -> service.addNumber(ALICE, Fixture.NUMBER)).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> service.completeLogin(ALICE, "123456")).isInstanceOf(StoreException.class);
    }

    @Test
    void load_storeReturnsNull_storeException() {
        ProfileStore broken = new ProfileStore() {
            @Override
            @SuppressWarnings("OptionalAssignedToNull")
            public Optional<TwoFactorProfile> load(AccountId account) {
                return null;
            }

            @Override
            public boolean compareAndSet(long expectedVersion, TwoFactorProfile profile) {
                return false;
            }
        };
        TwoFactorService service = TwoFactorService.builder().store(broken).sms(new Fixture().sms).build();

        assertThatThrownBy(() -> service.status(ALICE)).isInstanceOf(StoreException.class);
    }

    @Test
    void load_storeThrowsTwoFactorException_passedOnAsIs() {
        InvalidInputException corrupt = new InvalidInputException("corrupt row");
        ProfileStore store = new ProfileStore() {
            @Override
            public Optional<TwoFactorProfile> load(AccountId account) {
                throw corrupt;
            }

            @Override
            public boolean compareAndSet(long expectedVersion, TwoFactorProfile profile) {
                return false;
            }
        };
        TwoFactorService service = TwoFactorService.builder().store(store).sms(new Fixture().sms).build();

        assertThatThrownBy(() -> service.status(ALICE)).isSameAs(corrupt);
    }

    @Test
    void update_storeNeverAcceptsTheWrite_concurrentUpdateAfterMaxAttempts() {
        Fixture f = new Fixture();
        int[] writes = {0};
        ProfileStore losing = new ProfileStore() {
            @Override
            public Optional<TwoFactorProfile> load(AccountId account) {
                return f.store.load(account);
            }

            @Override
            public boolean compareAndSet(long expectedVersion, TwoFactorProfile profile) {
                writes[0]++;
                return false;
            }
        };
        TwoFactorService service = TwoFactorService.builder().store(losing).sms(f.sms).maxUpdateAttempts(3).build();

        assertThatThrownBy(() -> service.addNumber(ALICE, Fixture.NUMBER)).isInstanceOf(ConcurrentUpdateException.class)
                .hasMessageContaining("3 attempts");
        assertThat(writes[0]).isEqualTo(3);
        assertThat(f.events).isEmpty();
    }

    // ------------------------------------------------------------------ the service's configuration

    @Test
    void beginLogin_totpActiveOnServiceWithoutTotpChannel_illegalState() {
        Fixture f = new Fixture();
        f.totpActive();
        TwoFactorService smsOnly = TwoFactorService.builder().store(f.store).clock(f.clock).sms(f.sms).build();

        assertThatThrownBy(() -> smsOnly.beginLogin(ALICE)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TOTP");
        assertThatThrownBy(() -> smsOnly.completeLogin(ALICE, "123456")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> smsOnly.stepUp(ALICE, "123456")).isInstanceOf(IllegalStateException.class);
        assertThat(f.store.get(ALICE).failures().consecutive()).as("nothing counted").isZero();
    }

    @Test
    void beginLogin_smsActiveOnServiceWithoutSmsChannel_illegalState() {
        Fixture f = new Fixture();
        f.smsActive();
        TwoFactorService appOnly = TwoFactorService.builder().store(f.store).clock(f.clock).totp(f.totp).build();

        assertThatThrownBy(() -> appOnly.beginLogin(ALICE)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SMS");
        assertThat(appOnly.sendStepUpCode(ALICE)).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(Refused.Refusal.METHOD_NOT_CONFIGURED));
        assertThat(appOnly.enableSms(ALICE)).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(Refused.Refusal.METHOD_NOT_CONFIGURED));
    }

    @Test
    void confirmTotp_pendingOnServiceWithoutTotpChannel_refusedNoPendingEnrollment() {
        Fixture f = new Fixture();
        f.service.startTotp(ALICE, "alice@example.com");
        TwoFactorService smsOnly = TwoFactorService.builder().store(f.store).clock(f.clock).sms(f.sms).build();

        assertThat(smsOnly.confirmTotp(ALICE, "123456")).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(Refused.Refusal.NO_PENDING_ENROLLMENT));
        assertThat(smsOnly.startTotp(ALICE, "alice@example.com")).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(Refused.Refusal.METHOD_NOT_CONFIGURED));
    }

    // ------------------------------------------------------------------ AccountId

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(strings = {"0000", "0001", "0009", "000a", "000d", "001f", "007f", "0085", "009f"})
    void accountId_controlCharacter_refused(String hex) {
        String control = String.valueOf((char) Integer.parseInt(hex, 16));

        assertThatThrownBy(() -> AccountId.of("customer" + control + "42")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("control");
        assertThatThrownBy(() -> AccountId.of(control + "x")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> AccountId.of("x" + control)).isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bob\uD800", "\uDC00bob", "b\uD800o\uDC00b", "bob\uDBFF\uDBFF\uDC00"})
    void accountId_unpairedSurrogate_refused(String id) {
        // a UTF-8 encoder or a JDBC driver turns a lone surrogate into '?': "bob\uD800" would be "bob?"
        assertThatThrownBy(() -> AccountId.of(id)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unpaired surrogate");
    }

    @Test
    void accountId_supplementaryCharacters_accepted() {
        assertThat(AccountId.of("bob\uD83D\uDE00").value()).isEqualTo("bob\uD83D\uDE00");
        assertThat(AccountId.of("\uD83D\uDE00").value()).hasSize(2);
    }

    @Test
    void accountId_boundaries_lengthAndBlankChecked() {
        assertThat(AccountId.of("x".repeat(AccountId.MAX_LENGTH)).value()).hasSize(255);
        assertThatThrownBy(() -> AccountId.of("x".repeat(AccountId.MAX_LENGTH + 1))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("256");
        assertThatThrownBy(() -> AccountId.of(null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> AccountId.of("  ")).isInstanceOf(InvalidInputException.class);
        assertThat(AccountId.of("kunde-\u00e9\u00a0 42").toString()).isEqualTo("kunde-\u00e9\u00a0 42");
    }
}
