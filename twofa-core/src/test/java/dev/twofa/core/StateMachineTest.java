package dev.twofa.core;

import static dev.twofa.core.fixtures.Fixture.ALICE;
import static dev.twofa.core.fixtures.Fixture.E164;
import static dev.twofa.core.fixtures.Fixture.NUMBER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twofa.core.fixtures.FakeTotpChannel;
import dev.twofa.core.fixtures.Fixture;
import dev.twofa.core.spi.TwoFactorProfile;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One test per rule and per refusal of the Profile &gt; Security state machine. */
class StateMachineTest {

    private final Fixture f = new Fixture();
    private final TwoFactorService service = f.service;

    private TwoFactorProfile stored() {
        return f.store.get(ALICE);
    }

    @Test
    void addNumber_typedNumber_storedInE164Unverified() {
        ChangeResult result = service.addNumber(ALICE, "(+420) 601-123-456");

        assertThat(result).isInstanceOf(Changed.class);
        TwoFactorStatus status = ((Changed) result).status();
        assertThat(status.number()).isEqualTo(E164);
        assertThat(status.numberVerified()).isFalse();
        assertThat(stored().phone().verification()).isEqualTo(TwoFactorProfile.Verification.UNVERIFIED);
        assertThat(stored().version()).isEqualTo(1);
    }

    @Test
    void addNumber_malformed_throwsTypedErrorAndChangesNothing() {
        service.addNumber(ALICE, NUMBER);
        TwoFactorProfile before = stored();

        assertThatThrownBy(() -> service.changeNumber(ALICE, "+420 60l 123 456", null))
                .isInstanceOf(InvalidPhoneNumberException.class).hasMessageContaining("letters");
        assertThatThrownBy(() -> service.addNumber(ALICE, "")).isInstanceOf(InvalidPhoneNumberException.class);
        assertThatThrownBy(() -> service.addNumber(ALICE, null)).isInstanceOf(InvalidPhoneNumberException.class);
        assertThatThrownBy(() -> service.addNumber(null, NUMBER)).isInstanceOf(InvalidInputException.class);
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void addNumber_twice_refusedNumberAlreadySet() {
        service.addNumber(ALICE, NUMBER);

        assertThat(service.addNumber(ALICE, "+420 777 000 111"))
                .isEqualTo(new Refused(Refused.Refusal.NUMBER_ALREADY_SET, null,
                        "This account already has a number. Change it instead."));
        assertThat(stored().phone().number()).isEqualTo(E164);
    }

    @Test
    void addNumber_nationalFormWithDefaultCallingCode_normalized() {
        Fixture czech = new Fixture(b -> b.defaultCallingCode("420"));

        czech.service.addNumber(ALICE, "601 123 456");

        assertThat(czech.store.get(ALICE).phone().number()).isEqualTo(E164);
    }

    @Test
    void verifyNumber_codeFromSms_verifiesNumber() {
        service.addNumber(ALICE, NUMBER);

        SendResult sent = service.sendVerificationCode(ALICE);
        VerifyResult result = service.verifyNumber(ALICE, f.lastSms());

        assertThat(sent).isInstanceOf(SmsSent.class);
        assertThat(((SmsSent) sent).maskedNumber()).isEqualTo("+420 *** *** 456");
        assertThat(result.verified()).isTrue();
        assertThat(service.status(ALICE).numberVerified()).isTrue();
        assertThat(stored().smsChallenge().attemptsLeft()).isZero();
    }

    @Test
    void verifyNumber_wrongCode_rejectedAndNumberStaysUnverified() {
        service.addNumber(ALICE, NUMBER);
        service.sendVerificationCode(ALICE);
        String wrong = f.lastSms().equals("000000") ? "111111" : "000000";

        assertThat(service.verifyNumber(ALICE, wrong)).isEqualTo(new Rejected(Rejected.Reason.WRONG_CODE, 9));
        assertThat(service.status(ALICE).numberVerified()).isFalse();
    }

    @Test
    void verifyNumber_codeUsedTwice_secondRefused() {
        service.addNumber(ALICE, NUMBER);
        service.sendVerificationCode(ALICE);
        String code = f.lastSms();
        service.verifyNumber(ALICE, code);

        VerifyResult again = service.verifyNumber(ALICE, code);

        assertThat(again).isInstanceOf(Refused.class);
        assertThat(((Refused) again).refusal()).isEqualTo(Refused.Refusal.NOTHING_TO_VERIFY);
    }

    @Test
    void verifyNumber_afterCodeExpired_expired() {
        service.addNumber(ALICE, NUMBER);
        service.sendVerificationCode(ALICE);
        f.clock.advance(Duration.ofMinutes(5));

        assertThat(service.verifyNumber(ALICE, f.lastSms())).isInstanceOf(Expired.class);
        assertThat(service.status(ALICE).numberVerified()).isFalse();
    }

    @Test
    void verifyNumber_fiveWrongTries_codeDead() {
        service.addNumber(ALICE, NUMBER);
        service.sendVerificationCode(ALICE);
        String code = f.lastSms();
        String wrong = code.equals("000000") ? "111111" : "000000";
        VerifyResult last = null;
        for (int i = 0; i < 5; i++) {
            f.clock.advance(Duration.ofMinutes(1).dividedBy(2)); // stay clear of the throttle delays
            last = service.verifyNumber(ALICE, wrong);
        }

        assertThat(last).isInstanceOf(Rejected.class);
        assertThat(((Rejected) last).reason()).isEqualTo(Rejected.Reason.CODE_DEAD);
        f.clock.advance(Duration.ofSeconds(30));
        assertThat(service.verifyNumber(ALICE, code)).isInstanceOf(Expired.class);
    }

    @Test
    void sendVerificationCode_withoutNumber_refusedNoNumber() {
        assertThat(((Refused) service.sendVerificationCode(ALICE)).refusal()).isEqualTo(Refused.Refusal.NO_NUMBER);
        assertThat(f.sms.sent).hasValue(0);
    }

    @Test
    void sendVerificationCode_verifiedNumber_refusedNothingToVerify() {
        f.addPerson(ALICE, E164);
        service.addNumber(ALICE, NUMBER);

        assertThat(((Refused) service.sendVerificationCode(ALICE)).refusal())
                .isEqualTo(Refused.Refusal.NOTHING_TO_VERIFY);
    }

    @Test
    void sendVerificationCode_withinCooldown_notSentAndOldCodeStillValid() {
        service.addNumber(ALICE, NUMBER);
        service.sendVerificationCode(ALICE);
        String first = f.lastSms();

        SendResult again = service.sendVerificationCode(ALICE);

        assertThat(again).isEqualTo(new SmsNotSent(SmsNotSent.Reason.COOLDOWN,
                f.clock.instant().plusSeconds(30)));
        assertThat(service.verifyNumber(ALICE, first).verified()).isTrue();
    }

    @Test
    void sendVerificationCode_afterCodeUsedUp_cooldownStillCounts() {
        service.addNumber(ALICE, NUMBER);
        service.changeNumber(ALICE, "+420 777 000 111", null);
        service.sendVerificationCode(ALICE);
        String wrong = f.sms.lastCodeTo(new PhoneNumber("+420777000111")).equals("000000") ? "111111" : "000000";
        service.verifyNumber(ALICE, wrong);                // a wrong try, then the number changes again
        service.changeNumber(ALICE, NUMBER, null);

        SendResult again = service.sendVerificationCode(ALICE);

        assertThat(again).isInstanceOf(SmsNotSent.class);
        assertThat(((SmsNotSent) again).reason()).isEqualTo(SmsNotSent.Reason.COOLDOWN);
    }

    @Test
    void sendVerificationCode_resend_killsOldCode() {
        service.addNumber(ALICE, NUMBER);
        service.sendVerificationCode(ALICE);
        String first = f.lastSms();
        f.clock.advance(Duration.ofSeconds(30));
        service.sendVerificationCode(ALICE);
        String second = f.lastSms();

        if (!first.equals(second)) {
            assertThat(service.verifyNumber(ALICE, first)).isInstanceOf(Rejected.class);
        }
        assertThat(service.verifyNumber(ALICE, second).verified()).isTrue();
    }

    @Test
    void sendVerificationCode_senderFails_noCodeStoredAndRetryWorks() {
        service.addNumber(ALICE, NUMBER);
        f.sms.failSends.set(true);

        SendResult failed = service.sendVerificationCode(ALICE);

        assertThat(failed).isInstanceOf(SmsNotSent.class);
        assertThat(((SmsNotSent) failed).reason()).isEqualTo(SmsNotSent.Reason.DELIVERY_FAILED);
        assertThat(stored().smsChallenge()).isNull();
        f.sms.failSends.set(false);
        assertThat(service.sendVerificationCode(ALICE)).isInstanceOf(SmsSent.class);
        assertThat(service.verifyNumber(ALICE, f.lastSms()).verified()).isTrue();
    }

    @Test
    void addNumber_numberOfAPerson_verifiedAtOnceWithoutSms() {
        f.addPerson(ALICE, E164);

        TwoFactorStatus status = ((Changed) service.addNumber(ALICE, "00420 601 123 456")).status();

        assertThat(status.numberVerified()).isTrue();
        assertThat(status.numberFromPerson()).isTrue();
        assertThat(service.enableSms(ALICE)).isInstanceOf(Changed.class);
        assertThat(f.sms.sent).hasValue(0);
    }

    @Test
    void addNumber_numberOfAnotherAccountsPerson_needsSms() {
        f.addPerson(AccountId.of("bob"), E164);

        assertThat(((Changed) service.addNumber(ALICE, NUMBER)).status().numberVerified()).isFalse();
    }

    @Test
    void enableSms_personNoLongerHasNumber_refusedNumberNotVerified() {
        f.addPerson(ALICE, E164);
        service.addNumber(ALICE, NUMBER);
        f.personNumbers.clear();

        ChangeResult result = service.enableSms(ALICE);

        assertThat(((Refused) result).refusal()).isEqualTo(Refused.Refusal.NUMBER_NOT_VERIFIED);
        assertThat(stored().activeMethod()).isNull();
    }

    @Test
    void enableSms_withoutNumber_refusedNoNumber() {
        assertThat(((Refused) service.enableSms(ALICE)).refusal()).isEqualTo(Refused.Refusal.NO_NUMBER);
    }

    @Test
    void enableSms_unverifiedNumber_refusedNumberNotVerified() {
        service.addNumber(ALICE, NUMBER);

        assertThat(((Refused) service.enableSms(ALICE)).refusal()).isEqualTo(Refused.Refusal.NUMBER_NOT_VERIFIED);
    }

    @Test
    void enableSms_verifiedNumber_smsActive() {
        f.smsActive();

        assertThat(service.status(ALICE).activeMethod()).isEqualTo(Method.SMS);
        assertThat(f.eventTypes()).contains(TwoFactorEvent.Type.METHOD_ACTIVATED);
    }

    @Test
    void startTotp_whileSmsActive_refusedNamingSms() {
        f.smsActive();
        TwoFactorProfile before = stored();

        StartTotpResult result = service.startTotp(ALICE, "alice@example.com");

        assertThat(result).isInstanceOf(Refused.class);
        Refused refused = (Refused) result;
        assertThat(refused.refusal()).isEqualTo(Refused.Refusal.METHOD_ACTIVE);
        assertThat(refused.activeMethod()).isEqualTo(Method.SMS);
        assertThat(refused.message()).contains("SMS");
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void enableSms_whileTotpActive_refusedNamingTotp() {
        f.totpActive();
        f.addPerson(ALICE, E164);
        service.addNumber(ALICE, NUMBER);

        Refused refused = (Refused) service.enableSms(ALICE);

        assertThat(refused.refusal()).isEqualTo(Refused.Refusal.METHOD_ACTIVE);
        assertThat(refused.activeMethod()).isEqualTo(Method.TOTP);
        assertThat(refused.message()).contains("authenticator app").doesNotContain("TOTP");
        assertThat(service.status(ALICE).activeMethod()).isEqualTo(Method.TOTP);
    }

    @Test
    void confirmTotp_whileSmsActive_refusedNamingSms() {
        TotpSetup setup = (TotpSetup) service.startTotp(ALICE, "alice@example.com");
        f.addPerson(ALICE, E164);
        service.addNumber(ALICE, NUMBER);
        service.enableSms(ALICE);

        VerifyResult result = service.confirmTotp(ALICE, FakeTotpChannel.codeFor(setup.manualEntryKey(), f.clock.instant()));

        assertThat(result).isInstanceOf(Refused.class);
        assertThat(((Refused) result).activeMethod()).isEqualTo(Method.SMS);
        assertThat(service.status(ALICE).activeMethod()).isEqualTo(Method.SMS);
    }

    @Test
    void enableSms_withPendingTotp_dropsPendingEnrollment() {
        service.startTotp(ALICE, "alice@example.com");
        f.addPerson(ALICE, E164);
        service.addNumber(ALICE, NUMBER);

        service.enableSms(ALICE);

        assertThat(stored().totp()).isNull();
        assertThat(service.status(ALICE).totpPendingUntil()).isNull();
    }

    @Test
    void startTotp_returnsSetupPendingUntilConfirmed() {
        StartTotpResult result = service.startTotp(ALICE, "alice@example.com");

        TotpSetup setup = (TotpSetup) result;
        assertThat(setup.otpauthUri()).startsWith("otpauth://totp/");
        assertThat(setup.expiresAt()).isEqualTo(f.clock.instant().plus(Duration.ofMinutes(10)));
        assertThat(setup.toString()).doesNotContain(setup.manualEntryKey());
        assertThat(service.status(ALICE).totpPendingUntil()).isEqualTo(setup.expiresAt());
        assertThat(service.status(ALICE).activeMethod()).isNull();
    }

    @Test
    void startTotp_badAccountName_throwsAndChangesNothing() {
        assertThatThrownBy(() -> service.startTotp(ALICE, "a:b")).isInstanceOf(InvalidInputException.class);
        assertThat(stored()).isNull();
    }

    @Test
    void confirmTotp_correctCode_activatesTotp() {
        TotpSetup setup = (TotpSetup) service.startTotp(ALICE, "alice@example.com");

        VerifyResult result = service.confirmTotp(ALICE, FakeTotpChannel.codeFor(setup.manualEntryKey(), f.clock.instant()));

        assertThat(result.verified()).isTrue();
        assertThat(service.status(ALICE).activeMethod()).isEqualTo(Method.TOTP);
        assertThat(service.status(ALICE).totpPendingUntil()).isNull();
    }

    @Test
    void confirmTotp_wrongCode_staysPending() {
        TotpSetup setup = (TotpSetup) service.startTotp(ALICE, "alice@example.com");
        String right = FakeTotpChannel.codeFor(setup.manualEntryKey(), f.clock.instant());

        VerifyResult result = service.confirmTotp(ALICE, right.equals("000000") ? "111111" : "000000");

        assertThat(result).isInstanceOf(Rejected.class);
        assertThat(service.status(ALICE).activeMethod()).isNull();
        assertThat(service.status(ALICE).totpPendingUntil()).isNotNull();
    }

    @Test
    void confirmTotp_confirmingCode_cannotLogIn() {
        TotpSetup setup = (TotpSetup) service.startTotp(ALICE, "alice@example.com");
        String code = FakeTotpChannel.codeFor(setup.manualEntryKey(), f.clock.instant());
        service.confirmTotp(ALICE, code);

        assertThat(service.completeLogin(ALICE, code)).isEqualTo(new Rejected(Rejected.Reason.REPLAY, 9));
    }

    @Test
    void confirmTotp_afterTenMinutes_expired() {
        TotpSetup setup = (TotpSetup) service.startTotp(ALICE, "alice@example.com");
        f.clock.advance(Duration.ofMinutes(10));

        VerifyResult result = service.confirmTotp(ALICE, FakeTotpChannel.codeFor(setup.manualEntryKey(), f.clock.instant()));

        assertThat(result).isInstanceOf(Expired.class);
        assertThat(service.status(ALICE).activeMethod()).isNull();
    }

    @Test
    void startTotp_restart_replacesSecret() {
        TotpSetup first = (TotpSetup) service.startTotp(ALICE, "alice@example.com");
        TotpSetup second = (TotpSetup) service.startTotp(ALICE, "alice@example.com");

        assertThat(second.manualEntryKey()).isNotEqualTo(first.manualEntryKey());
        String oldCode = FakeTotpChannel.codeFor(first.manualEntryKey(), f.clock.instant());
        String newCode = FakeTotpChannel.codeFor(second.manualEntryKey(), f.clock.instant());
        if (!oldCode.equals(newCode)) {
            assertThat(service.confirmTotp(ALICE, oldCode).verified()).isFalse();
        }
        f.clock.advance(Duration.ofSeconds(2));
        assertThat(service.confirmTotp(ALICE, newCode).verified()).isTrue();
    }

    @Test
    void confirmTotp_withoutStart_refusedNoPendingEnrollment() {
        assertThat(((Refused) service.confirmTotp(ALICE, "123456")).refusal())
                .isEqualTo(Refused.Refusal.NO_PENDING_ENROLLMENT);
    }

    @Test
    void deactivate_withoutProof_refusedStepUpRequired() {
        f.smsActive();
        f.clock.advance(Duration.ofMinutes(6));

        assertThat(((Refused) service.deactivate(ALICE, null)).refusal()).isEqualTo(Refused.Refusal.STEP_UP_REQUIRED);
        assertThat(service.status(ALICE).activeMethod()).isEqualTo(Method.SMS);
    }

    @Test
    void deactivate_afterSmsStepUp_deactivatesAndKeepsVerifiedNumber() {
        f.smsActive();
        f.clock.advance(Duration.ofMinutes(6));
        service.sendStepUpCode(ALICE);
        Proof proof = proofOf(service.stepUp(ALICE, f.lastSms()));

        ChangeResult result = service.deactivate(ALICE, proof);

        assertThat(result).isInstanceOf(Changed.class);
        assertThat(service.status(ALICE).activeMethod()).isNull();
        assertThat(service.status(ALICE).numberVerified()).isTrue();
    }

    @Test
    void deactivate_afterTotpStepUp_deletesSecret() {
        String key = f.totpActive();
        f.clock.advance(Duration.ofMinutes(6));
        Proof proof = proofOf(service.stepUp(ALICE, f.appCode(key)));

        assertThat(service.deactivate(ALICE, proof)).isInstanceOf(Changed.class);
        assertThat(stored().totp()).isNull();
    }

    @Test
    void deactivate_nothingActive_refusedNoActiveMethod() {
        assertThat(((Refused) service.deactivate(ALICE, null)).refusal()).isEqualTo(Refused.Refusal.NO_ACTIVE_METHOD);
    }

    @Test
    void switchMethod_afterDeactivation_allowed() {
        f.smsActive();
        assertThat(service.deactivate(ALICE, null)).isInstanceOf(Refused.class); // a number's code is no proof
        f.clock.advance(Duration.ofMinutes(6));
        service.sendStepUpCode(ALICE);
        assertThat(service.deactivate(ALICE, proofOf(service.stepUp(ALICE, f.lastSms())))).isInstanceOf(Changed.class);

        assertThat(service.startTotp(ALICE, "alice@example.com")).isInstanceOf(TotpSetup.class);
    }

    @Test
    void deleteNumber_whileSmsActive_refusedSmsActive() {
        f.smsActive();

        Refused refused = (Refused) service.deleteNumber(ALICE);

        assertThat(refused.refusal()).isEqualTo(Refused.Refusal.SMS_ACTIVE);
        assertThat(service.status(ALICE).number()).isEqualTo(E164);
    }

    @Test
    void deleteNumber_smsNotActive_deleted() {
        service.addNumber(ALICE, NUMBER);

        assertThat(service.deleteNumber(ALICE)).isInstanceOf(Changed.class);
        assertThat(service.status(ALICE).number()).isNull();
        assertThat(((Refused) service.deleteNumber(ALICE)).refusal()).isEqualTo(Refused.Refusal.NO_NUMBER);
    }

    @Test
    void changeNumber_smsNotActive_replacesUnverified() {
        f.addPerson(ALICE, E164);
        service.addNumber(ALICE, NUMBER);

        TwoFactorStatus status = ((Changed) service.changeNumber(ALICE, "+420 777 000 111", null)).status();

        assertThat(status.number()).isEqualTo(new PhoneNumber("+420777000111"));
        assertThat(status.numberVerified()).isFalse();
    }

    @Test
    void changeNumber_withoutNumber_refusedNoNumber() {
        assertThat(((Refused) service.changeNumber(ALICE, NUMBER, null)).refusal()).isEqualTo(Refused.Refusal.NO_NUMBER);
    }

    @Test
    void changeNumber_whileSmsActiveWithoutProof_refusedStepUpRequired() {
        f.smsActive();
        f.clock.advance(Duration.ofMinutes(6));

        assertThat(((Refused) service.changeNumber(ALICE, "+420 777 000 111", null)).refusal())
                .isEqualTo(Refused.Refusal.STEP_UP_REQUIRED);
    }

    @Test
    void changeNumber_whileSmsActive_takesEffectOnlyOnceVerified() {
        PhoneNumber newNumber = new PhoneNumber("+420777000111");
        f.smsActive();
        f.clock.advance(Duration.ofMinutes(6));
        service.sendStepUpCode(ALICE);
        Proof proof = proofOf(service.stepUp(ALICE, f.lastSms()));

        TwoFactorStatus pending = ((Changed) service.changeNumber(ALICE, "+420 777 000 111", proof)).status();

        assertThat(pending.number()).isEqualTo(E164);
        assertThat(pending.pendingNumber()).isEqualTo(newNumber);
        assertThat(pending.activeMethod()).isEqualTo(Method.SMS);
        // a login meanwhile still goes to the old, active number
        f.clock.advance(Duration.ofSeconds(30));
        assertThat(((SmsSent) service.beginLogin(ALICE)).maskedNumber()).isEqualTo(E164.masked());
        f.clock.advance(Duration.ofSeconds(30));
        service.sendVerificationCode(ALICE);
        assertThat(service.verifyNumber(ALICE, f.sms.lastCodeTo(newNumber)).verified()).isTrue();
        TwoFactorStatus after = service.status(ALICE);
        assertThat(after.number()).isEqualTo(newNumber);
        assertThat(after.numberVerified()).isTrue();
        assertThat(after.pendingNumber()).isNull();
        assertThat(after.activeMethod()).isEqualTo(Method.SMS);
    }

    @Test
    void changeNumber_whileSmsActiveToPersonNumber_takesEffectAtOnce() {
        PhoneNumber newNumber = new PhoneNumber("+420777000111");
        f.addPerson(ALICE, newNumber);
        f.smsActive();
        f.clock.advance(Duration.ofSeconds(30));
        service.sendStepUpCode(ALICE);
        Proof proof = proofOf(service.stepUp(ALICE, f.lastSms()));

        TwoFactorStatus status = ((Changed) service.changeNumber(ALICE, "+420777000111", proof)).status();

        assertThat(status.number()).isEqualTo(newNumber);
        assertThat(status.numberVerified()).isTrue();
        assertThat(status.pendingNumber()).isNull();
    }

    @Test
    void storeFails_typedErrorAndProfileUnchanged() {
        service.addNumber(ALICE, NUMBER);
        TwoFactorProfile before = stored();
        f.store.failSaves.set(true);

        assertThatThrownBy(() -> service.deleteNumber(ALICE)).isInstanceOf(StoreException.class)
                .hasMessageContaining("save");
        f.store.failSaves.set(false);
        f.store.failLoads.set(true);
        assertThatThrownBy(() -> service.status(ALICE)).isInstanceOf(StoreException.class)
                .hasMessageContaining("load");
        f.store.failLoads.set(false);
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void eventListenerThrows_changeStaysAndCallerUnaffected() {
        Fixture failing = new Fixture();
        TwoFactorService noisy = TwoFactorService.builder().store(failing.store).clock(failing.clock)
                .sms(failing.sms).eventListener(e -> {
                    throw new IllegalStateException("listener down");
                }).build();

        assertThat(noisy.addNumber(ALICE, NUMBER)).isInstanceOf(Changed.class);
        assertThat(failing.store.get(ALICE).phone()).isNotNull();
    }

    @Test
    void builder_settingTwice_illegalState() {
        TwoFactorServiceBuilder builder = TwoFactorService.builder().store(f.store);

        assertThatThrownBy(() -> builder.store(f.store)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("store");
        assertThatThrownBy(() -> builder.stepUpValidity(Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stepUpValidity");
        assertThatThrownBy(() -> builder.totpEnrollmentTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("totpEnrollmentTimeout");
        assertThatThrownBy(() -> builder.defaultCallingCode("+420")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("method");
        assertThatThrownBy(() -> TwoFactorService.builder().sms(f.sms).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ProfileStore");
    }

    @Test
    void serviceWithoutTotp_startTotpRefusedNotConfigured() {
        TwoFactorService smsOnly = TwoFactorService.builder().store(f.store).sms(f.sms).build();

        assertThat(((Refused) smsOnly.startTotp(ALICE, "a")).refusal())
                .isEqualTo(Refused.Refusal.METHOD_NOT_CONFIGURED);
    }

    @Test
    void deactivate_endsTheProof_reenabledMethodNeedsNewStepUp() {
        f.smsActive();
        f.clock.advance(Duration.ofMinutes(1));
        service.sendStepUpCode(ALICE);
        Proof proof = proofOf(service.stepUp(ALICE, f.lastSms()));
        assertThat(service.deactivate(ALICE, proof)).isInstanceOf(Changed.class);

        assertThat(service.enableSms(ALICE)).isInstanceOf(Changed.class);

        assertThat(((Refused) service.deactivate(ALICE, proof)).refusal()).isEqualTo(Refused.Refusal.STEP_UP_REQUIRED);
        assertThat(((Refused) service.generateRecoveryCodes(ALICE, proof)).refusal())
                .isEqualTo(Refused.Refusal.STEP_UP_REQUIRED);
    }

    @Test
    void confirmTotp_isAProofWithTheNewFactor() {
        TotpSetup setup = (TotpSetup) service.startTotp(ALICE, "alice@example.com");
        Proof proof = proofOf(service.confirmTotp(ALICE, FakeTotpChannel.codeFor(setup.manualEntryKey(), f.clock.instant())));

        assertThat(service.generateRecoveryCodes(ALICE, proof)).isInstanceOf(RecoveryCodes.class);
    }

    /** Returns the proof of a proving call that must have succeeded. */
    private static Proof proofOf(VerifyResult result) {
        assertThat(result).isInstanceOf(Verified.class);
        Proof proof = ((Verified) result).proof();
        assertThat(proof).isNotNull();
        return proof;
    }
}
