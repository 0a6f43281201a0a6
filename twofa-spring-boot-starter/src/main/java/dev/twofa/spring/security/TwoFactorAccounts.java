package dev.twofa.spring.security;

import dev.twofa.core.AccountId;
import org.springframework.security.core.Authentication;

/**
 * Maps a logged-in user to the twofa account whose second factor they must prove. Define a bean of
 * this type when the account id is not the login name (for example a customer number held by the
 * principal).
 *
 * <p>Thread-safety: implementations must be thread-safe; the default is.
 */
@FunctionalInterface
public interface TwoFactorAccounts {

    /**
     * Returns the account of the given authenticated user.
     *
     * @param authentication the current authentication, never null
     * @return the account
     * @throws dev.twofa.core.InvalidInputException if the user's name is not a valid account id
     */
    AccountId account(Authentication authentication);

    /**
     * Returns the default mapping: {@code AccountId.of(authentication.getName())}.
     *
     * @return the mapping by login name
     */
    static TwoFactorAccounts byName() {
        return authentication -> AccountId.of(authentication.getName());
    }
}
