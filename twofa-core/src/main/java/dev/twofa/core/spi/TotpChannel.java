package dev.twofa.core.spi;

import dev.twofa.core.Secret;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Makes TOTP secrets, checks codes and builds provisioning URIs; implemented by twofa-totp
 * ({@code dev.twofa.totp.Totp}).
 *
 * <p>Thread-safety: implementations must be thread-safe.
 */
public interface TotpChannel {

    /**
     * Returns the number of digits of a code.
     *
     * @return digits per code
     */
    int codeDigits();

    /**
     * Returns how many time steps one check accepts (the window, such as 3 for one step back and
     * one ahead); the guessing-chance check at build time uses it.
     *
     * @return accepted codes per try
     */
    int acceptedCodesPerTry();

    /**
     * Makes a new random secret (SecureRandom).
     *
     * @return the secret
     */
    Secret newSecret();

    /**
     * Checks a code over the whole window in constant time (no early exit, and the time taken does
     * not depend on whether, where or how often the code matched) and returns the time step the
     * caller's replay check needs. When several steps of the window match (neighbouring steps share
     * a 6-digit code about once in a million), one above the watermark wins: the result is the
     * lowest matching step greater than {@code lastAcceptedStep} if there is one, otherwise the
     * highest matching step (then at or below {@code lastAcceptedStep}, so the caller refuses it as
     * a replay). The caller accepts only a step above {@code lastAcceptedStep} and stores it as the
     * new watermark.
     *
     * @param secret the raw secret
     * @param code exactly {@link #codeDigits()} ASCII digits
     * @param now the current time
     * @param lastAcceptedStep the replay watermark: the last time step accepted, or -1 if none was
     * @return the selected matching time step, or empty if no step of the window matched
     */
    OptionalLong verify(Secret secret, String code, Instant now, long lastAcceptedStep);

    /**
     * Returns the {@code otpauth://totp/...} URI an authenticator app scans.
     *
     * @param secret the raw secret
     * @param accountName the name the app shows for the account, such as an e-mail address
     * @return the provisioning URI (secret inside: never log it)
     */
    String provisioningUri(Secret secret, String accountName);

    /**
     * Returns the secret as typed by hand into an app: Base32 in groups of four.
     *
     * @param secret the raw secret
     * @return the manual-entry key (secret: never log it)
     */
    String manualEntryKey(Secret secret);
}
