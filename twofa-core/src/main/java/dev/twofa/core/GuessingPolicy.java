package dev.twofa.core;

/**
 * The chance that an attacker guesses a code before the second factor is locked for good, as
 * checked when a {@link TwoFactorService} is built (SECURITY requirement 26).
 *
 * <p>One try accepts {@code k} codes out of 10^digits (k = 3 for a TOTP window of one step back
 * and one ahead, 1 for SMS). Temporary locks only slow an attacker down: the count goes on across
 * them, and only at {@link LockoutPolicy#permanentLockAfter()} failed tries does the factor stay
 * locked until the host resets it. So the figure covers that whole horizon: the chance is {@code 1 -
 * (1 - k / 10^digits)^permanentLockAfter}. With the defaults (30 tries): TOTP 6 digits, window 3
 * gives about 9.0e-5 (1 in 11,112); SMS 6 digits gives 3.0e-5 (1 in 33,334).
 *
 * <p>Thread-safe (stateless).
 */
public final class GuessingPolicy {

    /** The highest chance up to the permanent lock a service may be built with: 1 in 10,000. */
    public static final double MAX_CHANCE = 1e-4;

    private GuessingPolicy() {
    }

    /**
     * Returns the chance of a successful guess within a number of failed tries.
     *
     * @param digits digits per code
     * @param acceptedCodesPerTry how many codes one try accepts
     * @param triesPerPeriod failed tries allowed (up to the permanent lock)
     * @return the chance, 0 to 1
     * @throws IllegalArgumentException if an argument is not positive or digits exceed 18
     */
    public static double chance(int digits, int acceptedCodesPerTry, int triesPerPeriod) {
        if (digits < 1 || digits > 18 || acceptedCodesPerTry < 1 || triesPerPeriod < 1) {
            throw new IllegalArgumentException("digits (1-18), accepted codes and tries must be positive: "
                    + digits + ", " + acceptedCodesPerTry + ", " + triesPerPeriod);
        }
        double perTry = Math.min(1.0, acceptedCodesPerTry / Math.pow(10, digits));
        return -Math.expm1(triesPerPeriod * Math.log1p(-perTry));
    }
}
