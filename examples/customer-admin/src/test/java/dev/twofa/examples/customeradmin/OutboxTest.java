package dev.twofa.examples.customeradmin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.AccountId;
import dev.twofa.core.PhoneNumber;
import dev.twofa.core.SmsPurpose;
import dev.twofa.sms.SmsMessage;
import dev.twofa.testkit.SettableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class OutboxTest {

    private static final PhoneNumber SHARED = new PhoneNumber("+420601555000");

    @Test
    void sentFor_twoAccountsOnOneNumber_eachSeesOnlyItsOwnCodes() {
        Outbox outbox = new Outbox(new SettableClock(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        AccountId bob = AccountId.of("bob");
        AccountId eve = AccountId.of("eve");

        outbox.send(new SmsMessage(SHARED, "Customer Administration: 111111 is your login code.", Locale.ENGLISH, SmsPurpose.LOGIN, bob));
        outbox.send(new SmsMessage(SHARED, "Customer Administration: 222222 is your code.", Locale.ENGLISH, SmsPurpose.VERIFY_NUMBER, eve));

        assertThat(outbox.sentFor(bob)).extracting(Outbox.Sent::text).containsExactly("Customer Administration: 111111 is your login code.");
        assertThat(outbox.sentFor(eve)).extracting(Outbox.Sent::text).containsExactly("Customer Administration: 222222 is your code.");
        assertThat(outbox.sentFor(AccountId.of("alice"))).isEmpty();
    }

    @Test
    void send_printsTheTextForThePersonRunningTheDemo_withTheNumberMasked() {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Outbox outbox = new Outbox(new SettableClock(), new PrintStream(console, true, StandardCharsets.UTF_8));

        outbox.send(new SmsMessage(SHARED, "Customer Administration: 111111 is your login code.", Locale.ENGLISH,
                SmsPurpose.LOGIN, AccountId.of("bob")));

        assertThat(console.toString(StandardCharsets.UTF_8)).contains("111111").contains(SHARED.masked())
                .doesNotContain("601555000");
        assertThat(outbox.sentFor(AccountId.of("bob")).get(0).toString()).doesNotContain("111111");
    }
}
