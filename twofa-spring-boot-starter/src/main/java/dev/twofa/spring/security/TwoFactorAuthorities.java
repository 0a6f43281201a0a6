package dev.twofa.spring.security;

import dev.twofa.core.Method;
import java.util.Objects;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
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

    private static final Set<String> ALL = Set.of(APP, SMS, RECOVERY, DEVICE);

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
     * code or a remembered device).
     *
     * @param authentication the authentication, or null
     * @return true if it has {@link #APP}, {@link #SMS}, {@link #RECOVERY} or {@link #DEVICE}
     */
    public static boolean hasSecondFactor(Authentication authentication) {
        return authentication != null
                && authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(ALL::contains);
    }

}
