package com.example.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

        for (String example : List.of("SecondFactorLoginTest.java", "MyProfileStoreTest.java")) {
            String code = Files.readString(EXAMPLES.resolve(example), StandardCharsets.UTF_8);
            assertThat(readme).as("the README section shows %s verbatim", example).contains("```java\n" + code + "```");
        }
    }

    private static String readme() throws IOException {
        return Files.readString(MODULE.resolve("../README.md"), StandardCharsets.UTF_8);
    }
}
