package com.example.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.AccountId;
import dev.twofa.core.Proof;
import dev.twofa.core.Rejected;
import dev.twofa.core.TotpSetup;
import dev.twofa.core.TwoFactorEvent;
import dev.twofa.core.TwoFactorService;
import dev.twofa.core.Verified;
import dev.twofa.testkit.AuthenticatorApp;
import dev.twofa.testkit.TwoFactorTestKit;
import dev.twofa.totp.Totp;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Clock drift (issue 14.4, django-otp's drift): the step accepted at login tells how far the
 * account's app runs off the server; later windows are centred on it within {@code maxDrift}, never
 * wider; a new enrollment starts again at 0; when most recent codes across accounts come from the
 * same step ahead or behind, an event says the server's clock is probably off.
 */
class ClockDriftTest {

    private static final Duration STEP = Duration.ofSeconds(30);
    private static final AccountId ALICE = AccountId.of("alice");

    private final TwoFactorTestKit kit = TwoFactorTestKit.create();
    private final TwoFactorService twoFactor = kit.service();

    /** Connects a fresh app for the account; returns it. */
    private AuthenticatorApp connect(TwoFactorTestKit k, AccountId account, Duration skew) {
        TotpSetup setup = (TotpSetup) k.service().startTotp(account, account.value() + "@example.com");
        AuthenticatorApp app = new AuthenticatorApp(k.clock()).withClockSkew(skew);
        app.addAccount(setup.otpauthUri());
        assertThat(k.service().confirmTotp(account, app.currentCode()).verified()).as("confirm").isTrue();
        return app;
    }

    private int storedDrift(TwoFactorTestKit k, AccountId account) {
        return k.store().load(account).orElseThrow().totp().drift();
    }

    @Test
    void login_appOneStepAhead_driftRemembered() {
        AuthenticatorApp app = connect(kit, ALICE, STEP);

        assertThat(storedDrift(kit, ALICE)).isEqualTo(1);
        kit.clock().advance(STEP);
        assertThat(twoFactor.completeLogin(ALICE, app.currentCode()).verified()).isTrue();
        assertThat(storedDrift(kit, ALICE)).isEqualTo(1);
    }

    @Test
    void login_phoneClockWalksTwoStepsAhead_acceptedBecauseTheWindowFollowsIt() {
        AuthenticatorApp app = connect(kit, ALICE, STEP);
        kit.clock().advance(STEP);
        AuthenticatorApp later = app.withClockSkew(STEP.multipliedBy(2));    // the phone's clock ran on

        assertThat(twoFactor.completeLogin(ALICE, later.currentCode()).verified()).isTrue();
        assertThat(storedDrift(kit, ALICE)).isEqualTo(2);
    }

    @Test
    void login_withoutDrift_twoStepsAheadRejected() {
        TwoFactorTestKit plain = TwoFactorTestKit.builder().totp(b -> b.maxDrift(0)).build();
        AuthenticatorApp app = connect(plain, ALICE, STEP);
        plain.clock().advance(STEP);

        assertThat(plain.service().completeLogin(ALICE, app.withClockSkew(STEP.multipliedBy(2)).currentCode()))
                .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).isEqualTo(Rejected.Reason.WRONG_CODE));
        assertThat(storedDrift(plain, ALICE)).isZero();
    }

    @Test
    void login_driftedWindow_neverWider_aCodeBehindTheShiftedWindowRejected() {
        AuthenticatorApp app = connect(kit, ALICE, STEP);                    // drift +1: window 0..+2
        kit.clock().advance(STEP);

        String behind = app.withClockSkew(STEP.negated()).currentCode();     // step -1: inside the plain window
        assertThat(twoFactor.completeLogin(ALICE, behind)).isInstanceOf(Rejected.class);
        assertThat(kit.service().guessingChance()).isEqualTo(TwoFactorTestKit.create().service().guessingChance());
    }

    @Test
    void login_driftBeyondMaxDrift_clampedToIt() {
        TwoFactorTestKit one = TwoFactorTestKit.builder().totp(b -> b.maxDrift(1)).build();
        AuthenticatorApp app = connect(one, ALICE, STEP);
        one.clock().advance(STEP);

        assertThat(one.service().completeLogin(ALICE, app.withClockSkew(STEP.multipliedBy(2)).currentCode())
                .verified()).isTrue();
        assertThat(storedDrift(one, ALICE)).isEqualTo(1);
        one.clock().advance(STEP);
        assertThat(one.service().completeLogin(ALICE, app.withClockSkew(STEP.multipliedBy(3)).currentCode()))
                .as("three ahead is beyond drift 1 plus one step").isInstanceOf(Rejected.class);
    }

    @Test
    void login_phoneClockWalksBehind_negativeDriftRememberedAndFollowed() {
        AuthenticatorApp app = connect(kit, ALICE, STEP.negated());          // 30 s behind: drift -1
        assertThat(storedDrift(kit, ALICE)).isEqualTo(-1);

        for (int behind = 2; behind <= Totp.DEFAULT_MAX_DRIFT + 1; behind++) {
            kit.clock().advance(STEP.multipliedBy(2));                       // a minute later, 30 s more behind
            assertThat(twoFactor.completeLogin(ALICE, app.withClockSkew(STEP.multipliedBy(-behind)).currentCode())
                    .verified()).as("%d steps behind", behind).isTrue();
            assertThat(storedDrift(kit, ALICE)).isEqualTo(-Math.min(behind, Totp.DEFAULT_MAX_DRIFT));
        }
    }

    @Test
    void login_configuredMaxDrift_followedUpToItAndNoFurther() {
        TwoFactorTestKit three = TwoFactorTestKit.builder().totp(b -> b.maxDrift(3)).build();
        AuthenticatorApp app = connect(three, ALICE, STEP);
        for (int ahead = 2; ahead <= 3; ahead++) {
            three.clock().advance(STEP);
            assertThat(three.service().completeLogin(ALICE, app.withClockSkew(STEP.multipliedBy(ahead)).currentCode())
                    .verified()).as("%d steps ahead", ahead).isTrue();
        }
        assertThat(storedDrift(three, ALICE)).isEqualTo(3);

        three.clock().advance(STEP);
        assertThat(three.service().completeLogin(ALICE, app.withClockSkew(STEP.multipliedBy(4)).currentCode())
                .verified()).as("4 ahead: inside the window centred on 3").isTrue();
        assertThat(storedDrift(three, ALICE)).as("clamped to the configured bound").isEqualTo(3);
        three.clock().advance(STEP);
        assertThat(three.service().completeLogin(ALICE, app.withClockSkew(STEP.multipliedBy(5)).currentCode()))
                .as("5 ahead: beyond maxDrift 3 plus one step").isInstanceOf(Rejected.class);
    }

    @Test
    void reEnrollment_startsAgainWithoutDrift() {
        AuthenticatorApp app = connect(kit, ALICE, STEP);
        kit.clock().advance(STEP);
        Proof proof = ((Verified) twoFactor.completeLogin(ALICE, app.currentCode())).proof();
        twoFactor.deactivate(ALICE, proof);

        twoFactor.startTotp(ALICE, "alice@example.com");

        assertThat(storedDrift(kit, ALICE)).isZero();
        kit.clock().advance(STEP);
        connect(kit, ALICE, Duration.ZERO);
        assertThat(storedDrift(kit, ALICE)).isZero();
    }

    @Test
    void serverClock_mostRecentCodesOneStepAhead_oneEventWithTheEstimate() {
        TwoFactorTestKit k = TwoFactorTestKit.create(UnaryOperator.identity());
        for (int i = 0; i < 19; i++) {
            connect(k, AccountId.of("customer-" + i), STEP);
        }
        assertThat(k.events()).noneMatch(e -> e.type() == TwoFactorEvent.Type.SERVER_CLOCK_SUSPECT);

        connect(k, AccountId.of("customer-19"), STEP);                      // the 20th: most agree on +1
        for (int i = 20; i < 25; i++) {
            connect(k, AccountId.of("customer-" + i), STEP);                // still +1: said once
        }

        assertThat(k.events()).filteredOn(e -> e.type() == TwoFactorEvent.Type.SERVER_CLOCK_SUSPECT).singleElement()
                .satisfies(e -> {
                    assertThat(e.detail()).isEqualTo(new TwoFactorEvent.ClockDrift(1));
                    assertThat(e.account()).isEqualTo(AccountId.of("customer-19"));
                });
    }

    @Test
    void serverClock_appsSpreadAround_noEvent() {
        TwoFactorTestKit k = TwoFactorTestKit.create();
        Duration[] skews = {Duration.ZERO, STEP, STEP.negated(), Duration.ZERO};
        for (int i = 0; i < 40; i++) {
            connect(k, AccountId.of("customer-" + i), skews[i % skews.length]);
        }

        assertThat(k.events()).noneMatch(e -> e.type() == TwoFactorEvent.Type.SERVER_CLOCK_SUSPECT);
    }
}
