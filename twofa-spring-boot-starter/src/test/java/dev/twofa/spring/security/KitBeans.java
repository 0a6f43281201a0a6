package dev.twofa.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.AccountId;
import dev.twofa.core.TotpSetup;
import dev.twofa.core.TwoFactorService;
import dev.twofa.testkit.AuthenticatorApp;
import dev.twofa.testkit.TwoFactorTestKit;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The beans every test application of this package shares: the testkit, its service and its clock
 * (the one the second step dates factors with), and a way to turn the app on for a user.
 */
@TestConfiguration(proxyBeanMethods = false)
class KitBeans {

    @Bean
    TwoFactorTestKit kit() {
        return TwoFactorTestKit.create();
    }

    @Bean
    TwoFactorService twoFactorService(TwoFactorTestKit kit) {
        return kit.service();
    }

    @Bean
    Clock clock(TwoFactorTestKit kit) {
        return kit.clock();
    }

    /** Connects an authenticator app to the user's account, then moves past its code (a login needs the next one). */
    static AuthenticatorApp enableApp(TwoFactorTestKit kit, String user) {
        AccountId account = AccountId.of(user);
        TotpSetup setup = (TotpSetup) kit.service().startTotp(account, user);
        AuthenticatorApp app = new AuthenticatorApp(kit.clock());
        app.addAccount(setup.otpauthUri());
        assertThat(kit.service().confirmTotp(account, app.currentCode()).verified()).isTrue();
        kit.clock().advance(Duration.ofSeconds(30));
        return app;
    }
}
