package dev.twofa.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.AccountId;
import dev.twofa.core.SmsSent;
import dev.twofa.core.TwoFactorService;
import dev.twofa.jdbc.JdbcProfileStore;
import dev.twofa.jdbc.JdbcSendLimiter;
import dev.twofa.sms.SmsSender;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The README's "Spring Boot" section is what works: its properties start a context, its bean is this code. */
class ReadmeSpringBootTest {

    private static final Path README = Path.of("..").toAbsolutePath().normalize().resolve("README.md");

    /** The host's own gateway client, as the README's snippet names it. */
    interface SmsGateway {
        void send(String number, String text);
    }

    @Configuration(proxyBeanMethods = false)
    static class Host {

        final List<String> sent = new ArrayList<>();

        @Bean
        SmsGateway gateway() {
            return (number, text) -> sent.add(number + " " + text);
        }

        // README:spring-boot-sms-sender
        @Bean
        SmsSender smsSender(SmsGateway gateway) {
            return message -> gateway.send(message.destination().e164(), message.text());
        }
        // README:end
    }

    @Test
    void readme_springBootProperties_startTheServiceOnTheDatabaseAndSendThroughTheGateway() throws Exception {
        String section = section(Files.readString(README));
        Matcher block = Pattern.compile("```properties\\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertThat(block.find()).as("a properties block in the README's Spring Boot section").isTrue();
        Properties readme = new Properties();
        readme.load(new StringReader(block.group(1)));
        List<String> values = new ArrayList<>();
        readme.forEach((k, v) -> values.add(k + "=" + v));
        values.add("TWOFA_KEY_K1=" + TwoFactorAutoConfigurationTest.randomBase64(32));
        values.add("TWOFA_SMS_HASH_KEY=" + TwoFactorAutoConfigurationTest.randomBase64(32));

        TwoFactorAutoConfigurationTest.runner()
                .withPropertyValues(TwoFactorAutoConfigurationTest.h2())
                .withPropertyValues(values.toArray(String[]::new))
                .withUserConfiguration(Host.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(JdbcProfileStore.class).hasSingleBean(JdbcSendLimiter.class);
                    TwoFactorService twoFactor = context.getBean(TwoFactorService.class);
                    AccountId alice = AccountId.of("alice");
                    twoFactor.addNumber(alice, "601 123 456");    // national form: twofa.phone-numbers.default-region=CZ
                    assertThat(twoFactor.sendVerificationCode(alice)).isInstanceOf(SmsSent.class);
                    assertThat(context.getBean(Host.class).sent).singleElement()
                            .satisfies(s -> assertThat(s).startsWith("+420601123456 Example Hosting"));
                });
    }

    @Test
    void readme_springBootSection_quotesTheSmsSenderBean() throws Exception {
        String source = Files.readString(Path.of("src/test/java/dev/twofa/spring/boot/ReadmeSpringBootTest.java"));
        Matcher m = Pattern.compile("// README:spring-boot-sms-sender\\n(.*?)\\n\\s*// README:end", Pattern.DOTALL)
                .matcher(source);
        assertThat(m.find()).isTrue();
        assertThat(section(Files.readString(README))).contains(m.group(1).stripIndent().strip());
    }

    private static String section(String readme) {
        int start = readme.indexOf("\n## Spring Boot\n");
        assertThat(start).as("README.md has a section \"Spring Boot\"").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }
}
