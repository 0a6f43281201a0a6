package dev.twofa.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.TwoFactorService;
import dev.twofa.testkit.TwoFactorTestKit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** A chain that reads the login session but has no authorization rules cannot be guarded: startup fails. */
class EveryChainStartupTest {

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TwoFactorSecurityAutoConfiguration.class))
            .withBean(TwoFactorService.class, () -> TwoFactorTestKit.create().service());

    @Test
    void chainWithoutAuthorizeHttpRequests_startupRefusedNamingTheChain() {
        web.withUserConfiguration(Unguarded.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasMessageContaining("'webhooks'")
                    .rootCause().hasMessageContaining("has no authorizeHttpRequests(...)")
                    .hasMessageContaining("twofa");
        });
    }

    @Test
    void chainWithAuthorizeHttpRequests_starts() {
        web.withUserConfiguration(Guarded.class).run(context -> assertThat(context).hasNotFailed()
                .hasSingleBean(SecurityFilterChain.class));
    }

    @Test
    void chainWithoutSecurityContext_starts() {
        web.withUserConfiguration(Stateless.class).run(context -> assertThat(context).hasNotFailed());
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebSecurity
    static class Unguarded {
        @Bean
        SecurityFilterChain webhooks(HttpSecurity http) {
            return http.securityMatcher("/webhooks/**").build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebSecurity
    static class Guarded {
        @Bean
        SecurityFilterChain webhooks(HttpSecurity http) {
            return http.securityMatcher("/webhooks/**").authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebSecurity
    static class Stateless {
        @Bean
        SecurityFilterChain webhooks(HttpSecurity http) {
            return http.securityMatcher("/webhooks/**").securityContext(c -> c.disable()).build();
        }
    }
}
