package dev.twofa.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.AccountId;
import dev.twofa.core.LockedOut;
import dev.twofa.core.Rejected;
import dev.twofa.core.SmsSent;
import dev.twofa.core.TotpSetup;
import dev.twofa.core.TwoFactorService;
import dev.twofa.core.Verified;
import dev.twofa.testkit.AuthenticatorApp;
import dev.twofa.testkit.RecordingSmsSender;
import dev.twofa.testkit.SettableClock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Micrometer counters on real service calls, and the conditions of the metrics auto-configuration. */
class TwoFactorMetricsAutoConfigurationTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T10:00:00Z"));

    private ApplicationContextRunner runner() {
        return TwoFactorAutoConfigurationTest.memory()
                .withConfiguration(AutoConfigurations.of(TwoFactorMetricsAutoConfiguration.class))
                .withBean(Clock.class, () -> clock);
    }

    @Test
    void metrics_meterRegistryPresent_countersMoveOnLoginsRejectionsLockoutsAndSms() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RecordingSmsSender sender = new RecordingSmsSender();
        runner().withPropertyValues("twofa.sms.enabled=true")
                .withBean(MeterRegistry.class, () -> registry)
                .withBean(RecordingSmsSender.class, () -> sender)
                .run(context -> {
                    assertThat(context).hasSingleBean(TwoFactorMetrics.class);
                    TwoFactorService twoFactor = context.getBean(TwoFactorService.class);
                    AccountId alice = AccountId.of("alice");
                    AuthenticatorApp app = new AuthenticatorApp(clock);
                    app.addAccount(((TotpSetup) twoFactor.startTotp(alice, "alice@example.com")).otpauthUri());
                    assertThat(twoFactor.confirmTotp(alice, app.currentCode())).isInstanceOf(Verified.class);

                    clock.advance(Duration.ofSeconds(30));
                    String code = app.currentCode();
                    assertThat(twoFactor.completeLogin(alice, code)).isInstanceOf(Verified.class);
                    assertThat(count(registry, TwoFactorMetrics.LOGINS, "method", "totp")).isEqualTo(1);

                    assertThat(twoFactor.completeLogin(alice, code)).isInstanceOf(Rejected.class);    // replay
                    assertThat(count(registry, TwoFactorMetrics.REJECTIONS, "kind", "replay")).isEqualTo(1);

                    String wrong = code.equals("000000") ? "111111" : "000000";
                    Object result = null;
                    int tries = 0;
                    while (!(result instanceof LockedOut) && tries++ < 20) {
                        clock.advance(Duration.ofMinutes(16));    // past every delay, within the lock's hour
                        result = twoFactor.completeLogin(alice, wrong);
                    }
                    assertThat(result).isInstanceOf(LockedOut.class);
                    assertThat(count(registry, TwoFactorMetrics.LOCKOUTS, "method", "totp")).isEqualTo(1);
                    assertThat(count(registry, TwoFactorMetrics.REJECTIONS, "kind", "code")).isPositive();

                    AccountId bob = AccountId.of("bob");
                    twoFactor.addNumber(bob, "+420 601 123 456");
                    assertThat(twoFactor.sendVerificationCode(bob)).isInstanceOf(SmsSent.class);
                    assertThat(registry.get(TwoFactorMetrics.SMS_SENT).counter().count()).isEqualTo(1);

                    for (Meter meter : registry.getMeters()) {
                        assertThat(meter.getId().getTags()).extracting(Tag::getKey).isSubsetOf("method", "kind");
                        assertThat(meter.getId().getTags()).extracting(Tag::getValue)
                                .allSatisfy(v -> assertThat(v).doesNotContain("alice", "bob", "601", "456", code));
                    }
                });
    }

    @Test
    void metrics_bootsOwnRegistry_listenerCountsIntoIt() {
        runner().withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                        SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasSingleBean(TwoFactorMetrics.class);
                    TwoFactorService twoFactor = context.getBean(TwoFactorService.class);
                    AccountId alice = AccountId.of("alice");
                    twoFactor.startTotp(alice, "alice");
                    twoFactor.confirmTotp(alice, "000000");
                    twoFactor.confirmTotp(alice, "000001");
                    assertThat(context.getBean(MeterRegistry.class).get(TwoFactorMetrics.REJECTIONS).counter().count())
                            .isEqualTo(2);
                });
    }

    @Test
    void metrics_noMeterRegistry_noListener() {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(TwoFactorMetrics.class);
        });
    }

    @Test
    void metrics_micrometerNotOnClassPath_noListener() {
        runner().withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(TwoFactorMetrics.class);
        });
    }

    @Test
    void metrics_hostListener_kept() {
        TwoFactorMetrics own = new TwoFactorMetrics(new SimpleMeterRegistry());
        runner().withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean(TwoFactorMetrics.class, () -> own)
                .run(context -> assertThat(context.getBean(TwoFactorMetrics.class)).isSameAs(own));
    }

    private static double count(MeterRegistry registry, String name, String tag, String value) {
        return registry.get(name).tag(tag, value).counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
