package dev.twofa.core;

import static dev.twofa.core.fixtures.Fixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.fixtures.FakeTotpChannel;
import dev.twofa.core.fixtures.Fixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Recovery codes over their life (issue 14.3): turning a method on offers fresh codes once,
 * {@code status} counts them, an event when few are left (once per crossing), and turning the method
 * off says how many were dropped.
 */
class RecoveryCodeLifecycleTest {

    private final Fixture f = new Fixture();
    private final TwoFactorService service = f.service;

    @Test
    void enableSms_verifiedNumber_offersTenFreshCodesThatLogIn() {
        service.addNumber(ALICE, Fixture.NUMBER);
        service.sendVerificationCode(ALICE);
        service.verifyNumber(ALICE, f.lastSms());

        Changed changed = (Changed) service.enableSms(ALICE);

        List<String> codes = changed.newRecoveryCodesIfAny().orElseThrow().codes();
        assertThat(codes).hasSize(10).doesNotHaveDuplicates();
        assertThat(changed.status().recoveryCodesLeft()).isEqualTo(10);
        assertThat(service.completeLoginWithRecoveryCode(ALICE, codes.get(3)).verified()).isTrue();
        assertThat(service.status(ALICE).recoveryCodesLeft()).isEqualTo(9);
    }

    @Test
    void confirmTotp_rightCode_offersFreshCodesWithTheProof() {
        TotpSetup setup = (TotpSetup) service.startTotp(ALICE, "alice@example.com");

        Verified v = (Verified) service.confirmTotp(ALICE, FakeTotpChannel.codeFor(setup.manualEntryKey(),
                f.clock.instant()));

        assertThat(v.proofIfAny()).isPresent();
        List<String> codes = v.newRecoveryCodesIfAny().orElseThrow().codes();
        assertThat(codes).hasSize(10);
        assertThat(service.status(ALICE).recoveryCodesLeft()).isEqualTo(10);
        assertThat(service.completeLoginWithRecoveryCode(ALICE, codes.get(0)).verified()).isTrue();
    }

    @Test
    void confirmTotp_wrongCode_noCodesStored() {
        TotpSetup setup = (TotpSetup) service.startTotp(ALICE, "alice@example.com");
        String right = FakeTotpChannel.codeFor(setup.manualEntryKey(), f.clock.instant());

        VerifyResult wrong = service.confirmTotp(ALICE, "000000".equals(right) ? "111111" : "000000");

        assertThat(wrong).isInstanceOf(Rejected.class);
        assertThat(f.store.get(ALICE).recoveryCodes()).isEmpty();
        assertThat(f.eventTypes()).doesNotContain(TwoFactorEvent.Type.RECOVERY_CODES_GENERATED);
    }

    @Test
    void otherResults_noNewCodes() {
        String key = f.totpActive();

        Verified login = (Verified) service.completeLogin(ALICE, f.appCode(key));

        assertThat(login.newRecoveryCodesIfAny()).isEmpty();
        assertThat(((Changed) service.addNumber(ALICE, Fixture.NUMBER, login.proof())).newRecoveryCodesIfAny())
                .isEmpty();
    }

    @Test
    void deactivate_sayHowManyCodesWereDropped() {
        List<String> codes = smsOnWithCodes();
        Proof proof = ((Verified) service.completeLoginWithRecoveryCode(ALICE, codes.get(0))).proof();

        Changed off = (Changed) service.deactivate(ALICE, proof);

        assertThat(off.recoveryCodesDropped()).isEqualTo(9);
        assertThat(off.status().recoveryCodesLeft()).isZero();
        assertThat(off.newRecoveryCodesIfAny()).isEmpty();
    }

    @Test
    void recoveryCodesLow_usedDownToTwo_oneEventWithTheCountThenNoMore() {
        List<String> codes = smsOnWithCodes();

        for (int i = 0; i < 7; i++) {                     // 10 -> 3
            assertThat(service.completeLoginWithRecoveryCode(ALICE, codes.get(i)).verified()).isTrue();
        }
        assertThat(f.eventTypes()).doesNotContain(TwoFactorEvent.Type.RECOVERY_CODES_LOW);

        service.completeLoginWithRecoveryCode(ALICE, codes.get(7));   // 3 -> 2: the crossing
        assertThat(lowEvents()).containsExactly(new TwoFactorEvent(TwoFactorEvent.Type.RECOVERY_CODES_LOW, ALICE,
                f.clock.instant(), Method.SMS, null, new TwoFactorEvent.RecoveryCodesLeft(2)));

        f.clock.advance(Duration.ofSeconds(31));
        service.beginLogin(ALICE);
        service.completeLogin(ALICE, f.lastSms());                   // an ordinary login: no new event
        service.stepUpWithRecoveryCode(ALICE, codes.get(8));         // 2 -> 1: still below, no new event
        assertThat(lowEvents()).hasSize(1);
        assertThat(service.status(ALICE).recoveryCodesLeft()).isEqualTo(1);
    }

    @Test
    void recoveryCodesLow_newCodesThenDownAgain_secondCrossingSecondEvent() {
        List<String> codes = smsOnWithCodes();
        for (int i = 0; i < 8; i++) {
            service.completeLoginWithRecoveryCode(ALICE, codes.get(i));
        }
        Proof proof = ((Verified) service.stepUpWithRecoveryCode(ALICE, codes.get(8))).proof();
        List<String> renewed = ((RecoveryCodes) service.generateRecoveryCodes(ALICE, proof)).codes();

        for (int i = 0; i < 8; i++) {
            service.completeLoginWithRecoveryCode(ALICE, renewed.get(i));
        }

        assertThat(lowEvents()).hasSize(2);
    }

    private List<TwoFactorEvent> lowEvents() {
        return f.events.stream().filter(e -> e.type() == TwoFactorEvent.Type.RECOVERY_CODES_LOW).toList();
    }

    private List<String> smsOnWithCodes() {
        service.addNumber(ALICE, Fixture.NUMBER);
        service.sendVerificationCode(ALICE);
        service.verifyNumber(ALICE, f.lastSms());
        return ((Changed) service.enableSms(ALICE)).newRecoveryCodesIfAny().orElseThrow().codes();
    }
}
