package dev.twofa.core;

import static dev.twofa.core.fixtures.Fixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twofa.core.fixtures.Fixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Throttling and lockout (SECURITY 23, 24): delays, the lock after 10 failures, its end, the
 * host reset, the permanent lock at 100, the policy bounds, and a table showing that every entry
 * point that checks a code counts failures and checks the lock before the code.
 */
class LockoutTest {

    private static final LockoutPolicy DEFAULTS = LockoutPolicy.defaults();
    private static final Duration HOUR = Duration.ofHours(1);
    private static final String RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

    private final Fixture f = new Fixture();
    private final TwoFactorService service = f.service;

    // ------------------------------------------------------------------ the policy itself

    @ParameterizedTest(name = "after {0} failures wait {1} s")
    @CsvSource({"0, 0", "1, 0", "2, 0", "3, 0", "4, 2", "5, 4", "6, 8", "7, 16", "8, 32", "9, 64", "10, 128",
            "12, 512", "13, 900", "14, 900", "40, 900", "100, 900", "2147483647, 900"})
    void delayAfter_defaults_noneForThreeThenDoublingCappedAtFifteenMinutes(int failures, long seconds) {
        assertThat(DEFAULTS.delayAfter(failures)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void lockedUntil_defaults_nullBelowTenOneHourFromTenInstantMaxFromThirty() {
        Instant at = f.clock.instant();

        assertThat(DEFAULTS.lockedUntil(9, at)).isNull();
        assertThat(DEFAULTS.lockedUntil(10, at)).isEqualTo(at.plus(HOUR));
        assertThat(DEFAULTS.lockedUntil(29, at)).isEqualTo(at.plus(HOUR));
        assertThat(DEFAULTS.lockedUntil(30, at)).isEqualTo(Instant.MAX);
        assertThat(DEFAULTS.lockedUntil(100, at)).isEqualTo(Instant.MAX);
    }

    @Test
    void defaults_statedFigures() {
        assertThat(DEFAULTS).isEqualTo(new LockoutPolicy(3, Duration.ofMinutes(15), 10, HOUR, 30));
        assertThat(LockoutPolicy.MAX_PERMANENT_LOCK_AFTER).isEqualTo(100);
    }

    static Stream<Arguments> policiesOutOfBounds() {
        Duration m15 = Duration.ofMinutes(15);
        return Stream.of(
                Arguments.of("freeFailures -1", (Supplier<LockoutPolicy>) () -> new LockoutPolicy(-1, m15, 10, HOUR, 100), "freeFailures"),
                Arguments.of("freeFailures 11", (Supplier<LockoutPolicy>) () -> new LockoutPolicy(11, m15, 20, HOUR, 100), "freeFailures"),
                Arguments.of("maxDelay 999 ms", (Supplier<LockoutPolicy>) () -> new LockoutPolicy(3, Duration.ofMillis(999), 10, HOUR, 100), "maxDelay"),
                Arguments.of("maxDelay 1 h 1 s", (Supplier<LockoutPolicy>) () -> new LockoutPolicy(3, HOUR.plusSeconds(1), 10, HOUR, 100), "maxDelay"),
                Arguments.of("lockAfter 0", (Supplier<LockoutPolicy>) () -> new LockoutPolicy(0, m15, 0, HOUR, 100), "lockAfter"),
                Arguments.of("lockAfter 21", (Supplier<LockoutPolicy>) () -> new LockoutPolicy(3, m15, 21, HOUR, 100), "lockAfter"),
                Arguments.of("lockAfter = freeFailures", (Supplier<LockoutPolicy>) () -> new LockoutPolicy(5, m15, 5, HOUR, 100), "lockAfter"),
                Arguments.of("lockDuration 59 s", (Supplier<LockoutPolicy>) () -> new LockoutPolicy(3, m15, 10, Duration.ofSeconds(59), 100), "lockDuration"),
                Arguments.of("lockDuration 24 h 1 s", (Supplier<LockoutPolicy>) () -> new LockoutPolicy(3, m15, 10, Duration.ofHours(24).plusSeconds(1), 100), "lockDuration"),
                Arguments.of("permanentLockAfter below lockAfter", (Supplier<LockoutPolicy>) () -> new LockoutPolicy(3, m15, 10, HOUR, 9), "permanentLockAfter"),
                Arguments.of("permanentLockAfter 101", (Supplier<LockoutPolicy>) () -> new LockoutPolicy(3, m15, 10, HOUR, 101), "permanentLockAfter"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policiesOutOfBounds")
    void lockoutPolicy_outOfBounds_refusedNamingTheSetting(String name, Supplier<LockoutPolicy> policy, String setting) {
        assertThatThrownBy(policy::get).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(setting);
    }

    @Test
    void lockoutPolicy_extremesWithinBounds_accepted() {
        assertThat(new LockoutPolicy(0, Duration.ofSeconds(1), 1, Duration.ofMinutes(1), 1).lockAfter()).isEqualTo(1);
        assertThat(new LockoutPolicy(10, HOUR, 20, Duration.ofHours(24), 100).permanentLockAfter()).isEqualTo(100);
        assertThatThrownBy(() -> new LockoutPolicy(3, null, 10, HOUR, 100)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new LockoutPolicy(3, HOUR, 10, null, 100)).isInstanceOf(NullPointerException.class);
    }

    // ------------------------------------------------------------------ delays through the service

    @Test
    void completeLogin_fourthFailure_nextTryThrottledForTwoSecondsWithoutCheckingCode() {
        String key = f.totpActive();
        for (int n = 1; n <= 3; n++) {
            assertThat(service.completeLogin(ALICE, wrong(f.appCode(key)))) // no delay: same instant
                    .isEqualTo(new Rejected(Rejected.Reason.WRONG_CODE, 10 - n));
        }
        assertThat(service.completeLogin(ALICE, wrong(f.appCode(key)))).isEqualTo(new Rejected(Rejected.Reason.WRONG_CODE, 6));
        Instant retryAt = f.clock.instant().plusSeconds(2);
        int verifyCalls = f.totp.verifyCalls.get();

        assertThat(service.completeLogin(ALICE, f.appCode(key))).isEqualTo(new Throttled(retryAt));
        f.clock.advance(Duration.ofMillis(1999));
        assertThat(service.completeLogin(ALICE, f.appCode(key))).isEqualTo(new Throttled(retryAt));
        assertThat(f.totp.verifyCalls).as("a throttled code is not looked at").hasValue(verifyCalls);
        assertThat(service.status(ALICE).consecutiveFailures()).as("a throttled try is not counted").isEqualTo(4);

        f.clock.advance(Duration.ofMillis(1));
        assertThat(service.completeLogin(ALICE, f.appCode(key)).verified()).isTrue();
    }

    @Test
    void completeLogin_failuresOneToNine_throttledForTwoToTheNMinusThreeSeconds() {
        String key = f.totpActive();
        for (int n = 1; n <= 9; n++) {
            assertThat(service.completeLogin(ALICE, wrong(f.appCode(key)))).isEqualTo(new Rejected(Rejected.Reason.WRONG_CODE, 10 - n));
            Duration delay = n <= 3 ? Duration.ZERO : Duration.ofSeconds(1L << (n - 3));
            if (!delay.isZero()) {
                assertThat(service.completeLogin(ALICE, f.appCode(key)))
                        .as("after failure %d", n).isEqualTo(new Throttled(f.clock.instant().plus(delay)));
                f.clock.advance(delay);
            }
        }
        assertThat(service.completeLogin(ALICE, wrong(f.appCode(key)))).isEqualTo(new LockedOut(f.clock.instant().plus(HOUR)));
    }

    @Test
    void completeLogin_manyFailuresBelowLock_delayCappedAtMaxDelay() {
        Fixture lenient = new Fixture(b -> b.lockoutPolicy(new LockoutPolicy(3, Duration.ofMinutes(15), 20, HOUR, 20)));
        String key = lenient.totpActive();
        for (int n = 1; n <= 14; n++) {
            assertThat(lenient.service.completeLogin(ALICE, wrong(lenient.appCode(key)))).isInstanceOf(Rejected.class);
            Duration delay = n <= 3 ? Duration.ZERO : Duration.ofSeconds(Math.min(1L << (n - 3), 900));
            if (n >= 13) {
                assertThat(lenient.service.completeLogin(ALICE, lenient.appCode(key)))
                        .isEqualTo(new Throttled(lenient.clock.instant().plus(Duration.ofMinutes(15))));
            }
            lenient.clock.advance(delay);
        }
        assertThat(lenient.service.completeLogin(ALICE, lenient.appCode(key)).verified()).isTrue();
    }

    // ------------------------------------------------------------------ the lock

    @Test
    void completeLogin_tenConsecutiveFailures_lockedOutForOneHourWithOneEvent() {
        String key = f.totpActive();
        failTotpLogins(key, 9);
        f.clock.advance(DEFAULTS.delayAfter(9));
        Instant lockedAt = f.clock.instant();

        assertThat(service.completeLogin(ALICE, wrong(f.appCode(key)))).isEqualTo(new LockedOut(lockedAt.plus(HOUR)));
        assertThat(service.status(ALICE).lockedUntil()).isEqualTo(lockedAt.plus(HOUR));
        assertThat(service.status(ALICE).consecutiveFailures()).isEqualTo(10);
        assertThat(count(TwoFactorEvent.Type.LOCKED_OUT)).isEqualTo(1);
    }

    @Test
    void completeLogin_whileLocked_codeNotLookedAtNotCountedNoFurtherEvent() {
        String key = f.totpActive();
        failTotpLogins(key, 10);
        Instant until = service.status(ALICE).lockedUntil();
        int verifyCalls = f.totp.verifyCalls.get();
        int events = f.events.size();

        for (int i = 0; i < 5; i++) {
            f.clock.advance(Duration.ofMinutes(5));
            assertThat(service.completeLogin(ALICE, f.appCode(key))).isEqualTo(new LockedOut(until));
            assertThat(service.completeLogin(ALICE, wrong(f.appCode(key)))).isEqualTo(new LockedOut(until));
        }

        assertThat(f.totp.verifyCalls).hasValue(verifyCalls);
        assertThat(service.status(ALICE).consecutiveFailures()).isEqualTo(10);
        assertThat(f.events).hasSize(events);
        assertThat(count(TwoFactorEvent.Type.LOCKED_OUT)).isEqualTo(1);
    }

    @Test
    void lock_afterOneHour_endsAndCorrectCodeLogsInAndResetsCount() {
        String key = f.totpActive();
        failTotpLogins(key, 10);
        Instant until = service.status(ALICE).lockedUntil();

        f.clock.advance(HOUR.minusSeconds(1));
        assertThat(service.completeLogin(ALICE, f.appCode(key))).isEqualTo(new LockedOut(until));
        f.clock.advance(Duration.ofSeconds(1));
        assertThat(service.status(ALICE).lockedUntil()).isNull();
        assertThat(service.completeLogin(ALICE, f.appCode(key)).verified()).isTrue();
        assertThat(service.status(ALICE).consecutiveFailures()).isZero();
    }

    @Test
    void lock_expired_furtherFailureLocksAgainAtOnce() {
        String key = f.totpActive();
        failTotpLogins(key, 10);
        f.clock.advance(HOUR);

        assertThat(service.completeLogin(ALICE, wrong(f.appCode(key)))).isEqualTo(new LockedOut(f.clock.instant().plus(HOUR)));
        assertThat(service.status(ALICE).consecutiveFailures()).isEqualTo(11);
        assertThat(count(TwoFactorEvent.Type.LOCKED_OUT)).isEqualTo(2);
    }

    @Test
    void resetLockout_locked_unlocksAndEmitsLockoutResetOnce() {
        String key = f.totpActive();
        failTotpLogins(key, 10);

        TwoFactorStatus after = service.resetLockout(ALICE);

        assertThat(after.lockedUntil()).isNull();
        assertThat(after.consecutiveFailures()).isZero();
        assertThat(f.events.get(f.events.size() - 1).type()).isEqualTo(TwoFactorEvent.Type.LOCKOUT_RESET);
        assertThat(service.completeLogin(ALICE, f.appCode(key)).verified()).isTrue();
        service.resetLockout(ALICE); // nothing to reset
        assertThat(count(TwoFactorEvent.Type.LOCKOUT_RESET)).isEqualTo(1);
    }

    @Test
    void resetLockout_afterReset_fullTenTriesAgain() {
        String key = f.totpActive();
        failTotpLogins(key, 10);
        service.resetLockout(ALICE);

        assertThat(service.completeLogin(ALICE, wrong(f.appCode(key)))).isEqualTo(new Rejected(Rejected.Reason.WRONG_CODE, 9));
    }

    @Test
    void success_afterThreeFailures_resetsCount() {
        String key = f.totpActive();
        failTotpLogins(key, 3);
        assertThat(service.completeLogin(ALICE, f.appCode(key)).verified()).isTrue();
        assertThat(service.status(ALICE).consecutiveFailures()).isZero();
        f.clock.advance(Duration.ofSeconds(30));

        failTotpLogins(key, 9);
        assertThat(service.status(ALICE).lockedUntil()).as("only consecutive failures lock").isNull();
        f.clock.advance(DEFAULTS.delayAfter(9));
        assertThat(service.completeLogin(ALICE, wrong(f.appCode(key)))).isInstanceOf(LockedOut.class);
    }

    @Test
    void thirtyConsecutiveFailures_lockedUntilInstantMaxAndOnlyResetUnlocks() {
        String key = f.totpActive();
        failTotpLogins(key, 10);
        for (int n = 11; n <= 29; n++) {
            f.clock.advance(HOUR);
            assertThat(service.completeLogin(ALICE, wrong(f.appCode(key)))).isEqualTo(new LockedOut(f.clock.instant().plus(HOUR)));
        }
        f.clock.advance(HOUR);

        assertThat(service.completeLogin(ALICE, wrong(f.appCode(key)))).isEqualTo(new LockedOut(Instant.MAX));
        assertThat(service.status(ALICE).consecutiveFailures()).isEqualTo(30);
        f.clock.advance(Duration.ofDays(3650));
        int verifyCalls = f.totp.verifyCalls.get();
        assertThat(service.completeLogin(ALICE, f.appCode(key))).isEqualTo(new LockedOut(Instant.MAX));
        assertThat(service.beginLogin(ALICE)).isEqualTo(new LockedOut(Instant.MAX));
        assertThat(f.totp.verifyCalls).hasValue(verifyCalls);
        assertThat(service.status(ALICE).consecutiveFailures()).as("never more than 30").isEqualTo(30);

        service.resetLockout(ALICE);
        assertThat(service.completeLogin(ALICE, f.appCode(key)).verified()).isTrue();
    }

    @Test
    void customPolicy_lockAfterDurationAndPermanentThreshold_honoured() {
        LockoutPolicy policy = new LockoutPolicy(2, Duration.ofSeconds(5), 5, Duration.ofMinutes(10), 7);
        Fixture strict = new Fixture(b -> b.lockoutPolicy(policy));
        String key = strict.totpActive();
        for (int n = 1; n <= 4; n++) {
            strict.clock.advance(policy.delayAfter(n - 1));
            assertThat(strict.service.completeLogin(ALICE, wrong(strict.appCode(key))))
                    .isEqualTo(new Rejected(Rejected.Reason.WRONG_CODE, 5 - n));
        }
        strict.clock.advance(policy.delayAfter(4));
        assertThat(strict.service.completeLogin(ALICE, wrong(strict.appCode(key))))
                .isEqualTo(new LockedOut(strict.clock.instant().plus(Duration.ofMinutes(10))));
        strict.clock.advance(Duration.ofMinutes(10));
        assertThat(strict.service.completeLogin(ALICE, wrong(strict.appCode(key))))
                .isEqualTo(new LockedOut(strict.clock.instant().plus(Duration.ofMinutes(10))));
        strict.clock.advance(Duration.ofMinutes(10));

        assertThat(strict.service.completeLogin(ALICE, wrong(strict.appCode(key)))).isEqualTo(new LockedOut(Instant.MAX));
        assertThat(strict.service.status(ALICE).consecutiveFailures()).isEqualTo(7);
    }

    @Test
    void failures_onTwoNodes_countTogetherAndLockBoth() {
        String key = f.totpActive();
        TwoFactorService other = f.newNode();
        for (int n = 0; n < 10; n++) {
            f.clock.advance(DEFAULTS.delayAfter(n));
            (n % 2 == 0 ? service : other).completeLogin(ALICE, wrong(f.appCode(key)));
        }

        assertThat(service.completeLogin(ALICE, f.appCode(key))).isInstanceOf(LockedOut.class);
        assertThat(other.completeLogin(ALICE, f.appCode(key))).isInstanceOf(LockedOut.class);
        other.resetLockout(ALICE);
        assertThat(service.completeLogin(ALICE, f.appCode(key)).verified()).isTrue();
    }

    @Test
    void failures_acrossEntryPoints_shareOneCount() {
        String key = f.totpActive();
        Proof proof = ((Verified) service.stepUp(ALICE, f.appCode(key))).proof();
        List<String> recovery = ((RecoveryCodes) service.generateRecoveryCodes(ALICE, proof)).codes();
        List<Function<String, VerifyResult>> entries = List.of(
                code -> service.completeLogin(ALICE, code),
                code -> service.stepUp(ALICE, code),
                code -> service.completeLoginWithRecoveryCode(ALICE, code),
                code -> service.stepUpWithRecoveryCode(ALICE, code));
        for (int n = 0; n < 9; n++) {
            f.clock.advance(DEFAULTS.delayAfter(n));
            String correct = n % 4 < 2 ? f.appCode(key) : recovery.get(0);
            assertThat(entries.get(n % 4).apply(wrong(correct))).isInstanceOf(Rejected.class);
        }
        f.clock.advance(DEFAULTS.delayAfter(9));

        assertThat(entries.get(1).apply(wrong(f.appCode(key)))).isInstanceOf(LockedOut.class);
        assertThat(service.completeLoginWithRecoveryCode(ALICE, recovery.get(0))).isInstanceOf(LockedOut.class);
    }

    // ------------------------------------------------------------------ every entry point

    /** A test's state: the fixture and what the arrangement produced. */
    static final class Ctx {
        final Fixture f = new Fixture();
        String key;
        List<String> recovery;
    }

    /**
     * An entry point that checks a code: how to arrange the account, how to get a currently
     * correct code (sending an SMS if needed), how to submit a code, and how often the channel was
     * asked to check a code.
     */
    record EntryPoint(String name, Consumer<Ctx> arrange, Function<Ctx, String> correctCode,
            BiFunction<Ctx, String, VerifyResult> submit, ToIntFunction<Ctx> channelChecks) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<EntryPoint> entryPoints() {
        ToIntFunction<Ctx> totpChecks = c -> c.f.totp.verifyCalls.get();
        ToIntFunction<Ctx> smsChecks = c -> c.f.sms.matchCalls.get();
        Consumer<Ctx> totpActive = c -> c.key = c.f.totpActive();
        Function<Ctx, String> appCode = c -> c.f.appCode(c.key);
        Consumer<Ctx> withRecoveryCodes = c -> {
            c.key = c.f.totpActive();
            Proof proof = ((Verified) c.f.service.stepUp(ALICE, c.f.appCode(c.key))).proof();
            c.recovery = ((RecoveryCodes) c.f.service.generateRecoveryCodes(ALICE, proof)).codes();
        };
        return Stream.of(
                new EntryPoint("completeLogin (TOTP)", totpActive, appCode,
                        (c, code) -> c.f.service.completeLogin(ALICE, code), totpChecks),
                new EntryPoint("completeLogin (SMS)", c -> c.f.smsActive(), c -> {
                    assertThat(c.f.service.beginLogin(ALICE)).isInstanceOf(SmsSent.class);
                    return c.f.lastSms();
                }, (c, code) -> c.f.service.completeLogin(ALICE, code), smsChecks),
                new EntryPoint("confirmTotp", c -> c.key = ((TotpSetup) c.f.service.startTotp(ALICE, "alice@example.com"))
                        .manualEntryKey(), appCode, (c, code) -> c.f.service.confirmTotp(ALICE, code), totpChecks),
                new EntryPoint("verifyNumber", c -> c.f.service.addNumber(ALICE, Fixture.NUMBER), c -> {
                    assertThat(c.f.service.sendVerificationCode(ALICE)).isInstanceOf(SmsSent.class);
                    return c.f.lastSms();
                }, (c, code) -> c.f.service.verifyNumber(ALICE, code), smsChecks),
                new EntryPoint("stepUp (TOTP)", totpActive, appCode,
                        (c, code) -> c.f.service.stepUp(ALICE, code), totpChecks),
                new EntryPoint("stepUp (SMS)", c -> c.f.smsActive(), c -> {
                    assertThat(c.f.service.sendStepUpCode(ALICE)).isInstanceOf(SmsSent.class);
                    return c.f.lastSms();
                }, (c, code) -> c.f.service.stepUp(ALICE, code), smsChecks),
                new EntryPoint("completeLoginWithRecoveryCode", withRecoveryCodes, c -> c.recovery.get(0),
                        (c, code) -> c.f.service.completeLoginWithRecoveryCode(ALICE, code), c -> 0),
                new EntryPoint("stepUpWithRecoveryCode", withRecoveryCodes, c -> c.recovery.get(0),
                        (c, code) -> c.f.service.stepUpWithRecoveryCode(ALICE, code), c -> 0));
    }

    /**
     * Fails {@code times} times through the entry point, each time with a fresh correct code
     * known (an SMS re-sent after the cooldown); returns the last correct code, still valid and
     * unused.
     */
    private static String failThrough(EntryPoint e, Ctx c, int times) {
        String correct = null;
        for (int n = 0; n < times; n++) {
            int failures = c.f.service.status(ALICE).consecutiveFailures();
            Duration wait = DEFAULTS.delayAfter(failures);
            c.f.clock.advance(wait.compareTo(Duration.ofSeconds(31)) > 0 ? wait : Duration.ofSeconds(31));
            correct = e.correctCode().apply(c);
            VerifyResult result = e.submit().apply(c, wrong(correct));
            if (n < 9) {
                int left = 9 - n;
                assertThat(result).as("%s failure %d", e, n + 1)
                        .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.attemptsLeft()).isEqualTo(left));
            } else {
                assertThat(result).as("%s failure %d", e, n + 1).isEqualTo(new LockedOut(c.f.clock.instant().plus(HOUR)));
            }
        }
        return correct;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entryPoints")
    void entryPoint_tenWrongCodes_lockedAndCorrectCodeNotLookedAtUntilReset(EntryPoint e) {
        Ctx c = new Ctx();
        e.arrange().accept(c);

        String correct = failThrough(e, c, 10);

        Instant until = c.f.clock.instant().plus(HOUR);
        int checks = e.channelChecks().applyAsInt(c);
        int recoveryLeft = c.f.service.status(ALICE).recoveryCodesLeft();
        assertThat(e.submit().apply(c, correct)).isEqualTo(new LockedOut(until));
        assertThat(e.channelChecks().applyAsInt(c)).as("the code is not looked at while locked").isEqualTo(checks);
        assertThat(c.f.service.status(ALICE).consecutiveFailures()).isEqualTo(10);
        assertThat(c.f.service.status(ALICE).recoveryCodesLeft()).isEqualTo(recoveryLeft);
        assertThat(c.f.events.stream().filter(ev -> ev.type() == TwoFactorEvent.Type.LOCKED_OUT)).hasSize(1);

        c.f.service.resetLockout(ALICE);
        assertThat(e.submit().apply(c, correct).verified()).as("the code survived the lock, unused").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entryPoints")
    void entryPoint_fourWrongCodes_throttledBeforeCodeIsLookedAt(EntryPoint e) {
        Ctx c = new Ctx();
        e.arrange().accept(c);

        String correct = failThrough(e, c, 4);

        int checks = e.channelChecks().applyAsInt(c);
        assertThat(e.submit().apply(c, correct)).isEqualTo(new Throttled(c.f.clock.instant().plusSeconds(2)));
        assertThat(e.channelChecks().applyAsInt(c)).isEqualTo(checks);
        assertThat(c.f.service.status(ALICE).consecutiveFailures()).isEqualTo(4);
        c.f.clock.advance(Duration.ofSeconds(2));
        assertThat(e.submit().apply(c, correct).verified()).isTrue();
        // a verified number is no proof of the second factor: the failures stay (but not its own try)
        assertThat(c.f.service.status(ALICE).consecutiveFailures()).isEqualTo(e.toString().contains("verifyNumber") ? 4 : 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entryPoints")
    void entryPoint_lockedThroughAnotherNode_refusedToo(EntryPoint e) {
        Ctx c = new Ctx();
        e.arrange().accept(c);
        String correct = failThrough(e, c, 10);

        assertThat(e.submit().apply(c, correct)).isInstanceOf(LockedOut.class);
        assertThat(c.f.newNode().status(ALICE).lockedUntil()).isEqualTo(c.f.clock.instant().plus(HOUR));
    }

    @Test
    void completeLogin_totpActiveOnServiceWithoutTotpChannel_illegalStateNamingTheMisconfiguration() {
        String key = f.totpActive();
        TwoFactorService smsOnly = TwoFactorService.builder().store(f.store).clock(f.clock).sms(f.sms).build();

        assertThatThrownBy(() -> smsOnly.completeLogin(ALICE, f.appCode(key)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("TOTP");
        assertThatThrownBy(() -> smsOnly.stepUp(ALICE, f.appCode(key)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("TOTP");
    }

    // ------------------------------------------------------------------ sends while locked

    @Test
    void beginLogin_smsActiveLocked_lockedOutAndNoSms() {
        f.smsActive();
        lockThroughSmsLogin();
        int sent = f.sms.sent.get();

        f.clock.advance(Duration.ofMinutes(5));
        assertThat(service.beginLogin(ALICE)).isEqualTo(new LockedOut(service.status(ALICE).lockedUntil()));
        assertThat(f.sms.sent).hasValue(sent);
    }

    @Test
    void sendStepUpCode_smsActiveLocked_lockedOutAndNoSms() {
        f.smsActive();
        lockThroughSmsLogin();
        int sent = f.sms.sent.get();

        f.clock.advance(Duration.ofMinutes(5));
        assertThat(service.sendStepUpCode(ALICE)).isEqualTo(new LockedOut(service.status(ALICE).lockedUntil()));
        assertThat(f.sms.sent).hasValue(sent);
    }

    @Test
    void sendVerificationCode_locked_lockedOutAndNoSms() {
        service.addNumber(ALICE, Fixture.NUMBER);
        for (int n = 0; n < 10; n++) {
            f.clock.advance(Duration.ofSeconds(65));
            service.sendVerificationCode(ALICE);
            service.verifyNumber(ALICE, wrong(f.lastSms()));
        }
        assertThat(service.status(ALICE).lockedUntil()).isNotNull();
        int sent = f.sms.sent.get();

        f.clock.advance(Duration.ofMinutes(5));
        assertThat(service.sendVerificationCode(ALICE)).isEqualTo(new LockedOut(service.status(ALICE).lockedUntil()));
        assertThat(f.sms.sent).hasValue(sent);
    }

    @Test
    void beginLogin_totpActiveLocked_lockedOutNotAppCodeRequired() {
        String key = f.totpActive();
        failTotpLogins(key, 10);

        assertThat(service.beginLogin(ALICE)).isEqualTo(new LockedOut(service.status(ALICE).lockedUntil()));
        f.clock.advance(HOUR);
        assertThat(service.beginLogin(ALICE)).isInstanceOf(AppCodeRequired.class);
    }

    @Test
    void beginLogin_lockEnded_sendsAgain() {
        f.smsActive();
        lockThroughSmsLogin();
        f.clock.advance(HOUR);

        assertThat(service.beginLogin(ALICE)).isInstanceOf(SmsSent.class);
        assertThat(service.completeLogin(ALICE, f.lastSms()).verified()).isTrue();
    }

    // ------------------------------------------------------------------ helpers

    private void lockThroughSmsLogin() {
        for (int n = 0; n < 10; n++) {
            f.clock.advance(Duration.ofSeconds(65));
            assertThat(service.beginLogin(ALICE)).isInstanceOf(SmsSent.class);
            service.completeLogin(ALICE, wrong(f.lastSms()));
        }
        assertThat(service.status(ALICE).lockedUntil()).isNotNull();
    }

    /** Fails {@code times} TOTP logins, waiting out each delay first. */
    private void failTotpLogins(String key, int times) {
        for (int n = 0; n < times; n++) {
            f.clock.advance(DEFAULTS.delayAfter(service.status(ALICE).consecutiveFailures()));
            VerifyResult result = service.completeLogin(ALICE, wrong(f.appCode(key)));
            assertThat(result).isInstanceOfAny(Rejected.class, LockedOut.class);
        }
    }

    private long count(TwoFactorEvent.Type type) {
        return f.events.stream().filter(e -> e.type() == type).count();
    }

    /** A well-formed code that differs from {@code code} in its first character. */
    static String wrong(String code) {
        char first = code.charAt(0);
        char other;
        if (code.indexOf('-') >= 0) { // a recovery code
            other = RECOVERY_ALPHABET.charAt((RECOVERY_ALPHABET.indexOf(first) + 1) % RECOVERY_ALPHABET.length());
        } else {
            other = (char) ('0' + (first - '0' + 1) % 10);
        }
        return other + code.substring(1);
    }
}
