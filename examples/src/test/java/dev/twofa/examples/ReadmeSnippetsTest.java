package dev.twofa.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README quotes the compiled walkthrough exactly, so the two cannot drift apart. */
class ReadmeSnippetsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void readme_quotesEverySnippetOfTheExampleClassesVerbatim() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        for (String file : List.of("Numbers.java", "ManyNodes.java", "SecurityPageExtras.java", "Operations.java")) {
            List<String> snippets = snippets(Files.readString(ROOT.resolve("examples/src/main/java/dev/twofa/examples/" + file)));
            assertThat(snippets).as(file).isNotEmpty();
            for (String snippet : snippets) {
                assertThat(readme).as("README.md must quote this snippet of " + file).contains(snippet);
            }
        }
    }

    @Test
    void readme_quotesEveryWalkthroughSnippetVerbatim() throws IOException {
        String source = Files.readString(ROOT.resolve("examples/src/main/java/dev/twofa/examples/Walkthrough.java"));
        String readme = Files.readString(ROOT.resolve("README.md"));
        List<String> snippets = snippets(source);

        assertThat(snippets).hasSizeGreaterThanOrEqualTo(4);
        for (String snippet : snippets) {
            assertThat(readme).as("README.md must quote this snippet of Walkthrough.java").contains(snippet);
        }
    }

    @Test
    void readme_testCommandIsWhatCiRuns() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String ci = Files.readString(ROOT.resolve(".ci/run"));

        assertThat(readme).contains("`mvn -B verify`");
        assertThat(ci).contains("\nmvn -B verify");
    }

    @Test
    void readme_everyScriptItNames_existsAndIsExecutable() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher m = Pattern.compile("`(?:\\./)?((?:examples|benchmarks)/[\\w/-]+\\.sh)[ `]").matcher(readme);
        List<String> scripts = new ArrayList<>();
        while (m.find()) {
            scripts.add(m.group(1));
        }

        assertThat(scripts).contains("examples/demo.sh", "examples/customer-admin/run.sh", "benchmarks/run.sh");
        assertThat(scripts).allSatisfy(script -> assertThat(Files.isExecutable(ROOT.resolve(script)))
                .as(script + " is executable").isTrue());
        assertThat(readme).contains("mvn -B install -DskipTests");
    }

    /** The code between {@code // README:name} and {@code // README:end}, indentation removed. */
    static List<String> snippets(String source) {
        Matcher m = Pattern.compile("// README:[\\w-]+\\n(.*?)\\n\\s*// README:end", Pattern.DOTALL).matcher(source);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1).stripIndent().strip());
        }
        return out;
    }
}
