package dev.twofa.spring.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves the second step: GET shows the page (or hands its {@link SecondStepView} to the host's
 * page) and its style sheet, POST checks the code. Runs after Spring Security's CSRF check and session handling, before
 * authorization; a user who is not logged in passes on to the chain's authorization (and so to the
 * login page). Every request gets the chain's second step (for {@link TwoFactorAuthorizations}) and
 * its response (for {@link TwoFactorProofs#store}) as request attributes.
 *
 * <p>Thread-safety: immutable and thread-safe.
 */
final class SecondStepFilter extends OncePerRequestFilter {

    private final SecondStep step;
    private final RequestMatcher submit;
    private final RequestMatcher processingGet;
    private final RequestMatcher pageGet;
    private final RequestMatcher stylesheet;

    SecondStepFilter(SecondStep step, String processingUrl) {
        this.step = step;
        this.submit = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, processingUrl);
        this.processingGet = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, processingUrl);
        this.pageGet = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, step.pageUrl());
        this.stylesheet = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET,
                processingUrl + SecondStepPage.STYLESHEET_SUFFIX);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        request.setAttribute(SecondStep.ATTRIBUTE, step);
        request.setAttribute(SecondStep.RESPONSE, response);
        if (stylesheet.matches(request)) {   // static, for anyone: the default page's only style
            byte[] css = SecondStepPage.STYLESHEET.getBytes(StandardCharsets.UTF_8);
            response.setContentType("text/css;charset=UTF-8");
            response.setContentLength(css.length);
            response.getOutputStream().write(css);
            return;
        }
        boolean post = submit.matches(request);
        boolean get = !post && (processingGet.matches(request) || pageGet.matches(request));
        Authentication authentication = step.holder().getContext().getAuthentication();
        if (!(post || get) || !SecondStep.loggedIn(authentication)) {
            chain.doFilter(request, response);
            return;
        }
        if (post) {
            step.submit(request, response, authentication);
        } else {
            step.show(request, response, authentication, chain);
        }
    }
}
