package dev.twofa.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until a test moves it, like Guava's {@code FakeTicker}: give it
 * to {@code TwoFactorService.builder().clock(...)}, then {@link #advance(Duration)} past a code's
 * expiry, a resend cooldown, a TOTP time step or a lockout, with no sleeps.
 *
 * <pre>{@code
 * SettableClock clock = new SettableClock();             // script: 2026-01-01T00:00:00Z
 * TwoFactorService service = TwoFactorService.builder().clock(clock)...build();
 * clock.advance(Duration.ofMinutes(6));                   // act: the SMS code expired
 * assertThat(service.completeLogin(alice, code)).isInstanceOf(Expired.class); // verify
 * }</pre>
 *
 * <p>{@link #withZone(ZoneId)} returns a clock in another zone that shares this clock's time: moving
 * either moves both.
 *
 * <p>Thread-safe: the time is one atomic reference, so concurrent {@link #advance} calls all take
 * effect (none is lost) and every reader sees a whole instant.
 */
public final class SettableClock extends Clock {

    /**
     * The instant a clock made by {@link #SettableClock()} starts at: {@code 2026-01-01T00:00:00Z},
     * the start of a 30-second TOTP time step.
     */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    /** Creates a clock at {@link #DEFAULT_START}, in UTC. */
    public SettableClock() {
        this(DEFAULT_START);
    }

    /**
     * Creates a clock at the given instant, in UTC.
     *
     * @param start the first instant the clock reads
     * @throws NullPointerException if start is null
     */
    public SettableClock(Instant start) {
        this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    private SettableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /**
     * Moves the clock forward.
     *
     * @param duration how far, zero or more
     * @return the instant the clock reads afterwards
     * @throws NullPointerException if duration is null
     * @throws IllegalArgumentException if duration is negative (use {@link #set(Instant)} to move
     *     the clock back)
     */
    public Instant advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("advance needs a duration of zero or more, was " + duration
                    + "; use set(Instant) to move the clock back");
        }
        return now.updateAndGet(t -> t.plus(duration));
    }

    /**
     * Sets the clock to an instant, earlier or later than now (a phone's or server's clock being
     * corrected).
     *
     * @param instant the instant the clock reads from now on
     * @throws NullPointerException if instant is null
     */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    /**
     * Returns the instant the clock was last set or advanced to.
     *
     * @return the current instant
     */
    @Override
    public Instant instant() {
        return now.get();
    }

    /**
     * Returns the zone, UTC unless made by {@link #withZone(ZoneId)}.
     *
     * @return the zone
     */
    @Override
    public ZoneId getZone() {
        return zone;
    }

    /**
     * Returns a clock in another zone that shares this clock's time: advancing either moves both.
     *
     * @param newZone the zone
     * @return the clock in that zone (this one if the zone is the same)
     * @throws NullPointerException if newZone is null
     */
    @Override
    public SettableClock withZone(ZoneId newZone) {
        Objects.requireNonNull(newZone, "newZone");
        return newZone.equals(zone) ? this : new SettableClock(now, newZone);
    }

    /** Returns the current instant and zone, such as {@code SettableClock[2026-01-01T00:00:00Z, Z]}. */
    @Override
    public String toString() {
        return "SettableClock[" + now.get() + ", " + zone + "]";
    }
}
