package dev.twofa.core;

import static dev.twofa.core.fixtures.Fixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twofa.core.fixtures.FakeTotpChannel;
import dev.twofa.core.fixtures.Fixture;
import dev.twofa.core.spi.TwoFactorProfile;
import dev.twofa.core.spi.TwoFactorProfile.StoredProof;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Proofs belong to the session that made them: the sensitive operations take the {@link Proof} a
 * proving call returned, and refuse any other (another account's, one never issued, none); a proof
 * ends after the step-up validity, with its factor, and when changing the number uses it up.
 */
class ProofTest {

    private static final AccountId BOB = AccountId.of("bob");
    private static final String OTHER_NUMBER = "+420 602 987 654";
    private static final Duration VALIDITY = Duration.ofMinutes(TwoFactorServiceBuilder.DEFAULT_STEP_UP_MINUTES);

    private final Fixture f = new Fixture();
    private final TwoFactorService service = f.service;

    /** A sensitive operation with a proof, and the class of its result when allowed. */
    record Sensitive(String name, BiFunction<TwoFactorService, Proof, Object> apply, Class<?> allowed) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Sensitive> sensitive() {
        return Stream.of(
                new Sensitive("deactivate", (s, p) -> s.deactivate(ALICE, p), Changed.class),
                new Sensitive("changeNumber while SMS is active", (s, p) -> s.changeNumber(ALICE, OTHER_NUMBER, p),
                        Changed.class),
                new Sensitive("generateRecoveryCodes", (s, p) -> s.generateRecoveryCodes(ALICE, p), RecoveryCodes.class));
    }

    // ------------------------------------------------------------------ other sessions

    @ParameterizedTest(name = "{0}")
    @MethodSource("sensitive")
    void sensitiveChange_anotherAccountsFreshProof_refusedAndNothingChanged(Sensitive change) {
        f.smsActive();
        Proof own = smsLogin();
        Proof bobs = bobLogsIn();
        TwoFactorProfile before = f.store.get(ALICE);

        assertStepUpRequired(change.apply().apply(service, bobs));
        assertThat(f.store.get(ALICE)).isEqualTo(before);
        assertThat(change.apply().apply(service, own)).as("the owner's own proof").isInstanceOf(change.allowed());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sensitive")
    void sensitiveChange_proofNeverIssued_refusedAndNothingChanged(Sensitive change) {
        f.smsActive();
        smsLogin();
        TwoFactorProfile before = f.store.get(ALICE);

        assertStepUpRequired(change.apply().apply(service, neverIssued()));
        assertThat(f.store.get(ALICE)).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sensitive")
    void sensitiveChange_nullProofWhileAnotherSessionHasOne_refusedAndNothingChanged(Sensitive change) {
        f.smsActive();
        smsLogin();                                       // the owner's session holds a live proof
        TwoFactorProfile before = f.store.get(ALICE);

        assertStepUpRequired(change.apply().apply(service, null));
        assertThat(f.store.get(ALICE)).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sensitive")
    void sensitiveChange_proofRebuiltFromItsValue_allowed(Sensitive change) {
        f.smsActive();
        Proof proof = smsLogin();

        assertThat(change.apply().apply(f.newNode(), Proof.of(proof.value()))).isInstanceOf(change.allowed());
    }

    @Test
    void twoSessions_twoLogins_bothProofsLive() {
        String key = f.totpActive();
        Proof first = totpLogin(key);
        Proof second = totpLogin(key);

        assertThat(first).isNotEqualTo(second);
        assertThat(service.generateRecoveryCodes(ALICE, first)).isInstanceOf(RecoveryCodes.class);
        assertThat(service.generateRecoveryCodes(ALICE, second)).isInstanceOf(RecoveryCodes.class);
        assertThat(service.deactivate(ALICE, first)).isInstanceOf(Changed.class);
    }

    // ------------------------------------------------------------------ how a proof ends

    @Test
    void proof_afterStepUpValidity_refused() {
        String key = f.totpActive();
        Proof proof = totpLogin(key);
        f.clock.advance(VALIDITY.minusSeconds(1));
        assertThat(service.generateRecoveryCodes(ALICE, proof)).isInstanceOf(RecoveryCodes.class);
        f.clock.advance(Duration.ofSeconds(1));

        assertStepUpRequired(service.generateRecoveryCodes(ALICE, proof));
        assertStepUpRequired(service.deactivate(ALICE, proof));
    }

    @Test
    void proof_madeWithSms_deadAfterSwitchingToTheApp() {
        f.smsActive();
        Proof smsProof = smsLogin();
        Proof deactivating = smsLogin();
        assertThat(service.deactivate(ALICE, deactivating)).isInstanceOf(Changed.class);
        TotpSetup setup = (TotpSetup) service.startTotp(ALICE, "alice@example.com");
        Proof appProof = proofOf(service.confirmTotp(ALICE, FakeTotpChannel.codeFor(setup.manualEntryKey(), f.clock.instant())));

        assertStepUpRequired(service.generateRecoveryCodes(ALICE, smsProof));
        assertStepUpRequired(service.deactivate(ALICE, smsProof));
        assertThat(service.generateRecoveryCodes(ALICE, appProof)).isInstanceOf(RecoveryCodes.class);
    }

    @Test
    void storedProof_ofAnotherFactorWithinValidity_refused() {
        String key = f.totpActive();
        Proof proof = totpLogin(key);
        TwoFactorProfile p = f.store.get(ALICE);
        // the same hash, stored as made with SMS: a proof counts only for the factor it was made with
        List<StoredProof> relabelled = p.proofs().stream()
                .map(s -> new StoredProof(s.hash(), Method.SMS, s.madeAt())).toList();
        assertThat(f.store.compareAndSet(p.version(), p.withProofs(relabelled).withVersion(p.version() + 1))).isTrue();

        assertStepUpRequired(service.generateRecoveryCodes(ALICE, proof));
    }

    @Test
    void storedProof_madeLaterThanNow_refused() {
        String key = f.totpActive();
        Proof proof = totpLogin(key);
        f.clock.advance(Duration.ofSeconds(-1));             // this node's clock is behind the one that made it

        assertStepUpRequired(service.generateRecoveryCodes(ALICE, proof));
        f.clock.advance(Duration.ofSeconds(1));
        assertThat(service.generateRecoveryCodes(ALICE, proof)).isInstanceOf(RecoveryCodes.class);
    }

    @Test
    void changeNumber_whileSmsActive_usesUpItsProofOnly() {
        f.smsActive();
        Proof otherSession = smsLogin();
        Proof proof = smsLogin();

        assertThat(service.changeNumber(ALICE, OTHER_NUMBER, proof)).isInstanceOf(Changed.class);

        assertStepUpRequired(service.changeNumber(ALICE, "+420 777 000 111", proof));
        assertStepUpRequired(service.generateRecoveryCodes(ALICE, proof));
        assertThat(service.status(ALICE).pendingNumber()).isEqualTo(PhoneNumber.parse(OTHER_NUMBER));
        assertThat(service.generateRecoveryCodes(ALICE, otherSession)).as("another session's proof stays")
                .isInstanceOf(RecoveryCodes.class);
    }

    @Test
    void changeNumber_whileSmsActiveToTheSameNumber_changesNothingAndKeepsTheProof() {
        f.smsActive();
        Proof proof = smsLogin();
        TwoFactorProfile before = f.store.get(ALICE);

        assertThat(service.changeNumber(ALICE, Fixture.NUMBER, proof)).isInstanceOf(Changed.class);

        assertThat(f.store.get(ALICE)).isEqualTo(before);
        assertThat(service.changeNumber(ALICE, OTHER_NUMBER, proof)).isInstanceOf(Changed.class);
    }

    @Test
    void changeNumber_whileSmsActiveToPersonNumber_endsEveryProof() {
        f.addPerson(ALICE, PhoneNumber.parse(OTHER_NUMBER));
        f.smsActive();
        Proof otherSession = smsLogin();
        Proof proof = smsLogin();

        assertThat(service.changeNumber(ALICE, OTHER_NUMBER, proof)).isInstanceOf(Changed.class);

        assertThat(service.status(ALICE).number()).isEqualTo(PhoneNumber.parse(OTHER_NUMBER));
        assertStepUpRequired(service.generateRecoveryCodes(ALICE, otherSession));
        assertThat(f.store.get(ALICE).proofs()).isEmpty();
    }

    @Test
    void verifyNumber_pendingNumberReplacesActive_endsEveryProof() {
        f.smsActive();
        Proof otherSession = smsLogin();
        Proof proof = smsLogin();
        service.changeNumber(ALICE, OTHER_NUMBER, proof);
        f.clock.advance(Duration.ofSeconds(31));
        service.sendVerificationCode(ALICE);

        assertThat(service.verifyNumber(ALICE, f.sms.lastCodeTo(PhoneNumber.parse(OTHER_NUMBER))))
                .isInstanceOfSatisfying(Verified.class, v -> assertThat(v.proof()).as("a number is no proof").isNull());

        assertStepUpRequired(service.generateRecoveryCodes(ALICE, otherSession));
        assertThat(f.store.get(ALICE).proofs()).isEmpty();
    }

    @Test
    void verifyNumber_whileAppActive_keepsProofsUntouched() {
        String key = f.totpActive();
        Proof proof = totpLogin(key);
        assertThat(service.addNumber(ALICE, Fixture.NUMBER, proof)).isInstanceOf(Changed.class);
        service.sendVerificationCode(ALICE);

        assertThat(service.verifyNumber(ALICE, f.lastSms()).verified()).isTrue();

        assertThat(service.generateRecoveryCodes(ALICE, proof)).isInstanceOf(RecoveryCodes.class);
    }

    @Test
    void enableSms_afterDeactivation_noEarlierProofCarriesOver() {
        f.smsActive();
        Proof kept = smsLogin();
        Proof deactivating = smsLogin();
        assertThat(service.deactivate(ALICE, deactivating)).isInstanceOf(Changed.class);

        assertThat(service.enableSms(ALICE)).isInstanceOf(Changed.class);

        assertStepUpRequired(service.deactivate(ALICE, kept));
        assertThat(f.store.get(ALICE).proofs()).isEmpty();
    }

    @Test
    void login_ninthSession_dropsTheOldestProof() {
        String key = f.totpActive();
        List<Proof> proofs = new ArrayList<>();
        for (int i = 0; i < TwoFactorProfile.MAX_PROOFS + 1; i++) {  // 9 logins, 30 s apart: all within validity
            proofs.add(totpLogin(key));
        }

        assertThat(f.store.get(ALICE).proofs()).hasSize(TwoFactorProfile.MAX_PROOFS);
        assertStepUpRequired(service.generateRecoveryCodes(ALICE, proofs.get(0)));
        for (Proof live : proofs.subList(1, proofs.size())) {
            assertThat(service.generateRecoveryCodes(ALICE, live)).isInstanceOf(RecoveryCodes.class);
        }
    }

    @Test
    void login_afterProofsExpired_dropsTheDeadOnesFirst() {
        String key = f.totpActive();
        totpLogin(key);
        totpLogin(key);
        f.clock.advance(VALIDITY);
        Proof fresh = totpLogin(key);

        assertThat(f.store.get(ALICE).proofs()).as("dead proofs are not kept").hasSize(1);
        assertThat(service.generateRecoveryCodes(ALICE, fresh)).isInstanceOf(RecoveryCodes.class);
    }

    @Test
    void store_afterLogin_holdsOnlyTheHashOfTheProof() {
        String key = f.totpActive();
        Proof proof = totpLogin(key);

        StoredProof stored = f.store.get(ALICE).proofs().get(0);
        assertThat(stored.hash()).isEqualTo(proof.hash());
        assertThat(stored.factor()).isEqualTo(Method.TOTP);
        assertThat(stored.madeAt()).isEqualTo(f.clock.instant());
        assertThat(new String(stored.hash().bytes(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(proof.value());
        assertThat(stored.hash().bytes()).hasSize(32);
    }

    // ------------------------------------------------------------------ the value

    @ParameterizedTest(name = "\"{0}\"")
    @NullSource
    @ValueSource(strings = {"", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "AAAAAAAAAAAAAAAAAAAAA AAAAAAAAAAAAAAAAAAAAA",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\u00c0", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\u0661",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAD",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA_", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA@",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA[", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA{", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA:"})
    void of_badValue_invalidInputWithoutTheValue(String value) {
        assertThatThrownBy(() -> Proof.of(value)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(String.valueOf(Proof.VALUE_LENGTH))
                .satisfies(e -> {
                    if (value != null && !value.isEmpty()) {
                        assertThat(e.getMessage()).doesNotContain(value);
                    }
                });
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzw",
        "0123456789-_abcdefghijklmnopqrstuvwxyzABCDE", "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ8",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa4", "9999999999999999999999999999999999999999990"})
    void of_canonicalBase64url_keepsTheValue(String value) {
        assertThat(Proof.of(value).value()).isEqualTo(value);
    }

    @Test
    void of_everyValueAProvingCallReturned_accepted() {
        String key = f.totpActive();
        for (int i = 0; i < 5; i++) {
            Proof proof = totpLogin(key);
            assertThat(proof.value()).hasSize(Proof.VALUE_LENGTH).matches("[A-Za-z0-9_-]{43}");
            assertThat(Proof.of(proof.value())).isEqualTo(proof);
        }
    }

    @Test
    void random_values_distinctAndCanonical() {
        SecureRandom random = new SecureRandom();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            values.add(Proof.random(random).value());
        }

        assertThat(values).doesNotHaveDuplicates().allSatisfy(v -> assertThat(Proof.of(v).value()).isEqualTo(v));
        assertThat(values).allSatisfy(v -> assertThat(Base64.getUrlDecoder().decode(v)).hasSize(32));
    }

    @Test
    void toString_holdsNoValue() {
        Proof proof = Proof.random(new SecureRandom());

        assertThat(proof.toString()).isEqualTo("Proof[redacted]").doesNotContain(proof.value());
        assertThat(new Verified(new TwoFactorStatus(ALICE, null, null, false, false, null, null, 0, 0, null), proof)
                .toString()).doesNotContain(proof.value());
    }

    @Test
    void equals_sameValueEqualOtherValueNot() {
        Proof proof = Proof.random(new SecureRandom());
        Proof same = Proof.of(proof.value());
        Proof other = Proof.random(new SecureRandom());

        assertThat(proof).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(other).isNotEqualTo(proof.value());
        assertThat(proof.hashCode()).as("says nothing of the value").isEqualTo(other.hashCode());
        assertThat(proof.hash()).isEqualTo(same.hash()).isNotEqualTo(other.hash());
    }

    @Test
    void hash_isSha256OfTheValue() throws Exception {
        Proof proof = Proof.of("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        assertThat(proof.hash().bytes()).isEqualTo(java.security.MessageDigest.getInstance("SHA-256")
                .digest(proof.value().getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    @Test
    void verified_proofIfAny_emptyOnlyWithoutProof() {
        TwoFactorStatus status = new TwoFactorStatus(ALICE, null, null, false, false, null, null, 0, 0, null);
        Proof proof = Proof.random(new SecureRandom());

        assertThat(new Verified(status, proof).proofIfAny()).containsSame(proof);
        assertThat(new Verified(status, null).proofIfAny()).isEmpty();
        assertThatThrownBy(() -> new Verified(null, proof)).isInstanceOf(NullPointerException.class);
    }

    // ------------------------------------------------------------------ helpers

    /** A login by SMS code, after the resend cooldown; returns its proof. */
    private Proof smsLogin() {
        f.clock.advance(Duration.ofSeconds(31));
        assertThat(service.beginLogin(ALICE)).isInstanceOf(SmsSent.class);
        return proofOf(service.completeLogin(ALICE, f.lastSms()));
    }

    /** A login with the app's next code (30 s on, past the last used time step); returns its proof. */
    private Proof totpLogin(String key) {
        f.clock.advance(Duration.ofSeconds(30));
        return proofOf(service.completeLogin(ALICE, f.appCode(key)));
    }

    /** Bob has the app and logs in: a fresh, live proof, of another account. */
    private Proof bobLogsIn() {
        TotpSetup setup = (TotpSetup) service.startTotp(BOB, "bob@example.com");
        proofOf(service.confirmTotp(BOB, FakeTotpChannel.codeFor(setup.manualEntryKey(), f.clock.instant())));
        f.clock.advance(Duration.ofSeconds(30));
        return proofOf(service.completeLogin(BOB, FakeTotpChannel.codeFor(setup.manualEntryKey(), f.clock.instant())));
    }

    private static Proof neverIssued() {
        return Proof.random(new SecureRandom());
    }

    static Proof proofOf(VerifyResult result) {
        assertThat(result).isInstanceOf(Verified.class);
        Proof proof = ((Verified) result).proof();
        assertThat(proof).isNotNull();
        return proof;
    }

    private static void assertStepUpRequired(Object result) {
        assertThat(result).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(Refused.Refusal.STEP_UP_REQUIRED));
    }
}
