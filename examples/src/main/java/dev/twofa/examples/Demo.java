package dev.twofa.examples;

import dev.twofa.core.AccountId;
import dev.twofa.core.Rejected;
import dev.twofa.core.TwoFactorService;
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
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The terminal demo: plays the Profile &gt; Security story with an in-memory store and a console
 * SMS sender, using the README's {@link Walkthrough}. Interactive by default: type the SMS codes
 * printed on the console and scan the QR code with your phone's authenticator app. With {@code
 * --auto} it answers by itself through twofa-testkit's authenticator-app simulator (which scans the
 * PNG) and exits 0 when every step behaved as expected.
 *
 * <p>Run: {@code ./examples/demo.sh [--auto] [--out DIR]}.
 */
public final class Demo {

    private Demo() {
    }

    /**
     * Runs the demo.
     *
     * @param args {@code --auto} to answer automatically, {@code --out DIR} for the QR files
     */
    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out));
    }

    /**
     * Runs the demo on the given streams.
     *
     * @param args the arguments of {@link #main}
     * @param in where typed codes come from (interactive mode)
     * @param out where the story goes
     * @return 0 if every step behaved as expected, 1 otherwise, 2 for bad arguments
     */
    public static int run(String[] args, InputStream in, PrintStream out) {
        boolean auto = false;
        Path dir = Path.of("target", "twofa-demo");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--auto")) {
                auto = true;
            } else if (args[i].equals("--out") && i + 1 < args.length) {
                dir = Path.of(args[++i]);
            } else {
                out.println("usage: demo [--auto] [--out DIR]");
                return 2;
            }
        }
        SettableClock fakeClock = new SettableClock(Instant.now());
        Clock clock = auto ? fakeClock : Clock.systemUTC();
        RecordingSmsSender phone = new RecordingSmsSender();
        ConsoleSmsSender console = new ConsoleSmsSender(out);
        SmsSender sender = (SmsMessage message) -> {
            console.send(message);
            phone.send(message);
        };
        byte[] aesKey = new byte[32];
        new SecureRandom().nextBytes(aesKey);
        TwoFactorService twoFactor = Walkthrough.buildService(new InMemoryProfileStore(), sender,
                new FakePersonDirectory(), aesKey, clock);
        AuthenticatorApp app = new AuthenticatorApp(clock);
        BufferedReader keyboard = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String[] lastTyped = {null};
        boolean automatic = auto;
        Walkthrough.Customer customer = prompt -> {
            String code;
            if (automatic) {
                code = prompt.contains("app") ? app.currentCode() : phone.lastCodeTo("+420601123456");
                out.println("  " + prompt + ": " + code + "   (typed by --auto)");
            } else {
                out.print("  " + prompt + ": ");
                out.flush();
                code = readLine(keyboard);
            }
            lastTyped[0] = code;
            return code;
        };
        AccountId alice = AccountId.of("alice");
        Walkthrough.Session session = new Walkthrough.Session();
        Path qrDir = dir;
        boolean ok = true;

        out.println("twofa demo: Profile > Security of customer 'alice'" + (auto ? " (--auto)" : ""));
        out.println();
        out.println("1. Login via SMS: add +420 601 123 456, verify it with the SMS code, enable.");
        ok &= expect(out, Walkthrough.enableSmsLogin(twoFactor, alice, customer), "SMS login enabled");

        fakeClock.advance(Duration.ofSeconds(31));
        out.println();
        out.println("2. Log in: password accepted, now the second factor.");
        ok &= expect(out, Walkthrough.logIn(twoFactor, alice, customer, session), "logged in with the SMS code");

        out.println();
        out.println("3. Switch to an authenticator app (refused while SMS is active, so deactivate first).");
        ok &= expect(out, Walkthrough.switchToApp(twoFactor, alice, customer, session, uri -> {
            byte[] png = QrCode.defaults().png(uri);
            writeQr(out, qrDir, png, QrCode.defaults().svg(uri));
            out.println(QrCode.defaults().terminal(uri));
            out.println("  Scan this QR code with your authenticator app (also written as PNG and SVG above).");
            if (automatic) {
                app.scanPng(png);
                out.println("  (--auto: the simulated app scanned the PNG)");
            }
        }), "authenticator app connected; SMS login off");

        fakeClock.advance(Duration.ofSeconds(30));
        out.println();
        out.println("4. Log in with the app's code" + (auto ? "" : " (wait for a new code after the one you just used)")
                + ".");
        boolean appLogin = Walkthrough.logIn(twoFactor, alice, customer, session);
        ok &= expect(out, appLogin, "logged in with the app's code");

        out.println();
        out.println("5. Someone replays that same code.");
        VerifyResult replay = twoFactor.completeLogin(alice, lastTyped[0]);
        boolean refused = replay instanceof Rejected rejected && rejected.reason() == Rejected.Reason.REPLAY;
        ok &= expect(out, refused, "replay refused: " + replay);

        out.println();
        out.println(ok ? "Demo finished: every step behaved as expected." : "Demo finished with unexpected results.");
        return ok ? 0 : 1;
    }

    private static boolean expect(PrintStream out, boolean condition, String what) {
        out.println((condition ? "  OK   " : "  FAIL ") + what);
        return condition;
    }

    private static void writeQr(PrintStream out, Path dir, byte[] png, String svg) {
        try {
            Files.createDirectories(dir);
            Path pngFile = dir.resolve("twofa-qr.png");
            Path svgFile = dir.resolve("twofa-qr.svg");
            Files.write(pngFile, png);
            Files.writeString(svgFile, svg);
            out.println("  QR code written to " + pngFile + " and " + svgFile + " (they hold the secret: delete them)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readLine(BufferedReader keyboard) {
        try {
            String line = keyboard.readLine();
            return line == null ? "" : line.trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
