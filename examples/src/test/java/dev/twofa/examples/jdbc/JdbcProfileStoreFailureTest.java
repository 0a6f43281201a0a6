package dev.twofa.examples.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.twofa.core.AccountId;
import dev.twofa.core.spi.TwoFactorProfile;
import org.junit.jupiter.api.Test;

/** A failing database reports its SQLState, never the driver's message (which quotes values). */
class JdbcProfileStoreFailureTest {

    private static final String CANARY = "+420601123456";

    // No driver takes this URL; DriverManager's message repeats the URL, canary included.
    private final JdbcProfileStore store = new JdbcProfileStore(new DriverManagerDataSource("jdbc:none:" + CANARY));

    @Test
    void load_databaseFails_messageHoldsSqlStateOnly() {
        Throwable thrown = catchThrowable(() -> store.load(AccountId.of("alice")));

        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessageContaining("SQLState").hasNoCause();
        assertThat(thrown.getMessage()).doesNotContain(CANARY);
    }

    @Test
    void compareAndSet_databaseFails_messageHoldsSqlStateOnly() {
        Throwable thrown = catchThrowable(() -> store.compareAndSet(1, TwoFactorProfile.empty(AccountId.of("alice"))
                .withVersion(2)));

        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessageContaining("SQLState").hasNoCause();
        assertThat(thrown.getMessage()).doesNotContain(CANARY);
    }
}
