package dev.twofa.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The README's "Spring Security" section quotes the tested application's code verbatim. */
class ReadmeSectionTest {

    private static final Path MODULE = Path.of(System.getProperty("basedir", "."));

    @ParameterizedTest
    @ValueSource(strings = {"chain", "proofs"})
    void readmeSection_snippet_isTheTestedCode(String name) throws IOException {
        String code = Files.readString(MODULE.resolve("src/test/java/dev/twofa/spring/security/TestApplication.java"),
                StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("// README:" + name + "\\n(.*?)\\n\\s*// README:end", Pattern.DOTALL).matcher(code);
        assertThat(m.find()).as("marked snippet %s", name).isTrue();
        String readme = Files.readString(MODULE.resolve("../README.md"), StandardCharsets.UTF_8);
        String section = readme.substring(readme.indexOf("## Spring Security"));

        assertThat(section).contains("```java\n" + m.group(1).stripIndent().strip() + "\n```");
    }
}
