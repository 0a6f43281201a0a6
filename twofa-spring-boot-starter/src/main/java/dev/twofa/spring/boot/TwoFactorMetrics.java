package dev.twofa.spring.boot;

import dev.twofa.core.Method;
import dev.twofa.core.TwoFactorEvent;
import dev.twofa.core.spi.TwoFactorEventListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Objects;

/**
 * Counts twofa's events in Micrometer. Tags name only the method and the kind, never an account,
 * a number or a code:
 *
 * <ul>
 *   <li>{@value #LOGINS}: second steps passed ({@code method}: {@code sms}, {@code totp}, or
 *       {@code trusted_device} when a remembered device skipped the second step);
 *   <li>{@value #REJECTIONS}: codes refused ({@code method}; {@code kind}: {@code code} for a wrong
 *       code, {@code replay} for an app code used before);
 *   <li>{@value #LOCKOUTS}: second factors locked after repeated failures ({@code method});
 *   <li>{@value #SMS_SENT}: SMS codes handed to the gateway; {@value #SMS_FAILED}: sends the
 *       gateway refused.
 * </ul>
 *
 * <p>{@code method} is {@code none} for an event without a method (a code checked while no method
 * was on, such as a number verification).
 *
 * <p>Thread-safe: Micrometer's counters are.
 */
public final class TwoFactorMetrics implements TwoFactorEventListener {

    /** Second steps passed. */
    public static final String LOGINS = "twofa.logins";
    /** Codes refused. */
    public static final String REJECTIONS = "twofa.rejections";
    /** Second factors locked. */
    public static final String LOCKOUTS = "twofa.lockouts";
    /** SMS codes sent. */
    public static final String SMS_SENT = "twofa.sms.sent";
    /** SMS sends the gateway refused. */
    public static final String SMS_FAILED = "twofa.sms.failed";

    private final MeterRegistry registry;

    /**
     * Creates the listener.
     *
     * @param registry where the counters are registered
     * @throws NullPointerException if registry is null
     */
    public TwoFactorMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void onEvent(TwoFactorEvent event) {
        switch (event.type()) {
            case LOGIN_SUCCEEDED -> counter(LOGINS, "method", method(event.method())).increment();
            case DEVICE_LOGIN -> counter(LOGINS, "method", "trusted_device").increment();
            case CODE_REJECTED -> counter(REJECTIONS, "method", method(event.method()), "kind", "code").increment();
            case REPLAY_REFUSED -> counter(REJECTIONS, "method", method(event.method()), "kind", "replay").increment();
            case LOCKED_OUT -> counter(LOCKOUTS, "method", method(event.method())).increment();
            case SMS_SENT -> counter(SMS_SENT).increment();
            case SMS_DELIVERY_FAILED -> counter(SMS_FAILED).increment();
            default -> {
                // changes of settings are for the host's notifications and audit, not for metrics
            }
        }
    }

    private Counter counter(String name, String... tags) {
        return Counter.builder(name).tags(tags).register(registry);
    }

    private static String method(Method method) {
        return method == null ? "none" : method.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "TwoFactorMetrics[" + registry.getClass().getSimpleName() + "]";
    }
}
