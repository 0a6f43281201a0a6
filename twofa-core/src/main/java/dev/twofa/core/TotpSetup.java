package dev.twofa.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A pending TOTP enrollment to show the customer: the provisioning URI for the QR code (render it
 * with twofa-totp's {@code QrCode}) and the key for manual entry. Confirm it with {@link
 * TwoFactorService#confirmTotp(AccountId, String)} before {@code expiresAt}.
 *
 * <p>Both strings hold the secret: show them to the customer only, never log or cache them, and
 * send the page with {@code Cache-Control: no-store}. {@link #toString()} redacts them.
 *
 * @param otpauthUri the {@code otpauth://totp/...} URI
 * @param manualEntryKey the Base32 secret in groups of four
 * @param expiresAt when the pending secret expires
 *     <p>Immutable and thread-safe.
 */
public record TotpSetup(String otpauthUri, String manualEntryKey, Instant expiresAt) implements StartTotpResult {

    /** Validates the components are present. */
    public TotpSetup {
        Objects.requireNonNull(otpauthUri, "otpauthUri");
        Objects.requireNonNull(manualEntryKey, "manualEntryKey");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Returns a text without the URI and key. */
    @Override
    public String toString() {
        return "TotpSetup[otpauthUri=(redacted), manualEntryKey=(redacted), expiresAt=" + expiresAt + "]";
    }
}
