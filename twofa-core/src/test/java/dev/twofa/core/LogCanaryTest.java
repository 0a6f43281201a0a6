package dev.twofa.core;

import static dev.twofa.core.fixtures.Fixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.twofa.core.fixtures.FakeSmsChannel;
import dev.twofa.core.fixtures.Fixture;
import dev.twofa.core.fixtures.MemoryStore;
import dev.twofa.core.fixtures.MutableClock;
import dev.twofa.core.spi.TwoFactorProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Runs every flow, error paths included, and checks that no log line, event, exception message or
 * result text holds a full phone number, an SMS or app code, the secret, the manual key, the
 * otpauth URI or a recovery code (SECURITY 28).
 */
class LogCanaryTest {

    private static final AccountId BOB = AccountId.of("bob");
    private static final String OTHER_NUMBER = "+420 602 987 654";
    private static final PhoneNumber OTHER_E164 = new PhoneNumber("+420602987654");

    private final Fixture f = new Fixture();
    private final TwoFactorService service = f.service;
    /** What must never show: filled as the flows produce secrets. */
    private final Set<String> canaries = new LinkedHashSet<>();
    /** Texts the caller sees: results' and exceptions' toString and messages. */
    private final List<String> texts = new ArrayList<>();
    private final List<TwoFactorEvent> otherEvents = new ArrayList<>();

    private Logger root;
    private ListAppender<ILoggingEvent> appender;

    @BeforeEach
    void captureLogs() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.DEBUG);
        appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        for (String number : List.of("601123456", "602987654")) {
            canaries.add(number);
            canaries.add("+420" + number);
            canaries.add("00420" + number);
            canaries.add(number.substring(0, 3) + " " + number.substring(3, 6) + " " + number.substring(6));
            canaries.add("+420 " + number.substring(0, 3) + " " + number.substring(3, 6) + " " + number.substring(6));
        }
    }

    @AfterEach
    void stopCapture() {
        root.detachAppender(appender);
        appender.stop();
    }

    @Test
    void everyFlow_noSecretCodeUriOrFullNumberInLogsEventsExceptionsOrResults() {
        smsFlows();
        errorPaths();
        totpFlows();
        protectorFailure();
        failingListener();

        assertThat(appender.list).as("the capture works").isNotEmpty()
                .anyMatch(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("replayed"))
                .anyMatch(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("locked"))
                .anyMatch(e -> e.getLevel() == Level.DEBUG && e.getFormattedMessage().contains("SMS_SENT"));
        assertThat(canaries).as("codes, keys, URIs and numbers collected").hasSizeGreaterThan(60);
        assertNoCanary(allTexts());
    }

    @Test
    void canaryCheck_plantedCodeInLog_detected() {
        canaries.add("314159");
        LoggerFactory.getLogger("canary-selftest").debug("code is {}", "314159");

        List<String> found = allTexts();
        assertThat(found).anyMatch(t -> t.contains("314159"));
        boolean detected;
        try {
            assertNoCanary(found);
            detected = false;
        } catch (AssertionError expected) {
            detected = true;
        }
        assertThat(detected).isTrue();
    }

    // ------------------------------------------------------------------ flows

    private void smsFlows() {
        seen(service.addNumber(ALICE, Fixture.NUMBER));
        seen(service.addNumber(ALICE, Fixture.NUMBER)); // refused: already set
        expect(SmsSent.class, service.sendVerificationCode(ALICE));
        String code = sms();
        seen(service.sendVerificationCode(ALICE)); // cooldown
        seen(service.verifyNumber(ALICE, wrong(code)));
        seen(service.verifyNumber(ALICE, "\u0666\u0660\u0661\u0661\u0662\u0663"));
        expect(Verified.class, service.verifyNumber(ALICE, code));
        seen(service.verifyNumber(ALICE, code)); // nothing to verify
        expect(Changed.class, service.enableSms(ALICE));
        seen(service.enableSms(ALICE)); // already active
        seen(service.startTotp(ALICE, "alice@example.com")); // refused: SMS active
        seen(service.status(ALICE));

        f.clock.advance(Duration.ofSeconds(31));
        expect(SmsSent.class, service.beginLogin(ALICE));
        code = sms();
        seen(service.completeLogin(ALICE, wrong(code)));
        proof(service.completeLogin(ALICE, code));
        seen(service.completeLogin(ALICE, code)); // used: expired

        f.clock.advance(Duration.ofSeconds(31));
        f.sms.failSends.set(true);
        expect(SmsNotSent.class, service.beginLogin(ALICE)); // delivery failed
        seen(service.sendStepUpCode(ALICE));
        f.sms.failSends.set(false);

        f.clock.advance(Duration.ofSeconds(31));
        expect(SmsSent.class, service.sendStepUpCode(ALICE));
        code = sms();
        seen(service.stepUp(ALICE, wrong(code)));
        Proof proof = proof(service.stepUp(ALICE, code));
        recovery(service.generateRecoveryCodes(ALICE, proof));
        expect(Changed.class, service.changeNumber(ALICE, OTHER_NUMBER, proof));
        f.clock.advance(Duration.ofSeconds(31));
        expect(SmsSent.class, service.sendVerificationCode(ALICE));
        code = seenCode(f.sms.lastCodeTo(OTHER_E164));
        seen(service.verifyNumber(ALICE, wrong(code)));
        expect(Verified.class, service.verifyNumber(ALICE, code));
        seen(service.status(ALICE));
        seen(service.deleteNumber(ALICE)); // refused: SMS active

        // lock through SMS logins (the wrong verification code above still counts: 1 + 9)
        for (int n = 0; n < 9; n++) {
            f.clock.advance(Duration.ofSeconds(65));
            expect(SmsSent.class, service.beginLogin(ALICE));
            seen(service.completeLogin(ALICE, wrong(sms(OTHER_E164))));
        }
        expect(LockedOut.class, service.beginLogin(ALICE));
        seen(service.sendStepUpCode(ALICE));
        seen(service.resetLockout(ALICE));

        f.clock.advance(Duration.ofSeconds(31));
        expect(SmsSent.class, service.sendStepUpCode(ALICE));
        proof = proof(service.stepUp(ALICE, sms(OTHER_E164)));
        expect(Changed.class, service.deactivate(ALICE, proof));
        seen(service.deactivate(ALICE, proof)); // nothing active
        expect(Changed.class, service.changeNumber(ALICE, Fixture.NUMBER, null));
        expect(Changed.class, service.deleteNumber(ALICE));
        seen(service.deleteNumber(ALICE)); // no number
        seen(store(ALICE));
    }

    private void errorPaths() {
        for (String bad : List.of("+420 601 123 456 789 0123", "+420 601123456x", "+420 \u0666\u0660\u0661123456",
                "601123456", "601 123 456", "+420 601 +123 456", "+420-601-123-456#", "")) {
            thrown(() -> service.addNumber(ALICE, bad));
            thrown(() -> service.changeNumber(ALICE, bad, null));
            thrown(() -> PhoneNumber.parse(bad));
        }
        thrown(() -> new PhoneNumber("420601123456"));
        thrown(() -> new PhoneNumber("+420601123456789012"));
        thrown(() -> service.status(null));
        thrown(() -> AccountId.of(""));
        thrown(() -> service.startTotp(ALICE, "alice:601123456"));

        f.store.failLoads.set(true);
        thrown(() -> service.status(ALICE));
        thrown(() -> service.addNumber(ALICE, Fixture.NUMBER));
        thrown(() -> service.completeLogin(ALICE, "123456"));
        f.store.failLoads.set(false);
        f.store.failSaves.set(true);
        thrown(() -> service.addNumber(ALICE, Fixture.NUMBER));
        f.store.failSaves.set(false);
    }

    private void totpFlows() {
        TotpSetup setup = (TotpSetup) seen(service.startTotp(ALICE, "alice@example.com"));
        String key = setup.manualEntryKey();
        canaries.add(setup.otpauthUri());
        canaries.add(setup.otpauthUri().substring(setup.otpauthUri().indexOf("secret=")));
        canaries.add(key);
        canaries.add(key.toUpperCase(Locale.ROOT));
        seen(service.confirmTotp(ALICE, wrong(app(key))));
        seen(service.confirmTotp(ALICE, "12345"));
        proof(service.confirmTotp(ALICE, app(key)));
        seen(service.confirmTotp(ALICE, app(key))); // already active
        f.clock.advance(Duration.ofSeconds(30));

        seen(service.beginLogin(ALICE));
        String code = app(key);
        proof(service.completeLogin(ALICE, code));
        expect(Rejected.class, service.completeLogin(ALICE, code)); // replay
        for (int n = 0; n < 10; n++) {
            f.clock.advance(LockoutPolicy.defaults().delayAfter(service.status(ALICE).consecutiveFailures()));
            seen(service.completeLogin(ALICE, wrong(app(key))));
        }
        expect(LockedOut.class, service.completeLogin(ALICE, app(key)));
        seen(service.stepUp(ALICE, app(key)));
        seen(service.beginLogin(ALICE));
        seen(service.status(ALICE));
        seen(service.resetLockout(ALICE));
        f.clock.advance(Duration.ofSeconds(30));

        Proof proof = proof(service.stepUp(ALICE, app(key)));
        DeviceRemembered device = (DeviceRemembered) expect(DeviceRemembered.class,
                service.devices().remember(ALICE, proof, "Firefox on Windows"));
        String token = device.token().value();
        canaries.add(token);
        canaries.add(token.substring(1));
        expect(DeviceTrusted.class, service.beginLogin(ALICE, device.token()));
        seen(service.devices().list(ALICE));
        seen(store(ALICE));
        thrown(() -> DeviceToken.of(token.substring(1)));
        thrown(() -> DeviceToken.of(token.substring(1) + "!"));
        expect(Changed.class, service.devices().revoke(ALICE, device.device().id()));
        seen(service.beginLogin(ALICE, device.token()));
        List<String> codes = recovery(service.generateRecoveryCodes(ALICE, proof));
        proof(service.completeLoginWithRecoveryCode(ALICE, codes.get(0)));
        expect(Rejected.class, service.completeLoginWithRecoveryCode(ALICE, codes.get(0))); // used
        proof = proof(service.stepUpWithRecoveryCode(ALICE, codes.get(1).toUpperCase(Locale.ROOT)));
        seen(service.stepUpWithRecoveryCode(ALICE, wrong(codes.get(2))));
        seen(store(ALICE));
        expect(Changed.class, service.deactivate(ALICE, proof));
        seen(service.completeLoginWithRecoveryCode(ALICE, codes.get(3))); // no method active
        seen(service.generateRecoveryCodes(ALICE, proof)); // refused
        thrown(() -> service.resetTwoFactor(ALICE, "agent", "line\nforged"));
        expect(Changed.class, service.resetTwoFactor(ALICE, "agent-17", "ticket 4711"));
        String value = proof.value();
        canaries.add(value.substring(1));
        thrown(() -> Proof.of(value.substring(1)));
        thrown(() -> Proof.of(value.substring(1) + "!"));
        seen(service);
    }

    private void protectorFailure() {
        Fixture aes = new Fixture(b -> b.secretProtector(new AesGcmSecretProtector(new byte[32])));
        TotpSetup setup = (TotpSetup) seen(aes.service.startTotp(ALICE, "alice@example.com"));
        canaries.add(setup.otpauthUri());
        canaries.add(setup.manualEntryKey());
        proof(aes.service.confirmTotp(ALICE, canary(aes.appCode(setup.manualEntryKey()))));
        TwoFactorProfile alice = aes.store.get(ALICE);
        aes.store.compareAndSet(0, TwoFactorProfile.empty(BOB).withTotp(alice.totp()).withActiveMethod(Method.TOTP).withVersion(1));
        aes.clock.advance(Duration.ofSeconds(30));
        thrown(() -> aes.service.completeLogin(BOB, canary(aes.appCode(setup.manualEntryKey()))));
        seen(aes.store.get(BOB));
        otherEvents.addAll(aes.events);
    }

    private void failingListener() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
        FakeSmsChannel channel = new FakeSmsChannel();
        TwoFactorService noisy = TwoFactorService.builder().store(new MemoryStore()).clock(clock).sms(channel)
                .eventListener(e -> {
                    throw new IllegalStateException("listener failed on " + e);
                }).build();
        seen(noisy.addNumber(ALICE, Fixture.NUMBER));
        seen(noisy.sendVerificationCode(ALICE));
        String code = canary(channel.lastCodeTo(Fixture.E164));
        expect(Verified.class, noisy.verifyNumber(ALICE, code));
        expect(Changed.class, noisy.enableSms(ALICE));
    }

    // ------------------------------------------------------------------ recording

    private <T> T seen(T result) {
        texts.add(String.valueOf(result));
        return result;
    }

    /** Records a result the flow relies on, failing if the flow went another way. */
    private <T> T expect(Class<?> type, T result) {
        assertThat(result).isInstanceOf(type);
        return seen(result);
    }

    /** Records the exception a call must throw (message, causes). */
    private void thrown(Supplier<?> call) {
        try {
            Object result = call.get();
            fail("expected an exception, got " + result);
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                texts.add(t.toString());
                texts.add(String.valueOf(t.getMessage()));
            }
        }
    }

    /** Records a proving call's result and its proof's value, a secret like a code. */
    private Proof proof(VerifyResult result) {
        Proof proof = ((Verified) expect(Verified.class, result)).proof();
        canaries.add(proof.value());
        return proof;
    }

    private String canary(String code) {
        canaries.add(code);
        return code;
    }

    private String seenCode(String code) {
        assertThat(code).isNotNull();
        return canary(code);
    }

    /** The last SMS code to the account's number, recorded as a canary. */
    private String sms() {
        return seenCode(f.lastSms());
    }

    private String sms(PhoneNumber to) {
        return seenCode(f.sms.lastCodeTo(to));
    }

    private String app(String key) {
        return canary(f.appCode(key));
    }

    private List<String> recovery(RecoveryCodesResult result) {
        seen(result);
        assertThat(result).isInstanceOf(RecoveryCodes.class);
        List<String> codes = ((RecoveryCodes) result).codes();
        for (String code : codes) {
            canaries.add(code);
            canaries.add(code.replace("-", ""));
            canaries.add(code.toUpperCase(Locale.ROOT));
        }
        return codes;
    }

    private TwoFactorProfile store(AccountId account) {
        return f.store.get(account);
    }

    /** A wrong code of the same shape, itself a canary: what the customer typed must not leak either. */
    private String wrong(String code) {
        return canary(LockoutTest.wrong(code));
    }

    private List<String> allTexts() {
        List<String> all = new ArrayList<>(texts);
        for (ILoggingEvent e : appender.list) {
            all.add(e.getFormattedMessage());
            if (e.getArgumentArray() != null) {
                for (Object arg : e.getArgumentArray()) {
                    all.add(String.valueOf(arg));
                }
            }
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                all.add(t.getClassName() + ": " + t.getMessage());
            }
        }
        f.events.forEach(e -> all.add(e.toString()));
        otherEvents.forEach(e -> all.add(e.toString()));
        return all;
    }

    private void assertNoCanary(List<String> all) {
        for (String text : all) {
            for (String canary : canaries) {
                if (text.contains(canary)) {
                    fail("found a secret (" + canary.length() + " characters) in: " + text);
                }
            }
        }
    }
}
