package dev.twofa.examples.customeradmin.web;

import dev.twofa.core.AccountId;
import dev.twofa.core.ChangeResult;
import dev.twofa.core.Changed;
import dev.twofa.core.Expired;
import dev.twofa.core.InvalidInputException;
import dev.twofa.core.InvalidPhoneNumberException;
import dev.twofa.core.Method;
import dev.twofa.core.RecoveryCodes;
import dev.twofa.core.RecoveryCodesResult;
import dev.twofa.core.Refused;
import dev.twofa.core.Rejected;
import dev.twofa.core.SendResult;
import dev.twofa.core.SmsSent;
import dev.twofa.core.StartTotpResult;
import dev.twofa.core.TotpSetup;
import dev.twofa.core.TrustedDevice;
import dev.twofa.core.TwoFactorService;
import dev.twofa.core.TwoFactorStatus;
import dev.twofa.core.Verified;
import dev.twofa.core.VerifyResult;
import dev.twofa.spring.security.TwoFactorProofs;
import dev.twofa.totp.QrCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.Serial;
import java.io.Serializable;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Profile &gt; Security, with the seed's steps and button names: Login via SMS (Add Number, Save,
 * Verify Number, Send Code, Change number, Delete number, Enable authentication), the authenticator
 * app (Connect device, Display QR Code, Verify), deactivate, recovery codes and remembered devices.
 *
 * <p>Actions redirect back (post/redirect/get) with a one-time message next to the section they
 * belong to; a form whose field was wrong is shown again with the error under the field and the
 * typed value kept. Recovery codes are shown once, in the answer to the action that made them.
 *
 * <p>Thread-safe (stateless; the state is in twofa's store and the HTTP session).
 */
@Controller
@RequestMapping("/security")
public class SecurityController {

    /** The session attribute holding the pending app connection of this session. */
    static final String SETUP = SecurityController.class.getName() + ".setup";

    private final TwoFactorService twoFactor;
    private final TwoFactorProofs proofs;
    private final Customer customer;
    private final Clock clock;
    private final QrCode qr = QrCode.defaults();

    SecurityController(TwoFactorService twoFactor, TwoFactorProofs proofs, Customer customer, Clock clock) {
        this.twoFactor = twoFactor;
        this.proofs = proofs;
        this.customer = customer;
        this.clock = clock;
    }

    /** The app connection shown in this session: kept on the server, the key never goes into a URL. */
    private record Setup(String otpauthUri, String manualEntryKey, Instant expiresAt) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public String toString() {
            return "Setup[redacted, expiresAt=" + expiresAt + "]";
        }
    }

    /** A remembered device as the page lists it. */
    record DeviceRow(String id, String label, String lastUsed, String expires) {
    }

    // ------------------------------------------------------------------ the page

    @GetMapping
    String page(Principal principal, HttpServletRequest request, Model model) {
        TwoFactorStatus st = customer.status(principal);
        CustomerTime time = customer.time(request);
        model.addAttribute("st", st);
        model.addAttribute("locked", customer.locked(st));
        model.addAttribute("lockedText", st.lockedUntil() == null ? null : customer.texts(request).locked(st.lockedUntil()));
        model.addAttribute("number", st.number() == null ? null : Texts.grouped(st.number()));
        model.addAttribute("pendingNumber", st.pendingNumber() == null ? null : Texts.grouped(st.pendingNumber()));
        model.addAttribute("smsActive", st.activeMethod() == Method.SMS);
        model.addAttribute("appActive", st.activeMethod() == Method.TOTP);
        model.addAttribute("activeName", st.activeMethod() == null ? null : Texts.methodName(st.activeMethod()));
        model.addAttribute("setupPending", pendingSetup(request, st) != null);
        List<DeviceRow> devices = twoFactor.devices().list(customer.account(principal)).stream()
                .map(d -> row(d, time)).toList();
        model.addAttribute("devices", devices);
        return "security";
    }

    private static DeviceRow row(TrustedDevice d, CustomerTime time) {
        return new DeviceRow(d.id(), d.label(), time.format(d.lastUsedAt()), time.format(d.expiresAt()));
    }

    // ------------------------------------------------------------------ Login via SMS: the number

    @GetMapping("/number/add")
    String addNumberForm(Model model) {
        model.addAttribute("action", "/security/number/add");
        model.addAttribute("title", "Add Number");
        model.addAttribute("value", "");
        return "number-form";
    }

    @PostMapping("/number/add")
    String addNumber(Principal principal, HttpServletRequest request, @RequestParam(defaultValue = "") String number,
            Model model, RedirectAttributes flash) {
        return saveNumber(principal, request, number, model, flash, "/security/number/add", "Add Number",
                account -> twoFactor.addNumber(account, number, proofs.current(request).orElse(null)));
    }

    @GetMapping("/number/change")
    String changeNumberForm(Model model) {
        model.addAttribute("action", "/security/number/change");
        model.addAttribute("title", "Change number");
        model.addAttribute("value", "");
        return "number-form";
    }

    @PostMapping("/number/change")
    String changeNumber(Principal principal, HttpServletRequest request, @RequestParam(defaultValue = "") String number,
            Model model, RedirectAttributes flash) {
        return saveNumber(principal, request, number, model, flash, "/security/number/change", "Change number",
                account -> twoFactor.changeNumber(account, number, proofs.current(request).orElse(null)));
    }

    private String saveNumber(Principal principal, HttpServletRequest request, String typed, Model model,
            RedirectAttributes flash, String action, String title, Function<AccountId, ChangeResult> save) {
        ChangeResult result;
        try {
            result = save.apply(customer.account(principal));
        } catch (InvalidPhoneNumberException e) {
            model.addAttribute("action", action);
            model.addAttribute("title", title);
            model.addAttribute("value", typed);
            model.addAttribute("fieldError", Texts.numberError(e));
            return "number-form";
        }
        if (result instanceof Changed changed) {
            TwoFactorStatus st = changed.status();
            boolean verified = st.numberVerified() && st.pendingNumber() == null;
            flash.addFlashAttribute("smsNotice", verified
                    ? "Number saved. A contact person of your account has it verified, so it needs no SMS: "
                            + "you can use Enable authentication."
                    : "Number saved. Now verify it: use Verify Number and Send Code.");
            return "redirect:/security";
        }
        if (needsConfirmation((Refused) result)) {
            return "redirect:" + action; // its GET asks to confirm again
        }
        flash.addFlashAttribute("smsError", customer.texts(request).describe((Refused) result));
        return "redirect:/security";
    }

    /** Returns whether twofa refused for want of a fresh code: the page's GET then asks for one. */
    private static boolean needsConfirmation(Refused refused) {
        return refused.refusal() == Refused.Refusal.STEP_UP_REQUIRED;
    }

    @PostMapping("/number/delete")
    String deleteNumber(Principal principal, HttpServletRequest request, RedirectAttributes flash) {
        ChangeResult result = twoFactor.deleteNumber(customer.account(principal));
        if (result instanceof Changed) {
            flash.addFlashAttribute("smsNotice", "Number deleted.");
        } else {
            flash.addFlashAttribute("smsError", customer.texts(request).describe((Refused) result));
        }
        return "redirect:/security";
    }

    @GetMapping("/number/verify")
    String verifyNumberPage(Principal principal, Model model) {
        TwoFactorStatus st = customer.status(principal);
        if (st.number() == null || (st.numberVerified() && st.pendingNumber() == null)) {
            return "redirect:/security";
        }
        model.addAttribute("number", Texts.grouped(st.pendingNumber() != null ? st.pendingNumber() : st.number()));
        model.addAttribute("locked", customer.locked(st));
        return "verify-number";
    }

    @PostMapping("/number/send-code")
    String sendCode(Principal principal, HttpServletRequest request, RedirectAttributes flash) {
        SendResult result = twoFactor.sendVerificationCode(customer.account(principal));
        flash.addFlashAttribute(result instanceof SmsSent ? "notice" : "error", customer.texts(request).describe(result));
        return "redirect:/security/number/verify";
    }

    @PostMapping("/number/verify")
    String verifyNumber(Principal principal, HttpServletRequest request, @RequestParam(defaultValue = "") String code,
            RedirectAttributes flash) {
        VerifyResult result = verify(() -> twoFactor.verifyNumber(customer.account(principal), code));
        if (result instanceof Verified) {
            flash.addFlashAttribute("smsNotice", "Your number is verified. You can now use Enable authentication.");
            return "redirect:/security";
        }
        flash.addFlashAttribute("error", customer.texts(request).describe(result));
        flash.addFlashAttribute("code", code);
        return "redirect:/security/number/verify";
    }

    /** Runs a code check; a code twofa cannot read (too long, odd characters) is a wrong format, not an error page. */
    private static VerifyResult verify(Supplier<VerifyResult> check) {
        try {
            return check.get();
        } catch (InvalidInputException e) {
            return new Rejected(Rejected.Reason.MALFORMED, 0);
        }
    }

    @PostMapping("/sms/enable")
    String enableSms(Principal principal, HttpServletRequest request, Model model, RedirectAttributes flash) {
        ChangeResult result = twoFactor.enableSms(customer.account(principal));
        if (result instanceof Changed changed) {
            proofs.methodTurnedOn(request, changed); // this session just turned it on: no code at the next page
            return recoveryCodesPage(model, changed.newRecoveryCodes(),
                    "Login via SMS is on. From your next login on, we send a code to your number every time you log in.");
        }
        flash.addFlashAttribute("smsError", customer.texts(request).describe((Refused) result));
        return "redirect:/security";
    }

    // ------------------------------------------------------------------ the authenticator app

    @PostMapping("/app/start")
    String connectDevice(Principal principal, HttpServletRequest request, RedirectAttributes flash) {
        StartTotpResult result = twoFactor.startTotp(customer.account(principal), principal.getName());
        if (result instanceof TotpSetup setup) {
            request.getSession().setAttribute(SETUP, new Setup(setup.otpauthUri(), setup.manualEntryKey(), setup.expiresAt()));
            return "redirect:/security/app";
        }
        flash.addFlashAttribute("appError", customer.texts(request).describe((Refused) result));
        return "redirect:/security";
    }

    @GetMapping("/app")
    String connectPage(Principal principal, HttpServletRequest request, Model model, RedirectAttributes flash) {
        TwoFactorStatus st = customer.status(principal);
        Setup setup = pendingSetup(request, st);
        if (setup == null) {
            request.getSession().removeAttribute(SETUP);
            if (st.activeMethod() != Method.TOTP) {
                flash.addFlashAttribute("appError", "Connecting took too long or was replaced. Start again with Connect device.");
            }
            return "redirect:/security";
        }
        model.addAttribute("qr", qr.pngDataUri(setup.otpauthUri()));
        model.addAttribute("otpauth", setup.otpauthUri());
        model.addAttribute("manualKey", groupsOfFour(setup.manualEntryKey()));
        model.addAttribute("until", customer.time(request).format(setup.expiresAt()));
        model.addAttribute("locked", customer.locked(st));
        return "connect-device";
    }

    /** Groups a key in fours, {@code ABCD EFGH ...}, whatever grouping it came with. */
    static String groupsOfFour(String key) {
        String plain = key.replace(" ", "").replace("-", "");
        StringBuilder b = new StringBuilder(plain.length() + plain.length() / 4);
        for (int i = 0; i < plain.length(); i++) {
            if (i > 0 && i % 4 == 0) {
                b.append(' ');
            }
            b.append(plain.charAt(i));
        }
        return b.toString();
    }

    /**
     * Returns the session's setup if it is still the account's pending one: not confirmed, not
     * dropped, not replaced by a later Connect device, not expired.
     */
    private Setup pendingSetup(HttpServletRequest request, TwoFactorStatus st) {
        HttpSession session = request.getSession(false);
        Setup setup = session == null ? null : (Setup) session.getAttribute(SETUP);
        return setup != null && st.activeMethod() == null && setup.expiresAt().equals(st.totpPendingUntil())
                && clock.instant().isBefore(setup.expiresAt()) ? setup : null;
    }

    @PostMapping("/app/verify")
    String verifyApp(Principal principal, HttpServletRequest request, @RequestParam(defaultValue = "") String code,
            Model model, RedirectAttributes flash) {
        VerifyResult result = verify(() -> twoFactor.confirmTotp(customer.account(principal), code));
        if (result instanceof Verified verified) {
            request.getSession().removeAttribute(SETUP);
            verified.proofIfAny().ifPresent(p -> proofs.store(request, p));
            return recoveryCodesPage(model, verified.newRecoveryCodes(),
                    "Your authenticator app is connected. Every login now asks for the code it shows.");
        }
        flash.addFlashAttribute("error", customer.texts(request).describe(result));
        if (result instanceof Expired || result instanceof Refused) {
            request.getSession().removeAttribute(SETUP);
            return "redirect:/security";
        }
        return "redirect:/security/app";
    }

    // ------------------------------------------------------------------ deactivate, recovery codes, devices

    @GetMapping("/deactivate")
    String deactivatePage(Principal principal, Model model) {
        TwoFactorStatus st = customer.status(principal);
        if (st.activeMethod() == null) {
            return "redirect:/security";
        }
        model.addAttribute("activeName", Texts.methodName(st.activeMethod()));
        model.addAttribute("recoveryCodesLeft", st.recoveryCodesLeft());
        return "deactivate";
    }

    @PostMapping("/deactivate")
    String deactivate(Principal principal, HttpServletRequest request, RedirectAttributes flash) {
        AccountId account = customer.account(principal);
        Method active = twoFactor.status(account).activeMethod();
        ChangeResult result = twoFactor.deactivate(account, proofs.current(request).orElse(null));
        if (result instanceof Changed changed) {
            String name = active == null ? "Two-factor authentication" : capitalize(Texts.methodName(active));
            flash.addFlashAttribute("notice", name + " is off. "
                    + (changed.recoveryCodesDropped() > 0
                            ? "Your " + changed.recoveryCodesDropped() + " unused recovery codes were deleted; "
                                    + "you get new ones when you turn a method on again."
                            : "You had no unused recovery codes left.")
                    + " Remembered devices were forgotten.");
            return "redirect:/security";
        }
        if (needsConfirmation((Refused) result)) {
            return "redirect:/security/deactivate";
        }
        flash.addFlashAttribute("error", customer.texts(request).describe((Refused) result));
        return "redirect:/security";
    }

    @GetMapping("/recovery-codes")
    String recoveryCodesForm(Principal principal, Model model) {
        TwoFactorStatus st = customer.status(principal);
        if (st.activeMethod() == null) {
            return "redirect:/security";
        }
        model.addAttribute("recoveryCodesLeft", st.recoveryCodesLeft());
        return "new-recovery-codes";
    }

    @PostMapping("/recovery-codes")
    String newRecoveryCodes(Principal principal, HttpServletRequest request, Model model, RedirectAttributes flash) {
        RecoveryCodesResult result = twoFactor.generateRecoveryCodes(customer.account(principal),
                proofs.current(request).orElse(null));
        if (result instanceof RecoveryCodes codes) {
            return recoveryCodesPage(model, codes, "Here are your new recovery codes. The old ones no longer work.");
        }
        if (needsConfirmation((Refused) result)) {
            return "redirect:/security/recovery-codes";
        }
        flash.addFlashAttribute("error", customer.texts(request).describe((Refused) result));
        return "redirect:/security";
    }

    private static String recoveryCodesPage(Model model, RecoveryCodes codes, String headline) {
        model.addAttribute("headline", headline);
        model.addAttribute("codes", codes == null ? List.of() : codes.codes());
        return "recovery-codes";
    }

    @PostMapping("/devices/forget")
    String forgetDevice(Principal principal, HttpServletRequest request, @RequestParam(defaultValue = "") String id,
            RedirectAttributes flash) {
        ChangeResult result = twoFactor.devices().revoke(customer.account(principal), id);
        if (result instanceof Changed) {
            flash.addFlashAttribute("devicesNotice", "The device is forgotten: its next login asks for a code again.");
        } else {
            flash.addFlashAttribute("devicesError", customer.texts(request).describe((Refused) result));
        }
        return "redirect:/security";
    }

    @PostMapping("/devices/forget-all")
    String forgetAllDevices(Principal principal, RedirectAttributes flash) {
        twoFactor.devices().revokeAll(customer.account(principal));
        flash.addFlashAttribute("devicesNotice", "All devices are forgotten: every login asks for a code again.");
        return "redirect:/security";
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
