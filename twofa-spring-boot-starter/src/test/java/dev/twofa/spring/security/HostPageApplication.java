package dev.twofa.spring.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A host with its own second-step page at {@code /verify}, which shows the {@link SecondStepView}. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({TwoFactorSecurityAutoConfiguration.class, HostPageApplication.Pages.class, KitBeans.class})
class HostPageApplication {


    @Bean
    UserDetailsService users() {
        return name -> User.withUsername(name).password("{noop}" + TestApplication.PASSWORD).roles("USER").build();
    }

    @Bean
    SecurityFilterChain chain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .with(TwoFactorConfigurer.twoFactor(), c -> c.secondStepPage("/verify").rememberDevice(false));
        return http.build();
    }

    @RestController
    static class Pages {
        @GetMapping("/page")
        String page(Authentication user) {
            return "page of " + user.getName();
        }

        @GetMapping("/verify")
        String verify(HttpServletRequest request, CsrfToken csrf) {
            SecondStepView view = (SecondStepView) request.getAttribute(SecondStepView.ATTRIBUTE);
            return "<p>" + view.mode() + " " + view.method() + " " + view.instruction() + " | " + view.message()
                    + " | " + view.attemptsLeft() + " | remember " + view.rememberDeviceOffered() + " | post "
                    + view.postUrl() + "</p><input type=\"hidden\" name=\"_csrf\" value=\"" + csrf.getToken() + "\">";
        }
    }
}
