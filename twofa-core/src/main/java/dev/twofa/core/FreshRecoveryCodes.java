package dev.twofa.core;

import java.util.List;
import java.util.function.Supplier;

/**
 * Recovery codes made for one operation, with their hashes: what a transition stores ({@link
 * #hashes()}) and what the caller shows once ({@link #codes()}). Made lazily, at most once per
 * operation, so a compare-and-set retry stores the same codes it returns, and a wrong code costs no
 * key derivation.
 *
 * <p>Thread-safe (the codes are made under the instance's lock).
 */
final class FreshRecoveryCodes implements Supplier<FreshRecoveryCodes.Made> {

    /** The codes to show and their hashes to store. */
    record Made(RecoveryCodes codes, List<Secret> hashes) { }

    private final RecoveryCodeHasher hasher;
    private Made made;

    FreshRecoveryCodes(RecoveryCodeHasher hasher) {
        this.hasher = hasher;
    }

    @Override
    public synchronized Made get() {
        if (made == null) {
            List<String> codes = hasher.newCodes();
            made = new Made(new RecoveryCodes(codes), hasher.hashAll(codes));
        }
        return made;
    }
}
