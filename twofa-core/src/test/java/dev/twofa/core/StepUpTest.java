package dev.twofa.core;

import static dev.twofa.core.fixtures.Fixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twofa.core.fixtures.Fixture;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sensitive changes need a fresh proof (SECURITY 20, 63B 6.1.2.1, ASVS 3.7.1): deactivating,
 * changing the number while SMS is active and making new recovery codes are allowed for 5 minutes
 * after a login, a step-up or a recovery code, and refused with STEP_UP_REQUIRED otherwise.
 */
class StepUpTest {

    private static final String OTHER_NUMBER = "+420 602 987 654";
    private static final Duration VALIDITY = Duration.ofMinutes(TwoFactorServiceBuilder.DEFAULT_STEP_UP_MINUTES);

    /** A test's state. */
    static final class Ctx {
        final Fixture f = new Fixture();
        String key;
        /** The proof this test's session holds (from its last successful proving call). */
        Proof proof;

        VerifyResult keep(VerifyResult result) {
            if (result instanceof Verified v) {
                proof = v.proof();
            }
            return result;
        }
    }

    /** A method to activate and how to prove it (step-up or login) right now. */
    record Active(String name, Consumer<Ctx> activate, Function<Ctx, VerifyResult> stepUp,
            Function<Ctx, VerifyResult> login) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A sensitive change and the result class it has when allowed. */
    record Sensitive(String name, Function<Ctx, Object> apply, Class<?> allowed) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final Active SMS = new Active("SMS",
            c -> c.f.smsActive(),
            c -> {
                c.f.clock.advance(Duration.ofSeconds(31));
                assertThat(c.f.service.sendStepUpCode(ALICE)).isInstanceOf(SmsSent.class);
                return c.keep(c.f.service.stepUp(ALICE, c.f.lastSms()));
            },
            c -> {
                c.f.clock.advance(Duration.ofSeconds(31));
                assertThat(c.f.service.beginLogin(ALICE)).isInstanceOf(SmsSent.class);
                return c.keep(c.f.service.completeLogin(ALICE, c.f.lastSms()));
            });

    private static final Active TOTP = new Active("TOTP",
            c -> c.key = c.f.totpActive(),
            c -> {
                c.f.clock.advance(Duration.ofSeconds(30));
                return c.keep(c.f.service.stepUp(ALICE, c.f.appCode(c.key)));
            },
            c -> {
                c.f.clock.advance(Duration.ofSeconds(30));
                return c.keep(c.f.service.completeLogin(ALICE, c.f.appCode(c.key)));
            });

    private static final Sensitive DEACTIVATE = new Sensitive("deactivate",
            c -> c.f.service.deactivate(ALICE, c.proof), Changed.class);
    private static final Sensitive CHANGE_NUMBER = new Sensitive("changeNumber",
            c -> c.f.service.changeNumber(ALICE, OTHER_NUMBER, c.proof), Changed.class);
    private static final Sensitive RECOVERY_CODES = new Sensitive("generateRecoveryCodes",
            c -> c.f.service.generateRecoveryCodes(ALICE, c.proof), RecoveryCodes.class);

    static Stream<Object[]> cases() {
        return Stream.of(
                new Object[] {SMS, DEACTIVATE}, new Object[] {SMS, CHANGE_NUMBER}, new Object[] {SMS, RECOVERY_CODES},
                new Object[] {TOTP, DEACTIVATE}, new Object[] {TOTP, RECOVERY_CODES});
    }

    private static void assertStepUpRequired(Object result) {
        assertThat(result).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(Refused.Refusal.STEP_UP_REQUIRED));
    }

    @ParameterizedTest(name = "{0} active: {1}")
    @MethodSource("cases")
    void sensitiveChange_noProof_stepUpRequiredAndNothingChanged(Active active, Sensitive change) {
        Ctx c = new Ctx();
        active.activate().accept(c);
        TwoFactorStatus before = c.f.service.status(ALICE);
        int events = c.f.events.size();

        assertStepUpRequired(change.apply().apply(c));
        assertThat(c.f.service.status(ALICE)).isEqualTo(before);
        assertThat(c.f.events).hasSize(events);
    }

    @ParameterizedTest(name = "{0} active: {1}")
    @MethodSource("cases")
    void sensitiveChange_stepUpJustNow_allowed(Active active, Sensitive change) {
        Ctx c = new Ctx();
        active.activate().accept(c);
        assertThat(active.stepUp().apply(c).verified()).isTrue();

        assertThat(change.apply().apply(c)).isInstanceOf(change.allowed());
    }

    @ParameterizedTest(name = "{0} active: {1}")
    @MethodSource("cases")
    void sensitiveChange_loginProofFourMinutes59SecondsOld_allowed(Active active, Sensitive change) {
        Ctx c = new Ctx();
        active.activate().accept(c);
        assertThat(active.login().apply(c).verified()).isTrue();
        c.f.clock.advance(VALIDITY.minusSeconds(1));

        assertThat(change.apply().apply(c)).isInstanceOf(change.allowed());
    }

    @ParameterizedTest(name = "{0} active: {1}")
    @MethodSource("cases")
    void sensitiveChange_proofFiveMinutesOneSecondOld_refused(Active active, Sensitive change) {
        Ctx c = new Ctx();
        active.activate().accept(c);
        assertThat(active.stepUp().apply(c).verified()).isTrue();
        c.f.clock.advance(VALIDITY.plusSeconds(1));

        assertStepUpRequired(change.apply().apply(c));
    }

    @ParameterizedTest(name = "{0} active: {1}")
    @MethodSource("cases")
    void sensitiveChange_proofExactlyFiveMinutesOld_refused(Active active, Sensitive change) {
        Ctx c = new Ctx();
        active.activate().accept(c);
        assertThat(active.stepUp().apply(c).verified()).isTrue();
        c.f.clock.advance(VALIDITY);

        assertStepUpRequired(change.apply().apply(c));
    }

    @ParameterizedTest(name = "{0} active: {1}")
    @MethodSource("cases")
    void sensitiveChange_afterStaleProofNewStepUp_allowedAgain(Active active, Sensitive change) {
        Ctx c = new Ctx();
        active.activate().accept(c);
        assertThat(active.stepUp().apply(c).verified()).isTrue();
        c.f.clock.advance(Duration.ofHours(2));
        assertStepUpRequired(change.apply().apply(c));

        assertThat(active.stepUp().apply(c).verified()).isTrue();
        assertThat(change.apply().apply(c)).isInstanceOf(change.allowed());
    }

    @ParameterizedTest(name = "{0} active: {1}")
    @MethodSource("cases")
    void sensitiveChange_recoveryCodeProof_allowed(Active active, Sensitive change) {
        Ctx c = new Ctx();
        active.activate().accept(c);
        assertThat(active.stepUp().apply(c).verified()).isTrue();
        List<String> codes = ((RecoveryCodes) c.f.service.generateRecoveryCodes(ALICE, c.proof)).codes();
        c.f.clock.advance(Duration.ofDays(1));
        assertStepUpRequired(change.apply().apply(c));

        assertThat(c.keep(c.f.service.stepUpWithRecoveryCode(ALICE, codes.get(0))).verified()).isTrue();
        assertThat(change.apply().apply(c)).isInstanceOf(change.allowed());
    }

    @ParameterizedTest(name = "{0} active: {1}")
    @MethodSource("cases")
    void sensitiveChange_failedStepUp_noProof(Active active, Sensitive change) {
        Ctx c = new Ctx();
        active.activate().accept(c);
        if (active == SMS) {
            c.f.clock.advance(Duration.ofSeconds(31));
            c.f.service.sendStepUpCode(ALICE);
            assertThat(c.f.service.stepUp(ALICE, LockoutTest.wrong(c.f.lastSms()))).isInstanceOf(Rejected.class);
        } else {
            assertThat(c.f.service.stepUp(ALICE, LockoutTest.wrong(c.f.appCode(c.key)))).isInstanceOf(Rejected.class);
        }

        assertStepUpRequired(change.apply().apply(c));
    }

    @ParameterizedTest(name = "{0} active: {1}")
    @MethodSource("cases")
    void sensitiveChange_proofLaterThanClock_refused(Active active, Sensitive change) {
        Ctx c = new Ctx();
        active.activate().accept(c);
        assertThat(active.stepUp().apply(c).verified()).isTrue();
        c.f.clock.advance(Duration.ofSeconds(-1)); // another node's clock ran ahead

        assertStepUpRequired(change.apply().apply(c));
    }

    @Test
    void stepUp_smsLoginCode_notAStepUpProof() {
        Ctx c = new Ctx();
        SMS.activate().accept(c);
        c.f.clock.advance(Duration.ofSeconds(31));
        c.f.service.beginLogin(ALICE);

        assertThat(c.keep(c.f.service.stepUp(ALICE, c.f.lastSms()))).isInstanceOf(Expired.class);
        assertStepUpRequired(c.f.service.deactivate(ALICE, c.proof));
    }

    @Test
    void stepUp_success_emitsStepUpSucceeded() {
        Ctx c = new Ctx();
        TOTP.activate().accept(c);

        TOTP.stepUp().apply(c);

        assertThat(c.f.events.get(c.f.events.size() - 1).type()).isEqualTo(TwoFactorEvent.Type.STEP_UP_SUCCEEDED);
        assertThat(c.f.events.get(c.f.events.size() - 1).method()).isEqualTo(Method.TOTP);
    }

    @Test
    void stepUp_noActiveMethod_refused() {
        Fixture f = new Fixture();

        assertThat(f.service.stepUp(ALICE, "123456")).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(Refused.Refusal.NO_ACTIVE_METHOD));
        assertThat(f.service.sendStepUpCode(ALICE)).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(Refused.Refusal.SMS_NOT_ACTIVE));
    }

    @Test
    void changeNumber_smsNotActive_needsNoProof() {
        Fixture f = new Fixture();
        f.service.addNumber(ALICE, Fixture.NUMBER);

        assertThat(f.service.changeNumber(ALICE, OTHER_NUMBER, null)).isInstanceOf(Changed.class);
    }

    @Test
    void changeNumber_smsActiveAfterStepUp_newNumberPendingOldStaysActive() {
        Ctx c = new Ctx();
        SMS.activate().accept(c);
        SMS.stepUp().apply(c);

        assertThat(c.f.service.changeNumber(ALICE, OTHER_NUMBER, c.proof)).isInstanceOfSatisfying(Changed.class, ch -> {
            assertThat(ch.status().number()).isEqualTo(Fixture.E164);
            assertThat(ch.status().pendingNumber()).isEqualTo(PhoneNumber.parse(OTHER_NUMBER));
            assertThat(ch.status().activeMethod()).isEqualTo(Method.SMS);
        });
    }

    @Test
    void stepUpValidity_customOneMinute_honoured() {
        Fixture f = new Fixture(b -> b.stepUpValidity(Duration.ofMinutes(1)));
        String key = f.totpActive();
        Proof proof = ((Verified) f.service.stepUp(ALICE, f.appCode(key))).proof();
        f.clock.advance(Duration.ofSeconds(61));

        assertStepUpRequired(f.service.deactivate(ALICE, proof));
    }

    @Test
    void stepUpValidity_outOfBounds_refused() {
        assertThatThrownBy(() -> TwoFactorService.builder().stepUpValidity(Duration.ofSeconds(29)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stepUpValidity");
        assertThatThrownBy(() -> TwoFactorService.builder().stepUpValidity(Duration.ofMinutes(15).plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stepUpValidity");
        assertThatThrownBy(() -> TwoFactorService.builder().stepUpValidity(Duration.ofMinutes(1)).stepUpValidity(Duration.ofMinutes(2)))
                .isInstanceOf(IllegalStateException.class);
    }
}
