package dev.twofa.core;

import dev.twofa.core.spi.PersonDirectory;
import dev.twofa.core.spi.TwoFactorProfile;
import dev.twofa.core.spi.TwoFactorProfile.Verification;

/**
 * Asks the host's {@link PersonDirectory} (I/O, so outside the pure rules) and turns its failures
 * into {@link PersonDirectoryException}: fail closed, nothing changed.
 *
 * <p>Thread-safe if the directory is (the SPI requires it).
 */
final class Persons {

    private final PersonDirectory directory;

    Persons(PersonDirectory directory) {
        this.directory = directory;
    }

    /** Returns what the directory says now of the account's number, if it was verified through a Person. */
    PersonVouch vouch(TwoFactorProfile p) {
        if (p.phone() == null || p.phone().verification() != Verification.PERSON) {
            return PersonVouch.NOT_ASKED;
        }
        PhoneNumber number = p.phone().number();
        return new PersonVouch(number, have(p.account(), number));
    }

    /** Returns whether a Person of the account has the number verified. */
    boolean have(AccountId account, PhoneNumber number) {
        try {
            return directory.hasVerifiedNumber(account, number);
        } catch (RuntimeException e) {
            throw new PersonDirectoryException("the Person directory failed for account " + account, e);
        }
    }
}
