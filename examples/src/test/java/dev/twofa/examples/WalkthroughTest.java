package dev.twofa.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.AccountId;
import dev.twofa.core.Method;
import dev.twofa.core.TwoFactorService;
import dev.twofa.testkit.AuthenticatorApp;
import dev.twofa.testkit.FakePersonDirectory;
import dev.twofa.testkit.InMemoryProfileStore;
import dev.twofa.testkit.RecordingSmsSender;
import dev.twofa.testkit.SettableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's walkthrough code does what the README says, step after step. */
class WalkthroughTest {

    private static final String NUMBER = "+420 601 123 456";

    private final SettableClock clock = new SettableClock();
    private final RecordingSmsSender phone = new RecordingSmsSender();
    private final AuthenticatorApp app = new AuthenticatorApp(clock);
    private final TwoFactorService twoFactor = Walkthrough.buildService(new InMemoryProfileStore(), phone,
            new FakePersonDirectory(), new byte[32], clock);
    private final AccountId alice = AccountId.of("alice");
    private final Walkthrough.Session session = new Walkthrough.Session();
    private final Walkthrough.Customer customer = prompt -> prompt.contains("app") ? app.currentCode()
            : phone.lastCodeTo(NUMBER);

    @Test
    void walkthrough_enableSmsLogInSwitchToAppLogIn_endsWithTheAppActive() {
        assertThat(Walkthrough.enableSmsLogin(twoFactor, alice, customer)).isTrue();
        clock.advance(Duration.ofSeconds(31)); // past the resend cooldown
        assertThat(Walkthrough.logIn(twoFactor, alice, customer, session)).isTrue();
        assertThat(session.proof).isNotNull();

        assertThat(Walkthrough.switchToApp(twoFactor, alice, customer, session, app::addAccount)).isTrue();
        clock.advance(Duration.ofSeconds(30)); // the app's next code
        assertThat(Walkthrough.logIn(twoFactor, alice, customer, session)).isTrue();

        assertThat(twoFactor.status(alice).activeMethod()).isEqualTo(Method.TOTP);
    }

    @Test
    void logIn_loginSmsWithinTheResendCooldown_isNotLoggedIn() {
        Walkthrough.enableSmsLogin(twoFactor, alice, customer);

        assertThat(Walkthrough.logIn(twoFactor, alice, customer, session)).isFalse();
        assertThat(session.proof).isNull();
    }
}
