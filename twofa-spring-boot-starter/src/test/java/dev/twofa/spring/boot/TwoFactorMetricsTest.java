package dev.twofa.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.AccountId;
import dev.twofa.core.Method;
import dev.twofa.core.TwoFactorEvent;
import dev.twofa.core.TwoFactorEvent.Type;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Which event moves which counter with which tags, and counting from many threads at once. */
class TwoFactorMetricsTest {

    private static final AccountId ALICE = AccountId.of("alice");
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TwoFactorMetrics metrics = new TwoFactorMetrics(registry);

    private static TwoFactorEvent event(Type type, Method method) {
        return new TwoFactorEvent(type, ALICE, NOW, method, method == Method.SMS ? "+420 *** *** 456" : null);
    }

    @Test
    void onEvent_eachCountedType_itsCounterAndTags() {
        metrics.onEvent(event(Type.LOGIN_SUCCEEDED, Method.SMS));
        metrics.onEvent(event(Type.DEVICE_LOGIN, Method.TOTP));
        metrics.onEvent(event(Type.CODE_REJECTED, null));
        metrics.onEvent(event(Type.REPLAY_REFUSED, Method.TOTP));
        metrics.onEvent(event(Type.LOCKED_OUT, Method.SMS));
        metrics.onEvent(event(Type.SMS_SENT, Method.SMS));
        metrics.onEvent(event(Type.SMS_DELIVERY_FAILED, Method.SMS));

        assertThat(registry.get(TwoFactorMetrics.LOGINS).tag("method", "sms").counter().count()).isEqualTo(1);
        assertThat(registry.get(TwoFactorMetrics.LOGINS).tag("method", "trusted_device").counter().count()).isEqualTo(1);
        assertThat(registry.get(TwoFactorMetrics.REJECTIONS).tags("method", "none", "kind", "code").counter().count())
                .isEqualTo(1);
        assertThat(registry.get(TwoFactorMetrics.REJECTIONS).tags("method", "totp", "kind", "replay").counter().count())
                .isEqualTo(1);
        assertThat(registry.get(TwoFactorMetrics.LOCKOUTS).tag("method", "sms").counter().count()).isEqualTo(1);
        assertThat(registry.get(TwoFactorMetrics.SMS_SENT).counter().count()).isEqualTo(1);
        assertThat(registry.get(TwoFactorMetrics.SMS_SENT).counter().getId().getTags()).isEmpty();
        assertThat(registry.get(TwoFactorMetrics.SMS_FAILED).counter().count()).isEqualTo(1);
        assertThat(registry.getMeters()).hasSize(7);
    }

    @Test
    void onEvent_changesOfSettings_notCounted() {
        for (Type type : List.of(Type.NUMBER_ADDED, Type.NUMBER_VERIFIED, Type.METHOD_ACTIVATED,
                Type.METHOD_DEACTIVATED, Type.RECOVERY_CODES_GENERATED, Type.TOTP_ENROLLMENT_STARTED)) {
            metrics.onEvent(event(type, Method.TOTP));
        }
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void onEvent_32ThreadsAtOnce_everyEventCounted() throws Exception {
        int threads = 32;
        int perThread = 1000;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        metrics.onEvent(event(Type.LOGIN_SUCCEEDED, Method.TOTP));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(registry.get(TwoFactorMetrics.LOGINS).tag("method", "totp").counter().count())
                .isEqualTo(threads * perThread);
    }
}
