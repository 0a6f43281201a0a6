package dev.twofa.examples.customeradmin.web;

import dev.twofa.core.AccountId;
import dev.twofa.core.TwoFactorService;
import dev.twofa.core.TwoFactorStatus;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * What every page needs of the request's customer: the account, its status, its times and texts.
 *
 * <p>Thread-safe.
 */
@Component
public class Customer {

    private final TwoFactorService twoFactor;
    private final Clock clock;

    Customer(TwoFactorService twoFactor, Clock clock) {
        this.twoFactor = twoFactor;
        this.clock = clock;
    }

    /**
     * Returns the account of the logged-in user (the user name is the account id).
     *
     * @param principal the user
     * @return the account
     */
    public AccountId account(Principal principal) {
        return AccountId.of(principal.getName());
    }

    /**
     * Returns the account's status.
     *
     * @param principal the user
     * @return the status
     */
    public TwoFactorStatus status(Principal principal) {
        return twoFactor.status(account(principal));
    }

    /**
     * Returns the customer's times.
     *
     * @param request the request
     * @return the times in the customer's zone
     */
    public CustomerTime time(HttpServletRequest request) {
        return CustomerTime.of(request, clock.instant());
    }

    /**
     * Returns the customer's texts.
     *
     * @param request the request
     * @return the texts
     */
    public Texts texts(HttpServletRequest request) {
        return new Texts(time(request));
    }

    /**
     * Returns whether the status shows codes blocked right now.
     *
     * @param status the status
     * @return true while locked
     */
    public boolean locked(TwoFactorStatus status) {
        return status.lockedUntil() != null && status.lockedUntil().isAfter(clock.instant());
    }
}
