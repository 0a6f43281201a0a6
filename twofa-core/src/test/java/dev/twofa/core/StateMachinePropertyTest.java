package dev.twofa.core;

import static dev.twofa.core.fixtures.Fixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.twofa.core.fixtures.FakeTotpChannel;
import dev.twofa.core.fixtures.Fixture;
import dev.twofa.core.spi.TwoFactorProfile;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of valid and invalid operations; after each step the invariants of DESIGN.md
 * hold: at most one active method and never a switch without deactivation, SMS active implies a
 * verified number, TOTP active implies a confirmed secret, a refused operation leaves the profile
 * equal to before, and each stored change raises the version by exactly one (a code check stores
 * two: its counted try, then its outcome).
 */
class StateMachinePropertyTest {

    private static final String[] NUMBERS = {"+420 601 123 456", "+420 777 000 111", "+44 7911 123456", "12ab", ""};
    private static final int OPERATIONS = 18;

    private static final java.util.Set<Object> REACHED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Test
    void randomOperationSequences_keepInvariants() {
        qt().withExamples(400).forAll(lists().of(integers().between(0, OPERATIONS * 5 - 1)).ofSizeBetween(1, 80))
                .checkAssert(StateMachinePropertyTest::run);
        // the sequences must reach the interesting states, or the invariants were checked on little
        assertThat(REACHED).contains(Method.SMS, Method.TOTP, Rejected.Reason.REPLAY, "pending number", "deactivated");
    }

    private static void run(List<Integer> script) {
        Fixture f = new Fixture();
        f.addPerson(ALICE, new dev.twofa.core.PhoneNumber("+447911123456"));
        String[] totpKey = {null};
        Proof[] proof = {null};     // the session's proof: the last one a proving call returned
        for (int instruction : script) {
            TwoFactorProfile before = f.store.get(ALICE);
            Object result;
            try {
                result = apply(f, instruction / 5, instruction % 5, totpKey, proof);
            } catch (InvalidInputException e) {
                result = e;
            }
            TwoFactorProfile after = f.store.get(ALICE);
            check(before, after, result, instruction);
            if (after != null && after.activeMethod() != null) {
                REACHED.add(after.activeMethod());
            }
            if (after != null && after.pendingNumber() != null) {
                REACHED.add("pending number");
            }
            if (result instanceof Rejected rejected) {
                REACHED.add(rejected.reason());
            }
            if (before != null && before.activeMethod() != null && after.activeMethod() == null) {
                REACHED.add("deactivated");
            }
        }
    }

    private static Object apply(Fixture f, int op, int variant, String[] totpKey, Proof[] proof) {
        Object result = operation(f, op, variant, totpKey, proof);
        if (result instanceof Verified v && v.proof() != null) {
            proof[0] = v.proof();
        }
        return result;
    }

    private static Object operation(Fixture f, int op, int variant, String[] totpKey, Proof[] proof) {
        TwoFactorService s = variant == 4 ? f.newNode() : f.service;
        String number = NUMBERS[variant];
        switch (op) {
            case 0: return s.addNumber(ALICE, number);
            case 1: return s.changeNumber(ALICE, number, proof[0]);
            case 2: return s.deleteNumber(ALICE);
            case 3: return s.sendVerificationCode(ALICE);
            case 4: return s.verifyNumber(ALICE, variant < 3 ? smsCode(f) : "000000");
            case 5: return s.enableSms(ALICE);
            case 6: {
                StartTotpResult r = s.startTotp(ALICE, "alice@example.com");
                if (r instanceof TotpSetup setup) {
                    totpKey[0] = setup.manualEntryKey();
                }
                return r;
            }
            case 7: return s.confirmTotp(ALICE, variant < 3 ? appCode(f, totpKey) : "123456");
            case 8: return s.beginLogin(ALICE);
            case 9: return s.completeLogin(ALICE, variant < 2 ? appCode(f, totpKey) : variant < 4 ? smsCode(f) : "1x");
            case 10: return s.sendStepUpCode(ALICE);
            case 11: return s.stepUp(ALICE, variant < 2 ? appCode(f, totpKey) : variant < 4 ? smsCode(f) : "");
            case 12: return s.deactivate(ALICE, proof[0]);
            case 13: return s.resetLockout(ALICE);
            case 14: f.clock.advance(Duration.ofSeconds(1 + variant * 40L)); return "clock";
            case 15: f.clock.advance(Duration.ofMinutes(3 + variant * 20L)); return "clock";
            case 16: return s.status(ALICE);
            case 17: {
                // a step-up with the active factor, so the changes that need a fresh proof get explored
                f.clock.advance(Duration.ofSeconds(31));
                s.sendStepUpCode(ALICE);
                TwoFactorProfile before = f.store.get(ALICE);
                VerifyResult r = s.stepUp(ALICE, before != null && before.activeMethod() == Method.TOTP
                        ? appCode(f, totpKey) : smsCode(f));
                if (r instanceof Verified v) {
                    proof[0] = v.proof();
                }
                return r instanceof Verified || r instanceof Rejected ? "step-up" : r;
            }
            default: throw new AssertionError(op);
        }
    }

    private static String smsCode(Fixture f) {
        TwoFactorProfile p = f.store.get(ALICE);
        if (p == null || p.smsChallenge() == null) {
            return "999999";
        }
        String code = f.sms.lastCodeTo(p.smsChallenge().destination());
        return code == null ? "999999" : code;
    }

    private static String appCode(Fixture f, String[] totpKey) {
        return totpKey[0] == null ? "123456" : FakeTotpChannel.codeFor(totpKey[0], f.clock.instant());
    }

    private static void check(TwoFactorProfile before, TwoFactorProfile after, Object result, int instruction) {
        String context = "after instruction " + instruction + " -> " + result;
        long versionBefore = before == null ? 0 : before.version();
        long versionAfter = after == null ? 0 : after.version();
        boolean mustNotChange = result instanceof Refused || result instanceof Expired || result instanceof Throttled
                || result instanceof NoSecondFactor || result instanceof AppCodeRequired
                || result instanceof SmsNotSent || result instanceof InvalidInputException
                || "clock".equals(result);
        if ("step-up".equals(result)) {
            assertThat(versionAfter).as(context).isGreaterThan(versionBefore);
            return;
        }
        boolean mustChange = result instanceof Changed || result instanceof Verified || result instanceof SmsSent
                || result instanceof Rejected || result instanceof TotpSetup;
        if (result instanceof Changed && java.util.Objects.equals(before, after)) {
            return; // a change to what is already there (the same number) stores nothing
        }
        if (mustNotChange) {
            assertThat(after).as(context).isEqualTo(before);
        } else if (result instanceof TwoFactorStatus) {
            assertThat(versionAfter - versionBefore).as(context).isBetween(0L, 2L);
        } else if (result instanceof LockedOut) {
            // locked before the check (nothing stored), or by this check's counted failure
            assertThat(versionAfter - versionBefore).as(context).isBetween(0L, 2L);
        } else if (result instanceof Verified || result instanceof Rejected) {
            // a code check stores its counted try, then its outcome (if that changes anything)
            assertThat(versionAfter - versionBefore).as(context).isBetween(1L, 2L);
        } else {
            assertThat(mustChange).as("unexpected result " + context).isTrue();
            assertThat(versionAfter).as(context).isEqualTo(versionBefore + 1);
        }
        if (after == null) {
            return;
        }
        if (after.activeMethod() == Method.SMS) {
            assertThat(after.phone()).as(context).isNotNull();
            assertThat(after.phone().verified()).as(context).isTrue();
        }
        if (after.activeMethod() == Method.TOTP) {
            assertThat(after.totp()).as(context).isNotNull();
            assertThat(before.activeMethod() == Method.TOTP || result instanceof Verified).as(context).isTrue();
        }
        if (before != null && before.activeMethod() != null && after.activeMethod() != null) {
            assertThat(after.activeMethod()).as("switch without deactivation " + context).isEqualTo(before.activeMethod());
        }
        if (after.pendingNumber() != null) {
            assertThat(after.activeMethod()).as(context).isEqualTo(Method.SMS);
        }
        if (after.totp() != null && before != null && before.totp() != null
                && after.totp().storedSecret().equals(before.totp().storedSecret())) {
            assertThat(after.totp().lastAcceptedStep()).as("watermark moved back " + context)
                    .isGreaterThanOrEqualTo(before.totp().lastAcceptedStep());
        }
    }
}
