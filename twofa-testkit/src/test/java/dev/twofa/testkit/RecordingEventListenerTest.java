package dev.twofa.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.AccountId;
import dev.twofa.core.TwoFactorEvent;
import dev.twofa.core.TwoFactorEvent.Type;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecordingEventListenerTest {

    private static final AccountId ALICE = AccountId.of("alice");
    private final RecordingEventListener listener = new RecordingEventListener();

    @Test
    void onEvent_records_inOrderAndClearForgets() {
        listener.onEvent(new TwoFactorEvent(Type.NUMBER_ADDED, ALICE, Instant.EPOCH, null, "+420 *** *** 456"));
        listener.onEvent(new TwoFactorEvent(Type.SMS_SENT, ALICE, Instant.EPOCH, null, "+420 *** *** 456"));

        assertThat(listener.types()).containsExactly(Type.NUMBER_ADDED, Type.SMS_SENT);
        assertThat(listener.events()).hasSize(2).first().extracting(TwoFactorEvent::account).isEqualTo(ALICE);
        assertThat(listener.toString()).startsWith("RecordingEventListener[TwoFactorEvent[type=NUMBER_ADDED");

        listener.clear();

        assertThat(listener.events()).isEmpty();
    }

    @Test
    void onEvent_fromManyThreadsAtOnce_recordsEveryEvent() throws Exception {
        Concurrently.run(Concurrently.THREADS, i -> () -> {
            for (int k = 0; k < 500; k++) {
                listener.onEvent(new TwoFactorEvent(Type.LOGIN_SUCCEEDED, ALICE, Instant.EPOCH, null, null));
            }
            return null;
        });

        assertThat(listener.events()).hasSize(Concurrently.THREADS * 500);
    }
}
