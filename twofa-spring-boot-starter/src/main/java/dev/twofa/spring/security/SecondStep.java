package dev.twofa.spring.security;

import dev.twofa.core.AccountId;
import dev.twofa.core.AppCodeRequired;
import dev.twofa.core.DeviceRemembered;
import dev.twofa.core.DeviceToken;
import dev.twofa.core.DeviceTrusted;
import dev.twofa.core.Expired;
import dev.twofa.core.InvalidInputException;
import dev.twofa.core.LockedOut;
import dev.twofa.core.LoginStep;
import dev.twofa.core.Method;
import dev.twofa.core.NoSecondFactor;
import dev.twofa.core.Refused;
import dev.twofa.core.Rejected;
import dev.twofa.core.RememberDeviceResult;
import dev.twofa.core.SendResult;
import dev.twofa.core.SmsNotSent;
import dev.twofa.core.SmsNumberWithdrawn;
import dev.twofa.core.SmsSent;
import dev.twofa.core.Throttled;
import dev.twofa.core.TwoFactorService;
import dev.twofa.core.TwoFactorStatus;
import dev.twofa.core.Verified;
import dev.twofa.core.VerifyResult;
import dev.twofa.spring.security.SecondStepView.Mode;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * The second step of one filter chain: what {@link TwoFactorConfigurer} built, used by its filter
 * (the page and its posts), its entry point and the authorization rules.
 *
 * <p>Thread-safety: immutable once built and thread-safe; per-user state lives in the HTTP session.
 */
final class SecondStep {

    /** The request attribute through which {@link TwoFactorAuthorizations} finds the chain's second step. */
    static final String ATTRIBUTE = SecondStep.class.getName();

    /** The request attribute holding the response, for {@link #grantActiveMethod}. */
    static final String RESPONSE = SecondStep.class.getName() + ".RESPONSE";

    /** The HTTP session attribute holding the second step under way. */
    static final String STATE = SecondStep.class.getName() + ".STATE";

    private static final Logger LOG = LoggerFactory.getLogger(SecondStep.class);

    /** The parts a second step needs, gathered by the configurer. */
    record Parts(TwoFactorService service, TwoFactorAccounts accounts, TwoFactorProofs proofs, Clock clock,
            String processingUrl, String pageUrl, String deviceCookie, boolean deviceCookieSecure,
            boolean rememberDeviceOffered, String logoutUrl, SecurityContextHolderStrategy holder,
            SecurityContextRepository repository, SessionAuthenticationStrategy sessions,
            AuthenticationSuccessHandler success) {
    }

    private final Parts parts;
    private final SecondFactorCheck check;

    SecondStep(Parts parts) {
        this.parts = parts;
        this.check = new SecondFactorCheck(parts.service(), parts.accounts(), parts.clock());
    }

    String pageUrl() {
        return parts.pageUrl();
    }

    boolean defaultPage() {
        return parts.pageUrl().equals(parts.processingUrl());
    }

    SecurityContextHolderStrategy holder() {
        return parts.holder();
    }

    static boolean loggedIn(Authentication authentication) {
        return SecondFactorCheck.loggedIn(authentication);
    }

    // ---------------------------------------------------------------- authorization

    /** Decides whether the user has the second factor the account needs ({@link SecondFactorCheck#check}). */
    AuthorizationResult check(Authentication authentication, Duration within) {
        return check.check(authentication, within);
    }

    SecondFactorCheck secondFactorCheck() {
        return check;
    }

    // ---------------------------------------------------------------- the page

    /**
     * Shows the second step (GET). Only the first GET of a second step starts it, and so only a
     * login's first GET sends a text message ({@code beginLogin}); a reload shows what is under way,
     * a lock is looked at again without sending anything, and new messages are sent only by a POST
     * with {@code resend} (behind the CSRF check).
     */
    void show(HttpServletRequest request, HttpServletResponse response, Authentication authentication,
            jakarta.servlet.FilterChain chain) throws IOException, ServletException {
        AccountId account = parts.accounts().account(authentication);
        Mode mode = mode(authentication);
        SecondStepView view = state(request, account, mode);
        if (view != null && view.method() != null && view.method() != parts.service().status(account).activeMethod()) {
            view = null;   // the method was switched elsewhere since this step began: start again with the new one
        }
        if (view == null) {
            view = start(request, response, authentication, account, mode, false, false);
        } else if (!view.codeForm() && !view.recoveryCodeOffered()) {   // locked: it may have ended
            view = afterLock(request, response, authentication, account, mode);
        }
        if (view == null) {
            return;   // finished: the response is a redirect
        }
        if (!defaultPage() && !parts.pageUrl().equals(path(request))) {
            redirectToPage(request, response, mode);
            return;
        }
        if (view.message() != null) {   // a message is shown once; a reload shows the instruction only
            saveState(request, account, view.withMessage(null, null));
        }
        if (defaultPage()) {
            String logout = parts.logoutUrl() != null ? request.getContextPath() + parts.logoutUrl() : null;
            byte[] html = SecondStepPage.render(view, request, logout).getBytes(StandardCharsets.UTF_8);
            response.setContentType(MediaType.TEXT_HTML_VALUE + ";charset=UTF-8");
            response.setContentLength(html.length);
            response.getOutputStream().write(html);
            return;
        }
        request.setAttribute(SecondStepView.ATTRIBUTE, view);
        chain.doFilter(request, response);
    }

    /** Checks a posted code or recovery code, or sends a new text message. */
    void submit(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException, ServletException {
        AccountId account = parts.accounts().account(authentication);
        Mode mode = mode(authentication);
        SecondStepView view = state(request, account, mode);
        if (request.getParameter("resend") != null) {
            boolean again = view != null && view.codeForm();
            if (start(request, response, authentication, account, mode, true, again) != null) {
                redirectToPage(request, response, mode);
            }
            return;
        }
        String recoveryCode = blankToNull(request.getParameter("recoveryCode"));
        String code = request.getParameter("code");
        TwoFactorService service = parts.service();
        VerifyResult result = mode == Mode.LOGIN
                ? recoveryCode != null ? service.completeLoginWithRecoveryCode(account, recoveryCode)
                        : service.completeLogin(account, code)
                : recoveryCode != null ? service.stepUpWithRecoveryCode(account, recoveryCode)
                        : service.stepUp(account, code);
        Instant now = parts.clock().instant();
        if (view == null) {
            view = fallbackView(request, account, mode);
        }
        if (result instanceof Verified verified) {
            String factor = recoveryCode != null ? TwoFactorAuthorities.RECOVERY
                    : TwoFactorAuthorities.of(verified.status().activeMethod() != null
                            ? verified.status().activeMethod() : view.method());
            grant(request, response, authentication, factor);
            verified.proofIfAny().ifPresent(proof -> parts.proofs().keep(request, proof));
            boolean remember = mode == Mode.LOGIN && recoveryCode == null && view.rememberDeviceOffered()
                    && isChecked(request.getParameter("rememberDevice"));
            if (remember && verified.proof() != null) {
                rememberDevice(request, response, account, verified);
            }
            clearState(request);
            LOG.debug("second step {} of account {} done with {}", mode, account, factor);
            finish(request, response);
            return;
        }
        if (result instanceof Refused) {
            // NO_ACTIVE_METHOD: the method was turned off meanwhile, nothing is left to prove
            clearState(request);
            finish(request, response);
            return;
        }
        if (result instanceof Rejected rejected) {
            view = view.withMessage(Messages.rejected(rejected), rejected.attemptsLeft());
        } else if (result instanceof Throttled throttled) {
            view = view.withMessage(Messages.throttled(throttled.retryAt(), now), null);
        } else if (result instanceof LockedOut locked) {
            view = view.locked(Messages.locked(locked.until(), now));
        } else if (result instanceof Expired) {
            view = view.withMessage(Messages.expired(), null);
        } else {
            throw new AssertionError("a VerifyResult the second step does not know: " + result.getClass());
        }
        saveState(request, account, view);
        redirectToPage(request, response, mode);
    }

    /**
     * Starts a second step, or sends a new text message ({@code send}; {@code again} when one was
     * sent before): returns what to show, or null when the response already finishes it. A login
     * without {@code send} calls {@code beginLogin} (which sends the first text message); a
     * confirmation sends one only with {@code send}.
     */
    private SecondStepView start(HttpServletRequest request, HttpServletResponse response,
            Authentication authentication, AccountId account, Mode mode, boolean send, boolean again)
            throws IOException, ServletException {
        Instant now = parts.clock().instant();
        String post = request.getContextPath() + parts.processingUrl();
        boolean remember = mode == Mode.LOGIN && parts.rememberDeviceOffered();
        SecondStepView view;
        if (mode == Mode.LOGIN) {
            LoginStep step = send ? parts.service().beginLogin(account)
                    : parts.service().beginLogin(account, deviceToken(request));
            view = loginView(request, response, authentication, account, step, again, remember, post, now);
        } else {
            TwoFactorStatus status = parts.service().status(account);
            if (!status.hasActiveMethod()) {
                view = null;
            } else if (status.activeMethod() == Method.TOTP) {
                view = status.lockedUntil() != null && now.isBefore(status.lockedUntil())
                        ? lockedView(mode, new LockedOut(status.lockedUntil()), now, post)
                        : new SecondStepView(mode, Method.TOTP, null, Messages.confirmAppCode(), null, null, true, true,
                                false, false, post);
            } else if (!send) {
                view = smsOffered(mode, status, post);
            } else {
                SendResult sent = parts.service().sendStepUpCode(account);
                view = sent instanceof SmsSent ok ? new SecondStepView(mode, Method.SMS, ok.maskedNumber(),
                        Messages.smsSent(ok.maskedNumber(), true),
                        again ? Messages.newCodeSent(ok.maskedNumber()) : null, null, true, true, true, false, post)
                        : sent instanceof SmsNotSent notSent ? smsNotSent(mode, notSent, now, false, post)
                        : sent instanceof SmsNumberWithdrawn withdrawn ? withdrawn(mode, withdrawn, post)
                        : sent instanceof LockedOut locked ? lockedView(mode, locked, now, post)
                        : null;   // Refused (SMS_NOT_ACTIVE): the method changed meanwhile
            }
        }
        if (view == null) {
            clearState(request);
            finish(request, response);
            return null;
        }
        saveState(request, account, view);
        return view;
    }

    /**
     * Looks at a lock again (GET), sending nothing: still locked, the lock with its time now; ended,
     * an app code is asked for, or a text message is offered ("Send code", a POST).
     */
    private SecondStepView afterLock(HttpServletRequest request, HttpServletResponse response,
            Authentication authentication, AccountId account, Mode mode) throws IOException, ServletException {
        TwoFactorStatus status = parts.service().status(account);
        Instant now = parts.clock().instant();
        String post = request.getContextPath() + parts.processingUrl();
        SecondStepView view;
        if (status.lockedUntil() != null && now.isBefore(status.lockedUntil())) {
            view = lockedView(mode, new LockedOut(status.lockedUntil()), now, post);
        } else if (status.activeMethod() == Method.SMS) {
            view = smsOffered(mode, status, post);
        } else {
            return start(request, response, authentication, account, mode, false, false);   // sends nothing
        }
        saveState(request, account, view);
        return view;
    }

    /** Offers to send a text message (a POST with {@code resend}), without sending one. */
    private static SecondStepView smsOffered(Mode mode, TwoFactorStatus status, String post) {
        String masked = status.number() != null ? status.number().masked() : null;
        return new SecondStepView(mode, Method.SMS, masked, Messages.smsOffered(masked, mode == Mode.CONFIRM), null,
                null, false, true, true, false, post);
    }

    private SecondStepView loginView(HttpServletRequest request, HttpServletResponse response,
            Authentication authentication, AccountId account, LoginStep step, boolean again, boolean remember,
            String post, Instant now) {
        Mode mode = Mode.LOGIN;
        if (step instanceof NoSecondFactor) {
            return null;
        }
        if (step instanceof DeviceTrusted) {
            grant(request, response, authentication, TwoFactorAuthorities.DEVICE);
            LOG.debug("account {} logged in on a remembered device", account);
            return null;
        }
        if (step instanceof AppCodeRequired) {
            return new SecondStepView(mode, Method.TOTP, null, Messages.enterAppCode(), null, null, true, true, false,
                    remember, post);
        }
        if (step instanceof SmsSent sent) {
            return new SecondStepView(mode, Method.SMS, sent.maskedNumber(), Messages.smsSent(sent.maskedNumber(), false),
                    again ? Messages.newCodeSent(sent.maskedNumber()) : null, null, true, true, true, remember, post);
        }
        if (step instanceof SmsNotSent notSent) {
            return smsNotSent(mode, notSent, now, remember, post);
        }
        if (step instanceof SmsNumberWithdrawn withdrawn) {
            return withdrawn(mode, withdrawn, post);
        }
        if (step instanceof LockedOut locked) {
            return lockedView(mode, locked, now, post);
        }
        throw new AssertionError("a LoginStep the second step does not know: " + step.getClass());
    }

    private static SecondStepView smsNotSent(Mode mode, SmsNotSent notSent, Instant now, boolean remember,
            String post) {
        return new SecondStepView(mode, Method.SMS, null, "Enter the code from the text message we sent you.",
                Messages.smsNotSent(notSent, now), null, true, true, true, remember, post);
    }

    private static SecondStepView withdrawn(Mode mode, SmsNumberWithdrawn withdrawn, String post) {
        return new SecondStepView(mode, Method.SMS, withdrawn.maskedNumber(), Messages.numberWithdrawn(), null, null,
                false, true, false, false, post);
    }

    private static SecondStepView lockedView(Mode mode, LockedOut locked, Instant now, String post) {
        return new SecondStepView(mode, null, null, Messages.locked(locked.until(), now), null, null, false, false,
                false, false, post);
    }

    /** What to show when a post arrives with no second step under way in the session (nothing is sent). */
    private SecondStepView fallbackView(HttpServletRequest request, AccountId account, Mode mode) {
        Method method = parts.service().status(account).activeMethod();
        String post = request.getContextPath() + parts.processingUrl();
        boolean remember = mode == Mode.LOGIN && parts.rememberDeviceOffered();
        if (method == Method.SMS) {
            return new SecondStepView(mode, method, null, "Enter the code from the text message we sent you.", null,
                    null, true, true, true, remember, post);
        }
        return new SecondStepView(mode, method, null,
                mode == Mode.LOGIN ? Messages.enterAppCode() : Messages.confirmAppCode(), null, null, true, true,
                false, remember, post);
    }

    // ---------------------------------------------------------------- granting the factor

    /**
     * Adds the factor (with the time now) to the current authentication, keeping its principal and
     * every other authority, changes the session id (and the CSRF token) and saves the context.
     */
    private void grant(HttpServletRequest request, HttpServletResponse response, Authentication current,
            String factor) {
        FactorGrantedAuthority granted = FactorGrantedAuthority.withAuthority(factor)
                .issuedAt(parts.clock().instant()).build();
        Authentication next = current.toBuilder().authorities(authorities -> {
            authorities.removeIf(a -> factor.equals(a.getAuthority()));
            authorities.add(granted);
        }).build();
        if (!next.getName().equals(current.getName())) {
            throw new IllegalStateException("the factor must be added to the same user's authentication");
        }
        parts.sessions().onAuthentication(next, request, response);
        SecurityContext context = parts.holder().createEmptyContext();
        context.setAuthentication(next);
        parts.holder().setContext(context);
        parts.repository().saveContext(context, request, response);
    }

    /**
     * Adds the factor of the account's active method to the current authentication, after the host
     * stored a proof of it ({@link TwoFactorProofs#store}).
     */
    void grantActiveMethod(HttpServletRequest request) {
        grantIfOn(request, TwoFactorAuthorities::of);
    }

    /** Adds {@link TwoFactorAuthorities#TURNED_ON}, after the host turned a method on ({@link TwoFactorProofs#methodTurnedOn}). */
    void grantTurnedOn(HttpServletRequest request) {
        grantIfOn(request, method -> TwoFactorAuthorities.TURNED_ON);
    }

    private void grantIfOn(HttpServletRequest request, java.util.function.Function<Method, String> factor) {
        Authentication current = parts.holder().getContext().getAuthentication();
        if (!(request.getAttribute(RESPONSE) instanceof HttpServletResponse response) || !loggedIn(current)) {
            return;
        }
        Method method = parts.service().status(parts.accounts().account(current)).activeMethod();
        if (method != null) {
            grant(request, response, current, factor.apply(method));
        }
    }

    private void rememberDevice(HttpServletRequest request, HttpServletResponse response, AccountId account,
            Verified verified) {
        RememberDeviceResult result = parts.service().devices().remember(account, verified.proof(),
                DeviceLabels.of(request.getHeader(HttpHeaders.USER_AGENT)));
        if (result instanceof DeviceRemembered remembered) {
            Duration maxAge = Duration.between(parts.clock().instant(), remembered.device().expiresAt());
            String name = parts.deviceCookie();
            boolean hostOnly = name.startsWith("__Host-");   // the browser takes it only Secure, with Path=/
            ResponseCookie cookie = ResponseCookie.from(name, remembered.token().value())
                    .httpOnly(true)
                    .secure(parts.deviceCookieSecure() || hostOnly || name.startsWith("__Secure-") || request.isSecure())
                    .sameSite("Lax")
                    .path(hostOnly || request.getContextPath().isEmpty() ? "/" : request.getContextPath())
                    .maxAge(maxAge)
                    .build();
            response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
        } else {
            LOG.debug("device of account {} not remembered: {}", account, result);
        }
    }

    private DeviceToken deviceToken(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (parts.deviceCookie().equals(cookie.getName())) {
                try {
                    return DeviceToken.of(cookie.getValue());
                } catch (InvalidInputException e) {
                    return null;   // not a token: a login without a remembered device
                }
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- helpers

    private void finish(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        parts.success().onAuthenticationSuccess(request, response, parts.holder().getContext().getAuthentication());
    }

    private void redirectToPage(HttpServletRequest request, HttpServletResponse response, Mode mode)
            throws IOException {
        String url = request.getContextPath() + parts.pageUrl() + (mode == Mode.CONFIRM ? "?confirm" : "");
        response.sendRedirect(response.encodeRedirectURL(url));
    }

    private static Mode mode(Authentication authentication) {
        return TwoFactorAuthorities.hasSecondFactor(authentication) ? Mode.CONFIRM : Mode.LOGIN;
    }

    private static SecondStepView state(HttpServletRequest request, AccountId account, Mode mode) {
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(STATE) instanceof State state
                && state.account().equals(account.value()) && state.view().mode() == mode) {
            return state.view();
        }
        return null;
    }

    private static void saveState(HttpServletRequest request, AccountId account, SecondStepView view) {
        request.getSession().setAttribute(STATE, new State(account.value(), view));
    }

    private static void clearState(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(STATE);
        }
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static boolean isChecked(String value) {
        return "true".equalsIgnoreCase(value) || "on".equalsIgnoreCase(value);
    }

    @Override
    public String toString() {
        return "SecondStep[" + parts.processingUrl() + "]";
    }

    /** The second step under way, per account; serializable for session stores. */
    private record State(String account, SecondStepView view) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }
}
