package dev.twofa.spring.security;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TwoFactorConfigurerTest {

    @Test
    void secondStepPage_notAPath_refused() {
        assertThatThrownBy(() -> TwoFactorConfigurer.twoFactor().secondStepPage("verify"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("starting with /");
        assertThatThrownBy(() -> TwoFactorConfigurer.twoFactor().secondStepPage(null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/**", "/verify/*", "/verify?x", "/verify/{id}", "/v}"})
    void secondStepPage_pattern_refused(String url) {
        assertThatThrownBy(() -> TwoFactorConfigurer.twoFactor().secondStepPage(url))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one plain path");
    }

    @Test
    void deviceCookieName_notACookieName_refused() {
        assertThatThrownBy(() -> TwoFactorConfigurer.twoFactor().deviceCookieName("two words"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TwoFactorConfigurer.twoFactor().deviceCookieName(""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TwoFactorConfigurer.twoFactor().deviceCookieName(null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void logoutUrl_notAPath_refused() {
        assertThatThrownBy(() -> TwoFactorConfigurer.twoFactor().logoutUrl("signout"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TwoFactorConfigurer.twoFactor().logoutUrl(null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
