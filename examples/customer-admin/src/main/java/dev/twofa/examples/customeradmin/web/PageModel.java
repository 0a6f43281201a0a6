package dev.twofa.examples.customeradmin.web;

import dev.twofa.examples.customeradmin.interim.InterimSecondStep;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What the header of every page needs: the name of the logged-in customer, or none (the login
 * pages and, after the password only, the second step).
 *
 * <p>Thread-safe (stateless).
 */
@ControllerAdvice
public class PageModel {

    /** Creates the advice; Spring calls this. */
    public PageModel() {
    }

    /**
     * Returns the fully logged-in customer's name for the header.
     *
     * @return the name, or null
     */
    @ModelAttribute("currentUser")
    public String currentUser() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        boolean full = a != null && a.isAuthenticated()
                && a.getAuthorities().stream().anyMatch(g -> InterimSecondStep.DONE.equals(g.getAuthority()));
        return full ? a.getName() : null;
    }
}
