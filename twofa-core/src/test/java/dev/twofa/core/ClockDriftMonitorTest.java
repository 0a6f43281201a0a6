package dev.twofa.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server-clock estimate over the most recent accepted app codes, across accounts. */
class ClockDriftMonitorTest {

    private final ClockDriftMonitor monitor = new ClockDriftMonitor();

    private List<Integer> feed(int offset, int times) {
        List<Integer> reports = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            int r = monitor.record(offset);
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
            assertThat(monitor.record(i % 10 < 7 ? 1 : 0)).isZero();
        }
    }

    @Test
    void record_majorityMovesOrDissolves_reportedAgainWhenItReturns() {
        assertThat(feed(1, 20)).containsExactly(1);
        assertThat(feed(0, 20)).isEmpty();                    // back to normal: nothing to report
        assertThat(feed(1, 20)).containsExactly(1);           // and off again: reported again
        assertThat(feed(2, 20)).containsExactly(2);
    }
}
