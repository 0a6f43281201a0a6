package dev.twofa.spring.security;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Objects;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseCookie;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.config.annotation.web.configurers.LogoutConfigurer;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.access.ExceptionTranslationFilter;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Adds twofa's second step to a Spring Security filter chain, after the host's password login:
 *
 * <pre>{@code
 * http.authorizeHttpRequests(a -> a.anyRequest().authenticated())
 *     .formLogin(Customizer.withDefaults())
 *     .with(TwoFactorConfigurer.twoFactor(), Customizer.withDefaults());
 * }</pre>
 *
 * <p>What it does:
 * <ul>
 *   <li>Wherever the chain's rules let a logged-in user in, a user whose account has a method on
 *       ({@code TwoFactorService.status}) must also have a second factor of this login; users
 *       without one are fully logged in after the password. A user who lacks it is sent, through
 *       Spring Security's {@code DelegatingMissingAuthorityAccessDeniedHandler}, to the second-step
 *       page (default {@value #DEFAULT_URL}).</li>
 *   <li>The page calls {@code beginLogin} with the device cookie: a remembered device logs in at once
 *       ({@link TwoFactorAuthorities#DEVICE}); for SMS a code is sent; a locked account gets a message
 *       and no form. That first GET is the only GET that sends a text message: later ones come only
 *       from a POST with {@code resend} (behind the CSRF check); a reload sends nothing.</li>
 *   <li>The page posts to {@value #DEFAULT_URL} with {@code code} or {@code recoveryCode}, the
 *       checkbox {@code rememberDevice} (ignored with a recovery code) or {@code resend}, and the
 *       CSRF token. On success the factor
 *       ({@link TwoFactorAuthorities#APP}, {@link TwoFactorAuthorities#SMS} or {@link
 *       TwoFactorAuthorities#RECOVERY}, a {@code FactorGrantedAuthority} with the time) is added to
 *       the current authentication, whose principal stays; the account is always the current
 *       user's ({@link TwoFactorAccounts}), never a form field. The session id changes (the chain's
 *       {@code SessionAuthenticationStrategy}, which also renews the CSRF token), the {@code Proof}
 *       is kept for {@link TwoFactorProofs}, the device cookie is set when asked ({@code HttpOnly},
 *       {@code Secure} on a secure request or always ({@link #deviceCookieSecure(boolean)}), {@code
 *       SameSite=Lax}, for the token's validity), and the
 *       user returns to the saved request.</li>
 *   <li>{@link TwoFactorAuthorizations#recentSecondFactor(java.time.Duration)} rules send a user to
 *       the same page in confirm mode ({@code ?confirm}), which calls {@code stepUp} ({@code
 *       sendStepUpCode} only when the customer presses "Send code", a POST with {@code resend}).</li>
 *   <li>The default page has no script and no inline style (its style sheet is served at {@value
 *       #DEFAULT_URL}{@code .css}, so a strict Content-Security-Policy holds) and a "Log out" button
 *       posting to {@code /logout} (or {@link #logoutUrl(String)}) when the chain has Spring
 *       Security's logout.</li>
 *   <li>{@code permitAll} rules and error dispatches ({@code DispatcherType.ERROR}) are left as the
 *       chain's rules decide: an error page shows what the failed request's own authorization
 *       allowed.</li>
 * </ul>
 *
 * <p><b>Every chain</b>: the second step must hold in every filter chain that shares the login
 * session, or a second chain (an API, Actuator) would let in a user who gave only the password.
 * With Spring Boot, {@code TwoFactorSecurityAutoConfiguration}'s {@code Customizer<HttpSecurity>}
 * adds the requirement to the rules of every chain without this configurer (there a user who lacks
 * the factor is refused, 403), and a chain that reads the login session without {@code
 * authorizeHttpRequests} fails to build. Without Spring Boot, add this configurer to every chain.
 *
 * <p>Beans it uses from the application context, the same for every chain (so no chain can map a
 * user to another account or read another service): the {@code TwoFactorService} (required), {@link
 * TwoFactorAccounts} (default by login name), {@link TwoFactorProofs} and a {@link Clock} (default
 * the system clock in UTC; give the service the same one). The chain needs
 * {@code authorizeHttpRequests}, in any order with this configurer.
 *
 * <p>Thread-safety: a configurer is used by one thread while the chain is built; the filter chain it
 * builds is thread-safe.
 */
public final class TwoFactorConfigurer extends AbstractHttpConfigurer<TwoFactorConfigurer, HttpSecurity> {

    /** The default URL of the second-step page and of its posts: {@value}. */
    public static final String DEFAULT_URL = "/login/second-step";

    /** The default name of the cookie of a remembered device: {@value}. */
    public static final String DEFAULT_DEVICE_COOKIE = "TWOFA_DEVICE";

    /** Spring Security's default logout URL, which the default page's "Log out" posts to: {@value}. */
    public static final String DEFAULT_LOGOUT_URL = "/logout";

    private String pageUrl = DEFAULT_URL;
    private String deviceCookie = DEFAULT_DEVICE_COOKIE;
    private boolean rememberDeviceOffered = true;
    private boolean deviceCookieSecure;
    private boolean logout;
    private String logoutUrl = DEFAULT_LOGOUT_URL;
    private volatile SecondStep step;

    private TwoFactorConfigurer() {
    }

    /**
     * Returns a new configurer with the defaults, for {@code http.with(twoFactor(), ...)}.
     *
     * @return the configurer
     */
    public static TwoFactorConfigurer twoFactor() {
        return new TwoFactorConfigurer();
    }

    /**
     * Sets the host's own second-step page (a GET the host serves, where {@link SecondStepView} is
     * the request attribute {@value SecondStepView#ATTRIBUTE}); it posts to {@value #DEFAULT_URL}.
     * Default: {@value #DEFAULT_URL}, the page this starter writes.
     *
     * @param url the page's path within the application, starting with {@code /}
     * @return this configurer
     * @throws IllegalArgumentException if {@code url} does not start with {@code /}, or holds a
     *     pattern or query character ({@code * ? { }}), which would exempt more than the page
     */
    public TwoFactorConfigurer secondStepPage(String url) {
        if (url == null || !url.startsWith("/")) {
            throw new IllegalArgumentException("the second-step page must be a path starting with /, not " + url);
        }
        if (url.chars().anyMatch(c -> "*?{}".indexOf(c) >= 0)) {
            throw new IllegalArgumentException("the second-step page must be one plain path, without *, ?, { or },"
                    + " not " + url);
        }
        this.pageUrl = url;
        return this;
    }

    /**
     * Sets the URL the default page's "Log out" posts to; give the chain's own {@code
     * logout(l -> l.logoutUrl(...))} here too, or the button would not end the session. Default:
     * {@value #DEFAULT_LOGOUT_URL}.
     *
     * @param url the logout URL within the application, starting with {@code /}
     * @return this configurer
     * @throws IllegalArgumentException if {@code url} does not start with {@code /}
     */
    public TwoFactorConfigurer logoutUrl(String url) {
        if (url == null || !url.startsWith("/")) {
            throw new IllegalArgumentException("the logout URL must be a path starting with /");
        }
        this.logoutUrl = url;
        return this;
    }

    /**
     * Sets whether the second step of a login offers "Remember this device". Default: true.
     *
     * @param offered whether to offer it
     * @return this configurer
     */
    public TwoFactorConfigurer rememberDevice(boolean offered) {
        this.rememberDeviceOffered = offered;
        return this;
    }

    /**
     * Sets the name of the remembered device's cookie. Default: {@value #DEFAULT_DEVICE_COOKIE}.
     *
     * @param name the cookie name
     * @return this configurer
     * @throws IllegalArgumentException if {@code name} is not a valid cookie name
     */
    public TwoFactorConfigurer deviceCookieName(String name) {
        ResponseCookie.from(Objects.requireNonNull(name, "name"), "x").build();   // validates the name (RFC 6265)
        this.deviceCookie = name;
        return this;
    }

    /**
     * Sets whether the remembered device's cookie is always {@code Secure}. Default: false, {@code
     * Secure} when the request is (HTTPS, or behind a TLS proxy whose forwarded headers the server
     * applies, such as Spring Boot's {@code server.forward-headers-strategy}); a cookie name starting
     * with {@code __Host-} or {@code __Secure-} is always {@code Secure} ({@code __Host-} also gets
     * {@code Path=/}). Set it behind a TLS proxy that does not forward the scheme; the default name
     * stays without prefix so that development over {@code http://localhost} keeps working.
     *
     * @param always whether to mark the cookie {@code Secure} on every request
     * @return this configurer
     */
    public TwoFactorConfigurer deviceCookieSecure(boolean always) {
        this.deviceCookieSecure = always;
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void init(HttpSecurity http) {
        logout = http.getConfigurer(LogoutConfigurer.class) != null;
        SecurityContextHolderStrategy holder = getSecurityContextHolderStrategy();
        SecondStepEntryPoint entryPoint = new SecondStepEntryPoint(pageUrl, holder);
        ExceptionHandlingConfigurer<HttpSecurity> exceptions = http.getConfigurer(ExceptionHandlingConfigurer.class);
        if (exceptions == null) {
            throw new IllegalStateException("TwoFactorConfigurer needs exceptionHandling() in the chain");
        }
        for (String factor : new String[] {TwoFactorAuthorities.APP, TwoFactorAuthorities.SMS,
                TwoFactorAuthorities.RECOVERY}) {
            exceptions.defaultDeniedHandlerForMissingAuthority(entryPoint, factor);
        }
        AuthorizeHttpRequestsConfigurer<HttpSecurity> authorize = http.getConfigurer(
                AuthorizeHttpRequestsConfigurer.class);
        if (authorize == null) {
            throw new IllegalStateException("TwoFactorConfigurer needs authorizeHttpRequests(...) in the chain");
        }
        var exempt = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, pageUrl);
        authorize.getRegistry().withObjectPostProcessor(new ObjectPostProcessor<AuthorizationManager<HttpServletRequest>>() {
            @Override
            public <O extends AuthorizationManager<HttpServletRequest>> O postProcess(O rules) {
                return (O) new SecondFactorRequired(rules, () -> step.secondFactorCheck(), exempt);
            }
        });
    }

    @Override
    public void configure(HttpSecurity http) {
        ApplicationContext context = http.getSharedObject(ApplicationContext.class);
        SecondFactorCheck check = SecondFactorCheck.from(context);
        TwoFactorAccounts theAccounts = check.accounts();
        SecurityContextHolderStrategy holder = getSecurityContextHolderStrategy();
        TwoFactorProofs proofs = context.getBeanProvider(TwoFactorProofs.class)
                .getIfAvailable(() -> new TwoFactorProofs(theAccounts, holder));
        SecurityContextRepository repository = shared(http, SecurityContextRepository.class,
                new DelegatingSecurityContextRepository(new RequestAttributeSecurityContextRepository(),
                        new HttpSessionSecurityContextRepository()));
        SessionAuthenticationStrategy sessions = shared(http, SessionAuthenticationStrategy.class,
                new ChangeSessionIdAuthenticationStrategy());
        SavedRequestAwareAuthenticationSuccessHandler success = new SavedRequestAwareAuthenticationSuccessHandler();
        success.setRequestCache(shared(http, RequestCache.class, new HttpSessionRequestCache()));
        step = new SecondStep(new SecondStep.Parts(check.service(), theAccounts, proofs, check.clock(), DEFAULT_URL, pageUrl,
                deviceCookie, deviceCookieSecure, rememberDeviceOffered,
                logout ? logoutUrl : null, holder, repository, sessions,
                success));
        http.addFilterBefore(postProcess(new SecondStepFilter(step, DEFAULT_URL)), ExceptionTranslationFilter.class);
    }

    private static <T> T shared(HttpSecurity http, Class<T> type, T fallback) {
        T value = http.getSharedObject(type);
        return value != null ? value : fallback;
    }
}
