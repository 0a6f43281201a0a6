package dev.twofa.benchmarks;

import dev.twofa.core.AccountId;
import dev.twofa.core.Method;
import dev.twofa.core.TwoFactorEvent;
import dev.twofa.testkit.RecordingEventListener;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * twofa-testkit's {@link RecordingEventListener} recording a login's three events, with nothing
 * recorded before and after {@code recorded} events (a load test's history): the cost must not grow
 * with the history. Each iteration starts from a fresh listener holding {@code recorded} events and
 * measures one batch of {@value #BATCH} logins' events.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 50, batchSize = RecordingListenerBenchmark.BATCH)
@Measurement(iterations = 50, batchSize = RecordingListenerBenchmark.BATCH)
public class RecordingListenerBenchmark {

    /** Logins per measured batch. */
    static final int BATCH = 1000;

    private static final TwoFactorEvent EVENT = new TwoFactorEvent(TwoFactorEvent.Type.LOGIN_SUCCEEDED,
            AccountId.of("bench"), Instant.parse("2026-12-01T00:00:00Z"), Method.TOTP, null);

    /** Events recorded before the batch. */
    @Param({"0", "60000"})
    public int recorded;

    private RecordingEventListener listener;

    /** A fresh listener holding {@code recorded} events. */
    @Setup(Level.Iteration)
    public void fill() {
        listener = new RecordingEventListener();
        for (int i = 0; i < recorded; i++) {
            listener.onEvent(EVENT);
        }
    }

    /** One login's events: a counted try, a success, a login. */
    @Benchmark
    public RecordingEventListener loginEvents() {
        listener.onEvent(EVENT);
        listener.onEvent(EVENT);
        listener.onEvent(EVENT);
        return listener;
    }
}
