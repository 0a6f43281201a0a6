package dev.twofa.examples.customeradmin.interim;

import dev.twofa.core.AccountId;
import dev.twofa.core.AppCodeRequired;
import dev.twofa.core.DeviceRemembered;
import dev.twofa.core.DeviceToken;
import dev.twofa.core.DeviceTrusted;
import dev.twofa.core.InvalidInputException;
import dev.twofa.core.LoginStep;
import dev.twofa.core.NoSecondFactor;
import dev.twofa.core.Rejected;
import dev.twofa.core.RememberDeviceResult;
import dev.twofa.core.SmsSent;
import dev.twofa.core.TwoFactorService;
import dev.twofa.core.Verified;
import dev.twofa.core.VerifyResult;
import dev.twofa.examples.customeradmin.web.Customer;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.FlashMapManager;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.SessionFlashMapManager;

/**
 * The second step of the login and the confirm-again step, by hand, until the starter's {@code
 * TwoFactorConfigurer} does it: after the password, a customer with a method on keeps only the
 * password's authorities and is sent to {@code /login/second-step}; a verified code adds {@link
 * #DONE}, which every page but the login pages requires.
 *
 * <p>Thread-safe (stateless; the state is in the HTTP session and twofa's store).
 */
@Controller
public class InterimSecondStep implements AuthenticationSuccessHandler {

    /** The authority of a fully logged-in customer. */
    public static final String DONE = "INTERIM_LOGGED_IN";
    /** How long a confirmation lasts (twofa's default proof validity). */
    public static final Duration CONFIRM_VALIDITY = Duration.ofMinutes(5);
    /** The device cookie of "remember this device". */
    public static final String DEVICE_COOKIE = "twofa_device";

    static final String RETURN_TO = InterimSecondStep.class.getName() + ".returnTo";

    private final TwoFactorService twoFactor;
    private final SessionProofs proofs;
    private final Customer customer;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
    private final RequestCache requests = new HttpSessionRequestCache();
    private final FlashMapManager flashMaps = new SessionFlashMapManager();

    InterimSecondStep(TwoFactorService twoFactor, SessionProofs proofs, Customer customer) {
        this.twoFactor = twoFactor;
        this.proofs = proofs;
        this.customer = customer;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
            Authentication authentication) throws IOException {
        LoginStep step = twoFactor.beginLogin(AccountId.of(authentication.getName()), deviceToken(request));
        if (step instanceof NoSecondFactor || step instanceof DeviceTrusted) {
            grant(request, response, authentication);
            response.sendRedirect(savedOrHome(request, response));
            return;
        }
        if (!(step instanceof SmsSent) && !(step instanceof AppCodeRequired)) {
            FlashMap flash = new FlashMap();
            flash.put("error", customer.texts(request).describe(step));
            flash.setTargetRequestPath("/login/second-step");
            flashMaps.saveOutputFlashMap(flash, request, response);
        }
        response.sendRedirect("/login/second-step");
    }

    @PostMapping("/login/second-step")
    String secondStep(Authentication authentication, HttpServletRequest request, HttpServletResponse response,
            @RequestParam(required = false) String code, @RequestParam(required = false) String recoveryCode,
            @RequestParam(required = false) String resend, @RequestParam(required = false) String confirm,
            @RequestParam(defaultValue = "false") boolean rememberDevice, RedirectAttributes flash) {
        AccountId account = AccountId.of(authentication.getName());
        boolean confirming = confirm != null;
        String back = confirming ? "redirect:/login/second-step?confirm" : "redirect:/login/second-step";
        if (resend != null) {
            Object sent = confirming ? twoFactor.sendStepUpCode(account) : twoFactor.beginLogin(account);
            flash.addFlashAttribute(sent instanceof SmsSent ? "notice" : "error", customer.texts(request).describe(sent));
            return back;
        }
        boolean recovery = recoveryCode != null && !recoveryCode.isBlank();
        VerifyResult result = check(() -> recovery
                ? (confirming ? twoFactor.stepUpWithRecoveryCode(account, recoveryCode)
                        : twoFactor.completeLoginWithRecoveryCode(account, recoveryCode))
                : (confirming ? twoFactor.stepUp(account, code == null ? "" : code)
                        : twoFactor.completeLogin(account, code == null ? "" : code)));
        if (!(result instanceof Verified verified)) {
            flash.addFlashAttribute("error", customer.texts(request).describe(result));
            flash.addFlashAttribute(recovery ? "recoveryCode" : "code", recovery ? recoveryCode : code);
            return back;
        }
        if (!confirming) {
            grant(request, response, authentication);
        }
        verified.proofIfAny().ifPresent(p -> proofs.store(request, p));
        if (recovery) {
            flash.addFlashAttribute("notice", "You used a recovery code; " + verified.status().recoveryCodesLeft()
                    + " are left. Each works only once.");
        }
        if (!confirming && rememberDevice && !recovery) {
            RememberDeviceResult remembered = twoFactor.devices().remember(account,
                    verified.proofIfAny().orElse(null), DeviceLabel.of(request.getHeader("User-Agent")));
            if (remembered instanceof DeviceRemembered d) {
                Cookie cookie = new Cookie(DEVICE_COOKIE, d.token().value());
                cookie.setHttpOnly(true);
                cookie.setSecure(request.isSecure());
                cookie.setPath("/login");
                cookie.setMaxAge((int) Duration.between(d.device().createdAt(), d.device().expiresAt()).toSeconds());
                cookie.setAttribute("SameSite", "Lax");
                response.addCookie(cookie);
            }
        }
        if (confirming) {
            Object to = request.getSession().getAttribute(RETURN_TO);
            request.getSession().removeAttribute(RETURN_TO);
            return "redirect:" + (to instanceof String path ? path : "/security");
        }
        return "redirect:" + savedOrHome(request, response);
    }

    private static VerifyResult check(Supplier<VerifyResult> check) {
        try {
            return check.get();
        } catch (InvalidInputException unreadable) {
            return new Rejected(Rejected.Reason.MALFORMED, 0);
        }
    }

    private static DeviceToken deviceToken(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (DEVICE_COOKIE.equals(c.getName())) {
                    try {
                        return DeviceToken.of(c.getValue());
                    } catch (InvalidInputException notAToken) {
                        return null;
                    }
                }
            }
        }
        return null;
    }

    /** Adds {@link #DONE} to the password's authentication, in a new session id. */
    private void grant(HttpServletRequest request, HttpServletResponse response, Authentication password) {
        List<GrantedAuthority> authorities = new ArrayList<>(password.getAuthorities());
        authorities.add(new SimpleGrantedAuthority(DONE));
        UsernamePasswordAuthenticationToken full = UsernamePasswordAuthenticationToken.authenticated(
                password.getPrincipal(), null, authorities);
        full.setDetails(password.getDetails());
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(full);
        SecurityContextHolder.setContext(context);
        request.changeSessionId();
        contexts.saveContext(context, request, response);
    }

    private String savedOrHome(HttpServletRequest request, HttpServletResponse response) {
        SavedRequest saved = requests.getRequest(request, response);
        requests.removeRequest(request, response);
        return saved == null ? "/security" : saved.getRedirectUrl();
    }

    /** Returns whether the session confirmed recently; sends it to the confirm step otherwise. */
    boolean confirmedOrRedirect(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!customer.status(request.getUserPrincipal()).hasActiveMethod() || proofs.recent(request, CONFIRM_VALIDITY)) {
            return true;
        }
        request.getSession().setAttribute(RETURN_TO, request.getRequestURI());
        response.sendRedirect("/login/second-step?confirm");
        return false;
    }
}
