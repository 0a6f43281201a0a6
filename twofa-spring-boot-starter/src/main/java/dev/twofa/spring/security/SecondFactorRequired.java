package dev.twofa.spring.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Supplier;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.SingleResultAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Adds the second step to a chain's authorization: wherever the chain's own rules let a logged-in
 * user in (grant, or abstain with no result), a user whose account has a method on must also have a
 * second factor of this login. Like Spring Security's additional authorization of {@code
 * DefaultAuthorizationManagerFactory}, it does not touch {@code permitAll} (style sheets, a login
 * page of the host's own), nor the host's own second-step page ({@code exempt}) and error dispatches
 * (an error page shows what the failed request's own authorization allowed).
 *
 * <p>Thread-safety: thread-safe once the check can be supplied (before the first request).
 */
final class SecondFactorRequired implements AuthorizationManager<HttpServletRequest> {

    /** The one result every {@code permitAll()} rule gives (Spring Security's shared {@code SingleResultAuthorizationManager}). */
    private static final AuthorizationResult PERMIT_ALL = SingleResultAuthorizationManager.permitAll()
            .authorize(() -> null, null);

    private final AuthorizationManager<HttpServletRequest> rules;
    private final Supplier<SecondFactorCheck> check;
    private final RequestMatcher exempt;

    SecondFactorRequired(AuthorizationManager<HttpServletRequest> rules, Supplier<SecondFactorCheck> check,
            RequestMatcher exempt) {
        this.rules = rules;
        this.check = check;
        this.exempt = exempt;
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
            HttpServletRequest request) {
        AuthorizationResult result = rules.authorize(authentication, request);
        // a rule that abstains (null) lets the request in as well: AuthorizationFilter refuses only a denial
        if ((result != null && !result.isGranted()) || result == PERMIT_ALL
                || request.getDispatcherType() == DispatcherType.ERROR || exempt.matches(request)) {
            return result;
        }
        Authentication user = authentication.get();
        if (!SecondFactorCheck.loggedIn(user)) {
            return result;
        }
        return check.get().check(user, null);
    }

    @Override
    public String toString() {
        return "SecondFactorRequired[" + rules + "]";
    }
}
