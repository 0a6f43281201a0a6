package dev.twofa.spring.security;

import dev.twofa.core.Method;
import java.util.Objects;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;

/**
 * Names the factor authorities twofa grants (as Spring Security's {@link FactorGrantedAuthority},
 * with the time the factor was proven) after a second step.
 *
 * <p>Thread-safety: constants and stateless functions; thread-safe.
 */
public final class TwoFactorAuthorities {

    /** Granted after a code from the authenticator app: {@value}. */
    public static final String APP = "FACTOR_TWOFA_APP";

    /** Granted after a code sent by text message: {@value}. */
    public static final String SMS = "FACTOR_TWOFA_SMS";

    /** Granted after a recovery code: {@value}. */
    public static final String RECOVERY = "FACTOR_TWOFA_RECOVERY";

    /**
     * Granted after a login on a remembered device ("Remember this device"): {@value}. It counts
     * as the second step of a login but not as a recent code for {@link
     * TwoFactorAuthorizations#recentSecondFactor(java.time.Duration)}.
     */
    public static final String DEVICE = "FACTOR_TWOFA_DEVICE";

    /**
     * Granted to the session that turned a method on without a proof ({@link
     * TwoFactorProofs#methodTurnedOn}, after {@code enableSms}): {@value}. Like {@link #DEVICE} it
     * counts as the second step of the login but not as a recent code.
     */
    public static final String TURNED_ON = "FACTOR_TWOFA_TURNED_ON";

    private static final Set<String> ALL = Set.of(APP, SMS, RECOVERY, DEVICE, TURNED_ON);

    private TwoFactorAuthorities() {
    }

    /**
     * Returns the authority a code of the given method grants.
     *
     * @param method the active method
     * @return {@link #APP} for {@link Method#TOTP}, {@link #SMS} for {@link Method#SMS}
     * @throws NullPointerException if {@code method} is null
     */
    public static String of(Method method) {
        return switch (Objects.requireNonNull(method, "method")) {
            case TOTP -> APP;
            case SMS -> SMS;
        };
    }

    /**
     * Tells whether the authentication holds any of twofa's factor authorities (a code, a recovery
     * code, a remembered device, or a method turned on in this session). Only a {@link
     * FactorGrantedAuthority} counts, as twofa grants them: a plain authority of the same name (a
     * group called {@code FACTOR_TWOFA_DEVICE} in the user store) is not a factor.
     *
     * @param authentication the authentication, or null
     * @return true if it has {@link #APP}, {@link #SMS}, {@link #RECOVERY}, {@link #DEVICE} or {@link
     *     #TURNED_ON} as a {@code FactorGrantedAuthority}
     */
    public static boolean hasSecondFactor(Authentication authentication) {
        return authentication != null && authentication.getAuthorities().stream()
                .anyMatch(a -> a instanceof FactorGrantedAuthority && ALL.contains(a.getAuthority()));
    }

}
