package dev.twofa.spring.security;

import dev.twofa.core.AccountId;
import java.util.Locale;
import org.springframework.security.core.Authentication;

/**
 * Maps a logged-in user to the twofa account whose second factor they must prove. The mapping must
 * return one stable, canonical id per person, whatever they typed: if two spellings of one login
 * map to two accounts, the second spelling has no method on and so no second step. Many user stores
 * find users ignoring case and hand back the name as typed ("ANN" for "ann"): Spring Security's LDAP
 * and Active Directory providers, and a {@code UserDetailsService} that looks a name up ignoring
 * case but builds the user from the typed name. For those use {@link #lowerCaseName()} (and keep
 * the account ids in lower case), or better an id the store fixes, such as a customer number held
 * by the principal. Define a bean of this type for any mapping other than {@link #byName()}.
 *
 * <p>Thread-safety: implementations must be thread-safe; the ones given here are.
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
     * Returns the default mapping: {@code AccountId.of(authentication.getName())}, the name exactly
     * as the authentication holds it. Right only when the user store returns one spelling per user
     * (a store that matches names exactly, or one that returns the name as stored).
     *
     * @return the mapping by login name
     */
    static TwoFactorAccounts byName() {
        return authentication -> AccountId.of(authentication.getName());
    }

    /**
     * Returns a mapping by the login name in lower case ({@code Locale.ROOT}): {@code "Ann"}, {@code
     * "ANN"} and {@code "ann"} are all the account {@code ann}. Use it when the user store finds
     * names ignoring case (LDAP, Active Directory, most databases' default collations); create the
     * accounts with the same lower-case ids.
     *
     * @return the mapping by lower-case login name
     */
    static TwoFactorAccounts lowerCaseName() {
        return authentication -> AccountId.of(authentication.getName().toLowerCase(Locale.ROOT));
    }
}
