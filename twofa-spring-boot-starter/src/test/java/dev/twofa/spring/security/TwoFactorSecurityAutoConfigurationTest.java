package dev.twofa.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.AccountId;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;

class TwoFactorSecurityAutoConfigurationTest {

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TwoFactorSecurityAutoConfiguration.class));

    @Test
    void servletAppWithSpringSecurity_defaultBeans() {
        web.run(context -> {
            assertThat(context).hasSingleBean(TwoFactorAccounts.class).hasSingleBean(TwoFactorProofs.class);
            assertThat(context.getBean(TwoFactorAccounts.class).account(new TestingAuthenticationToken("ann", "pw")))
                    .isEqualTo(AccountId.of("ann"));
        });
    }

    @Test
    void hostsOwnAccounts_replaceTheDefault() {
        TwoFactorAccounts byCustomerNumber = authentication -> AccountId.of("customer-" + authentication.getName());
        web.withBean(TwoFactorAccounts.class, () -> byCustomerNumber).run(context -> {
            assertThat(context).hasSingleBean(TwoFactorAccounts.class).hasSingleBean(TwoFactorProofs.class);
            assertThat(context.getBean(TwoFactorAccounts.class)).isSameAs(byCustomerNumber);
        });
    }

    @Test
    void hostsOwnProofs_replaceTheDefault() {
        TwoFactorProofs own = new TwoFactorProofs(TwoFactorAccounts.byName());
        web.withBean(TwoFactorProofs.class, () -> own)
                .run(context -> assertThat(context.getBean(TwoFactorProofs.class)).isSameAs(own));
    }

    @Test
    void withoutSpringSecurity_noBeans() {
        web.withClassLoader(new FilteredClassLoader(HttpSecurity.class))
                .run(context -> assertThat(context).doesNotHaveBean(TwoFactorAccounts.class)
                        .doesNotHaveBean(TwoFactorProofs.class));
    }

    @Test
    void notAWebApplication_noBeans() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TwoFactorSecurityAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(TwoFactorProofs.class));
    }
}
