package dev.twofa.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twofa.core.AccountId;
import dev.twofa.core.InvalidPhoneNumberException;
import dev.twofa.core.PhoneNumber;
import org.junit.jupiter.api.Test;

class FakePersonDirectoryTest {

    private static final AccountId ALICE = AccountId.of("alice");
    private static final AccountId BOB = AccountId.of("bob");
    private static final PhoneNumber NUMBER = new PhoneNumber("+420601123456");
    private final FakePersonDirectory persons = new FakePersonDirectory();

    @Test
    void add_numberAsTyped_isFoundInE164ForThatAccountOnly() {
        persons.add(ALICE, "00420 601-123-456");

        assertThat(persons.hasVerifiedNumber(ALICE, NUMBER)).isTrue();
        assertThat(persons.hasVerifiedNumber(BOB, NUMBER)).isFalse();
        assertThat(persons.hasVerifiedNumber(ALICE, new PhoneNumber("+420601123457"))).isFalse();
        assertThat(persons.hasVerifiedNumber(ALICE, null)).isFalse();
    }

    @Test
    void remove_addedNumber_isNotFoundAnyMore() {
        persons.add(ALICE, NUMBER).add(BOB, NUMBER);

        assertThat(persons.remove(ALICE, "+420 601 123 456")).isTrue();
        assertThat(persons.remove(ALICE, NUMBER)).isFalse();

        assertThat(persons.hasVerifiedNumber(ALICE, NUMBER)).isFalse();
        assertThat(persons.hasVerifiedNumber(BOB, NUMBER)).isTrue();
    }

    @Test
    void remove_accountWithoutPersons_isFalse() {
        assertThat(persons.remove(ALICE, NUMBER)).isFalse();
        assertThat(persons.remove(ALICE, "+420 601 123 456")).isFalse();
    }

    @Test
    void toString_accountWhoseNumbersWereRemoved_isLeftOut() {
        persons.add(ALICE, NUMBER).add(BOB, "+1 202 555 0123");

        persons.remove(ALICE, NUMBER);

        assertThat(persons).hasToString("FakePersonDirectory[bob=[+1 * *** *** 123]]");
    }

    @Test
    void clear_removesEveryNumber() {
        persons.add(ALICE, NUMBER);

        persons.clear();

        assertThat(persons.hasVerifiedNumber(ALICE, NUMBER)).isFalse();
    }

    @Test
    void add_badInput_isRefused() {
        assertThatThrownBy(() -> persons.add(ALICE, "601 123 456")).isInstanceOf(InvalidPhoneNumberException.class);
        assertThatThrownBy(() -> persons.add(null, NUMBER)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> persons.add(ALICE, (PhoneNumber) null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void toString_masksTheNumbers() {
        persons.add(BOB, "+1 202 555 0123").add(ALICE, NUMBER);

        assertThat(persons).hasToString("FakePersonDirectory[alice=[+420 *** *** 456], bob=[+1 * *** *** 123]]");
    }

    @Test
    void add_fromManyThreadsAtOnce_keepsEveryNumber() throws Exception {
        Concurrently.run(Concurrently.THREADS, i -> () -> {
            for (int k = 0; k < 100; k++) {
                persons.add(ALICE, new PhoneNumber("+4206011" + String.format("%02d%03d", i, k)));
            }
            return null;
        });

        for (int i = 0; i < Concurrently.THREADS; i++) {
            for (int k = 0; k < 100; k++) {
                assertThat(persons.hasVerifiedNumber(ALICE, new PhoneNumber("+4206011" + String.format("%02d%03d", i, k))))
                        .isTrue();
            }
        }
    }
}
