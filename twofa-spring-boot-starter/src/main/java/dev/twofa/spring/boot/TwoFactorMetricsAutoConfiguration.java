package dev.twofa.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Counts logins, rejections, lockouts and SMS sends ({@link TwoFactorMetrics}) when Micrometer is on
 * the class path and the context has a {@link MeterRegistry} bean (Boot's, from its metrics
 * auto-configuration, or the host's). The listener reaches the service that {@link
 * TwoFactorAutoConfiguration} builds; a host that builds its own service registers it there itself.
 *
 * <p>Thread-safety: a configuration class; the bean it makes is thread-safe.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public class TwoFactorMetricsAutoConfiguration {

    /** Creates the configuration; Spring calls this. */
    public TwoFactorMetricsAutoConfiguration() {
    }

    /**
     * Makes the listener that counts twofa's events.
     *
     * @param registry the registry
     * @return the listener
     */
    @Bean
    @ConditionalOnMissingBean
    public TwoFactorMetrics twoFactorMetrics(MeterRegistry registry) {
        return new TwoFactorMetrics(registry);
    }
}
