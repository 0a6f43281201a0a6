package dev.twofa.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.AccountId;
import dev.twofa.core.SmsNotSent;
import dev.twofa.core.SmsSent;
import dev.twofa.core.TwoFactorService;
import dev.twofa.examples.jdbc.DriverManagerDataSource;
import dev.twofa.testkit.RecordingSmsSender;
import dev.twofa.testkit.SettableClock;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The "Running on many nodes" snippet: two nodes built by it share profiles and SMS limits. */
class ManyNodesTest {

    private static final byte[] HASH_KEY = "hash key of every node, 32 bytes".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SECRET_KEY = "secret key of every node 32 byte".getBytes(StandardCharsets.US_ASCII);

    @Test
    void twoNodes_oneDatabase_shareProfilesAndTheNumbersCooldown() {
        DriverManagerDataSource db = new DriverManagerDataSource("jdbc:h2:mem:many-nodes;DB_CLOSE_DELAY=-1");
        ManyNodes.createTables(db);
        ManyNodes.createTables(db);                                   // safe at every start
        RecordingSmsSender sms = new RecordingSmsSender();
        SettableClock clock = new SettableClock();
        TwoFactorService node1 = ManyNodes.node(db, sms, HASH_KEY, SECRET_KEY, clock);
        TwoFactorService node2 = ManyNodes.node(db, sms, HASH_KEY, SECRET_KEY, clock);
        AccountId alice = AccountId.of("alice");
        AccountId mallory = AccountId.of("mallory");
        node1.addNumber(alice, "+420 601 123 456");
        node2.addNumber(mallory, "+420 601 123 456");                // another account, the same number

        assertThat(node1.sendVerificationCode(alice)).isInstanceOf(SmsSent.class);
        // the number's cooldown is counted in the shared limiter, not in either account's profile
        assertThat(node2.sendVerificationCode(mallory)).isInstanceOfSatisfying(SmsNotSent.class,
                refused -> assertThat(refused.reason()).isEqualTo(SmsNotSent.Reason.COOLDOWN));
        // the profile is shared: the code sent through node 1 verifies through node 2
        assertThat(node2.verifyNumber(alice, sms.lastCodeTo("+420601123456")).verified()).isTrue();
        assertThat(sms.messages()).hasSize(1);
    }
}
