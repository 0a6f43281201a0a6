package dev.twofa.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The terminal demo in {@code --auto} mode plays the whole story and exits 0. */
class DemoTest {

    @TempDir
    Path dir;

    @Test
    void demo_auto_playsEveryStepAndExitsZero() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);

        int exit = Demo.run(new String[] {"--auto", "--out", dir.toString()},
                new ByteArrayInputStream(new byte[0]), out);

        String text = captured.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(text).isZero();
        assertThat(text).contains("OK   SMS login enabled", "OK   logged in with the SMS code",
                "OK   authenticator app connected",
                "OK   logged in with the app's code", "OK   replay refused", "[SMS to +420 *** *** 456]");
        assertThat(text).doesNotContain("FAIL", "+420601123456", "otpauth://");
        assertThat(text).contains("\u2580"); // the terminal QR code's half blocks
        assertThat(Files.readAllBytes(dir.resolve("twofa-qr.png"))).startsWith(0x89, 'P', 'N', 'G');
        assertThat(Files.readString(dir.resolve("twofa-qr.svg"))).contains("<svg");
    }

    @Test
    void demo_unknownArgument_exitsTwoWithUsage() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();

        int exit = Demo.run(new String[] {"--bogus"}, new ByteArrayInputStream(new byte[0]),
                new PrintStream(captured, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(2);
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("usage");
    }
}
