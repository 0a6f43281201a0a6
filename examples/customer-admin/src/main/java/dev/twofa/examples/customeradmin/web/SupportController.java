package dev.twofa.examples.customeradmin.web;

import dev.twofa.core.AccountId;
import dev.twofa.core.ChangeResult;
import dev.twofa.core.Changed;
import dev.twofa.core.InvalidInputException;
import dev.twofa.core.TwoFactorService;
import dev.twofa.examples.customeradmin.DemoUsers;
import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The support desk's page (only for the support role): reset a customer's two-factor
 * authentication after checking who they are another way (the phone is lost). twofa turns the
 * method off, drops the recovery codes, remembered devices and secrets, keeps the number
 * unverified, and records who did it and why.
 *
 * <p>Thread-safe (stateless).
 */
@Controller
@RequestMapping("/support")
public class SupportController {

    private final TwoFactorService twoFactor;
    private final DemoUsers users;

    SupportController(TwoFactorService twoFactor, DemoUsers users) {
        this.twoFactor = twoFactor;
        this.users = users;
    }

    @GetMapping
    String page(Model model) {
        model.addAttribute("customer", "");
        model.addAttribute("reason", "");
        return "support";
    }

    @PostMapping("/reset")
    String reset(Principal principal, @RequestParam(defaultValue = "") String customer,
            @RequestParam(defaultValue = "") String reason, Model model, RedirectAttributes flash) {
        String name = customer.strip();
        boolean known = users.names().contains(name) && !name.equals(DemoUsers.SUPPORT);
        if (!known || reason.isBlank()) {
            model.addAttribute("customer", customer);
            model.addAttribute("reason", reason);
            model.addAttribute("customerError", known ? null : "There is no customer with this user name.");
            model.addAttribute("reasonError", reason.isBlank() ? "Say why, for example the ticket number." : null);
            return "support";
        }
        ChangeResult result;
        try {
            result = twoFactor.resetTwoFactor(AccountId.of(name), principal.getName(), reason.strip());
        } catch (InvalidInputException e) {
            model.addAttribute("customer", customer);
            model.addAttribute("reason", reason);
            model.addAttribute("reasonError", "Use at most one line of plain text.");
            return "support";
        }
        int dropped = result instanceof Changed c ? c.recoveryCodesDropped() : 0;
        flash.addFlashAttribute("notice", "The two-factor authentication of " + name + " is reset: " + dropped
                + " unused recovery codes and all remembered devices no longer work; the phone number stays, "
                + "not verified. Tell the customer through another channel that you did it.");
        return "redirect:/support";
    }
}
