package dev.twofa.examples.customeradmin.web;

import dev.twofa.core.Method;
import dev.twofa.core.TwoFactorStatus;
import dev.twofa.examples.customeradmin.DemoUsers;
import dev.twofa.examples.customeradmin.SecurityConfiguration;
import dev.twofa.spring.security.SecondStepView;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The login page (posted to Spring Security's form login) and the page of the second step (posted
 * to the starter's {@code /login/second-step}, with fields {@code code} or {@code recoveryCode}, the
 * {@code rememberDevice} box or {@code resend}, and Spring Security's CSRF token).
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
        model.addAttribute("demoUsers", users.names().stream().filter(n -> !n.equals(DemoUsers.SUPPORT)).toList());
        model.addAttribute("supportUser", DemoUsers.SUPPORT);
        return "login";
    }

    /**
     * Shows the second step that the starter's {@code TwoFactorConfigurer} runs: at login, or to
     * confirm it is the customer before a sensitive change. The starter hands the page its {@link
     * SecondStepView} (what to ask, what just happened) and checks what the page posts; the page adds
     * the lock's end in the customer's time zone. A locked account gets the message and no form.
     */
    @GetMapping(SecurityConfiguration.SECOND_STEP_PAGE)
    String secondStep(Principal principal, HttpServletRequest request, Model model) {
        if (!(request.getAttribute(SecondStepView.ATTRIBUTE) instanceof SecondStepView view)) {
            return "redirect:/security"; // no second step under way: fully logged in
        }
        TwoFactorStatus st = customer.status(principal);
        boolean locked = customer.locked(st);
        String message = view.message();
        boolean good = message != null && message.startsWith("We sent");
        model.addAttribute("view", view);
        model.addAttribute("confirm", view.mode() == SecondStepView.Mode.CONFIRM);
        model.addAttribute("sms", view.method() == Method.SMS);
        model.addAttribute("locked", locked);
        model.addAttribute("lockedText", locked ? customer.texts(request).locked(st.lockedUntil()) : null);
        model.addAttribute("notice", good ? message : null);
        model.addAttribute("error", good || locked ? null : message);
        model.addAttribute("recoveryCodesLeft", st.recoveryCodesLeft());
        return "second-step";
    }
}
