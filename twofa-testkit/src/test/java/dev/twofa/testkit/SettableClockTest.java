package dev.twofa.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SettableClockTest {

    @Test
    void newClock_noStartGiven_readsDefaultStartInUtc() {
        SettableClock clock = new SettableClock();

        assertThat(clock.instant()).isEqualTo(SettableClock.DEFAULT_START).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(clock.millis()).isEqualTo(SettableClock.DEFAULT_START.toEpochMilli());
        assertThat(SettableClock.DEFAULT_START.getEpochSecond() % 30).as("a TOTP step starts there").isZero();
    }

    @Test
    void advance_byDuration_movesForwardAndReturnsTheNewInstant() {
        SettableClock clock = new SettableClock(Instant.parse("2026-05-01T10:00:00Z"));

        Instant after = clock.advance(Duration.ofSeconds(90));

        assertThat(after).isEqualTo("2026-05-01T10:01:30Z");
        assertThat(clock.instant()).isEqualTo(after);
        assertThat(clock.advance(Duration.ZERO)).isEqualTo(after);
    }

    @Test
    void advance_negativeDuration_isRefusedAndTimeStays() {
        SettableClock clock = new SettableClock();

        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT-1S")
                .hasMessageContaining("set(Instant)");
        assertThat(clock.instant()).isEqualTo(SettableClock.DEFAULT_START);
    }

    @Test
    void set_earlierInstant_movesTheClockBack() {
        SettableClock clock = new SettableClock();
        clock.advance(Duration.ofHours(1));

        clock.set(Instant.parse("2025-12-31T23:00:00Z"));

        assertThat(clock.instant()).isEqualTo("2025-12-31T23:00:00Z");
    }

    @Test
    void nullArguments_areRefused() {
        SettableClock clock = new SettableClock();

        assertThatThrownBy(() -> new SettableClock(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> clock.advance(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> clock.set(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> clock.withZone(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void withZone_otherZone_sharesTheTimeBothWays() {
        SettableClock utc = new SettableClock();
        SettableClock prague = utc.withZone(ZoneId.of("Europe/Prague"));

        utc.advance(Duration.ofMinutes(5));
        prague.advance(Duration.ofMinutes(1));

        assertThat(prague.getZone()).isEqualTo(ZoneId.of("Europe/Prague"));
        assertThat(prague.instant()).isEqualTo(utc.instant()).isEqualTo("2026-01-01T00:06:00Z");
        assertThat(utc.withZone(ZoneOffset.UTC)).isSameAs(utc);
    }

    @Test
    void toString_showsInstantAndZone() {
        assertThat(new SettableClock()).hasToString("SettableClock[2026-01-01T00:00:00Z, Z]");
    }

    @Test
    void advance_fromManyThreadsAtOnce_losesNoAdvance() throws Exception {
        SettableClock clock = new SettableClock();

        Concurrently.run(Concurrently.THREADS, i -> () -> {
            for (int k = 0; k < 1000; k++) {
                clock.advance(Duration.ofMillis(1));
                assertThat(clock.instant()).isAfter(SettableClock.DEFAULT_START);
            }
            return null;
        });

        assertThat(clock.instant()).isEqualTo(SettableClock.DEFAULT_START.plusMillis(Concurrently.THREADS * 1000L));
    }
}
