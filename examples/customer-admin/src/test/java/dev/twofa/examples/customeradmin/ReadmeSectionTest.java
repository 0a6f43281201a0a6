package dev.twofa.examples.customeradmin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The README's section on this example quotes its filter chain and names its one command, whose banner prints the URL. */
class ReadmeSectionTest {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    @Test
    void readme_quotesTheFilterChainVerbatim() throws IOException {
        String source = Files.readString(Path.of("src/main/java/dev/twofa/examples/customeradmin/SecurityConfiguration.java"));
        Matcher m = Pattern.compile("// README:customer-admin-chain\\n(.*?)\\n\\s*// README:end", Pattern.DOTALL).matcher(source);
        assertThat(m.find()).isTrue();

        assertThat(Files.readString(ROOT.resolve("README.md"))).contains(m.group(1).stripIndent().strip());
    }

    @Test
    void readme_sectionNamesTheCommand_andTheBannerPrintsTheUrlLine() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));

        assertThat(readme).contains("## Customer Administration example (Spring Boot)", "examples/customer-admin/run.sh");
        assertThat(Files.isExecutable(ROOT.resolve("examples/customer-admin/run.sh"))).isTrue();
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", Map.of(DemoUsers.PROPERTY, "alice",
                DemoUsers.PASSWORD_PREFIX + "alice", "abcd-efgh-ijkm", DemoUsers.PASSWORD_PREFIX + "support", "x",
                DataDirectory.PROPERTY, "/tmp/data")));
        String banner = new StartBanner(new DemoUsers(env), env).text(8080);

        assertThat(banner).contains("\nCustomer Administration: http://127.0.0.1:8080/\n")
                .contains("alice / abcd-efgh-ijkm").contains("/tmp/data");
    }
}
