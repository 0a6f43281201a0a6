package dev.twofa.spring.security;

import dev.twofa.core.Method;
import dev.twofa.core.TwoFactorService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.FactorAuthorizationDecision;
import org.springframework.security.authorization.RequiredFactor;
import org.springframework.security.authorization.RequiredFactorError;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;

/**
 * Decides whether a logged-in user has the second factor their account needs; used by the chain of
 * {@link TwoFactorConfigurer} and, through {@link SecondFactorEveryChain}, by every other chain.
 *
 * @param service where the account's active method is read
 * @param accounts how a user maps to an account
 * @param clock dates the factors
 *     <p>Thread-safety: immutable and thread-safe when its parts are.
 */
record SecondFactorCheck(TwoFactorService service, TwoFactorAccounts accounts, Clock clock) {

    private static final AuthenticationTrustResolver TRUST = new AuthenticationTrustResolverImpl();
    private static final AuthorizationDecision GRANTED = new AuthorizationDecision(true);
    private static final AuthorizationDecision DENIED = new AuthorizationDecision(false);

    /**
     * Takes its parts from the application context, the same for every chain: the {@code
     * TwoFactorService} bean (required), the {@link TwoFactorAccounts} bean (else by login name) and
     * the unique {@link Clock} bean (else the system clock in UTC).
     */
    static SecondFactorCheck from(ApplicationContext context) {
        return new SecondFactorCheck(context.getBean(TwoFactorService.class),
                context.getBeanProvider(TwoFactorAccounts.class).getIfAvailable(TwoFactorAccounts::byName),
                context.getBeanProvider(Clock.class).getIfUnique(Clock::systemUTC));
    }

    static boolean loggedIn(Authentication authentication) {
        return TRUST.isAuthenticated(authentication);
    }

    /**
     * Decides whether the user has the second factor the account needs: any of twofa's factors of
     * this login ({@code within} null), or a code of the active method (or a recovery code) proven
     * less than {@code within} ago. Someone not logged in is denied.
     */
    AuthorizationResult check(Authentication authentication, Duration within) {
        if (!loggedIn(authentication)) {
            return DENIED;
        }
        boolean any = TwoFactorAuthorities.hasSecondFactor(authentication);
        if (any && within == null) {
            return GRANTED;
        }
        Method method = service.status(accounts.account(authentication)).activeMethod();
        if (method == null) {
            return GRANTED;
        }
        String wanted = TwoFactorAuthorities.of(method);
        RequiredFactor.Builder required = RequiredFactor.withAuthority(wanted);
        if (within != null) {
            Instant now = clock.instant();
            for (GrantedAuthority authority : authentication.getAuthorities()) {
                boolean proves = wanted.equals(authority.getAuthority())
                        || TwoFactorAuthorities.RECOVERY.equals(authority.getAuthority());
                if (proves && authority instanceof FactorGrantedAuthority factor
                        && now.isBefore(factor.getIssuedAt().plus(within))) {
                    return GRANTED;
                }
            }
            required.validDuration(within);
        }
        RequiredFactor factor = required.build();
        return new FactorAuthorizationDecision(
                List.of(any ? RequiredFactorError.createExpired(factor) : RequiredFactorError.createMissing(factor)));
    }
}
