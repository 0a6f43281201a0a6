package dev.twofa.examples.customeradmin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.RandomValuePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class DataDirectoryTest {

    @TempDir
    Path dir;

    private StandardEnvironment start(Map<String, Object> properties) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", properties));
        new DataDirectory().postProcessEnvironment(env, new SpringApplication());
        return env;
    }

    @Test
    void firstStart_noSecretsFile_makesRandomKeysOnlyTheOwnerCanRead() throws Exception {
        StandardEnvironment env = start(Map.of(DataDirectory.PROPERTY, dir.toString(), DemoUsers.PROPERTY, "alice"));

        byte[] key = Base64.getDecoder().decode(env.getProperty("twofa.secret-protection.keys.local"));
        assertThat(key).hasSize(32);
        assertThat(env.getProperty("twofa.secret-protection.current-key")).isEqualTo("local");
        assertThat(Base64.getDecoder().decode(env.getProperty("twofa.sms.hash-key"))).hasSize(32).isNotEqualTo(key);
        assertThat(env.getProperty(DemoUsers.PASSWORD_PREFIX + "alice")).matches("[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}");
        Path file = dir.resolve(DataDirectory.SECRETS_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void laterStart_secretsFilePresent_readsTheSameKeysAndAddsOnlyNewUsers() {
        StandardEnvironment first = start(Map.of(DataDirectory.PROPERTY, dir.toString(), DemoUsers.PROPERTY, "alice"));
        StandardEnvironment second = start(Map.of(DataDirectory.PROPERTY, dir.toString(), DemoUsers.PROPERTY, "alice,bob"));

        for (String p : new String[] {"twofa.secret-protection.keys.local", "twofa.sms.hash-key",
            DemoUsers.PASSWORD_PREFIX + "alice"}) {
            assertThat(second.getProperty(p)).as(p).isEqualTo(first.getProperty(p));
        }
        assertThat(second.getProperty(DemoUsers.PASSWORD_PREFIX + "bob")).isNotBlank();
    }

    @Test
    void ownKeyConfigured_fileKeyNotUsed() {
        StandardEnvironment env = start(Map.of(DataDirectory.PROPERTY, dir.toString(),
                "twofa.secret-protection.current-key", "prod", "twofa.secret-protection.keys.prod", "AAAA"));

        assertThat(env.getProperty("twofa.secret-protection.current-key")).isEqualTo("prod");
        assertThat(env.getProperty("twofa.secret-protection.keys.local")).isNull();
    }

    @Test
    void dataDirectoryWithRandomPart_isFixedOncePerStart() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test",
                Map.of(DataDirectory.PROPERTY, dir.resolve("run-${random.uuid}").toString())));
        env.getPropertySources().addLast(new RandomValuePropertySource());
        new DataDirectory().postProcessEnvironment(env, new SpringApplication());

        String once = env.getProperty(DataDirectory.PROPERTY);
        assertThat(once).doesNotContain("${").isEqualTo(env.getProperty(DataDirectory.PROPERTY));
        assertThat(Path.of(once).resolve(DataDirectory.SECRETS_FILE)).exists();
    }
}
