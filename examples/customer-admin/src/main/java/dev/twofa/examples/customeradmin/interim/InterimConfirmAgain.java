package dev.twofa.examples.customeradmin.interim;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Asks a customer with a method on to confirm it is them with a fresh code (within {@link
 * InterimSecondStep#CONFIRM_VALIDITY}) before deactivating, changing the number or making new
 * recovery codes; the starter's {@code TwoFactorAuthorizations.recentSecondFactor} does this once
 * merged.
 *
 * <p>Thread-safety: a configuration class; the interceptor is stateless.
 */
@Configuration(proxyBeanMethods = false)
public class InterimConfirmAgain implements WebMvcConfigurer {

    /** The pages that need a recent confirmation. */
    public static final String[] PATHS = {"/security/deactivate", "/security/number/change", "/security/recovery-codes"};

    private final InterimSecondStep secondStep;

    InterimConfirmAgain(InterimSecondStep secondStep) {
        this.secondStep = secondStep;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
                    throws IOException {
                return secondStep.confirmedOrRedirect(request, response);
            }
        }).addPathPatterns(PATHS);
    }
}
