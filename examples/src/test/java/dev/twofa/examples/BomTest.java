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

/**
 * twofa-bom has no parent (so it pins nothing but twofa), so nothing keeps it in step with the
 * build by itself: this test does.
 */
class BomTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void bom_listsEveryLibraryModuleAtTheBuildsVersionAndNothingElse() throws IOException {
        String parent = Files.readString(ROOT.resolve("pom.xml"));
        String bom = Files.readString(ROOT.resolve("twofa-bom/pom.xml"));
        List<String> libraries = all(parent, "<module>(twofa-[a-z-]+)</module>").stream()
                .filter(m -> !m.equals("twofa-bom")).toList();

        assertThat(libraries).contains("twofa-core", "twofa-totp", "twofa-sms", "twofa-testkit", "twofa-jdbc",
                "twofa-spring-boot-starter");
        assertThat(all(bom, "<artifactId>([^<]+)</artifactId>\\s*<version>\\$\\{project.version}</version>"))
                .containsExactlyInAnyOrderElementsOf(libraries);
        assertThat(all(bom, "<groupId>([^<]+)</groupId>")).containsOnly("dev.twofa");
        assertThat(first(bom, "<artifactId>twofa-bom</artifactId>\\s*<version>([^<]+)</version>"))
                .isEqualTo(first(parent, "<artifactId>twofa-parent</artifactId>\\s*<version>([^<]+)</version>"));
        assertThat(bom).doesNotContainPattern("<parent>\\s*<groupId>");
    }

    private static List<String> all(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static String first(String text, String regex) {
        List<String> found = all(text, regex);
        assertThat(found).as(regex).isNotEmpty();
        return found.get(0);
    }
}
