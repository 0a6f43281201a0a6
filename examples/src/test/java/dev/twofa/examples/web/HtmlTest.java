package dev.twofa.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.LockedOut;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void until_instantMax_saysUntilSupportUnlocksIt() {
        assertThat(Html.until(Instant.MAX)).isEqualTo("until support unlocks it");
    }

    @Test
    void until_beyondYear9999_saysUntilSupportUnlocksIt() {
        assertThat(Html.until(Instant.parse("+10000-01-01T00:00:00Z"))).isEqualTo("until support unlocks it");
    }

    @Test
    void until_ordinaryInstant_showsTimeOfDayInUtc() {
        assertThat(Html.until(Instant.parse("2026-03-02T10:05:07Z"))).isEqualTo("until 10:05:07 UTC");
    }

    @Test
    void until_lastSecondOfYear9999_showsTimeOfDay() {
        assertThat(Html.until(Instant.parse("9999-12-31T23:59:59Z"))).isEqualTo("until 23:59:59 UTC");
    }

    @Test
    void time_instantMaxOrMin_doesNotThrowAndShowsNoTime() {
        assertThat(Html.time(Instant.MAX)).isEqualTo("no set time");
        assertThat(Html.time(Instant.MIN)).isEqualTo("no set time");
    }

    @Test
    void describe_lockedOutUntilInstantMax_saysUntilSupportUnlocksIt() {
        assertThat(SecurityPage.describe(new LockedOut(Instant.MAX)))
                .isEqualTo("The second factor is locked after too many wrong codes, until support unlocks it.");
    }
}
