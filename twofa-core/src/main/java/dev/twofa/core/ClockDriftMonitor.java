package dev.twofa.core;

import dev.twofa.core.spi.TwoFactorProfile.TotpState;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Watches how far the apps' clocks lie from this server's over the most recent accepted app codes,
 * across accounts: when most of them agree on the same step ahead or behind, the server's own
 * clock is probably off, and one {@link TwoFactorEvent.Type#SERVER_CLOCK_SUSPECT} event says so with
 * the estimate. It is said again only after the majority dissolved or moved to another estimate.
 * Per service instance, because each node has its own clock.
 *
 * <p>Each account counts at most once in the window: its latest code replaces its earlier one, so
 * one account logging in many times (one phone with a wrong clock, or someone swaying the alarm)
 * weighs as one of {@link #RECENT} accounts, never as a majority.
 *
 * <p>Thread-safe (synchronized; a few integer operations per accepted code).
 */
final class ClockDriftMonitor {

    /** How many recent accepted codes, of as many accounts, are looked at. */
    static final int RECENT = 20;

    /** How many of them must agree on one offset other than 0. */
    static final int AGREEING = 15;

    /** The largest offset counted either way: a drift plus a window's reach. */
    private static final int SPAN = 2 * TotpState.MAX_DRIFT;

    /** An accepted code: whose, and its offset. */
    private record Seen(AccountId account, int offset) { }

    /** Oldest first; at most one entry per account. */
    private final ArrayDeque<Seen> recent = new ArrayDeque<>(RECENT);
    private int reported;

    /**
     * Records the offset of an account's accepted code (its step minus the server's step),
     * replacing the account's earlier one in the window, and returns the estimate to report now, or
     * 0 if there is nothing new to report.
     */
    synchronized int record(AccountId account, int offset) {
        for (Iterator<Seen> it = recent.iterator(); it.hasNext(); ) {
            if (it.next().account().equals(account)) {
                it.remove();
                break;                                  // at most one: every record keeps it so
            }
        }
        if (recent.size() == RECENT) {
            recent.removeFirst();
        }
        recent.addLast(new Seen(account, offset));
        int majority = majority();
        if (majority == reported) {
            return 0;
        }
        reported = majority;
        return majority;
    }

    /** Returns the offset at least {@link #AGREEING} recent accounts share, if not 0; else 0. */
    private int majority() {
        if (recent.size() < RECENT) {
            return 0;
        }
        int[] counts = new int[2 * SPAN + 1];
        for (Seen seen : recent) {
            int index = seen.offset() + SPAN;
            if (index >= 0 && index < counts.length) {
                counts[index]++;
            }
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] >= AGREEING && i != SPAN) {
                return i - SPAN;
            }
        }
        return 0;
    }
}
