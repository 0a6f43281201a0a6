package dev.twofa.spring.security;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

class TwoFactorAuthorizationsTest {

    @Test
    void recentSecondFactor_zeroOrNegative_refused() {
        assertThatThrownBy(() -> TwoFactorAuthorizations.recentSecondFactor(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
        assertThatThrownBy(() -> TwoFactorAuthorizations.recentSecondFactor(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TwoFactorAuthorizations.recentSecondFactor(null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void rules_chainWithoutTheConfigurer_clearError() {
        RequestAuthorizationContext context = new RequestAuthorizationContext(new MockHttpServletRequest());
        TestingAuthenticationToken user = new TestingAuthenticationToken("ann", "pw", "ROLE_USER");

        assertThatThrownBy(() -> TwoFactorAuthorizations.secondFactor().authorize(() -> user, context))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("TwoFactorConfigurer.twoFactor()");
        assertThatThrownBy(() -> TwoFactorAuthorizations.recentSecondFactor(Duration.ofMinutes(5))
                .authorize(() -> user, context)).isInstanceOf(IllegalStateException.class);
    }
}
