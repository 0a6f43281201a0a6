package dev.twofa.core;

import dev.twofa.core.spi.ProfileStore;
import dev.twofa.core.spi.TwoFactorEventListener;
import dev.twofa.core.spi.TwoFactorProfile;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compare-and-set update loop: loads a profile, applies a pure transition, stores the result
 * only if the stored version is still the one it was derived from, and on a lost race applies the
 * transition again to the fresh profile. Events go out after the write, never for a write that
 * did not happen.
 *
 * <p>Thread-safe (holds only thread-safe collaborators).
 */
final class ProfileUpdates {

    private static final Logger LOG = LoggerFactory.getLogger(TwoFactorService.class);

    private final ProfileStore store;
    private final TwoFactorEventListener listener;
    private final int maxAttempts;

    ProfileUpdates(ProfileStore store, TwoFactorEventListener listener, int maxAttempts) {
        this.store = store;
        this.listener = listener;
        this.maxAttempts = maxAttempts;
    }

    /** Applies the transition by compare-and-set, re-applying it on a lost race; returns its result. */
    <R> R update(AccountId account, Function<TwoFactorProfile, Step<R>> transition) {
        return update(account, null, transition);
    }

    /**
     * Applies the transition by compare-and-set, first to {@code known} (a profile of this account
     * just loaded or written, so no statement is spent reading it again), then, on a lost race, to
     * the freshly loaded profile. A stale {@code known} costs one failed compare-and-set, never a
     * wrong result: the store refuses a write based on an old version.
     */
    <R> R update(AccountId account, TwoFactorProfile known, Function<TwoFactorProfile, Step<R>> transition) {
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            TwoFactorProfile current = attempt == 1 && known != null ? known : load(account);
            Step<R> step = transition.apply(current);
            if (step.next() == null) {
                emit(step.events());
                return step.result();
            }
            TwoFactorProfile next = step.next().withVersion(current.version() + 1);
            boolean saved;
            try {
                saved = store.compareAndSet(current.version(), next);
            } catch (RuntimeException e) {
                throw new StoreException("profile store failed to save account " + account, e);
            }
            if (saved) {
                emit(step.events());
                return step.result();
            }
            LOG.debug("twofa: concurrent update of account {}, attempt {}", account, attempt);
            if (attempt > 3) {
                Thread.onSpinWait();
                Thread.yield();
            }
        }
        throw new ConcurrentUpdateException("account " + account + " changed under each of "
                + maxAttempts + " attempts to update it; nothing was stored, try again");
    }

    /** Loads the account's profile (the empty one if none is stored), refusing another account's. */
    TwoFactorProfile load(AccountId account) {
        TwoFactorProfile p;
        try {
            p = store.load(account).orElseGet(() -> TwoFactorProfile.empty(account));
        } catch (TwoFactorException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreException("profile store failed to load account " + account, e);
        }
        if (p == null || !p.account().equals(account)) {
            throw new StoreException("profile store returned another account's profile for " + account, null);
        }
        return p;
    }

    /** Hands the events to the listener; a failing listener is logged and does not undo the change. */
    void emit(List<TwoFactorEvent> events) {
        for (TwoFactorEvent e : events) {
            if (e.type() == TwoFactorEvent.Type.LOCKED_OUT) {
                LOG.warn("twofa: second factor of account {} locked after repeated failures", e.account());
            } else if (LOG.isDebugEnabled()) {   // no argument array on the login path when debug is off
                LOG.debug("twofa: {} account={} method={} number={}", e.type(), e.account(), e.method(), e.maskedNumber());
            }
            try {
                listener.onEvent(e);
            } catch (RuntimeException ex) {
                LOG.warn("twofa: event listener failed on {} ({})", e.type(), ex.getClass().getName());
            }
        }
    }
}
