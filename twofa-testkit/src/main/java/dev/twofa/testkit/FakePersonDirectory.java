package dev.twofa.testkit;

import dev.twofa.core.AccountId;
import dev.twofa.core.PhoneNumber;
import dev.twofa.core.spi.PersonDirectory;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A {@link PersonDirectory} whose Persons' verified numbers a test adds and removes: the host's
 * contacts of an account, whose numbers need no SMS round trip.
 *
 * <pre>{@code
 * FakePersonDirectory persons = new FakePersonDirectory();
 * persons.add(alice, "+420 601 123 456");                     // script: a Person verified it
 * service.addNumber(alice, "00420 601 123 456");              // act: same number in E.164
 * assertThat(service.status(alice).numberFromPerson()).isTrue(); // verify: no SMS needed
 * persons.remove(alice, "+420 601 123 456");                  // the Person's number changed
 * }</pre>
 *
 * <p>Numbers are compared in E.164, as twofa-core does; a number counts only for the account it was
 * added to.
 *
 * <p>Thread-safe: backed by concurrent sets; adds, removes and lookups may run at once.
 */
public final class FakePersonDirectory implements PersonDirectory {

    private final Map<AccountId, Set<PhoneNumber>> numbers = new ConcurrentHashMap<>();

    /** Creates a directory with no Persons. */
    public FakePersonDirectory() {
    }

    /**
     * Adds a number verified by a Person of the account.
     *
     * @param account the account the Person belongs to
     * @param number the number in international form, as {@link PhoneNumber#parse(String)} reads it
     * @return this directory
     * @throws NullPointerException if account is null
     * @throws dev.twofa.core.InvalidPhoneNumberException if the number cannot be read
     */
    public FakePersonDirectory add(AccountId account, String number) {
        return add(account, PhoneNumber.parse(number));
    }

    /**
     * Adds a number verified by a Person of the account.
     *
     * @param account the account the Person belongs to
     * @param number the number
     * @return this directory
     * @throws NullPointerException if account or number is null
     */
    public FakePersonDirectory add(AccountId account, PhoneNumber number) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(number, "number");
        numbers.computeIfAbsent(account, a -> ConcurrentHashMap.newKeySet()).add(number);
        return this;
    }

    /**
     * Removes a number from the account's Persons (a Person left, or changed the number).
     *
     * @param account the account
     * @param number the number in international form
     * @return true if it was there
     * @throws NullPointerException if account is null
     * @throws dev.twofa.core.InvalidPhoneNumberException if the number cannot be read
     */
    public boolean remove(AccountId account, String number) {
        return remove(account, PhoneNumber.parse(number));
    }

    /**
     * Removes a number from the account's Persons.
     *
     * @param account the account
     * @param number the number
     * @return true if it was there
     * @throws NullPointerException if account or number is null
     */
    public boolean remove(AccountId account, PhoneNumber number) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(number, "number");
        Set<PhoneNumber> set = numbers.get(account);
        return set != null && set.remove(number);
    }

    /** Removes every Person's number of every account. */
    public void clear() {
        numbers.clear();
    }

    /**
     * Returns whether a Person of the account has this number verified.
     *
     * @param account the account
     * @param number the number in E.164 form
     * @return true if the number was added for this account and not removed
     */
    @Override
    public boolean hasVerifiedNumber(AccountId account, PhoneNumber number) {
        Set<PhoneNumber> set = numbers.get(account);
        return set != null && number != null && set.contains(number);
    }

    /**
     * Returns the accounts and their Persons' numbers, masked, such as {@code
     * FakePersonDirectory[alice=[+420 *** *** 456]]}.
     */
    @Override
    public String toString() {
        return numbers.entrySet().stream()
                .filter(e -> !e.getValue().isEmpty())
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(AccountId::value)))
                .map(e -> e.getKey() + "=" + e.getValue().stream().map(PhoneNumber::masked).sorted().toList())
                .collect(Collectors.joining(", ", "FakePersonDirectory[", "]"));
    }
}
