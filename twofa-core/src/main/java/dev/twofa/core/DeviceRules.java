package dev.twofa.core;

import dev.twofa.core.spi.TwoFactorProfile;
import dev.twofa.core.spi.TwoFactorProfile.StoredDevice;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The rules of trusted devices ("remember this device"), as pure functions like {@link
 * SecurityRules}:
 *
 * <ul>
 *   <li>a device is remembered only right after a second step: with the session's live proof, while
 *       a method is active; one proof remembers one device (its id is derived from the proof, so
 *       while that device is trusted the proof cannot remember another);
 *   <li>a token works while it has not expired, the account is not locked and a method is active;
 *       its hash covers the account, and every stored hash is compared (constant time, no early
 *       exit);
 *   <li>at most {@code max} devices: remembering one more drops the oldest; expired ones are
 *       dropped at every write;
 *   <li>every change of the factor revokes them all ({@link #revokeAll(TwoFactorProfile, List,
 *       Instant)}, called by {@link SecurityRules}).
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
final class DeviceRules {

    private final SecurityRules rules;
    private final Duration validity;
    private final int max;

    DeviceRules(SecurityRules rules, Duration validity, int max) {
        this.rules = rules;
        this.validity = validity;
        this.max = max;
    }

    Step<RememberDeviceResult> remember(TwoFactorProfile p, Proof proof, String label, Secret tokenHash,
            DeviceToken token, Instant now) {
        if (p.activeMethod() == null) {
            return Step.of(SecurityRules.refusal(p, Refused.Refusal.NO_ACTIVE_METHOD, "No login method is on."));
        }
        if (!rules.hasLiveProof(p, proof, now)) {
            return Step.of(SecurityRules.refusal(p, Refused.Refusal.STEP_UP_REQUIRED,
                    "To remember this device, first confirm with a current code."));
        }
        String id = deviceId(p.account(), proof);
        if (live(p, now).stream().anyMatch(d -> d.id().equals(id))) {
            return Step.of(SecurityRules.refusal(p, Refused.Refusal.DEVICE_ALREADY_REMEMBERED,
                    "This login already remembered a device. To remember another one, log in on it."));
        }
        StoredDevice added = new StoredDevice(id, tokenHash, label, now, now, now.plus(validity));
        List<StoredDevice> kept = new ArrayList<>(live(p, now));
        kept.add(added);
        List<TwoFactorEvent> events = new ArrayList<>();
        events.add(event(TwoFactorEvent.Type.DEVICE_REMEMBERED, p, now, added));
        while (kept.size() > max) {
            events.add(event(TwoFactorEvent.Type.DEVICE_REVOKED, p, now, kept.remove(0)));   // the oldest goes
        }
        return Step.change(p.withTrustedDevices(kept), new DeviceRemembered(token, view(added)), events);
    }

    /**
     * Returns the public id of the device a proof remembers: 128 bits of SHA-256 over a domain tag,
     * the account and the proof, as 22 base64url characters. One way: the id (shown on the
     * Security page, in events and in revoke links) tells nothing of the proof.
     */
    static String deviceId(AccountId account, Proof proof) {
        byte[] digest = OpaqueValues.sha256("twofa-device-id", account.value(), proof.value()).bytes();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
    }

    /**
     * Returns the login step of a device token: {@link DeviceTrusted} with its use stored, or a
     * step with a null result when the token does not let this login skip the second step.
     */
    Step<LoginStep> login(TwoFactorProfile p, Secret tokenHash, Instant now) {
        if (p.activeMethod() == null || SecurityRules.lockedUntil(p, now) != null) {
            return Step.of(null);
        }
        List<StoredDevice> devices = p.trustedDevices();
        int found = indexOf(devices, tokenHash, now);
        if (found < 0) {
            return Step.of(null);
        }
        StoredDevice used = devices.get(found).usedAt(now);
        List<StoredDevice> next = new ArrayList<>();
        for (StoredDevice d : devices) {
            if (d == devices.get(found)) {
                next.add(used);
            } else if (live(d, now)) {
                next.add(d);
            }
        }
        return Step.change(p.withTrustedDevices(next), new DeviceTrusted(view(used)),
                List.of(event(TwoFactorEvent.Type.DEVICE_LOGIN, p, now, used)));
    }

    /** Returns the live device of a token hash, if any; reads only. */
    Optional<TrustedDevice> find(TwoFactorProfile p, Secret tokenHash, Instant now) {
        int found = indexOf(p.trustedDevices(), tokenHash, now);
        return found < 0 ? Optional.empty() : Optional.of(view(p.trustedDevices().get(found)));
    }

    /** Returns the index of the live device of a token hash, or -1; every hash is compared. */
    private int indexOf(List<StoredDevice> devices, Secret tokenHash, Instant now) {
        int found = -1;
        for (int i = 0; i < devices.size(); i++) {
            boolean match = devices.get(i).tokenHash().equals(tokenHash) & live(devices.get(i), now);
            found = match ? i : found;                      // constant time: no early exit
        }
        return found;
    }

    Step<ChangeResult> revoke(TwoFactorProfile p, String id, Instant now) {
        List<StoredDevice> kept = new ArrayList<>(p.trustedDevices());
        StoredDevice gone = kept.stream().filter(d -> d.id().equals(id) && live(d, now))
                .findFirst().orElse(null);
        if (gone == null) {
            return Step.of(SecurityRules.refusal(p, Refused.Refusal.NO_SUCH_DEVICE,
                    "This device is not remembered any more."));
        }
        kept.remove(gone);
        TwoFactorProfile next = p.withTrustedDevices(kept);
        return Step.change(next, new Changed(rules.status(next, now, PersonVouch.NOT_ASKED)),
                List.of(event(TwoFactorEvent.Type.DEVICE_REVOKED, p, now, gone)));
    }

    Step<ChangeResult> revokeAll(TwoFactorProfile p, Instant now) {
        List<TwoFactorEvent> events = new ArrayList<>();
        TwoFactorProfile next = revokeAll(p, events, now);
        return Step.change(next == p ? null : next, new Changed(rules.status(next, now, PersonVouch.NOT_ASKED)),
                events);
    }

    /** Returns the devices the Security page lists: the live ones, oldest first. */
    List<TrustedDevice> list(TwoFactorProfile p, Instant now) {
        return live(p, now).stream().map(DeviceRules::view).toList();
    }

    /**
     * Returns the profile without trusted devices (the same instance if it had none), adding the
     * {@link TwoFactorEvent.Type#DEVICES_REVOKED} event when there were live ones.
     */
    static TwoFactorProfile revokeAll(TwoFactorProfile p, List<TwoFactorEvent> events, Instant now) {
        if (p.trustedDevices().isEmpty()) {
            return p;
        }
        int live = (int) p.trustedDevices().stream().filter(d -> now.isBefore(d.expiresAt())).count();
        if (live > 0) {
            events.add(new TwoFactorEvent(TwoFactorEvent.Type.DEVICES_REVOKED, p.account(), now, p.activeMethod(),
                    null, new TwoFactorEvent.DevicesRevoked(live)));
        }
        return p.withTrustedDevices(List.of());
    }

    private List<StoredDevice> live(TwoFactorProfile p, Instant now) {
        return p.trustedDevices().stream().filter(d -> live(d, now)).toList();
    }

    static TrustedDevice view(StoredDevice d) {
        return new TrustedDevice(d.id(), d.label(), d.createdAt(), d.lastUsedAt(), d.expiresAt());
    }

    private static TwoFactorEvent event(TwoFactorEvent.Type type, TwoFactorProfile p, Instant now, StoredDevice d) {
        return new TwoFactorEvent(type, p.account(), now, p.activeMethod(), null, view(d));
    }

    /**
     * Returns whether a stored device still works: before its own expiry and within the validity
     * configured now, so a host that shortens the validity (say after an incident) shortens tokens
     * already handed out too.
     */
    private boolean live(StoredDevice d, Instant now) {
        return now.isBefore(d.expiresAt()) && now.isBefore(d.createdAt().plus(validity));
    }
}
