package dev.twofa.examples.customeradmin.web;

import dev.twofa.core.PhoneNumber;
import dev.twofa.core.TwoFactorStatus;
import dev.twofa.examples.customeradmin.Outbox;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The Outbox page: the demo's stand-in for the customer's phone, listing the SMS sent to the numbers
 * of the logged-in customer's account. Only a fully logged-in customer reaches it (the security
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
        TwoFactorStatus st = customer.status(principal);
        List<PhoneNumber> numbers = new ArrayList<>(2);
        if (st.number() != null) {
            numbers.add(st.number());
        }
        if (st.pendingNumber() != null) {
            numbers.add(st.pendingNumber());
        }
        CustomerTime time = customer.time(request);
        model.addAttribute("messages", outbox.sentTo(numbers).stream()
                .map(s -> new Row(time.format(s.at()), Texts.grouped(s.to()), s.text())).toList());
        return "outbox";
    }
}
