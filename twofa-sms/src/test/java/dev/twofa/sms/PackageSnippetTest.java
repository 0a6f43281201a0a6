package dev.twofa.sms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.spi.SmsCodeChannel.Issue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The five-line console sender in the package javadoc compiles, runs, and is the same code as here. */
class PackageSnippetTest {

    private static final Path PACKAGE_INFO = Path.of("src/main/java/dev/twofa/sms/package-info.java");
    private static final Path THIS_FILE = Path.of("src/test/java/dev/twofa/sms/PackageSnippetTest.java");

    private static SmsCodes wireConsoleSender() {
        // snippet-start
        SmsSender consoleSender = message ->
                System.out.println("SMS to " + message.destination() + ": " + message.text());
        SmsCodes smsCodes = SmsCodes.builder(consoleSender)
                .issuer("Example Hosting")
                .build();
        // snippet-end
        return smsCodes;
    }

    @Test
    void snippet_wiredConsoleSender_printsMaskedNumberAndText() {
        PrintStream previous = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            Issue issue = wireConsoleSender().issue(Fixtures.request(Fixtures.T0));
            assertThat(issue).isInstanceOf(Issue.Sent.class);
        } finally {
            System.setOut(previous);
        }
        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith("SMS to +420 *** *** 456: Example Hosting: ")
                .contains("is your login code")
                .doesNotContain("+420601123456");
    }

    @Test
    void snippet_inPackageJavadoc_isTheCompiledCodeAndFiveLines() throws IOException {
        List<String> documented = normalized(between(Files.readString(PACKAGE_INFO),
                Pattern.compile("<pre>\\{@code\\n(.*?)\\n \\* \\}</pre>", Pattern.DOTALL)))
                .stream().map(line -> line.replaceFirst("^\\s*\\*", "")).map(String::strip)
                .filter(line -> !line.isEmpty()).collect(Collectors.toList());
        List<String> compiled = normalized(between(Files.readString(THIS_FILE),
                Pattern.compile("// snippet-start\\n(.*?)\\n\\s*// snippet-end", Pattern.DOTALL)));

        assertThat(documented).hasSize(5).isEqualTo(compiled);
    }

    private static String between(String text, Pattern pattern) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as("pattern %s", pattern).isTrue();
        return m.group(1);
    }

    private static List<String> normalized(String block) {
        return block.lines().map(String::strip).filter(line -> !line.isEmpty()).collect(Collectors.toList());
    }
}
