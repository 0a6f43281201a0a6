package dev.twofa.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The server-clock estimate over the most recent accepted app codes, across accounts, each account
 * counted at most once.
 */
class ClockDriftMonitorTest {

    private final ClockDriftMonitor monitor = new ClockDriftMonitor();
    private int accounts;

    /** Records {@code times} codes of as many new accounts; returns what was reported. */
    private List<Integer> feed(int offset, int times) {
        List<Integer> reports = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            int r = monitor.record(AccountId.of("customer-" + accounts++), offset);
            if (r != 0) {
                reports.add(r);
            }
        }
        return reports;
    }

    @Test
    void record_fewerThanTheWindow_nothingReported() {
        assertThat(feed(1, ClockDriftMonitor.RECENT - 1)).isEmpty();
    }

    @Test
    void record_mostBehind_reportedOnceWithTheEstimate() {
        feed(0, ClockDriftMonitor.RECENT - ClockDriftMonitor.AGREEING);

        assertThat(feed(-1, 100)).containsExactly(-1);
    }

    @Test
    void record_justBelowTheMajority_nothingReported() {
        for (int i = 0; i < 200; i++) {
            // 7 of every 10 are +1: every window of 20 holds 14 of them, one short of the majority
            assertThat(monitor.record(AccountId.of("customer-" + i), i % 10 < 7 ? 1 : 0)).isZero();
        }
    }

    @Test
    void record_majorityMovesOrDissolves_reportedAgainWhenItReturns() {
        assertThat(feed(1, 20)).containsExactly(1);
        assertThat(feed(0, 20)).isEmpty();                    // back to normal: nothing to report
        assertThat(feed(1, 20)).containsExactly(1);           // and off again: reported again
        assertThat(feed(2, 20)).containsExactly(2);
    }

    @Test
    void record_offsetsAtTheEdgeOfTheSpan_countedAndBeyondIgnored() {
        int span = 2 * dev.twofa.core.spi.TwoFactorProfile.TotpState.MAX_DRIFT;
        assertThat(feed(span + 1, ClockDriftMonitor.RECENT)).as("beyond any window: not counted").isEmpty();

        assertThat(feed(-span, ClockDriftMonitor.RECENT)).containsExactly(-span);
        assertThat(feed(span, ClockDriftMonitor.RECENT)).containsExactly(span);
    }

    @Test
    void record_oneAccountManyTimes_countedOnceAndNothingReported() {
        AccountId mallory = AccountId.of("mallory");
        feed(0, ClockDriftMonitor.RECENT - 1);               // 19 accounts whose phones are right

        for (int i = 0; i < 100; i++) {
            assertThat(monitor.record(mallory, 2)).as("login %d of one account", i).isZero();
        }
        assertThat(feed(2, ClockDriftMonitor.AGREEING - 2)).as("with 13 more accounts, 14 agree: one short")
                .isEmpty();
        assertThat(feed(2, 1)).as("the 15th account").containsExactly(2);
    }

    @Test
    void record_anAccountsLaterCode_replacesItsEarlierOne() {
        feed(1, ClockDriftMonitor.AGREEING - 1);             // 14 accounts at +1
        AccountId alice = AccountId.of("alice");
        assertThat(monitor.record(alice, 1)).as("the 15th, but the window is not full yet").isZero();
        assertThat(monitor.record(alice, 0)).isZero();       // Alice's phone was set right: now 14 at +1

        assertThat(feed(0, ClockDriftMonitor.RECENT - ClockDriftMonitor.AGREEING)).as("window full, 14 at +1")
                .isEmpty();
        assertThat(monitor.record(alice, 1)).as("Alice at +1 again: 15 of 20").isEqualTo(1);
    }
}
