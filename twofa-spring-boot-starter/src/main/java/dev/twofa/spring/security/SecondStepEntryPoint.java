package dev.twofa.spring.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Sends a user whom a twofa factor authority is missing to the second-step page: in login mode when
 * the session has none of twofa's factors yet, with {@code ?confirm} when it has one that is too
 * old. Spring Security's {@code DelegatingMissingAuthorityAccessDeniedHandler} calls it, after
 * saving the request the user will return to.
 *
 * <p>Thread-safety: immutable and thread-safe.
 */
final class SecondStepEntryPoint implements AuthenticationEntryPoint {

    private final String pageUrl;
    private final SecurityContextHolderStrategy holder;

    SecondStepEntryPoint(String pageUrl, SecurityContextHolderStrategy holder) {
        this.pageUrl = pageUrl;
        this.holder = holder;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException reason)
            throws IOException {
        boolean confirm = TwoFactorAuthorities.hasSecondFactor(holder.getContext().getAuthentication());
        String url = request.getContextPath() + pageUrl + (confirm ? "?confirm" : "");
        response.sendRedirect(response.encodeRedirectURL(url));
    }
}
