package com.example.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's "Testing with twofa-testkit" section and the compiled examples in this
 * package the same text: each example file must appear verbatim in a {@code ```java} block of the
 * section of the root README.md.
 */
class ReadmeSectionTest {

    private static final Path MODULE = Path.of(System.getProperty("basedir", "."));
    private static final Path EXAMPLES = MODULE.resolve("src/test/java/com/example/host");

    @Test
    void readmeSection_examples_areTheCompiledTestsVerbatim() throws IOException {
        String readme = readme();

        for (String example : List.of("SecondFactorLoginTest.java", "RememberDeviceTest.java", "MyProfileStoreTest.java")) {
            String code = Files.readString(EXAMPLES.resolve(example), StandardCharsets.UTF_8);
            assertThat(readme).as("the README section shows %s verbatim", example).contains("```java\n" + code + "```");
        }
    }

    @Test
    void readmeSection_knownSecretSnippet_isTheCompiledTest() throws IOException {
        String code = Files.readString(EXAMPLES.resolve("KnownSecretTest.java"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("// README:known-secret\\n(.*?)\\n\\s*// README:end", Pattern.DOTALL).matcher(code);
        assertThat(m.find()).isTrue();

        assertThat(readme()).contains("```java\n" + m.group(1).stripIndent().strip() + "\n```");
    }

    @Test
    void readmeSection_dependencyBlock_bringsEveryLibraryTheExampleImports() throws IOException {
        String readme = readme();
        String section = readme.substring(readme.indexOf("## Testing with twofa-testkit"));
        String dependencies = section.substring(section.indexOf("```xml"), section.indexOf("```java"));
        String example = Files.readString(EXAMPLES.resolve("SecondFactorLoginTest.java"), StandardCharsets.UTF_8);
        Map<String, String> artifactOfPackage = Map.of("org.assertj.", "assertj-core", "org.junit.jupiter.",
                "junit-jupiter", "dev.twofa.testkit.", "twofa-testkit");

        artifactOfPackage.forEach((pkg, artifact) -> {
            assertThat(example).containsPattern("import (static )?" + Pattern.quote(pkg));
            assertThat(dependencies).as("the dependency block brings %s for %s", artifact, pkg)
                    .contains("<artifactId>" + artifact + "</artifactId>");
        });
    }

    private static String readme() throws IOException {
        return Files.readString(MODULE.resolve("../README.md"), StandardCharsets.UTF_8);
    }
}
