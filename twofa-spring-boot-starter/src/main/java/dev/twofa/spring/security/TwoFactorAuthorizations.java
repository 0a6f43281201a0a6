package dev.twofa.spring.security;

import java.time.Duration;
import java.util.Objects;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Authorization rules on twofa's factors, for {@code authorizeHttpRequests}:
 *
 * <pre>{@code
 * http.authorizeHttpRequests(a -> a
 *         .requestMatchers("/security/**").access(TwoFactorAuthorizations.recentSecondFactor(Duration.ofMinutes(5)))
 *         .anyRequest().authenticated())
 *     .formLogin(Customizer.withDefaults())
 *     .with(TwoFactorConfigurer.twoFactor(), Customizer.withDefaults());
 * }</pre>
 *
 * <p>A denial names the missing or expired factor as Spring Security's {@code
 * FactorAuthorizationDecision}, so its {@code DelegatingMissingAuthorityAccessDeniedHandler} sends
 * the user to the second-step page (registered by {@link TwoFactorConfigurer}), which returns them
 * to the request afterwards. The rules need {@link TwoFactorConfigurer} in the same filter chain;
 * without it they throw {@link IllegalStateException}. Users without a method on need no second
 * factor; whether a method is on is read from the {@code TwoFactorService} (one profile read) on
 * each request of a user who has not yet proven one.
 *
 * <p>Thread-safety: stateless; the rules it returns are immutable and thread-safe.
 */
public final class TwoFactorAuthorizations {

    private TwoFactorAuthorizations() {
    }

    /**
     * Returns a rule that needs a logged-in user and, when their account has a method on, a second
     * factor of this login (a code, a recovery code or a remembered device). {@link
     * TwoFactorConfigurer} already adds this to every rule of its chain that grants a logged-in
     * user; use it where a rule of your own replaces the chain's.
     *
     * @return the rule
     */
    public static AuthorizationManager<RequestAuthorizationContext> secondFactor() {
        return (authentication, context) -> secondStep(context).check(authentication.get(), null);
    }

    /**
     * Returns a rule for sensitive operations: a logged-in user whose account has a method on must
     * have proven a code of that method (or a recovery code) within the given time, else they are asked to
     * confirm with a code ({@code /login/second-step?confirm}: {@code stepUp}, {@code sendStepUpCode}
     * or {@code stepUpWithRecoveryCode}) and return to the request. A login on a remembered device
     * does not count as a recent code. Uses Spring Security's valid duration of a factor: the rule is
     * met while the factor authority's {@code issuedAt} is less than {@code within} ago.
     *
     * @param within how recent the code must be, such as 5 minutes
     * @return the rule
     * @throws NullPointerException if {@code within} is null
     * @throws IllegalArgumentException if {@code within} is zero or negative
     */
    public static AuthorizationManager<RequestAuthorizationContext> recentSecondFactor(Duration within) {
        Objects.requireNonNull(within, "within");
        if (within.isZero() || within.isNegative()) {
            throw new IllegalArgumentException("within must be positive, not " + within);
        }
        return (authentication, context) -> secondStep(context).check(authentication.get(), within);
    }

    private static SecondStep secondStep(RequestAuthorizationContext context) {
        if (context.getRequest().getAttribute(SecondStep.ATTRIBUTE) instanceof SecondStep step) {
            return step;
        }
        throw new IllegalStateException("TwoFactorAuthorizations needs "
                + "http.with(TwoFactorConfigurer.twoFactor(), ...) in the filter chain that uses it");
    }
}
