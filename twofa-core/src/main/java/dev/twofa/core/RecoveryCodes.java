package dev.twofa.core;

import java.util.List;

/**
 * New recovery codes, to show the customer once; only their salted PBKDF2 hashes are stored and
 * the earlier codes no longer work. Each code is single use and carries about 59 bits (12
 * characters from a 31-character alphabet without look-alikes), shown as {@code xxxx-xxxx-xxxx}.
 *
 * @param codes the codes; {@link #toString()} redacts them
 *     <p>Immutable and thread-safe.
 */
public record RecoveryCodes(List<String> codes) implements RecoveryCodesResult {

    /** Copies the list. */
    public RecoveryCodes {
        codes = List.copyOf(codes);
    }

    /** Returns a text with the number of codes only. */
    @Override
    public String toString() {
        return "RecoveryCodes[" + codes.size() + " codes, redacted]";
    }
}
