package dev.twofa.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jayway.jsonpath.JsonPath;
import dev.twofa.core.LockoutPolicy;
import dev.twofa.core.TwoFactorServiceBuilder;
import dev.twofa.jdbc.JdbcSchema;
import dev.twofa.sms.SmsCodes;
import dev.twofa.totp.Algorithm;
import dev.twofa.totp.Totp;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The properties' defaults, their metadata in the jar, their toString, and the analyzer in a real application. */
@ExtendWith(OutputCaptureExtension.class)
class TwoFactorPropertiesTest {

    private static TwoFactorProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("twofa", TwoFactorProperties.class);
    }

    @Test
    void defaults_nothingSet_theBuildersDefaults() {
        TwoFactorProperties p = bind(Map.of());
        assertThat(p.store()).isEqualTo(TwoFactorProperties.Store.JDBC);
        assertThat(p.jdbc().initializeSchema()).isEqualTo(TwoFactorProperties.SchemaInitialization.NEVER);
        assertThat(p.jdbc().profileTable()).isEqualTo(JdbcSchema.PROFILE_TABLE);
        assertThat(p.jdbc().sendTable()).isEqualTo(JdbcSchema.SEND_TABLE);
        assertThat(p.secretProtection().keys()).isEmpty();

        assertThat(p.totp().enabled()).isTrue();
        assertThat(p.totp().issuer()).isNull();
        assertThat(p.totp().digits()).isEqualTo(Totp.DEFAULT_DIGITS);
        assertThat(p.totp().period()).isEqualTo(Duration.ofSeconds(Totp.DEFAULT_PERIOD_SECONDS));
        assertThat(p.totp().stepsBack()).isEqualTo(Totp.DEFAULT_STEPS_BACK);
        assertThat(p.totp().stepsAhead()).isEqualTo(Totp.DEFAULT_STEPS_AHEAD);
        assertThat(p.totp().maxDrift()).isEqualTo(Totp.DEFAULT_MAX_DRIFT);
        assertThat(p.totp().algorithm()).isEqualTo(Algorithm.SHA1);
        assertThat(p.totp().enrollmentTimeout())
                .isEqualTo(Duration.ofMinutes(TwoFactorServiceBuilder.DEFAULT_TOTP_ENROLLMENT_MINUTES));

        assertThat(p.sms().enabled()).isFalse();
        assertThat(p.sms().hashKey()).isNull();
        assertThat(p.sms().codeDigits()).isEqualTo(SmsCodes.DEFAULT_CODE_DIGITS);
        assertThat(p.sms().codeValidity()).isEqualTo(Duration.ofMinutes(SmsCodes.DEFAULT_VALIDITY_MINUTES));
        assertThat(p.sms().maxAttemptsPerCode()).isEqualTo(SmsCodes.DEFAULT_MAX_ATTEMPTS_PER_CODE);
        assertThat(p.sms().resendCooldown()).isEqualTo(Duration.ofSeconds(SmsCodes.DEFAULT_RESEND_COOLDOWN_SECONDS));
        assertThat(p.sms().webOtpDomain()).isNull();

        assertThat(p.phoneNumbers().defaultRegion()).isNull();
        assertThat(p.phoneNumbers().allowedRegions()).isEmpty();
        assertThat(p.phoneNumbers().deniedRegions()).isEmpty();

        TwoFactorProperties.Lockout lockout = p.lockout();
        assertThat(new LockoutPolicy(lockout.freeFailures(), lockout.maxDelay(), lockout.lockAfter(),
                lockout.lockDuration(), lockout.permanentLockAfter())).isEqualTo(LockoutPolicy.defaults());
        assertThat(p.trustedDevices().validity())
                .isEqualTo(Duration.ofDays(TwoFactorServiceBuilder.DEFAULT_TRUSTED_DEVICE_DAYS));
        assertThat(p.trustedDevices().maxPerAccount()).isEqualTo(TwoFactorServiceBuilder.DEFAULT_MAX_TRUSTED_DEVICES);
        assertThat(p.stepUpValidity()).isEqualTo(Duration.ofMinutes(TwoFactorServiceBuilder.DEFAULT_STEP_UP_MINUTES));
    }

    @Test
    void binding_relaxedNames_bound() {
        TwoFactorProperties p = bind(Map.of("twofa.store", "memory", "twofa.totp.algorithm", "sha256",
                "twofa.jdbc.initialize-schema", "always", "twofa.secret-protection.keys.k1", "a2V5",
                "twofa.secret-protection.current-key", "k1", "twofa.phone-numbers.allowed-regions", "CZ,SK",
                "twofa.trusted-devices.validity", "7d"));
        assertThat(p.store()).isEqualTo(TwoFactorProperties.Store.MEMORY);
        assertThat(p.totp().algorithm()).isEqualTo(Algorithm.SHA256);
        assertThat(p.jdbc().initializeSchema()).isEqualTo(TwoFactorProperties.SchemaInitialization.ALWAYS);
        assertThat(p.secretProtection().keys()).containsEntry("k1", "a2V5");
        assertThat(p.phoneNumbers().allowedRegions()).containsExactly("CZ", "SK");
        assertThat(p.trustedDevices().validity()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void binding_keyFromEnvironmentVariable_boundUnderItsId() {
        Map<String, Object> environment = Map.of("TWOFA_SECRETPROTECTION_KEYS_K1", "a2V5",
                "TWOFA_SECRETPROTECTION_CURRENTKEY", "k1");
        TwoFactorProperties p = new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment)))
                .bindOrCreate("twofa", TwoFactorProperties.class);
        assertThat(p.secretProtection().keys()).containsExactly(Map.entry("k1", "a2V5"));
        assertThat(p.secretProtection().currentKey()).isEqualTo("k1");
    }

    @Test
    void toString_keysSet_keysRedacted() {
        String key = TwoFactorAutoConfigurationTest.randomBase64(32);
        String hashKey = TwoFactorAutoConfigurationTest.randomBase64(32);
        TwoFactorProperties p = bind(Map.of("twofa.secret-protection.keys.k1", key, "twofa.sms.hash-key", hashKey,
                "twofa.totp.issuer", "Example Hosting"));
        assertThat(p.toString()).doesNotContain(key).doesNotContain(hashKey).contains("k1").contains("(redacted)")
                .contains("Example Hosting");
        assertThat(bind(Map.of()).toString()).contains("hashKey=none");
    }

    @Test
    void metadata_inTheJar_describesEveryProperty() throws Exception {
        String json;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("META-INF/spring-configuration-metadata.json, written by the configuration processor")
                    .isNotNull();
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> names = JsonPath.read(json, "$.properties[*].name");
        assertThat(names).contains("twofa.store", "twofa.jdbc.initialize-schema", "twofa.jdbc.profile-table",
                "twofa.secret-protection.keys", "twofa.secret-protection.current-key", "twofa.totp.issuer",
                "twofa.totp.digits", "twofa.sms.enabled", "twofa.sms.hash-key", "twofa.phone-numbers.default-region",
                "twofa.lockout.lock-after", "twofa.trusted-devices.validity", "twofa.step-up-validity");
        List<Object> undocumented = JsonPath.read(json, "$.properties[?(!@.description)].name");
        assertThat(undocumented).isEmpty();
        List<Object> storeDefault = JsonPath.read(json, "$.properties[?(@.name == 'twofa.store')].defaultValue");
        assertThat(storeDefault).containsExactly("jdbc");
        List<Object> digitsDefault = JsonPath.read(json, "$.properties[?(@.name == 'twofa.totp.digits')].defaultValue");
        assertThat(digitsDefault).containsExactly(Totp.DEFAULT_DIGITS);
    }

    @Test
    void failureAnalyzer_realApplicationWithoutKey_reportsDescriptionAndAction(CapturedOutput output) {
        SpringApplication application = new SpringApplicationBuilder(Host.class).web(WebApplicationType.NONE)
                .properties("twofa.store=memory", "twofa.totp.issuer=Example Hosting").build();
        assertThatThrownBy(application::run).hasRootCauseInstanceOf(TwoFactorConfigurationException.class);
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("twofa.secret-protection.keys is not set")
                .contains("Action:")
                .contains("openssl rand -base64 32");
    }

    /** A host application: Boot's auto-configuration, nothing of its own. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Host {
    }
}
