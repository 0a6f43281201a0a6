package dev.twofa.spring.boot;

import dev.twofa.core.TwoFactorService;
import dev.twofa.core.spi.ProfileStore;
import dev.twofa.jdbc.JdbcProfileStore;
import dev.twofa.jdbc.JdbcSendLimiter;
import dev.twofa.sms.SendLimiter;
import dev.twofa.testkit.InMemoryProfileStore;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Configures where twofa keeps its state, unless the host has its own {@link TwoFactorService}:
 *
 * <ul>
 *   <li>{@code twofa.store=jdbc} (the default) with one {@link DataSource} bean: twofa-jdbc's {@link
 *       JdbcProfileStore} and {@link JdbcSendLimiter} on it (so SMS limits hold across nodes), after
 *       creating the tables when {@code twofa.jdbc.initialize-schema=always}; missing tables refuse
 *       the start (checked after the host's Flyway, Liquibase or {@code spring.sql.init} ran);
 *   <li>{@code twofa.store=memory}: twofa-testkit's {@link InMemoryProfileStore}, with a warning at
 *       startup, for tests and demos (without twofa-testkit the start is refused).
 * </ul>
 *
 * <p>Each bean backs off when the host defines one of its type. Without a store {@link
 * TwoFactorAutoConfiguration} refuses the start.
 *
 * <p>Thread-safety: a configuration class; the beans it makes are thread-safe.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnMissingBean(TwoFactorService.class)
@EnableConfigurationProperties(TwoFactorProperties.class)
public class TwoFactorStoreAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(TwoFactorStoreAutoConfiguration.class);

    /** Creates the configuration; Spring calls this. */
    public TwoFactorStoreAutoConfiguration() {
    }

    /** The store and limiter on the host's database. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "twofa.store", havingValue = "jdbc", matchIfMissing = true)
    @ConditionalOnSingleCandidate(DataSource.class)
    static class Jdbc {

        @Bean
        @DependsOnDatabaseInitialization
        JdbcTables twoFactorJdbcTables(DataSource dataSource, TwoFactorProperties properties) {
            return new JdbcTables(dataSource, properties.jdbc());
        }

        @Bean
        @ConditionalOnMissingBean(ProfileStore.class)
        JdbcProfileStore twoFactorProfileStore(JdbcTables tables) {
            return Settings.apply("twofa.jdbc.profile-table",
                    () -> new JdbcProfileStore(tables.forProfileStore(), tables.profileTable()));
        }

        @Bean
        @ConditionalOnMissingBean(SendLimiter.class)
        JdbcSendLimiter twoFactorSendLimiter(JdbcTables tables) {
            return Settings.apply("twofa.jdbc.send-table",
                    () -> new JdbcSendLimiter(tables.forSendLimiter(), tables.sendTable()));
        }
    }

    /**
     * Lets {@code @DependsOnDatabaseInitialization} work even when no other auto-configuration of the
     * host registered Boot's database-initialization ordering.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(DatabaseInitializationDependencyConfigurer.class)
    @Import(DatabaseInitializationDependencyConfigurer.class)
    static class DatabaseInitializationOrder {
    }

    /** The in-memory store, only when asked for. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "twofa.store", havingValue = "memory")
    @ConditionalOnClass(InMemoryProfileStore.class)
    static class Memory {

        @Bean
        @ConditionalOnMissingBean(ProfileStore.class)
        InMemoryProfileStore twoFactorProfileStore() {
            LOG.warn("twofa.store=memory: second-factor settings, locks and SMS limits are kept in this JVM only and"
                    + " lost at restart; for tests and demos only. Production: a DataSource and twofa.store=jdbc.");
            return new InMemoryProfileStore();
        }
    }

    /** {@code twofa.store=memory} without twofa-testkit: a store that refuses the start, saying what to add. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "twofa.store", havingValue = "memory")
    @ConditionalOnMissingClass("dev.twofa.testkit.InMemoryProfileStore")
    static class MemoryWithoutTestkit {

        @Bean
        @ConditionalOnMissingBean(ProfileStore.class)
        ProfileStore twoFactorProfileStore() {
            throw new TwoFactorConfigurationException("twofa.store=memory needs twofa-testkit's InMemoryProfileStore,"
                    + " which is not on the class path.", "Add the dependency dev.twofa:twofa-testkit (test or"
                    + " runtime scope), or use a DataSource with twofa.store=jdbc.");
        }
    }
}
