package dev.twofa.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.AccountId;
import dev.twofa.core.PhoneNumber;
import dev.twofa.core.TwoFactorService;
import dev.twofa.testkit.InMemoryProfileStore;
import dev.twofa.testkit.RecordingSmsSender;
import org.junit.jupiter.api.Test;

/** The README's phone-number code, run: national forms, trunk zeros, refusals in words. */
class NumbersTest {

    private final TwoFactorService twoFactor = Numbers.service(new InMemoryProfileStore(), new RecordingSmsSender());

    @Test
    void addNumber_nationalCzechMobile_storedInE164() {
        AccountId alice = AccountId.of("alice");

        assertThat(Numbers.addNumber(twoFactor, alice, "601 123 456")).isNull();

        assertThat(twoFactor.status(alice).number()).isEqualTo(new PhoneNumber("+420601123456"));
    }

    @Test
    void addNumber_trunkZeroInParentheses_readAsTheRealNumber() {
        AccountId bob = AccountId.of("bob");

        assertThat(Numbers.addNumber(twoFactor, bob, "+420 (0)601 123 456")).isNull();

        assertThat(twoFactor.status(bob).number()).isEqualTo(new PhoneNumber("+420601123456"));
    }

    @Test
    void addNumber_refusals_sayWhatToDoAndStoreNothing() {
        AccountId carol = AccountId.of("carol");

        assertThat(Numbers.addNumber(twoFactor, carol, "601 12x 456")).startsWith("Please check the number");
        assertThat(Numbers.addNumber(twoFactor, carol, "900 123 456")).startsWith("Please use a mobile number");
        assertThat(Numbers.addNumber(twoFactor, carol, "+44 7400 123456")).isEqualTo("We cannot send text messages to this country.");
        assertThat(twoFactor.status(carol).number()).isNull();
    }
}
