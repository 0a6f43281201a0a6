package dev.twofa.core;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The trusted devices ("remember this device") of a {@link TwoFactorService}'s accounts, from
 * {@link TwoFactorService#devices()}: a device remembered after a successful second step logs in
 * without one ({@link TwoFactorService#beginLogin(AccountId, DeviceToken)}) until its token expires
 * or is revoked. Tokens are 256 random bits handed to the device once; the store keeps only a hash
 * bound to the account, compared in constant time.
 *
 * <p>Immutable and thread-safe.
 */
public final class TrustedDevices {

    private final ProfileUpdates updates;
    private final DeviceRules devices;
    private final Clock clock;
    private final SecureRandom random;

    TrustedDevices(ProfileUpdates updates, DeviceRules devices, Clock clock, SecureRandom random) {
        this.updates = updates;
        this.devices = devices;
        this.clock = clock;
        this.random = random;
    }

    /**
     * Remembers the device of a session that just passed the second step ("remember this device"),
     * so that its later logins skip it ({@link TwoFactorService#beginLogin(AccountId, DeviceToken)}) until {@link
     * TwoFactorServiceBuilder#trustedDeviceValidity(Duration)} has passed (default {@value
     * TwoFactorServiceBuilder#DEFAULT_TRUSTED_DEVICE_DAYS} days). Needs the session's live {@link
     * Proof}; one proof remembers one device (while that device is trusted, the same proof is
     * refused with {@code DEVICE_ALREADY_REMEMBERED}, so a session taken over for its five minutes
     * cannot hand out tokens for many devices). Past {@link
     * TwoFactorServiceBuilder#maxTrustedDevices(int)} devices the oldest is dropped. All trusted devices are revoked when the method is turned off or switched, the number
     * changes, a recovery code is used, or support resets the account.
     *
     * @param account the account
     * @param proof the session's proof (from {@link TwoFactorService#completeLogin} and the like), or null
     * @param label what the Security page shows for the device, such as {@code "Firefox on
     *     Windows"}: 1 to {@value TrustedDevice#MAX_LABEL} characters, no control characters
     * @return {@link DeviceRemembered} with the token to hand to the device once, or {@link Refused}
     *     with {@code NO_ACTIVE_METHOD}, {@code STEP_UP_REQUIRED} or {@code DEVICE_ALREADY_REMEMBERED}
     * @throws InvalidInputException if the label is unusable; nothing is changed
     * @throws StoreException if the store fails
     */
    public RememberDeviceResult remember(AccountId account, Proof proof, String label) {
        TwoFactorService.requireAccount(account);
        PlainText.check("label", label, TrustedDevice.MAX_LABEL);
        DeviceToken token = DeviceToken.random(random);
        Secret hash = token.hash(account);
        Instant now = clock.instant();
        return updates.update(account, p -> devices.remember(p, proof, label, hash, token, now));
    }

    /**
     * Returns the account's trusted devices, oldest first, for the Security page: labels and times,
     * never a token. Reads only.
     *
     * @param account the account
     * @return the devices whose tokens still work
     * @throws StoreException if the store fails
     */
    public List<TrustedDevice> list(AccountId account) {
        return devices.list(updates.load(TwoFactorService.requireAccount(account)), clock.instant());
    }

    /**
     * Returns the trusted device a token belongs to, such as to mark "this device" in {@link
     * #list(AccountId)} for the browser that sent it. Reads only: unlike {@link
     * TwoFactorService#beginLogin(AccountId, DeviceToken)} it records no use and emits no event, and
     * it does not say whether a login would skip the second step now (a locked account or one
     * without an active method still needs it). Every stored hash is compared, in constant time.
     *
     * @param account the account
     * @param token the token the device sent, or null
     * @return the device, if the token belongs to one of the account's trusted devices
     * @throws StoreException if the store fails
     */
    public Optional<TrustedDevice> find(AccountId account, DeviceToken token) {
        TwoFactorService.requireAccount(account);
        if (token == null) {
            return Optional.empty();
        }
        return devices.find(updates.load(account), token.hash(account), clock.instant());
    }

    /**
     * Revokes one trusted device: its token no longer skips the second step, on any node.
     *
     * @param account the account
     * @param deviceId the device's {@link TrustedDevice#id()}
     * @return {@link Changed}, or {@link Refused} with {@code NO_SUCH_DEVICE}
     * @throws InvalidInputException if the id is null
     * @throws StoreException if the store fails
     */
    public ChangeResult revoke(AccountId account, String deviceId) {
        TwoFactorService.requireAccount(account);
        if (deviceId == null) {
            throw new InvalidInputException("deviceId must not be null");
        }
        Instant now = clock.instant();
        return updates.update(account, p -> devices.revoke(p, deviceId, now));
    }

    /**
     * Revokes every trusted device of the account ("sign out other devices" for the second step).
     *
     * @param account the account
     * @return {@link Changed} (also when none was trusted)
     * @throws StoreException if the store fails
     */
    public ChangeResult revokeAll(AccountId account) {
        Instant now = clock.instant();
        return updates.update(TwoFactorService.requireAccount(account), p -> devices.revokeAll(p, now));
    }

    /** Returns a description without tokens. */
    @Override
    public String toString() {
        return "TrustedDevices[" + updates + "]";
    }
}
