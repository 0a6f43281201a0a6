package dev.twofa.examples.customeradmin.web;

import dev.twofa.core.AccountId;
import dev.twofa.core.TwoFactorService;
import dev.twofa.spring.security.TwoFactorAuthorities;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What the header of every page needs: the name of the fully logged-in customer, or none (the login
 * page, the second step of a login, the error pages of a visitor).
 *
 * <p>Thread-safe (stateless).
 */
@ControllerAdvice
public class PageModel {

    private final TwoFactorService twoFactor;

    PageModel(TwoFactorService twoFactor) {
        this.twoFactor = twoFactor;
    }

    /**
     * Returns the fully logged-in customer's name for the header: logged in with the password and,
     * when the account has a method on, with its second step.
     *
     * @return the name, or null
     */
    @ModelAttribute("currentUser")
    public String currentUser() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        if (a == null || !a.isAuthenticated() || a instanceof AnonymousAuthenticationToken) {
            return null;
        }
        boolean full = TwoFactorAuthorities.hasSecondFactor(a) || !twoFactor.status(AccountId.of(a.getName())).hasActiveMethod();
        return full ? a.getName() : null;
    }
}
