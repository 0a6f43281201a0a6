package dev.twofa.spring.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Supplier;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Adds the second step to a chain's authorization: wherever the chain's own rules let a logged-in
 * user in, a user whose account has a method on must also have a second factor of this login. The
 * host's own second-step page and error dispatches are left to the chain's rules alone.
 *
 * <p>Thread-safety: thread-safe once the configurer set the second step (before the first request).
 */
final class SecondFactorRequired implements AuthorizationManager<HttpServletRequest> {

    private final AuthorizationManager<HttpServletRequest> rules;
    private final Supplier<SecondStep> step;
    private final RequestMatcher exempt;

    SecondFactorRequired(AuthorizationManager<HttpServletRequest> rules, Supplier<SecondStep> step,
            RequestMatcher exempt) {
        this.rules = rules;
        this.step = step;
        this.exempt = exempt;
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
            HttpServletRequest request) {
        AuthorizationResult result = rules.authorize(authentication, request);
        if (result == null || !result.isGranted() || request.getDispatcherType() == DispatcherType.ERROR
                || exempt.matches(request)) {
            return result;
        }
        Authentication user = authentication.get();
        if (!SecondStep.loggedIn(user)) {
            return result;
        }
        return step.get().check(user, null);
    }

    @Override
    public String toString() {
        return "SecondFactorRequired[" + rules + "]";
    }
}
