package dev.twofa.core;

import static dev.twofa.core.fixtures.Fixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.fixtures.FakeTotpChannel;
import dev.twofa.core.fixtures.Fixture;
import dev.twofa.core.spi.TwoFactorProfile;
import dev.twofa.core.spi.TwoFactorProfile.TotpState;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Clock drift in the service (issue 14.4) against a channel that follows drift: the offset of the
 * accepted step is stored per account within the channel's {@code maxDrift}, the next window is
 * centred on it, and only accepted codes (never a replay) tell the server-clock monitor anything.
 */
class DriftTest {

    private static final Duration STEP = Duration.ofSeconds(30);

    private final Fixture f = new Fixture();

    private Fixture withDrift(int maxDrift) {
        f.totp.maxDrift.set(maxDrift);
        return f;
    }

    /** Connects an app whose clock runs {@code skew} steps ahead; returns its key. */
    private String connect(TwoFactorService node, AccountId account, int skew) {
        TotpSetup setup = (TotpSetup) node.startTotp(account, account.value() + "@example.com");
        assertThat(node.confirmTotp(account, code(setup.manualEntryKey(), skew)).verified()).as("confirm").isTrue();
        return setup.manualEntryKey();
    }

    private String code(String key, int skew) {
        return FakeTotpChannel.codeAt(Secret.copyOf(HexFormat.of().parseHex(key)),
                FakeTotpChannel.step(f.clock.instant()) + skew);
    }

    private int storedDrift(AccountId account) {
        return f.store.get(account).totp().drift();
    }

    private void storeDrift(AccountId account, int drift) {
        TwoFactorProfile p = f.store.get(account);
        TotpState t = p.totp();
        assertThat(f.store.compareAndSet(p.version(), p.withTotp(new TotpState(t.storedSecret(), t.createdAt(),
                t.lastAcceptedStep(), drift)).withVersion(p.version() + 1))).isTrue();
    }

    private long clockEvents() {
        return f.events.stream().filter(e -> e.type() == TwoFactorEvent.Type.SERVER_CLOCK_SUSPECT).count();
    }

    @Test
    void login_appAhead_driftStoredAndTheNextWindowCentredOnIt() {
        withDrift(2);
        String key = connect(f.service, ALICE, 1);
        assertThat(storedDrift(ALICE)).isEqualTo(1);
        f.clock.advance(STEP);

        assertThat(f.service.completeLogin(ALICE, code(key, 2)).verified()).as("two ahead").isTrue();

        assertThat(f.totp.lastDrift.get()).as("the window was centred one ahead").isEqualTo(1);
        assertThat(storedDrift(ALICE)).isEqualTo(2);
    }

    @Test
    void login_appBehind_negativeDriftStored() {
        withDrift(2);
        String key = connect(f.service, ALICE, -1);
        f.clock.advance(STEP.multipliedBy(3));

        assertThat(f.service.completeLogin(ALICE, code(key, -2)).verified()).isTrue();

        assertThat(f.totp.lastDrift.get()).isEqualTo(-1);
        assertThat(storedDrift(ALICE)).isEqualTo(-2);
    }

    @Test
    void login_storedDriftBeyondTheChannelsMaxDrift_clampedBothWays() {
        withDrift(2);
        String key = connect(f.service, ALICE, 0);
        storeDrift(ALICE, 5);                                  // stored under an earlier, wider setting
        f.clock.advance(STEP);

        assertThat(f.service.completeLogin(ALICE, code(key, 3)).verified()).as("window centred on +2").isTrue();
        assertThat(f.totp.lastDrift.get()).isEqualTo(2);
        assertThat(storedDrift(ALICE)).as("3 ahead, kept at the bound").isEqualTo(2);

        storeDrift(ALICE, -5);
        f.clock.advance(STEP.multipliedBy(10));
        assertThat(f.service.completeLogin(ALICE, code(key, -3)).verified()).as("window centred on -2").isTrue();
        assertThat(f.totp.lastDrift.get()).isEqualTo(-2);
        assertThat(storedDrift(ALICE)).isEqualTo(-2);
    }

    @Test
    void login_channelWithoutDrift_storesNoneAndTellsTheMonitorNothing() {
        withDrift(0);
        for (int i = 0; i < 25; i++) {
            connect(f.service, AccountId.of("customer-" + i), 1);
        }

        assertThat(storedDrift(AccountId.of("customer-0"))).isZero();
        assertThat(clockEvents()).isZero();
    }

    @Test
    void serverClock_twentyAccountsOneStepAhead_oneEventWithPlusOne() {
        withDrift(2);
        for (int i = 0; i < 20; i++) {
            connect(f.service, AccountId.of("customer-" + i), 1);
        }

        assertThat(f.events).filteredOn(e -> e.type() == TwoFactorEvent.Type.SERVER_CLOCK_SUSPECT).singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo(new TwoFactorEvent.ClockDrift(1)));
    }

    @Test
    void serverClock_aReplayedCodeOnAnotherNode_tellsItsMonitorNothing() {
        withDrift(2);
        TwoFactorService nodeB = f.newNode();
        for (int i = 0; i < 19; i++) {
            connect(nodeB, AccountId.of("customer-" + i), 1);    // node B has seen 19 accounts at +1
        }
        String key = connect(f.service, ALICE, 1);               // Alice's code accepted on node A

        assertThat(nodeB.completeLogin(ALICE, code(key, 1))).isInstanceOfSatisfying(Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(Rejected.Reason.REPLAY));

        assertThat(clockEvents()).as("a replay is no reading of the phone's clock").isZero();
        connect(nodeB, AccountId.of("customer-19"), 1);
        assertThat(clockEvents()).as("the 20th account that logged in on node B").isEqualTo(1);
    }
}
