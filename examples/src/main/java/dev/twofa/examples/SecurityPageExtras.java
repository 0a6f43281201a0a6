package dev.twofa.examples;

import dev.twofa.core.AccountId;
import dev.twofa.core.ChangeResult;
import dev.twofa.core.Changed;
import dev.twofa.core.DeviceRemembered;
import dev.twofa.core.DeviceToken;
import dev.twofa.core.InvalidInputException;
import dev.twofa.core.LoginStep;
import dev.twofa.core.Proof;
import dev.twofa.core.RecoveryCodes;
import dev.twofa.core.TrustedDevice;
import dev.twofa.core.TwoFactorService;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The README sections "Recovery codes", "Remember this device" and "Support reset" as compiled
 * code; the README quotes the parts between the {@code README:} markers. The cookie map stands in
 * for the host's HTTP cookies.
 *
 * <p>Stateless and thread-safe.
 */
public final class SecurityPageExtras {

    private SecurityPageExtras() {
    }

    /**
     * Turns SMS login on and shows the recovery codes that come with it, once.
     *
     * @param twoFactor the service
     * @param alice the account, whose number is verified
     * @param show how the page shows the codes to the customer
     * @return the recovery codes the account has left
     */
    public static int enableSmsAndShowCodes(TwoFactorService twoFactor, AccountId alice, Consumer<List<String>> show) {
        // README:recovery-codes
        if (twoFactor.enableSms(alice) instanceof Changed on) {
            on.newRecoveryCodesIfAny().map(RecoveryCodes::codes).ifPresent(show); // shown once, never again
        }
        int left = twoFactor.status(alice).recoveryCodesLeft();  // "10 recovery codes left"
        // README:end
        return left;
    }

    /**
     * After a successful second step with "remember this device" ticked: hands the device a token.
     *
     * @param twoFactor the service
     * @param alice the account
     * @param proof the session's proof from the login
     * @param cookies the device's cookies
     */
    public static void rememberThisDevice(TwoFactorService twoFactor, AccountId alice, Proof proof,
            Map<String, String> cookies) {
        // README:remember-device
        if (twoFactor.devices().remember(alice, proof, "Firefox on Windows") instanceof DeviceRemembered r) {
            cookies.put("twofa-device", r.token().value());   // HttpOnly; Secure; SameSite=Lax; Max-Age=30 days
        }
        // README:end
    }

    /**
     * Starts the second step of a login, with the device's token if it sent one.
     *
     * @param twoFactor the service
     * @param alice the account
     * @param cookies the device's cookies
     * @return the login step
     */
    public static LoginStep beginLogin(TwoFactorService twoFactor, AccountId alice, Map<String, String> cookies) {
        // README:trusted-login
        DeviceToken token = null;
        try {
            token = cookies.containsKey("twofa-device") ? DeviceToken.of(cookies.get("twofa-device")) : null;
        } catch (InvalidInputException garbled) {
            cookies.remove("twofa-device");
        }
        LoginStep step = twoFactor.beginLogin(alice, token);   // DeviceTrusted: no code needed, log in
        // README:end
        return step;
    }

    /**
     * Lists the trusted devices on the Security page and revokes one.
     *
     * @param twoFactor the service
     * @param alice the account
     * @param label the label of the device to revoke
     * @return the devices left
     */
    public static List<TrustedDevice> revoke(TwoFactorService twoFactor, AccountId alice, String label) {
        // README:revoke-device
        for (TrustedDevice device : twoFactor.devices().list(alice)) {     // labels and times, never a token
            if (device.label().equals(label)) {
                twoFactor.devices().revoke(alice, device.id());     // or devices().revokeAll(alice)
            }
        }
        // README:end
        return twoFactor.devices().list(alice);
    }

    /**
     * The support desk resets a customer who lost the phone.
     *
     * @param twoFactor the service
     * @param customer the account
     * @return the result
     */
    public static ChangeResult supportReset(TwoFactorService twoFactor, AccountId customer) {
        // README:support-reset
        ChangeResult reset = twoFactor.resetTwoFactor(customer, "agent-17",
                "ticket 4711: phone lost, identity checked by video call");
        // the SUPPORT_RESET event carries who and why: tell the customer by e-mail
        // README:end
        return reset;
    }
}
