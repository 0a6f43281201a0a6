package dev.twofa.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twofa.core.AccountId;
import dev.twofa.core.spi.TwoFactorProfile;
import org.junit.jupiter.api.Test;

/** What the conformance kit does not cover: misuse refusals, counters, toString. */
class InMemoryProfileStoreTest {

    private static final AccountId ALICE = AccountId.of("alice");
    private final InMemoryProfileStore store = new InMemoryProfileStore();

    @Test
    void compareAndSet_versionNotExpectedPlusOne_isRefusedAsMisuseAndWritesNothing() {
        TwoFactorProfile p = TwoFactorProfile.empty(ALICE).withVersion(3);

        assertThatThrownBy(() -> store.compareAndSet(0, p))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expectedVersion + 1 = 1, was 3");
        assertThatThrownBy(() -> store.compareAndSet(-1, TwoFactorProfile.empty(ALICE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was -1");
        assertThatThrownBy(() -> store.compareAndSet(0, null)).isInstanceOf(NullPointerException.class);
        assertThat(store.load(ALICE)).isEmpty();
        assertThat(store.writes()).isZero();
    }

    @Test
    void counters_countSavedAndRefusedWrites_andClearResetsEverything() {
        store.compareAndSet(0, TwoFactorProfile.empty(ALICE).withVersion(1));
        store.compareAndSet(0, TwoFactorProfile.empty(ALICE).withVersion(1));
        store.compareAndSet(1, TwoFactorProfile.empty(ALICE).withVersion(2));

        assertThat(store.writes()).isEqualTo(2);
        assertThat(store.refusedWrites()).isEqualTo(1);
        assertThat(store.size()).isEqualTo(1);
        assertThat(store).hasToString("InMemoryProfileStore[1 profiles, 2 writes, 1 refused]");

        store.clear();

        assertThat(store.load(ALICE)).isEmpty();
        assertThat(store.size()).isZero();
        assertThat(store.writes()).isZero();
        assertThat(store.refusedWrites()).isZero();
    }

    @Test
    void accountsAndProfiles_afterWrites_listWhatIsStoredAsSnapshots() {
        AccountId bob = AccountId.of("bob");
        store.compareAndSet(0, TwoFactorProfile.empty(ALICE).withVersion(1));
        store.compareAndSet(0, TwoFactorProfile.empty(bob).withVersion(1));
        store.compareAndSet(1, TwoFactorProfile.empty(bob).withVersion(2));

        var accounts = store.accounts();
        var profiles = store.profiles();
        store.clear();

        assertThat(accounts).containsExactlyInAnyOrder(ALICE, bob);
        assertThat(profiles).containsOnlyKeys(ALICE, bob);
        assertThat(profiles.get(bob).version()).isEqualTo(2);
        assertThat(store.accounts()).isEmpty();
        assertThatThrownBy(() -> accounts.add(ALICE)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void load_nullAccount_isRefused() {
        assertThatThrownBy(() -> store.load(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void toString_ofAStoreWithAnActiveAccount_showsCountsOnly() {
        TwoFactorTestKit kit = TwoFactorTestKit.create();
        kit.persons().add(ALICE, "+420 601 123 456");
        kit.service().addNumber(ALICE, "+420 601 123 456");
        kit.service().enableSms(ALICE);

        assertThat(kit.store().toString())
                .isEqualTo("InMemoryProfileStore[1 profiles, 2 writes, 0 refused]")
                .doesNotContain("alice", "601");
    }
}
