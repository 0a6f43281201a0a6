package dev.twofa.examples.customeradmin.web;

import dev.twofa.core.Method;
import dev.twofa.core.TwoFactorStatus;
import dev.twofa.examples.customeradmin.DemoUsers;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The login page (posted to Spring Security's form login) and the page of the second step (posted
 * to {@code /login/second-step}, with fields {@code code} or {@code recoveryCode}, the {@code
 * rememberDevice} box and Spring Security's CSRF token).
 *
 * <p>Thread-safe (stateless).
 */
@Controller
public class LoginController {

    private final Customer customer;
    private final DemoUsers users;

    LoginController(Customer customer, DemoUsers users) {
        this.customer = customer;
        this.users = users;
    }

    @GetMapping("/")
    String home() {
        return "redirect:/security";
    }

    @GetMapping("/login")
    String login(Model model) {
        model.addAttribute("demoUsers", users.names());
        return "login";
    }

    /**
     * Shows the second step: at login, or to confirm it is the customer before a sensitive change
     * ({@code ?confirm}). A locked account gets the lock's message and no form.
     */
    @GetMapping("/login/second-step")
    String secondStep(Principal principal, HttpServletRequest request, Model model) {
        TwoFactorStatus st = customer.status(principal);
        if (st.activeMethod() == null) {
            return "redirect:/security";
        }
        boolean confirm = request.getParameter("confirm") != null;
        model.addAttribute("confirm", confirm);
        model.addAttribute("sms", st.activeMethod() == Method.SMS);
        model.addAttribute("maskedNumber", st.number() == null ? "" : st.number().masked());
        model.addAttribute("locked", customer.locked(st));
        model.addAttribute("lockedText", st.lockedUntil() == null ? null : customer.texts(request).locked(st.lockedUntil()));
        model.addAttribute("recoveryCodesLeft", st.recoveryCodesLeft());
        return "second-step";
    }
}
