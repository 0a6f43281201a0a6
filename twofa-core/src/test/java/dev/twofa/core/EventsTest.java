package dev.twofa.core;

import static dev.twofa.core.fixtures.Fixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.twofa.core.TwoFactorEvent.Type;
import dev.twofa.core.fixtures.FakeTotpChannel;
import dev.twofa.core.fixtures.Fixture;
import dev.twofa.core.fixtures.MemoryStore;
import dev.twofa.core.spi.TwoFactorProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Events for the host to notify the customer (SECURITY 21): one per change of method or number,
 * per recovery-code use or regeneration, per lockout and per replay refused; none for a refused or
 * failed operation; numbers only masked.
 */
class EventsTest {

    private static final String MASKED = "+420 *** *** 456";
    private static final String OTHER_NUMBER = "+420 602 987 654";
    private static final String OTHER_MASKED = "+420 *** *** 654";

    private final Fixture f = new Fixture();
    private final TwoFactorService service = f.service;

    // ------------------------------------------------------------------ numbers

    @Test
    void addNumber_unverified_oneNumberAddedWithMaskedNumber() {
        List<TwoFactorEvent> events = during(() -> service.addNumber(ALICE, Fixture.NUMBER));

        assertThat(events).containsExactly(new TwoFactorEvent(Type.NUMBER_ADDED, ALICE, f.clock.instant(), null, MASKED));
    }

    @Test
    void addNumber_personHasIt_numberAddedAndNumberVerified() {
        f.addPerson(ALICE, Fixture.E164);

        List<TwoFactorEvent> events = during(() -> service.addNumber(ALICE, Fixture.NUMBER));

        assertThat(events).extracting(TwoFactorEvent::type).containsExactly(Type.NUMBER_ADDED, Type.NUMBER_VERIFIED);
        assertThat(events).extracting(TwoFactorEvent::maskedNumber).containsOnly(MASKED);
    }

    @Test
    void addNumber_refused_noEvent() {
        service.addNumber(ALICE, Fixture.NUMBER);

        assertThat(during(() -> service.addNumber(ALICE, OTHER_NUMBER))).isEmpty();
    }

    @Test
    void sendAndVerifyNumber_oneSmsSentThenOneNumberVerified() {
        service.addNumber(ALICE, Fixture.NUMBER);

        assertThat(during(() -> service.sendVerificationCode(ALICE)))
                .containsExactly(new TwoFactorEvent(Type.SMS_SENT, ALICE, f.clock.instant(), null, MASKED));
        assertThat(during(() -> service.sendVerificationCode(ALICE))).as("cooldown: nothing sent").isEmpty();
        assertThat(during(() -> service.verifyNumber(ALICE, f.lastSms())))
                .containsExactly(new TwoFactorEvent(Type.NUMBER_VERIFIED, ALICE, f.clock.instant(), null, MASKED));
    }

    @Test
    void sendVerificationCode_deliveryFails_oneSmsDeliveryFailed() {
        service.addNumber(ALICE, Fixture.NUMBER);
        f.sms.failSends.set(true);

        assertThat(during(() -> service.sendVerificationCode(ALICE)))
                .containsExactly(new TwoFactorEvent(Type.SMS_DELIVERY_FAILED, ALICE, f.clock.instant(), null, MASKED));
    }

    @Test
    void changeNumber_smsNotActive_oneNumberChangedWithNewMaskedNumber() {
        service.addNumber(ALICE, Fixture.NUMBER);

        assertThat(during(() -> service.changeNumber(ALICE, OTHER_NUMBER, null)))
                .containsExactly(new TwoFactorEvent(Type.NUMBER_CHANGED, ALICE, f.clock.instant(), null, OTHER_MASKED));
    }

    @Test
    void changeNumber_smsActive_numberChangedThenNumberVerifiedWhenNewNumberConfirmed() {
        f.smsActive();
        Proof proof = stepUpBySms();

        assertThat(during(() -> service.changeNumber(ALICE, OTHER_NUMBER, proof))).extracting(TwoFactorEvent::type, TwoFactorEvent::maskedNumber)
                .containsExactly(tuple(Type.NUMBER_CHANGED, OTHER_MASKED));
        f.clock.advance(Duration.ofSeconds(31));
        service.sendVerificationCode(ALICE);
        String code = f.sms.lastCodeTo(PhoneNumber.parse(OTHER_NUMBER));
        assertThat(during(() -> service.verifyNumber(ALICE, code))).extracting(TwoFactorEvent::type, TwoFactorEvent::maskedNumber)
                .containsExactly(tuple(Type.NUMBER_VERIFIED, OTHER_MASKED));
    }

    @Test
    void changeNumber_smsActiveWithoutProof_noEvent() {
        f.smsActive();

        assertThat(during(() -> service.changeNumber(ALICE, OTHER_NUMBER, null))).isEmpty();
    }

    @Test
    void deleteNumber_oneNumberDeleted() {
        service.addNumber(ALICE, Fixture.NUMBER);

        assertThat(during(() -> service.deleteNumber(ALICE)))
                .containsExactly(new TwoFactorEvent(Type.NUMBER_DELETED, ALICE, f.clock.instant(), null, MASKED));
        assertThat(during(() -> service.deleteNumber(ALICE))).as("no number left").isEmpty();
    }

    // ------------------------------------------------------------------ methods

    @Test
    void enableSms_oneMethodActivatedWithMaskedNumber() {
        service.addNumber(ALICE, Fixture.NUMBER);
        service.sendVerificationCode(ALICE);
        service.verifyNumber(ALICE, f.lastSms());

        assertThat(during(() -> service.enableSms(ALICE)))
                .containsExactly(new TwoFactorEvent(Type.METHOD_ACTIVATED, ALICE, f.clock.instant(), Method.SMS, MASKED));
        assertThat(during(() -> service.enableSms(ALICE))).as("already active").isEmpty();
    }

    @Test
    void connectApp_enrollmentStartedThenMethodActivated() {
        assertThat(during(() -> service.startTotp(ALICE, "alice@example.com")))
                .containsExactly(new TwoFactorEvent(Type.TOTP_ENROLLMENT_STARTED, ALICE, f.clock.instant(), Method.TOTP, null));
        TotpSetup setup = (TotpSetup) service.startTotp(ALICE, "alice@example.com");

        assertThat(during(() -> service.confirmTotp(ALICE, FakeTotpChannel.codeFor(
                setup.manualEntryKey(), f.clock.instant()))))
                .containsExactly(new TwoFactorEvent(Type.METHOD_ACTIVATED, ALICE, f.clock.instant(), Method.TOTP, null));
    }

    @Test
    void deactivate_sms_oneMethodDeactivatedWithMaskedNumber() {
        f.smsActive();
        Proof proof = stepUpBySms();

        assertThat(during(() -> service.deactivate(ALICE, proof)))
                .containsExactly(new TwoFactorEvent(Type.METHOD_DEACTIVATED, ALICE, f.clock.instant(), Method.SMS, MASKED));
    }

    @Test
    void deactivate_totp_oneMethodDeactivated() {
        String key = f.totpActive();
        Proof proof = ((Verified) service.stepUp(ALICE, f.appCode(key))).proof();

        assertThat(during(() -> service.deactivate(ALICE, proof)))
                .containsExactly(new TwoFactorEvent(Type.METHOD_DEACTIVATED, ALICE, f.clock.instant(), Method.TOTP, null));
    }

    @Test
    void deactivate_withoutProof_noEvent() {
        f.totpActive();

        assertThat(during(() -> service.deactivate(ALICE, null))).isEmpty();
    }

    @Test
    void deactivate_raceOf16ThreadsOnTwoNodes_oneChangeOneEvent() throws Exception {
        String key = f.totpActive();
        Proof proof = ((Verified) service.stepUp(ALICE, f.appCode(key))).proof();
        TwoFactorService[] nodes = {service, f.newNode()};

        List<ChangeResult> results = ConcurrencyTest.race(16, i -> nodes[i % 2].deactivate(ALICE, proof));

        assertThat(results).filteredOn(r -> r instanceof Changed).hasSize(1);
        assertThat(f.eventTypes()).containsOnlyOnce(Type.METHOD_DEACTIVATED);
    }

    // ------------------------------------------------------------------ recovery codes

    @Test
    void recoveryCodes_generatedUsedAndRegenerated_oneEventEach() {
        String key = f.totpActive();
        Proof login = ((Verified) service.stepUp(ALICE, f.appCode(key))).proof();
        List<String> codes = new ArrayList<>();

        assertThat(during(() -> codes.addAll(((RecoveryCodes) service.generateRecoveryCodes(ALICE, login)).codes())))
                .containsExactly(new TwoFactorEvent(Type.RECOVERY_CODES_GENERATED, ALICE, f.clock.instant(), Method.TOTP, null));
        assertThat(during(() -> service.completeLoginWithRecoveryCode(ALICE, codes.get(0)))).extracting(TwoFactorEvent::type)
                .containsExactly(Type.RECOVERY_CODE_USED, Type.LOGIN_SUCCEEDED);
        List<Proof> stepUp = new ArrayList<>();
        assertThat(during(() -> stepUp.add(((Verified) service.stepUpWithRecoveryCode(ALICE, codes.get(1))).proof())))
                .extracting(TwoFactorEvent::type).containsExactly(Type.RECOVERY_CODE_USED, Type.STEP_UP_SUCCEEDED);
        assertThat(during(() -> service.completeLoginWithRecoveryCode(ALICE, codes.get(1)))).extracting(TwoFactorEvent::type)
                .containsExactly(Type.CODE_REJECTED);
        assertThat(during(() -> service.generateRecoveryCodes(ALICE, stepUp.get(0)))).extracting(TwoFactorEvent::type)
                .containsExactly(Type.RECOVERY_CODES_GENERATED);
    }

    @Test
    void generateRecoveryCodes_refused_noEvent() {
        f.totpActive();

        assertThat(during(() -> service.generateRecoveryCodes(ALICE, null))).isEmpty();
    }

    // ------------------------------------------------------------------ failures, replay, lockout

    @Test
    void completeLogin_wrongCode_oneCodeRejected() {
        String key = f.totpActive();

        assertThat(during(() -> service.completeLogin(ALICE, LockoutTest.wrong(f.appCode(key)))))
                .containsExactly(new TwoFactorEvent(Type.CODE_REJECTED, ALICE, f.clock.instant(), Method.TOTP, null));
    }

    @Test
    void completeLogin_replay_oneReplayRefusedNotCodeRejected() {
        String key = f.totpActive();
        String code = f.appCode(key);
        assertThat(during(() -> service.completeLogin(ALICE, code))).extracting(TwoFactorEvent::type)
                .containsExactly(Type.LOGIN_SUCCEEDED);

        assertThat(during(() -> service.completeLogin(ALICE, code)))
                .containsExactly(new TwoFactorEvent(Type.REPLAY_REFUSED, ALICE, f.clock.instant(), Method.TOTP, null));
    }

    @Test
    void lockout_tenthFailure_codeRejectedAndOneLockedOutThenSilenceUntilReset() {
        String key = f.totpActive();
        for (int n = 0; n < 9; n++) {
            f.clock.advance(LockoutPolicy.defaults().delayAfter(n));
            assertThat(during(() -> service.completeLogin(ALICE, LockoutTest.wrong(f.appCode(key)))))
                    .extracting(TwoFactorEvent::type).containsExactly(Type.CODE_REJECTED);
        }
        f.clock.advance(LockoutPolicy.defaults().delayAfter(9));

        assertThat(during(() -> service.completeLogin(ALICE, LockoutTest.wrong(f.appCode(key)))))
                .containsExactly(new TwoFactorEvent(Type.CODE_REJECTED, ALICE, f.clock.instant(), Method.TOTP, null),
                        new TwoFactorEvent(Type.LOCKED_OUT, ALICE, f.clock.instant(), Method.TOTP, null));
        assertThat(during(() -> {
            service.completeLogin(ALICE, f.appCode(key));
            service.stepUp(ALICE, f.appCode(key));
            service.beginLogin(ALICE);
        })).as("refused while locked: no event").isEmpty();
        assertThat(during(() -> service.resetLockout(ALICE)))
                .containsExactly(new TwoFactorEvent(Type.LOCKOUT_RESET, ALICE, f.clock.instant(), Method.TOTP, null));
    }

    @Test
    void throttledAndExpired_noEvent() {
        f.smsActive();
        for (int n = 0; n < 4; n++) {
            f.clock.advance(Duration.ofSeconds(31));
            service.beginLogin(ALICE);
            service.completeLogin(ALICE, LockoutTest.wrong(f.lastSms()));
        }

        assertThat(during(() -> assertThat(service.completeLogin(ALICE, "123456")).isInstanceOf(Throttled.class))).isEmpty();
        f.clock.advance(Duration.ofMinutes(10));
        assertThat(during(() -> assertThat(service.completeLogin(ALICE, "123456")).isInstanceOf(Expired.class))).isEmpty();
    }

    // ------------------------------------------------------------------ delivery

    @Test
    void storeSaveFails_noEvent() {
        f.store.failSaves.set(true);

        assertThat(during(() -> assertThatThrownBy(() -> service.addNumber(ALICE, Fixture.NUMBER))
                .isInstanceOf(StoreException.class))).isEmpty();
    }

    @Test
    void listener_seesTheChangeAlreadyStored() {
        MemoryStore store = new MemoryStore();
        List<TwoFactorProfile> storedAtEvent = new CopyOnWriteArrayList<>();
        TwoFactorService s = TwoFactorService.builder().store(store).clock(f.clock).sms(f.sms)
                .eventListener(e -> storedAtEvent.add(store.get(e.account()))).build();

        s.addNumber(ALICE, Fixture.NUMBER);

        assertThat(storedAtEvent).hasSize(1);
        assertThat(storedAtEvent.get(0).phone().number()).isEqualTo(Fixture.E164);
    }

    @Test
    void listener_throws_changeKeptAndCallerUnaffected() {
        MemoryStore store = new MemoryStore();
        TwoFactorService s = TwoFactorService.builder().store(store).clock(f.clock).sms(f.sms)
                .eventListener(e -> {
                    throw new IllegalStateException("mail server down");
                }).build();

        assertThat(s.addNumber(ALICE, Fixture.NUMBER)).isInstanceOf(Changed.class);
        assertThat(store.get(ALICE).phone().number()).isEqualTo(Fixture.E164);
    }

    @Test
    void everyFlow_numbersInEventsOnlyMasked() {
        f.smsActive();
        Proof proof = stepUpBySms();
        service.generateRecoveryCodes(ALICE, proof);
        service.changeNumber(ALICE, OTHER_NUMBER, proof);
        f.clock.advance(Duration.ofSeconds(31));
        service.sendVerificationCode(ALICE);
        service.verifyNumber(ALICE, f.sms.lastCodeTo(PhoneNumber.parse(OTHER_NUMBER)));
        f.clock.advance(Duration.ofSeconds(31));
        service.sendStepUpCode(ALICE);
        VerifyResult stepUp = service.stepUp(ALICE, f.sms.lastCodeTo(PhoneNumber.parse(OTHER_NUMBER)));
        assertThat(stepUp.verified()).isTrue();
        assertThat(service.deactivate(ALICE, ((Verified) stepUp).proof())).isInstanceOf(Changed.class);
        assertThat(service.deleteNumber(ALICE)).isInstanceOf(Changed.class);

        assertThat(f.events).hasSizeGreaterThan(10);
        assertThat(f.events).extracting(TwoFactorEvent::maskedNumber).filteredOn(m -> m != null)
                .isNotEmpty().allMatch(m -> m.equals(MASKED) || m.equals(OTHER_MASKED));
        assertThat(f.events).allMatch(e -> !e.toString().contains("601123456") && !e.toString().contains("602987654")
                && !e.toString().contains("123 456") && !e.toString().contains("987 654"));
    }

    // ------------------------------------------------------------------ helpers

    private List<TwoFactorEvent> during(Runnable action) {
        int before = f.events.size();
        action.run();
        return List.copyOf(f.events.subList(before, f.events.size()));
    }

    private Proof stepUpBySms() {
        f.clock.advance(Duration.ofSeconds(31));
        assertThat(service.sendStepUpCode(ALICE)).isInstanceOf(SmsSent.class);
        VerifyResult result = service.stepUp(ALICE, f.lastSms());
        assertThat(result).isInstanceOf(Verified.class);
        return ((Verified) result).proof();
    }
}
