package dev.twofa.examples.customeradmin.web;

import dev.twofa.examples.customeradmin.Outbox;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The Outbox page: the demo's stand-in for the customer's phone, listing the SMS twofa sent for the
 * logged-in customer's account. Only a fully logged-in customer reaches it (the security
 * configuration); the code of a login is printed on the console.
 *
 * <p>Thread-safe (stateless).
 */
@Controller
public class OutboxController {

    /** One message as the page shows it. */
    record Row(String at, String to, String text) {
        @Override
        public String toString() {
            return "Row[at=" + at + ", redacted]";
        }
    }

    private final Outbox outbox;
    private final Customer customer;

    OutboxController(Outbox outbox, Customer customer) {
        this.outbox = outbox;
        this.customer = customer;
    }

    @GetMapping("/outbox")
    String outbox(Principal principal, HttpServletRequest request, Model model) {
        CustomerTime time = customer.time(request);
        model.addAttribute("messages", outbox.sentFor(customer.account(principal)).stream()
                .map(s -> new Row(time.format(s.at()), Texts.grouped(s.to()), s.text())).toList());
        return "outbox";
    }
}
