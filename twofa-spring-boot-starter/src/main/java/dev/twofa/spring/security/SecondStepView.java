package dev.twofa.spring.security;

import dev.twofa.core.Method;
import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;

/**
 * What the second-step page shows, for a host's own page ({@link
 * TwoFactorConfigurer#secondStepPage(String)}): the request attribute {@value #ATTRIBUTE} holds it
 * on every GET of that page. The texts are plain customer language, ready to show; the page posts
 * to {@link #postUrl()} with the fields {@code code} or {@code recoveryCode}, the checkbox {@code
 * rememberDevice} (when {@link #rememberDeviceOffered()}), or {@code resend} (send a text
 * message), and Spring Security's CSRF token. A GET never sends a text message except the first
 * GET of a login's second step; a confirmation sends one only when the customer asks ({@code
 * resend}).
 *
 * @param mode a login, or a confirmation before a sensitive operation
 * @param method the account's active method ({@code null} if none is on any more)
 * @param maskedNumber the number a text message goes to, masked ({@code +420 *** *** 456}), or null
 * @param instruction what to do, such as "Enter the code from your authenticator app."
 * @param message what just happened (a wrong code, a new code sent...), or null
 * @param attemptsLeft how many wrong codes are left before codes are blocked, or null if not known
 * @param codeForm whether to ask for a code (false while codes are blocked, or no text message
 *     could be sent)
 * @param recoveryCodeOffered whether to offer a recovery code instead (false while codes are blocked)
 * @param resendOffered whether to offer to send a text message (a POST with {@code resend}): a new
 *     code when {@code codeForm}, else the first one ("Send code": a confirmation, or a login after a
 *     lock ended, sends nothing before the customer asks)
 * @param rememberDeviceOffered whether to offer "Remember this device"
 * @param postUrl where the form posts, context path included
 *     <p>Immutable and thread-safe.
 */
public record SecondStepView(Mode mode, Method method, String maskedNumber, String instruction, String message,
        Integer attemptsLeft, boolean codeForm, boolean recoveryCodeOffered, boolean resendOffered, boolean rememberDeviceOffered, String postUrl)
        implements Serializable {

    /** The request attribute that holds the view on a GET of the second-step page. */
    public static final String ATTRIBUTE = "twofaSecondStep";

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Checks the view.
     *
     * @throws NullPointerException if {@code mode}, {@code instruction} or {@code postUrl} is null
     */
    public SecondStepView {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(instruction, "instruction");
        Objects.requireNonNull(postUrl, "postUrl");
    }

    /** Why the second step is asked for. */
    public enum Mode {
        /** The second step of a login, after the password. */
        LOGIN,
        /** Confirming again with a code before a sensitive operation. */
        CONFIRM
    }

    SecondStepView withMessage(String newMessage, Integer newAttemptsLeft) {
        return new SecondStepView(mode, method, maskedNumber, instruction, newMessage, newAttemptsLeft, codeForm,
                recoveryCodeOffered, resendOffered, rememberDeviceOffered, postUrl);
    }

    SecondStepView locked(String lockMessage) {
        return new SecondStepView(mode, method, maskedNumber, lockMessage, null, null, false, false, false, false, postUrl);
    }
}
