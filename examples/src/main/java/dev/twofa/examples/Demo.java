package dev.twofa.examples;

import dev.twofa.core.AccountId;
import dev.twofa.core.AppCodeRequired;
import dev.twofa.core.Changed;
import dev.twofa.core.ChangeResult;
import dev.twofa.core.Expired;
import dev.twofa.core.LockedOut;
import dev.twofa.core.LoginStep;
import dev.twofa.core.NoSecondFactor;
import dev.twofa.core.Proof;
import dev.twofa.core.RecoveryCodes;
import dev.twofa.core.RecoveryCodesResult;
import dev.twofa.core.Refused;
import dev.twofa.core.Rejected;
import dev.twofa.core.SendResult;
import dev.twofa.core.SmsNotSent;
import dev.twofa.core.SmsNumberWithdrawn;
import dev.twofa.core.SmsSent;
import dev.twofa.core.StartTotpResult;
import dev.twofa.core.Throttled;
import dev.twofa.core.TotpSetup;
import dev.twofa.core.TwoFactorService;
import dev.twofa.core.Verified;
import dev.twofa.core.VerifyResult;
import dev.twofa.sms.SmsMessage;
import dev.twofa.sms.SmsSender;
import dev.twofa.testkit.AuthenticatorApp;
import dev.twofa.testkit.FakePersonDirectory;
import dev.twofa.testkit.InMemoryProfileStore;
import dev.twofa.testkit.RecordingSmsSender;
import dev.twofa.testkit.SettableClock;
import dev.twofa.totp.QrCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The terminal demo: plays the Profile &gt; Security story of one customer with an in-memory store
 * and an SMS "phone" that prints each text on the console: turn on login via SMS, log in, switch
 * to an authenticator app (scan the QR code or type the key), get recovery codes, log in with the
 * app, see a replayed code refused, and log in with a recovery code.
 *
 * <p>Interactive by default: type the codes the console shows and scan the QR code with your
 * phone. A mistyped code is asked again (with the tries left), the resend cooldown is waited out
 * with a countdown, and every step says its outcome in words. With {@code --auto} it answers by
 * itself, on a simulated clock, through twofa-testkit's authenticator-app simulator, and exits 0
 * when every step behaved as expected. {@link Walkthrough} has the same calls without the care a
 * person at a keyboard needs.
 *
 * <p>Run: {@code ./examples/demo.sh [--auto] [--light | --dark] [--out DIR]}; {@code --help}
 * explains the options.
 */
public final class Demo {

    private static final String NUMBER = "+420 601 123 456";
    private static final String ACCOUNT_NAME = "alice@example.com";
    /** The app's time step: the walkthrough's {@code Totp} keeps the default. */
    private static final long TOTP_PERIOD_SECONDS = 30;
    private static final String USAGE = String.join("\n",
            "usage: ./examples/demo.sh [--auto] [--light | --dark] [--out DIR] [--help]",
            "",
            "Plays login via SMS, switching to an authenticator app and recovery codes for one customer.",
            "Type the codes it shows as SMS, and scan its QR code with your phone's authenticator app",
            "(or type the key shown beside it).",
            "",
            "  --auto     answer by itself on a simulated clock (no phone needed); exits 0 if all went well",
            "  --light    draw the QR code for a light terminal background (dark text on white)",
            "  --dark     draw the QR code for a dark terminal background (light text on black)",
            "             Without either, COLORFGBG decides if your terminal sets it, else dark.",
            "             If your phone cannot read the QR code, try the other one.",
            "  --out DIR  where the QR code is also written as PNG and SVG (default target/twofa-demo);",
            "             the files are readable by you only and deleted once the app is connected",
            "  --help     this text",
            "",
            "Colours are off when the output is not a terminal or NO_COLOR is set.");

    /**
     * Runs the demo on the console.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out));
    }

    /**
     * Runs the demo on the given streams, with this process's environment, the system clock and
     * real waiting.
     *
     * @param args see {@code --help}
     * @param in where typed codes come from (interactive mode)
     * @param out where the story goes
     * @return 0 if every step behaved as expected (or {@code --help}), 1 otherwise, 2 for bad
     *     arguments
     */
    public static int run(String[] args, InputStream in, PrintStream out) {
        return run(args, in, out, System.getenv(), System.console() != null, Clock.systemUTC(),
                time -> Thread.sleep(time.toMillis()));
    }

    /**
     * Runs the demo. {@code --auto} always uses its own simulated clock; otherwise the given clock
     * and waiter, so a test can drive the interactive mode without sleeping.
     */
    static int run(String[] args, InputStream in, PrintStream out, Map<String, String> env, boolean terminal,
            Clock clock, DemoTerminal.Waiter waiter) {
        boolean auto = false;
        QrCode.TerminalBackground background = null;
        Path dir = Path.of("target", "twofa-demo");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--auto" -> auto = true;
                case "--light" -> background = QrCode.TerminalBackground.LIGHT;
                case "--dark" -> background = QrCode.TerminalBackground.DARK;
                case "--help", "-h" -> {
                    out.println(USAGE);
                    return 0;
                }
                default -> {
                    if (args[i].equals("--out") && i + 1 < args.length) {
                        dir = Path.of(args[++i]);
                    } else {
                        out.println("unknown argument: " + args[i]);
                        out.println(USAGE);
                        return 2;
                    }
                }
            }
        }
        BufferedReader keyboard = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        Demo demo;
        if (auto) {
            SettableClock simulated = new SettableClock(Instant.now());
            demo = new Demo(out, new DemoTerminal(out, keyboard, terminal, env, simulated, simulated::advance),
                    simulated, simulated, DemoTerminal.background(background, env), dir);
        } else {
            demo = new Demo(out, new DemoTerminal(out, keyboard, terminal, env, clock, waiter), clock, null,
                    DemoTerminal.background(background, env), dir);
        }
        try {
            return demo.play() ? 0 : 1;
        } catch (DemoTerminal.Stopped stopped) {
            out.println();
            out.println("The demo stopped: " + stopped.getMessage() + ".");
            return 1;
        }
    }

    /** What the demo asks the customer for. */
    private enum Ask {
        SMS_CODE, APP_CODE, RECOVERY_CODE
    }

    /** A code the service accepted, and the code as typed. */
    private record Entered(Verified verified, String code) {
    }

    private final DemoTerminal term;
    private final Clock clock;
    private final SettableClock autoClock;
    private final QrCode.TerminalBackground background;
    private final Path dir;
    private final RecordingSmsSender phone = new RecordingSmsSender();
    private final TwoFactorService twoFactor;
    private final AuthenticatorApp autoApp;
    private final AccountId alice = AccountId.of("alice");
    private List<String> recoveryCodes = List.of();
    private String lastAppCode;

    /** A demo on the clock; autoClock is null in interactive mode, else the simulated clock. */
    private Demo(PrintStream out, DemoTerminal term, Clock clock, SettableClock autoClock,
            QrCode.TerminalBackground background, Path dir) {
        this.term = term;
        this.clock = clock;
        this.autoClock = autoClock;
        this.background = background;
        this.dir = dir;
        ConsoleSmsSender console = new ConsoleSmsSender(out);
        SmsSender sender = (SmsMessage message) -> {
            console.send(message);
            phone.send(message);
        };
        byte[] aesKey = new byte[32];
        new SecureRandom().nextBytes(aesKey);
        this.twoFactor = Walkthrough.buildService(new InMemoryProfileStore(), sender, new FakePersonDirectory(),
                aesKey, clock);
        this.autoApp = autoClock == null ? null : new AuthenticatorApp(clock);
    }

    private boolean play() {
        term.title("twofa demo: Profile > Security of customer 'alice'" + (autoClock != null ? " (--auto)" : ""));
        if (autoClock == null) {
            term.say("Type the codes the SMS lines below show, and scan the QR code with your phone when asked.");
        }

        term.step(1, "Turn on login via SMS: add the number, verify it with the SMS code, enable.");
        if (!enableSms()) {
            return stop();
        }
        term.step(2, "Log in: the password was right, now the second factor.");
        Proof loginProof = logIn();
        if (loginProof == null) {
            return stop();
        }
        term.step(3, "Switch to an authenticator app.");
        Proof appProof = switchToApp(loginProof);
        if (appProof == null) {
            return stop();
        }
        term.step(4, "Get recovery codes, for the day the phone is lost.");
        if (!recoveryCodes(appProof)) {
            return stop();
        }
        term.step(5, "Log in with the app's code.");
        if (autoClock == null) {
            term.say("The code you just typed is used up: wait until the app shows a new one.");
        }
        if (logIn() == null) {
            return stop();
        }
        term.step(6, "Someone who saw that code types it again.");
        VerifyResult replay = twoFactor.completeLogin(alice, lastAppCode);
        boolean refused = replay instanceof Rejected rejected && rejected.reason() == Rejected.Reason.REPLAY;
        if (!term.outcome(refused, refused ? "Refused: that code was already used, so it logs nobody in."
                : "A used code was not refused as a replay: " + describe(replay))) {
            return stop();
        }
        term.step(7, "The phone is lost: log in with a recovery code instead.");
        if (!logInWithRecoveryCode()) {
            return stop();
        }
        term.raw("\n");
        term.title("Demo finished: every step behaved as expected.");
        return true;
    }

    private boolean stop() {
        term.raw("\n");
        term.title("Demo finished early: a step did not work (see FAIL above).");
        return false;
    }

    // ---------------------------------------------------------------- the steps

    private boolean enableSms() {
        ChangeResult added = twoFactor.addNumber(alice, NUMBER);
        if (added instanceof Refused refused) {
            return term.outcome(false, "The number was not added: " + refused.message());
        }
        term.say("Number " + NUMBER + " added; it is not verified yet, so an SMS goes out.");
        SmsSent sent = send(() -> twoFactor.sendVerificationCode(alice));
        if (sent == null) {
            return false;
        }
        Entered verified = enterCode(Ask.SMS_CODE, "Code from the SMS", code -> twoFactor.verifyNumber(alice, code),
                () -> send(() -> twoFactor.sendVerificationCode(alice)) != null);
        if (verified == null) {
            return false;
        }
        term.say("Number verified.");
        ChangeResult enabled = twoFactor.enableSms(alice);
        return term.outcome(enabled instanceof Changed, enabled instanceof Refused refused
                ? "Login via SMS did not turn on: " + refused.message() : "Login via SMS is on for " + sent.maskedNumber()
                + ".");
    }

    /** The second step of a login; returns the login's proof, or null if it failed (said why). */
    private Proof logIn() {
        LoginStep step = beginLogin();
        Entered entered;
        if (step instanceof SmsSent sent) {
            entered = enterCode(Ask.SMS_CODE, "Code sent to " + sent.maskedNumber(),
                    code -> twoFactor.completeLogin(alice, code), this::resendLoginCode);
        } else if (step instanceof AppCodeRequired) {
            entered = enterCode(Ask.APP_CODE, "Code from your authenticator app",
                    code -> twoFactor.completeLogin(alice, code), null);
        } else {
            term.outcome(false, describe(step));
            return null;
        }
        if (entered == null) {
            return null;
        }
        if (step instanceof AppCodeRequired) {
            lastAppCode = entered.code();
        }
        term.outcome(true, step instanceof SmsSent ? "Logged in with the code from the SMS."
                : "Logged in with the app's code.");
        return entered.verified().proof();
    }

    /** Begins a login, waiting out the resend cooldown if the SMS may not go out yet. */
    private LoginStep beginLogin() {
        return afterCooldown(() -> twoFactor.beginLogin(alice));
    }

    /**
     * Calls {@code send} until it is not refused for the resend cooldown, waiting (visibly) as long
     * as the cooldown says each time.
     */
    private <T> T afterCooldown(Supplier<T> send) {
        T result = send.get();
        while (result instanceof SmsNotSent notSent && notSent.reason() == SmsNotSent.Reason.COOLDOWN) {
            term.say("An SMS went out moments ago, so the next one must wait (the resend cooldown).");
            term.waitUntil(notSent.retryAfter(), "Another SMS may be sent");
            result = send.get();
        }
        return result;
    }

    private boolean resendLoginCode() {
        LoginStep step = beginLogin();
        if (step instanceof SmsSent) {
            return true;
        }
        term.say(describe(step));
        return false;
    }

    /** Deactivates SMS, connects the app; returns the proof of the confirmation, or null. */
    private Proof switchToApp(Proof loginProof) {
        StartTotpResult attempt = twoFactor.startTotp(alice, ACCOUNT_NAME);
        if (attempt instanceof Refused refused && refused.refusal() == Refused.Refusal.METHOD_ACTIVE) {
            term.say("Refused at first, as it should be: " + refused.message());
            if (!deactivateSms(loginProof)) {
                return null;
            }
            attempt = twoFactor.startTotp(alice, ACCOUNT_NAME);
        }
        if (!(attempt instanceof TotpSetup setup)) {
            term.outcome(false, "The app could not be set up: " + ((Refused) attempt).message());
            return null;
        }
        showQr(setup);
        Entered confirmed = enterCode(Ask.APP_CODE, "Code from your authenticator app",
                code -> twoFactor.confirmTotp(alice, code), null);
        deleteQrFiles();
        if (confirmed == null) {
            return null;
        }
        lastAppCode = confirmed.code();
        term.outcome(true, "Authenticator app connected: from now on it gives the second factor, and SMS is off.");
        return confirmed.verified().proof();
    }

    private boolean deactivateSms(Proof loginProof) {
        ChangeResult off = twoFactor.deactivate(alice, loginProof);
        if (off instanceof Changed) {
            term.say("Login via SMS is off, allowed by the code you logged in with minutes ago.");
            return true;
        }
        term.say("Turning SMS off needs a fresh code: " + ((Refused) off).message());
        if (send(() -> twoFactor.sendStepUpCode(alice)) == null) {
            return false;
        }
        Entered stepUp = enterCode(Ask.SMS_CODE, "Code sent to your phone", code -> twoFactor.stepUp(alice, code),
                () -> send(() -> twoFactor.sendStepUpCode(alice)) != null);
        if (stepUp == null) {
            return false;
        }
        off = twoFactor.deactivate(alice, stepUp.verified().proof());
        return term.outcome(off instanceof Changed, off instanceof Refused refused
                ? "Login via SMS is still on: " + refused.message() : "Login via SMS is off.");
    }

    private void showQr(TotpSetup setup) {
        QrCode qr = QrCode.defaults();
        byte[] png = qr.png(setup.otpauthUri());
        writeOwnerOnly(dir.resolve("twofa-qr.png"), png);
        writeOwnerOnly(dir.resolve("twofa-qr.svg"), qr.svg(setup.otpauthUri()).getBytes(StandardCharsets.UTF_8));
        term.say("Scan this QR code with your authenticator app (drawn for a "
                + background.name().toLowerCase(Locale.ROOT) + " terminal background;"
                + " if your phone cannot read it, run again with --"
                + (background == QrCode.TerminalBackground.DARK ? "light" : "dark") + "):");
        term.raw(qr.terminal(setup.otpauthUri(), background));
        term.say("Cannot scan? Add the account by hand with this key: " + setup.manualEntryKey());
        term.say("The QR code is also in " + dir.resolve("twofa-qr.png") + " and twofa-qr.svg (readable by you only;"
                + " they hold the secret and are deleted once the app is connected).");
        if (autoApp != null) {
            autoApp.scanPng(png);
            term.say("(--auto: the simulated app scanned the PNG)");
        }
    }

    private boolean recoveryCodes(Proof proof) {
        RecoveryCodesResult result = twoFactor.generateRecoveryCodes(alice, proof);
        if (!(result instanceof RecoveryCodes codes)) {
            return term.outcome(false, "No recovery codes: " + ((Refused) result).message());
        }
        recoveryCodes = codes.codes();
        term.say("Keep these somewhere safe, away from the phone. Each logs you in once when the phone is lost:");
        for (String code : recoveryCodes) {
            term.say("    " + code);
        }
        return term.outcome(true, recoveryCodes.size() + " recovery codes made; only their hashes are stored.");
    }

    private boolean logInWithRecoveryCode() {
        LoginStep step = beginLogin();
        if (!(step instanceof AppCodeRequired)) {
            return term.outcome(false, describe(step));
        }
        term.say("The login asks for the app's code; the customer chooses \"Use a recovery code\" instead.");
        Entered entered = enterCode(Ask.RECOVERY_CODE, "Recovery code",
                code -> twoFactor.completeLoginWithRecoveryCode(alice, code), null);
        if (entered == null) {
            return false;
        }
        return term.outcome(true, "Logged in with a recovery code; it is used up, "
                + twoFactor.status(alice).recoveryCodesLeft() + " are left.");
    }

    // ---------------------------------------------------------------- codes, waiting, words

    /**
     * Asks for a code until the service accepts it; a wrong one is asked again with the tries left,
     * a throttle is waited out, a dead or expired SMS code is replaced by {@code resend} (null: no
     * SMS to resend). Returns null when it cannot go on (said why).
     */
    private Entered enterCode(Ask ask, String prompt, Function<String, VerifyResult> check, Supplier<Boolean> resend) {
        while (true) {
            String code = type(ask, prompt);
            VerifyResult result = check.apply(code);
            if (result instanceof Verified verified) {
                return new Entered(verified, code);
            }
            if (result instanceof Rejected rejected && rejected.reason() != Rejected.Reason.CODE_DEAD) {
                term.say(rejection(rejected));
                continue;
            }
            if (result instanceof Throttled throttled) {
                term.say("Too many wrong codes in a row, so the next try must wait.");
                term.waitUntil(throttled.retryAt(), "The next try is possible");
                continue;
            }
            if (!(result instanceof Expired) && !(result instanceof Rejected)) {
                term.outcome(false, describe(result));           // LockedOut, Refused
                return null;
            }
            term.say(describe(result));                          // expired, or wrong too often
            if (resend == null || !resend.get()) {
                term.outcome(false, "This step cannot go on without a new code.");
                return null;
            }
        }
    }

    private String type(Ask ask, String prompt) {
        if (autoClock == null) {
            return term.ask(prompt);
        }
        String code = switch (ask) {
            case SMS_CODE -> phone.lastCodeTo(NUMBER);
            case RECOVERY_CODE -> recoveryCodes.get(0);
            case APP_CODE -> {
                if (autoApp.currentCode().equals(lastAppCode)) {
                    long intoStep = clock.instant().getEpochSecond() % TOTP_PERIOD_SECONDS;
                    autoClock.advance(Duration.ofSeconds(TOTP_PERIOD_SECONDS - intoStep));
                    term.say("(--auto: waits for the app's next code)");
                }
                yield autoApp.currentCode();
            }
        };
        term.typed(prompt, code);
        return code;
    }

    /** Sends an SMS, waiting out the resend cooldown; returns null if it was not sent (said why). */
    private SmsSent send(Supplier<SendResult> send) {
        SendResult result = afterCooldown(send);
        if (result instanceof SmsSent sent) {
            return sent;
        }
        term.outcome(false, describe(result));
        return null;
    }

    private static String rejection(Rejected rejected) {
        String left = rejected.attemptsLeft() == 1 ? "1 try left" : rejected.attemptsLeft() + " tries left";
        String lock = " before the second factor is locked for a while.";
        return switch (rejected.reason()) {
            case WRONG_CODE -> "That code is not right. Try again (" + left + lock + ")";
            case MALFORMED -> "That is not a code: type the digits only. Try again (" + left + lock + ")";
            case REPLAY -> "That code was already used, so it cannot log in again. Wait for the app's next code and"
                    + " type that (" + left + lock + ")";
            case WRONG_RECOVERY_CODE -> "That is not one of your unused recovery codes. Try again (" + left + lock
                    + ")";
            case CODE_DEAD -> "That code was wrong too often and no longer works: a new SMS is on its way (" + left
                    + lock + ")";
        };
    }

    /** Says in words why a login cannot go on. */
    private String describe(LoginStep step) {
        if (step instanceof LockedOut locked) {
            return locked(locked);
        } else if (step instanceof SmsNotSent notSent) {
            return notSent(notSent);
        } else if (step instanceof SmsNumberWithdrawn withdrawn) {
            return withdrawn(withdrawn);
        }
        return step instanceof NoSecondFactor ? "No second factor is on." : "The login asks for another code.";
    }

    /** Says in words why no SMS went out. */
    private String describe(SendResult result) {
        if (result instanceof LockedOut locked) {
            return locked(locked);
        } else if (result instanceof SmsNotSent notSent) {
            return notSent(notSent);
        } else if (result instanceof SmsNumberWithdrawn withdrawn) {
            return withdrawn(withdrawn);
        }
        return result instanceof Refused refused ? refused.message() : "The SMS went out.";
    }

    /** Says in words what a code check that ends a step means. */
    private String describe(VerifyResult result) {
        if (result instanceof LockedOut locked) {
            return locked(locked);
        } else if (result instanceof Refused refused) {
            return refused.message();
        } else if (result instanceof Expired) {
            return "That code has expired.";
        } else if (result instanceof Rejected rejected) {
            return rejection(rejected);
        } else if (result instanceof Throttled throttled) {
            return "Too many wrong codes in a row: the next try is possible in " + term.secondsUntil(throttled.retryAt())
                    + " s.";
        }
        return "The code was accepted.";
    }

    private String locked(LockedOut locked) {
        return "Too many wrong codes: the second factor is locked for " + term.secondsUntil(locked.until())
                + " s. Support can unlock it sooner.";
    }

    private String notSent(SmsNotSent notSent) {
        return "No SMS was sent (" + notSent.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + "); the next one is possible in " + term.secondsUntil(notSent.retryAfter()) + " s.";
    }

    private static String withdrawn(SmsNumberWithdrawn withdrawn) {
        return "The number " + withdrawn.maskedNumber() + " is no longer verified: log in with a recovery code.";
    }

    /** Writes a file only its owner may read (POSIX 600 where the file system has permissions). */
    private static void writeOwnerOnly(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
                java.io.File f = file.toFile();
                f.setReadable(false, false);
                f.setWritable(false, false);
                f.setReadable(true, true);
                f.setWritable(true, true);
            }
            Files.write(file, bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void deleteQrFiles() {
        try {
            Files.deleteIfExists(dir.resolve("twofa-qr.png"));
            Files.deleteIfExists(dir.resolve("twofa-qr.svg"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
