package dev.twofa.core;

import static dev.twofa.core.fixtures.Fixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.twofa.core.fixtures.Fixture;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Recovery codes (SECURITY 22, ASVS 2.6): made only with an active method and a fresh proof, 10
 * codes of about 59 bits, stored as salted hashes only, single use, replaced as a whole, accepted
 * at login and as the proof that allows deactivation when the phone is lost.
 */
class RecoveryCodesTest {

    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

    private final Fixture f = new Fixture();
    private final TwoFactorService service = f.service;
    /** The proof of the step-up that made the codes of {@link #freshCodes()}. */
    private Proof proof;

    @Test
    void generateRecoveryCodes_noActiveMethod_refused() {
        service.addNumber(ALICE, Fixture.NUMBER);

        assertThat(service.generateRecoveryCodes(ALICE, null)).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(Refused.Refusal.NO_ACTIVE_METHOD));
        assertThat(f.eventTypes()).doesNotContain(TwoFactorEvent.Type.RECOVERY_CODES_GENERATED);
    }

    @Test
    void generateRecoveryCodes_activeWithoutProof_stepUpRequired() {
        f.totpActive(); // the confirming code's proof is past its validity
        List<Secret> made = f.store.get(ALICE).recoveryCodes();   // by confirming the app

        assertThat(service.generateRecoveryCodes(ALICE, null)).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(Refused.Refusal.STEP_UP_REQUIRED));
        assertThat(f.store.get(ALICE).recoveryCodes()).hasSize(10).isEqualTo(made);
    }

    @Test
    void generateRecoveryCodes_smsActiveWithoutProof_stepUpRequired() {
        f.smsActive(); // verifying the number is not a proof

        assertThat(service.generateRecoveryCodes(ALICE, null)).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(Refused.Refusal.STEP_UP_REQUIRED));
    }

    @Test
    void generateRecoveryCodes_freshProof_tenCodesInThreeGroupsOfFourFromTheAlphabet() {
        List<String> codes = freshCodes();

        assertThat(codes).hasSize(10).doesNotHaveDuplicates()
                .allMatch(c -> c.matches("[" + ALPHABET + "]{4}-[" + ALPHABET + "]{4}-[" + ALPHABET + "]{4}"));
        assertThat(service.status(ALICE).recoveryCodesLeft()).isEqualTo(10);
        assertThat(f.eventTypes().stream().filter(t -> t == TwoFactorEvent.Type.RECOVERY_CODES_GENERATED))
                .as("confirming the app, then the explicit call").hasSize(2);
    }

    @Test
    void recoveryCodes_alphabet_31CharactersWithoutLookAlikesGivingAtLeast50Bits() {
        assertThat(ALPHABET.chars().distinct().count()).isEqualTo(31);
        assertThat(ALPHABET).doesNotContain("0", "1", "o", "i", "l");
        assertThat(12 * Math.log(31) / Math.log(2)).isGreaterThanOrEqualTo(50.0).isCloseTo(59.4, within(0.1));
    }

    @Test
    void newCodes_manyGenerations_everyAlphabetCharacterUsedAndNothingElse() {
        RecoveryCodeHasher hasher = new RecoveryCodeHasher(new SecureRandom());
        Set<Character> seen = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            for (String code : hasher.newCodes()) {
                code.replace("-", "").chars().forEach(c -> seen.add((char) c));
            }
        }
        // 3600 characters: each of 31 appears with near certainty if all are drawn
        assertThat(seen).isEqualTo(ALPHABET.chars().mapToObj(c -> (char) c).collect(Collectors.toSet()));
    }

    @Test
    void hashAll_sameCodeInTwoCalls_saltedDifferentlyAndBothFound() {
        RecoveryCodeHasher hasher = new RecoveryCodeHasher(new SecureRandom());
        String code = hasher.newCodes().get(0);

        Secret first = hasher.hashAll(List.of(code)).get(0);
        Secret second = hasher.hashAll(List.of(code)).get(0);

        assertThat(first).isNotEqualTo(second);
        assertThat(hasher.find(List.of(first), code)).isZero();
        assertThat(hasher.find(List.of(hasher.hashAll(List.of("aaaa-aaaa-aaaa")).get(0), second), code)).isEqualTo(1);
        assertThat(hasher.find(List.of(first), "aaaa-aaaa-aaaa")).isEqualTo(-1);
    }

    @Test
    void store_afterGeneration_holdsNoCodeInAnyForm() {
        List<String> codes = freshCodes();

        List<Secret> stored = f.store.get(ALICE).recoveryCodes();
        assertThat(stored).hasSize(10);
        for (Secret hash : stored) {
            String bytes = new String(hash.bytes(), StandardCharsets.ISO_8859_1);
            for (String code : codes) {
                for (String form : forms(code)) {
                    assertThat(bytes).doesNotContain(form);
                }
            }
        }
        String dump = f.store.get(ALICE).toString();
        codes.forEach(code -> forms(code).forEach(form -> assertThat(dump).doesNotContain(form)));
    }

    @Test
    void completeLoginWithRecoveryCode_validCode_verifiedOnceThenRejected() {
        List<String> codes = freshCodes();

        assertThat(service.completeLoginWithRecoveryCode(ALICE, codes.get(3)).verified()).isTrue();
        assertThat(service.completeLoginWithRecoveryCode(ALICE, codes.get(3)))
                .isEqualTo(new Rejected(Rejected.Reason.WRONG_RECOVERY_CODE, 9));
        assertThat(service.stepUpWithRecoveryCode(ALICE, codes.get(3))).isInstanceOf(Rejected.class);
        assertThat(service.status(ALICE).recoveryCodesLeft()).isEqualTo(9);
    }

    @Test
    void completeLoginWithRecoveryCode_sameCodeUsedBetweenThisTrysCountAndSettling_acceptedOnce() {
        String code = freshCodes().get(0);
        VerifyResult[] meanwhile = new VerifyResult[1];
        f.store.afterNextSave.set(() -> meanwhile[0] = service.completeLoginWithRecoveryCode(ALICE, code));

        VerifyResult result = service.completeLoginWithRecoveryCode(ALICE, code);

        assertThat(meanwhile[0]).isInstanceOf(Verified.class);
        assertThat(result).isInstanceOfSatisfying(Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(Rejected.Reason.WRONG_RECOVERY_CODE));
        assertThat(service.status(ALICE).recoveryCodesLeft()).isEqualTo(9);
    }

    @Test
    void completeLoginWithRecoveryCode_caseSpacesAndHyphensIgnored() {
        List<String> codes = freshCodes();

        String typed = codes.get(0).toUpperCase(Locale.ROOT).replace("-", " ");
        assertThat(service.completeLoginWithRecoveryCode(ALICE, typed).verified()).isTrue();
        assertThat(service.completeLoginWithRecoveryCode(ALICE, codes.get(1).replace("-", "")).verified()).isTrue();
    }

    @Test
    void completeLoginWithRecoveryCode_malformed_rejectedAndCounted() {
        freshCodes();

        for (String bad : new String[] {null, "", "abcd-efgh-jkm", "abcd-efgh-jkmn-p", "0000-0000-0000", "abcd_efgh_jkmn"}) {
            f.clock.advance(Duration.ofMinutes(16));
            assertThat(service.completeLoginWithRecoveryCode(ALICE, bad)).as("%s", bad).isInstanceOfSatisfying(Rejected.class,
                    r -> assertThat(r.reason()).isEqualTo(Rejected.Reason.WRONG_RECOVERY_CODE));
        }
        assertThat(service.status(ALICE).consecutiveFailures()).isEqualTo(6);
        assertThat(service.status(ALICE).recoveryCodesLeft()).isEqualTo(10);
    }

    @Test
    void recoveryCodesLeft_eachUse_decreasesByOne() {
        List<String> codes = freshCodes();

        for (int i = 0; i < 10; i++) {
            int left = 9 - i;
            VerifyResult result = i % 2 == 0 ? service.completeLoginWithRecoveryCode(ALICE, codes.get(i))
                    : service.stepUpWithRecoveryCode(ALICE, codes.get(i));
            assertThat(result).isInstanceOfSatisfying(Verified.class,
                    v -> assertThat(v.status().recoveryCodesLeft()).isEqualTo(left));
            assertThat(service.status(ALICE).recoveryCodesLeft()).isEqualTo(left);
        }
        assertThat(service.completeLoginWithRecoveryCode(ALICE, codes.get(0))).isInstanceOf(Rejected.class);
    }

    @Test
    void generateRecoveryCodes_again_oldCodesAllDeadNewOnesWork() {
        List<String> old = freshCodes();
        VerifyResult login = service.completeLoginWithRecoveryCode(ALICE, old.get(0)); // also a fresh proof
        assertThat(login.verified()).isTrue();

        List<String> renewed = ((RecoveryCodes) service.generateRecoveryCodes(ALICE, ((Verified) login).proof())).codes();

        assertThat(renewed).doesNotContainAnyElementsOf(old);
        assertThat(service.status(ALICE).recoveryCodesLeft()).isEqualTo(10);
        for (int i = 1; i < 4; i++) { // three: the delay starts after the fourth failure
            assertThat(service.completeLoginWithRecoveryCode(ALICE, old.get(i)))
                    .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).isEqualTo(Rejected.Reason.WRONG_RECOVERY_CODE));
        }
        assertThat(service.completeLoginWithRecoveryCode(ALICE, renewed.get(0)).verified()).isTrue();
        assertThat(f.eventTypes().stream().filter(t -> t == TwoFactorEvent.Type.RECOVERY_CODES_GENERATED)).hasSize(3);
    }

    @Test
    void stepUpWithRecoveryCode_phoneLost_allowsDeactivate() {
        f.smsActive();
        f.clock.advance(Duration.ofSeconds(31));
        service.beginLogin(ALICE);
        Proof login = ((Verified) service.completeLogin(ALICE, f.lastSms())).proof();
        List<String> codes = ((RecoveryCodes) service.generateRecoveryCodes(ALICE, login)).codes();
        f.clock.advance(Duration.ofDays(30)); // the phone is lost; the login proof is long stale

        assertThat(service.deactivate(ALICE, login)).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(Refused.Refusal.STEP_UP_REQUIRED));
        VerifyResult recovered = service.stepUpWithRecoveryCode(ALICE, codes.get(5));
        assertThat(recovered.verified()).isTrue();
        assertThat(service.deactivate(ALICE, ((Verified) recovered).proof())).isInstanceOf(Changed.class);
        assertThat(service.status(ALICE).activeMethod()).isNull();
    }

    @Test
    void completeLoginWithRecoveryCode_countsAsLoginProof() {
        List<String> codes = freshCodes();
        f.clock.advance(Duration.ofHours(1));

        VerifyResult login = service.completeLoginWithRecoveryCode(ALICE, codes.get(0));
        assertThat(login.verified()).isTrue();
        assertThat(service.deactivate(ALICE, ((Verified) login).proof())).isInstanceOf(Changed.class);
    }

    @Test
    void completeLoginWithRecoveryCode_noActiveMethod_refusedNotCounted() {
        assertThat(service.completeLoginWithRecoveryCode(ALICE, "abcd-efgh-jkmn")).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(Refused.Refusal.NO_ACTIVE_METHOD));
        assertThat(service.status(ALICE).consecutiveFailures()).isZero();
    }

    @Test
    void recoveryCodeEvents_generatedAndUsed_onePerChangeWithoutCode() {
        List<String> codes = freshCodes();
        int before = f.events.size();

        service.completeLoginWithRecoveryCode(ALICE, codes.get(0));

        List<TwoFactorEvent> after = f.events.subList(before, f.events.size());
        assertThat(after).extracting(TwoFactorEvent::type)
                .containsExactly(TwoFactorEvent.Type.RECOVERY_CODE_USED, TwoFactorEvent.Type.LOGIN_SUCCEEDED);
        assertThat(after.get(0).method()).isEqualTo(Method.TOTP);
        List<String> texts = new ArrayList<>();
        f.events.forEach(e -> texts.add(e.toString()));
        codes.forEach(code -> forms(code).forEach(form -> assertThat(texts).noneMatch(t -> t.contains(form))));
    }

    @Test
    void deactivate_recoveryCodesDropped_oldCodesDeadAfterReactivation() {
        List<String> codes = freshCodes();

        assertThat(service.deactivate(ALICE, proof)).isInstanceOfSatisfying(Changed.class,
                c -> assertThat(c.status().recoveryCodesLeft()).isZero());
        f.clock.advance(Duration.ofDays(30));
        f.totpActive(); // a new app, months later

        assertThat(service.completeLoginWithRecoveryCode(ALICE, codes.get(0))).isInstanceOf(Rejected.class);
    }

    @Test
    void recoveryCodes_toString_redacted() {
        List<String> codes = freshCodes();
        RecoveryCodes result = new RecoveryCodes(codes);

        assertThat(result.toString()).isEqualTo("RecoveryCodes[10 codes, redacted]");
        codes.forEach(code -> assertThat(result.toString()).doesNotContain(code));
    }

    // ------------------------------------------------------------------ helpers

    /** Activates the app, steps up and returns fresh codes. */
    private List<String> freshCodes() {
        String key = f.totpActive();
        VerifyResult stepUp = service.stepUp(ALICE, f.appCode(key));
        assertThat(stepUp).isInstanceOf(Verified.class);
        proof = ((Verified) stepUp).proof();
        RecoveryCodesResult result = service.generateRecoveryCodes(ALICE, proof);
        assertThat(result).isInstanceOf(RecoveryCodes.class);
        return ((RecoveryCodes) result).codes();
    }

    /** The ways a code could sit in storage: as shown, without hyphens, upper case. */
    private static List<String> forms(String code) {
        String bare = code.replace("-", "");
        return List.of(code, bare, bare.toUpperCase(Locale.ROOT), code.toUpperCase(Locale.ROOT));
    }
}
