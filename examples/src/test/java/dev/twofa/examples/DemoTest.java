package dev.twofa.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.LuminanceSource;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import dev.twofa.testkit.AuthenticatorApp;
import dev.twofa.testkit.SettableClock;
import dev.twofa.totp.QrCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The terminal demo as a person plays it: the interactive mode driven through its standard input
 * by a typist who reads the screen (the SMS lines, the QR code file, the recovery codes) and types
 * at once, on a settable clock the demo's waiting moves; and the {@code --auto} mode CI runs.
 */
class DemoTest {

    private static final Pattern SMS_CODE = Pattern.compile("\\[SMS to [^\\]]+\\] Example Hosting: (\\d{6}) ");
    private static final Pattern RECOVERY_CODE = Pattern.compile("(?m)^ {6}([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})$");

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T09:00:10Z"));
    private final AuthenticatorApp phone = new AuthenticatorApp(clock);
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final List<Set<PosixFilePermission>> qrFilePermissions = new ArrayList<>();

    @Test
    void interactive_fastTypist_waitsOutTheResendCooldownAndPlaysEveryStep() {
        int exit = play(new String[] {"--out", dir.toString()}, Map.of(), person(UnaryOperator.identity()));

        String screen = screen();
        assertThat(exit).as(screen).isZero();
        assertThat(screen).containsSubsequence("Code from the SMS: ", "OK   Login via SMS is on for +420 *** *** 456.",
                "Another SMS may be sent in 30 s: waiting.", "Code sent to +420 *** *** 456: ",
                "OK   Logged in with the code from the SMS.", "OK   Authenticator app connected",
                "OK   10 recovery codes made", "OK   Logged in with the app's code.",
                "OK   Refused: that code was already used, so it logs nobody in.",
                "OK   Logged in with a recovery code; it is used up, 9 are left.",
                "Demo finished: every step behaved as expected.");
        assertThat(screen).doesNotContain("FAIL", "+420601123456", "otpauth://", "Verified[", "Rejected[", "Exception");
    }

    @Test
    void interactive_onATerminal_countsTheCooldownDownSecondBySecond() {
        int exit = Demo.run(new String[] {"--out", dir.toString()}, person(UnaryOperator.identity()), out(),
                Map.of("NO_COLOR", "1"), true, clock, clock::advance);

        assertThat(exit).as(screen()).isZero();
        assertThat(screen()).containsSubsequence("\r  Another SMS may be sent in 30 s: waiting...",
                "\r  Another SMS may be sent in 29 s: waiting...", "\r  Another SMS may be sent in 1 s: waiting...",
                "Code sent to +420 *** *** 456: ");
    }

    @Test
    void interactive_wrongCode_isAskedAgainWithTheTriesLeftAndNothingGoesOn() {
        boolean[] mistyped = {false};
        int exit = play(new String[] {"--out", dir.toString()}, Map.of(), person(code -> {
            if (!mistyped[0] && lastPrompt().startsWith("Code from the SMS")) {
                mistyped[0] = true;
                return wrong(code);
            }
            return code;
        }));

        String screen = screen();
        assertThat(exit).as(screen).isZero();
        assertThat(screen).containsSubsequence("Code from the SMS: ",
                "That code is not right. Try again (9 tries left before the second factor is locked for a while.)",
                "Code from the SMS: ", "Number verified.", "OK   Login via SMS is on");
        assertThat(screen.split("Code from the SMS: ", -1)).hasSize(3);
    }

    @Test
    void interactive_appCodeTypedTwice_isRefusedInWordsAndAskedAgain() {
        int exit = play(new String[] {"--out", dir.toString()}, Map.of(), person(UnaryOperator.identity()));

        String screen = screen();
        assertThat(exit).as(screen).isZero();
        // The person types the code the app still shows, the one that just connected it: refused as a replay.
        assertThat(screen).containsSubsequence("5. Log in with the app's code.", "Code from your authenticator app: ",
                "That code was already used, so it cannot log in again. Wait for the app's next code and type that"
                        + " (9 tries left",
                "Code from your authenticator app: ", "OK   Logged in with the app's code.");
    }

    @Test
    void interactive_qrFiles_areOwnerOnlyWhileShownAndDeletedOnceConnected() {
        play(new String[] {"--out", dir.toString()}, Map.of(), person(UnaryOperator.identity()));

        assertThat(qrFilePermissions).isNotEmpty().allSatisfy(p -> assertThat(p)
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        assertThat(dir.resolve("twofa-qr.png")).doesNotExist();
        assertThat(dir.resolve("twofa-qr.svg")).doesNotExist();
        assertThat(screen()).contains("Cannot scan? Add the account by hand with this key: ");
        assertThat(screen()).containsPattern("with this key: ([A-Z2-7]{4} ){7}[A-Z2-7]{4}\n");
    }

    @Test
    void interactive_qrCode_isDrawnForTheTerminalsBackground() {
        String dark = qrLines(new String[] {"--out", dir.toString()}, Map.of());
        String light = qrLines(new String[] {"--out", dir.toString(), "--light"}, Map.of());
        String lightByEnv = qrLines(new String[] {"--out", dir.toString()}, Map.of("COLORFGBG", "0;15"));
        String darkByFlag = qrLines(new String[] {"--out", dir.toString(), "--dark"}, Map.of("COLORFGBG", "0;15"));

        // Dark background: the glyphs draw the light quiet zone; light background: it is left blank.
        assertThat(dark.lines().findFirst().orElseThrow()).matches("█{20,}");
        assertThat(light.lines().findFirst().orElseThrow()).matches(" {20,}");
        assertThat(lightByEnv.lines().findFirst().orElseThrow()).matches(" {20,}");
        assertThat(darkByFlag.lines().findFirst().orElseThrow()).matches("█{20,}");
        // As the screen shows it (glyphs in the foreground colour), each reads as a QR code of the account.
        assertThat(scanScreen(dark, QrCode.TerminalBackground.DARK)).startsWith(ALICES_URI);
        assertThat(scanScreen(light, QrCode.TerminalBackground.LIGHT)).startsWith(ALICES_URI);
    }

    private static final String ALICES_URI = "otpauth://totp/Example%20Hosting:alice%40example.com?secret=";

    /**
     * Reads the terminal's QR code as a phone camera sees it: each character one module wide, two
     * high (upper and lower half), painted in the foreground colour where the glyph covers it and in
     * the background colour elsewhere. zxing's finder misses some perfectly sharp codes at one pixel
     * scale or another (a camera never sees them that sharp), so several scales are tried.
     */
    private static String scanScreen(String lines, QrCode.TerminalBackground background) {
        for (int scale = 2; scale <= 5; scale++) {
            try {
                return new QRCodeReader().decode(new BinaryBitmap(
                        new HybridBinarizer(screenImage(lines, background, scale)))).getText();
            } catch (ReaderException e) {
                // try the next scale
            }
        }
        throw new AssertionError("the terminal QR code does not scan as drawn for " + background);
    }

    private static LuminanceSource screenImage(String lines, QrCode.TerminalBackground background,
            int scale) {
        List<String> rows = lines.lines().toList();
        int width = rows.get(0).length() * scale;
        int height = rows.size() * 2 * scale;
        int[] pixels = new int[width * height];
        for (int y = 0; y < rows.size() * 2; y++) {
            for (int x = 0; x < rows.get(0).length(); x++) {
                char c = rows.get(y / 2).charAt(x);
                boolean glyph = c == '█' || (y % 2 == 0 ? c == '▀' : c == '▄');
                boolean dark = background == QrCode.TerminalBackground.DARK ? !glyph : glyph;
                for (int dy = 0; dy < scale; dy++) {
                    int row = (y * scale + dy) * width;
                    Arrays.fill(pixels, row + x * scale, row + (x + 1) * scale, dark ? 0xff000000 : 0xffffffff);
                }
            }
        }
        return new RGBLuminanceSource(width, height, pixels);
    }

    @Test
    void background_colorfgbg_lightOnlyForLightBackgroundColours() {
        assertThat(DemoTerminal.background(null, Map.of("COLORFGBG", "15;0"))).isEqualTo(QrCode.TerminalBackground.DARK);
        assertThat(DemoTerminal.background(null, Map.of("COLORFGBG", "0;15"))).isEqualTo(QrCode.TerminalBackground.LIGHT);
        assertThat(DemoTerminal.background(null, Map.of("COLORFGBG", "0;default;7")))
                .isEqualTo(QrCode.TerminalBackground.LIGHT);
        assertThat(DemoTerminal.background(null, Map.of("COLORFGBG", "default"))).isEqualTo(QrCode.TerminalBackground.DARK);
        assertThat(DemoTerminal.background(null, Map.of())).isEqualTo(QrCode.TerminalBackground.DARK);
        assertThat(DemoTerminal.background(QrCode.TerminalBackground.DARK, Map.of("COLORFGBG", "0;15")))
                .isEqualTo(QrCode.TerminalBackground.DARK);
    }

    @Test
    void colours_onlyOnATerminalWithoutNoColor() {
        assertThat(run(true, Map.of())).contains("\u001b[1m");
        assertThat(run(true, Map.of("NO_COLOR", "1"))).doesNotContain("\u001b[");
        assertThat(run(false, Map.of())).doesNotContain("\u001b[");
    }

    @Test
    void interactive_inputEnds_stopsWithExitOneAndSaysWhy() {
        int exit = Demo.run(new String[] {"--out", dir.toString()}, new ByteArrayInputStream(new byte[0]), out(),
                Map.of(), false, clock, clock::advance);

        assertThat(exit).isEqualTo(1);
        assertThat(screen()).contains("The demo stopped: the input ended.").doesNotContain("Exception");
    }

    @Test
    void demo_auto_playsEveryStepAndExitsZero() {
        int exit = Demo.run(new String[] {"--auto", "--out", dir.toString()}, new ByteArrayInputStream(new byte[0]),
                out(), Map.of(), false, clock, time -> {
                    throw new AssertionError("--auto must not wait on the real clock");
                });

        String screen = screen();
        assertThat(exit).as(screen).isZero();
        assertThat(screen).containsSubsequence("OK   Login via SMS is on", "Another SMS may be sent in 30 s",
                "OK   Logged in with the code from the SMS.", "(--auto: the simulated app scanned the PNG)",
                "OK   Authenticator app connected", "OK   10 recovery codes made", "OK   Logged in with the app's code.",
                "OK   Refused: that code was already used", "OK   Logged in with a recovery code",
                "Demo finished: every step behaved as expected.");
        assertThat(screen).contains("[SMS to +420 *** *** 456]", "\u2580");
        assertThat(screen).doesNotContain("FAIL", "+420601123456", "otpauth://");
    }

    @Test
    void demo_helpAndUnknownArgument_sayHowToRunIt() {
        assertThat(Demo.run(new String[] {"--help"}, new ByteArrayInputStream(new byte[0]), out())).isZero();
        assertThat(screen()).contains("--light", "--dark", "COLORFGBG", "NO_COLOR", "--auto");

        assertThat(Demo.run(new String[] {"--bogus"}, new ByteArrayInputStream(new byte[0]), out())).isEqualTo(2);
        assertThat(screen()).contains("unknown argument: --bogus", "usage");
    }

    // ---------------------------------------------------------------- the person at the keyboard

    private int play(String[] args, Map<String, String> env, Typist typist) {
        return Demo.run(args, typist, out(), env, false, clock, clock::advance);
    }

    private String run(boolean terminal, Map<String, String> env) {
        captured.reset();
        Demo.run(new String[] {"--out", dir.toString()}, new ByteArrayInputStream(new byte[0]), out(), env, terminal,
                clock, clock::advance);
        return screen();
    }

    /** The QR code's lines of a run that ends when the app's first code is asked for. */
    private String qrLines(String[] args, Map<String, String> env) {
        captured.reset();
        play(args, env, new Typist(() -> lastPrompt().contains("authenticator app") ? null : answer()));
        StringBuilder qr = new StringBuilder();
        screen().lines().filter(l -> l.length() > 20 && l.matches("[ ▀▄█]+")).forEach(l -> qr.append(l).append('\n'));
        assertThat(qr).as(screen()).isNotEmpty();
        return qr.toString();
    }

    /**
     * A person who types what the screen shows at once, and who, told that a code was already
     * used, waits for the app's next code; {@code change} may alter what they type.
     */
    private Typist person(UnaryOperator<String> change) {
        return new Typist(() -> change.apply(answer()));
    }

    private String answer() {
        String prompt = lastPrompt();
        if (prompt.startsWith("Recovery code")) {
            Matcher m = RECOVERY_CODE.matcher(screen());
            assertThat(m.find()).as("the recovery codes were shown").isTrue();
            return m.group(1);
        }
        if (prompt.contains("authenticator app")) {
            if (phone.accounts().isEmpty()) {
                scanQrFile();
            }
            String before = screenBeforePrompt().strip();
            if (before.substring(before.lastIndexOf('\n') + 1).contains("already used")) {
                clock.advance(Duration.ofSeconds(30)); // waits for the app's next code
            }
            return phone.currentCode();
        }
        Matcher m = SMS_CODE.matcher(screen());
        String code = null;
        while (m.find()) {
            code = m.group(1);
        }
        assertThat(code).as("an SMS was shown before: " + prompt).isNotNull();
        return code;
    }

    private void scanQrFile() {
        try {
            Path png = dir.resolve("twofa-qr.png");
            qrFilePermissions.add(Files.getPosixFilePermissions(png));
            qrFilePermissions.add(Files.getPosixFilePermissions(dir.resolve("twofa-qr.svg")));
            phone.scanPng(Files.readAllBytes(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String lastPrompt() {
        String screen = screen();
        return screen.substring(screen.lastIndexOf('\n') + 1).strip();
    }

    private String screenBeforePrompt() {
        String screen = screen();
        return screen.substring(0, screen.lastIndexOf('\n') + 1);
    }

    private static String wrong(String code) {
        StringBuilder wrong = new StringBuilder();
        for (char c : code.toCharArray()) {
            wrong.append((char) ('0' + (c - '0' + 1) % 10));
        }
        return wrong.toString();
    }

    private PrintStream out() {
        return new PrintStream(captured, true, StandardCharsets.UTF_8);
    }

    private String screen() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    /**
     * Standard input typed by a person: each line is decided only when the demo reads it, after it
     * printed its prompt, and nothing more is available until then (as a keyboard). A null line
     * ends the input.
     */
    private static final class Typist extends InputStream {

        private final java.util.function.Supplier<String> nextLine;
        private byte[] line = new byte[0];
        private int position;
        private boolean ended;

        Typist(java.util.function.Supplier<String> nextLine) {
            this.nextLine = nextLine;
        }

        @Override
        public int read() {
            if (!fill()) {
                return -1;
            }
            return line[position++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, line.length - position);
            System.arraycopy(line, position, b, off, n);
            position += n;
            return n;
        }

        @Override
        public int available() {
            return line.length - position;
        }

        private boolean fill() {
            if (position < line.length) {
                return true;
            }
            if (ended) {
                return false;
            }
            String next = nextLine.get();
            if (next == null) {
                ended = true;
                return false;
            }
            line = (next + "\n").getBytes(StandardCharsets.UTF_8);
            position = 0;
            return true;
        }
    }
}
