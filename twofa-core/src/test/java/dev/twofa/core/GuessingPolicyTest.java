package dev.twofa.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.twofa.core.fixtures.FakeSmsChannel;
import dev.twofa.core.fixtures.FakeTotpChannel;
import dev.twofa.core.fixtures.Fixture;
import dev.twofa.core.fixtures.MemoryStore;
import dev.twofa.core.spi.SmsCodeChannel;
import dev.twofa.core.spi.TotpChannel;
import dev.twofa.core.spi.TwoFactorProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The chance to guess a code before the permanent lock (the count goes on across temporary locks,
 * so the whole horizon of {@code permanentLockAfter} tries counts), and the build-time refusal of a
 * configuration above 1 in 10,000 (SECURITY 26).
 */
class GuessingPolicyTest {

    /** Locks for good after 20 failures: the figures below are over 20 tries. */
    private static final LockoutPolicy FOR_GOOD_AFTER_20 =
            new LockoutPolicy(3, Duration.ofMinutes(15), 20, Duration.ofHours(1), 20);

    @Test
    void chance_defaultTotpOverPermanentLock_about9e5() {
        double chance = GuessingPolicy.chance(6, 3, LockoutPolicy.DEFAULT_PERMANENT_LOCK_AFTER);

        assertThat(chance).isCloseTo(9.0e-5, within(1e-8));
        assertThat(chance).isCloseTo(1 - Math.pow(1 - 3e-6, 30), within(1e-15));
        assertThat(1 / chance).isCloseTo(11_112, within(1.0));
    }

    @Test
    void chance_defaultSmsOverPermanentLock_3e5() {
        assertThat(GuessingPolicy.chance(6, 1, LockoutPolicy.DEFAULT_PERMANENT_LOCK_AFTER)).isCloseTo(3.0e-5, within(1e-9));
    }

    @Test
    void chance_oneTemporaryLockPeriod_3e5() {
        assertThat(GuessingPolicy.chance(6, 3, LockoutPolicy.DEFAULT_LOCK_AFTER)).isCloseTo(3.0e-5, within(1e-8));
    }

    @Test
    void chance_acceptingEveryCode_one() {
        assertThat(GuessingPolicy.chance(1, 10, 1)).isEqualTo(1.0);
        assertThat(GuessingPolicy.chance(1, 50, 3)).isEqualTo(1.0);
    }

    @Test
    void chance_tinyFigures_accurateWithoutCancellation() {
        // 18 digits, one code, one try: 1e-18 exactly, where 1 - (1 - p)^n in doubles gives 0
        assertThat(GuessingPolicy.chance(18, 1, 1)).isCloseTo(1e-18, within(1e-30));
    }

    @ParameterizedTest(name = "digits {0}, codes {1}, tries {2}")
    @CsvSource({"0, 1, 1", "19, 1, 1", "6, 0, 10", "6, 3, 0", "-1, 1, 1", "6, -3, 10"})
    void chance_argumentsOutOfRange_refused(int digits, int codes, int tries) {
        assertThatThrownBy(() -> GuessingPolicy.chance(digits, codes, tries)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void chance_anyConfiguration_growsWithTriesAndCodesShrinksWithDigits() {
        qt().forAll(integers().between(1, 12), integers().between(1, 50), integers().between(1, 99))
                .checkAssert((digits, codes, tries) -> {
                    double p = GuessingPolicy.chance(digits, codes, tries);
                    assertThat(p).isBetween(0.0, 1.0);
                    assertThat(GuessingPolicy.chance(digits, codes, tries + 1)).isGreaterThanOrEqualTo(p);
                    assertThat(GuessingPolicy.chance(digits, codes + 1, tries)).isGreaterThanOrEqualTo(p);
                    assertThat(GuessingPolicy.chance(digits + 1, codes, tries)).isLessThanOrEqualTo(p);
                    assertThat(p).isLessThanOrEqualTo(Math.min(1.0, (double) codes * tries / Math.pow(10, digits)) * (1 + 1e-12));
                });
    }

    // ------------------------------------------------------------------ build-time check

    @Test
    void build_totpWindow21WithPermanentLockAfter20_refusedNamingFigureAndSettings() {
        assertThatThrownBy(() -> TwoFactorService.builder().store(new MemoryStore())
                .totp(new WindowTotp(21)).lockoutPolicy(FOR_GOOD_AFTER_20).build())
                .isInstanceOf(InsecurePolicyException.class)
                .hasMessageContaining("4.20e-04")
                .hasMessageContaining("1 in 2,381")
                .hasMessageContaining("TOTP")
                .hasMessageContaining("21 accepted codes per try")
                .hasMessageContaining("20 failed tries before only a reset unlocks")
                .hasMessageContaining("permanentLockAfter");
    }

    @Test
    void build_defaultTotpWithPermanentLockAfter100_refusedNamingPermanentLockAfter() {
        LockoutPolicy hundred = new LockoutPolicy(3, Duration.ofMinutes(15), 10, Duration.ofHours(1),
                LockoutPolicy.MAX_PERMANENT_LOCK_AFTER);

        assertThatThrownBy(() -> TwoFactorService.builder().store(new MemoryStore())
                .totp(new FakeTotpChannel()).lockoutPolicy(hundred).build())
                .isInstanceOf(InsecurePolicyException.class)
                .hasMessageContaining("3.00e-04")
                .hasMessageContaining("100 failed tries")
                .hasMessageContaining("permanentLockAfter");
    }

    @Test
    void build_defaultSmsWithPermanentLockAfter100_accepted() {
        LockoutPolicy hundred = new LockoutPolicy(3, Duration.ofMinutes(15), 10, Duration.ofHours(1), 100);

        TwoFactorService service = TwoFactorService.builder().store(new MemoryStore()).sms(new FakeSmsChannel())
                .lockoutPolicy(hundred).build();

        assertThat(service.guessingChance()).isCloseTo(1.0e-4, within(1e-6)).isLessThanOrEqualTo(GuessingPolicy.MAX_CHANCE);
    }

    @Test
    void build_totpChanceJustBelowOneIn10000_accepted() {
        // 6 digits, 5 codes per try, 20 tries: 9.99995e-5
        TwoFactorService service = TwoFactorService.builder().store(new MemoryStore())
                .totp(new WindowTotp(5)).lockoutPolicy(FOR_GOOD_AFTER_20).build();

        assertThat(service.guessingChance()).isLessThanOrEqualTo(GuessingPolicy.MAX_CHANCE).isCloseTo(1e-4, within(1e-8));
    }

    @Test
    void build_totpChanceJustAboveOneIn10000_refused() {
        assertThatThrownBy(() -> TwoFactorService.builder().store(new MemoryStore())
                .totp(new WindowTotp(6)).lockoutPolicy(FOR_GOOD_AFTER_20).build())
                .isInstanceOf(InsecurePolicyException.class).hasMessageContaining("1.20e-04");
    }

    @Test
    void build_smsWithFourDigits_refusedNamingMoreDigits() {
        assertThatThrownBy(() -> TwoFactorService.builder().store(new MemoryStore()).sms(new DigitsSms(4)).build())
                .isInstanceOf(InsecurePolicyException.class)
                .hasMessageContaining("SMS")
                .hasMessageContaining("3.00e-03")                     // 30 tries at 1 in 10,000 each
                .hasMessageContaining("more digits")
                .hasMessageContaining("permanentLockAfter");
    }

    @Test
    void build_refusedTotpEvenWithSafeSms_refused() {
        assertThatThrownBy(() -> TwoFactorService.builder().store(new MemoryStore()).sms(new FakeSmsChannel())
                .totp(new WindowTotp(21)).lockoutPolicy(FOR_GOOD_AFTER_20).build())
                .isInstanceOf(InsecurePolicyException.class).hasMessageContaining("TOTP");
    }

    @Test
    void guessingChance_defaultsWithBothMethods_theHigherTotpFigure() {
        Fixture f = new Fixture();

        assertThat(f.service.guessingChance()).isEqualTo(GuessingPolicy.chance(6, 3, 30)).isCloseTo(9.0e-5, within(1e-8));
    }

    @Test
    void guessingChance_smsOnly_smsFigure() {
        TwoFactorService service = TwoFactorService.builder().store(new MemoryStore()).sms(new FakeSmsChannel()).build();

        assertThat(service.guessingChance()).isCloseTo(3.0e-5, within(1e-9));
    }

    @Test
    void guessingChance_stricterLock_lowerFigure() {
        TwoFactorService service = TwoFactorService.builder().store(new MemoryStore()).totp(new FakeTotpChannel())
                .lockoutPolicy(new LockoutPolicy(3, Duration.ofMinutes(15), 5, Duration.ofHours(1), 5)).build();

        assertThat(service.guessingChance()).isCloseTo(1.5e-5, within(1e-8));
    }

    @Test
    void guessingChance_wideWindowWithMoreDigits_accepted() {
        TwoFactorService service = TwoFactorService.builder().store(new MemoryStore())
                .totp(new WindowTotp(21, 7)).lockoutPolicy(FOR_GOOD_AFTER_20).build();

        assertThat(service.guessingChance()).isCloseTo(4.2e-5, within(1e-7));
    }

    // ------------------------------------------------------------------ channels with other figures

    /** The fake TOTP channel claiming another window (and digits) for the build-time check. */
    private static final class WindowTotp implements TotpChannel {
        private final FakeTotpChannel delegate = new FakeTotpChannel();
        private final int window;
        private final int digits;

        WindowTotp(int window) {
            this(window, 6);
        }

        WindowTotp(int window, int digits) {
            this.window = window;
            this.digits = digits;
        }

        @Override
        public int codeDigits() {
            return digits;
        }

        @Override
        public int acceptedCodesPerTry() {
            return window;
        }

        @Override
        public Secret newSecret() {
            return delegate.newSecret();
        }

        @Override
        public OptionalLong verify(Secret secret, String code, Instant now, long lastAcceptedStep) {
            return delegate.verify(secret, code, now, lastAcceptedStep);
        }

        @Override
        public String provisioningUri(Secret secret, String accountName) {
            return delegate.provisioningUri(secret, accountName);
        }

        @Override
        public String manualEntryKey(Secret secret) {
            return delegate.manualEntryKey(secret);
        }
    }

    /** The fake SMS channel claiming another number of digits. */
    private static final class DigitsSms implements SmsCodeChannel {
        private final FakeSmsChannel delegate = new FakeSmsChannel();
        private final int digits;

        DigitsSms(int digits) {
            this.digits = digits;
        }

        @Override
        public int codeDigits() {
            return digits;
        }

        @Override
        public Duration resendCooldown() {
            return delegate.resendCooldown();
        }

        @Override
        public Issue issue(Request request) {
            return delegate.issue(request);
        }

        @Override
        public boolean matches(AccountId account, TwoFactorProfile.SmsChallenge challenge, String code) {
            return delegate.matches(account, challenge, code);
        }
    }
}
