package dev.twofa.core.spi;

import dev.twofa.core.AccountId;
import dev.twofa.core.PhoneNumber;

/**
 * The host's contacts (Persons) of an account whose phone numbers the host already verified. A
 * number the customer types that equals, in E.164, one verified by a Person of the same account
 * is verified at once, with no SMS. It is trusted only while the directory still has it: asked
 * again at every login and confirmation SMS, at {@code status} and when SMS login is enabled. A
 * directory that throws makes the call fail with {@code PersonDirectoryException}, changing
 * nothing (fail closed).
 *
 * <p>Thread-safety: implementations must be thread-safe.
 */
@FunctionalInterface
public interface PersonDirectory {

    /** A directory with no Persons: every number needs an SMS round trip. */
    PersonDirectory NONE = (account, number) -> false;

    /**
     * Returns whether a Person of the account has this number verified.
     *
     * @param account the account
     * @param number the number in E.164 form
     * @return true if a Person of this account has the number verified
     */
    boolean hasVerifiedNumber(AccountId account, PhoneNumber number);
}
