package dev.twofa.spring.security;

import dev.twofa.core.AccountId;
import dev.twofa.core.Changed;
import dev.twofa.core.Proof;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * Keeps the session's {@link Proof} (from the second step of the login, a confirmation, or a call
 * such as {@code confirmTotp}) for the {@code TwoFactorService} calls that need one ({@code
 * deactivate}, {@code changeNumber}, {@code generateRecoveryCodes}, {@code addNumber} while a method
 * is on, {@code devices().remember}). The proof lives in the HTTP session, bound to the account it
 * was made for: after a login as someone else in the same session it is no longer given out.
 *
 * <pre>{@code
 * ChangeResult result = service.deactivate(account, proofs.current(request).orElse(null));
 * }</pre>
 *
 * <p>Thread-safety: immutable and thread-safe; the session attribute it keeps is replaced whole.
 */
public class TwoFactorProofs {

    /** The HTTP session attribute that holds the proof. */
    static final String ATTRIBUTE = TwoFactorProofs.class.getName() + ".PROOF";

    private static final AuthenticationTrustResolver TRUST = new AuthenticationTrustResolverImpl();

    private final TwoFactorAccounts accounts;
    private final SecurityContextHolderStrategy holder;

    /**
     * Creates the proofs of the users {@code accounts} maps, read from {@link
     * SecurityContextHolder}'s strategy.
     *
     * @param accounts how a user maps to an account
     * @throws NullPointerException if {@code accounts} is null
     */
    public TwoFactorProofs(TwoFactorAccounts accounts) {
        this(accounts, SecurityContextHolder.getContextHolderStrategy());
    }

    /**
     * Creates the proofs of the users {@code accounts} maps, read from the given strategy.
     *
     * @param accounts how a user maps to an account
     * @param holder where the current authentication is read
     * @throws NullPointerException if an argument is null
     */
    public TwoFactorProofs(TwoFactorAccounts accounts, SecurityContextHolderStrategy holder) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.holder = Objects.requireNonNull(holder, "holder");
    }

    /**
     * Returns the proof this session holds for the logged-in user's account. Whether it is still
     * live (it ends after the service's {@code stepUpValidity} and with its factor) the service
     * decides when it is used.
     *
     * @param request the current request
     * @return the proof, or empty if the session has none, no user is logged in, or the proof was
     *     made for another account
     */
    public Optional<Proof> current(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Optional<AccountId> account = account();
        if (session == null || account.isEmpty()
                || !(session.getAttribute(ATTRIBUTE) instanceof HeldProof held)
                || !held.account().equals(account.get().value())) {
            return Optional.empty();
        }
        return Optional.of(Proof.of(held.proof()));
    }

    /**
     * Keeps a new proof for the logged-in user's account in the session, replacing the one before,
     * and, in a filter chain with {@link TwoFactorConfigurer}, adds the factor authority of the
     * account's active method with the time now to the session's authentication (the session id
     * changes): a customer who just connected an app ({@code confirmTotp}) or confirmed on a page of
     * the host's own ({@code stepUp}) is not asked for a code again. Call it only with a proof a
     * proving call of the service returned in this request.
     *
     * @param request the current request
     * @param proof the proof a proving call of the service just returned
     * @throws NullPointerException if {@code proof} is null
     * @throws IllegalStateException if no user is logged in
     */
    public void store(HttpServletRequest request, Proof proof) {
        keep(request, proof);
        if (request.getAttribute(SecondStep.ATTRIBUTE) instanceof SecondStep step) {
            step.grantActiveMethod(request);
        }
    }

    /**
     * Tells the session that its user just turned a method on without a proof ({@code enableSms},
     * after verifying the number with a code): in a filter chain with {@link TwoFactorConfigurer}
     * {@link TwoFactorAuthorities#TURNED_ON} is added with the time now (the session id changes), so
     * the customer is not asked for a code at the next page. It counts as the second step of this
     * login, not as a recent code: a sensitive operation still asks for one (the service needs a
     * proof for those). It takes the service's {@code Changed} result of turning the method on, so
     * a refused call (a {@code Refused}) cannot be passed:
     *
     * <pre>{@code
     * if (twoFactor.enableSms(account) instanceof Changed changed) {
     *     proofs.methodTurnedOn(request, changed);
     * }
     * }</pre>
     *
     * @param request the current request
     * @param turnedOn the result of turning the method on in this request
     * @throws IllegalStateException if no user is logged in
     * @throws IllegalArgumentException if {@code turnedOn} did not turn a method on (no method active
     *     in it, or no fresh recovery codes, which turning a method on always makes)
     * @throws NullPointerException if {@code turnedOn} is null
     */
    public void methodTurnedOn(HttpServletRequest request, Changed turnedOn) {
        Objects.requireNonNull(turnedOn, "turnedOn");
        if (turnedOn.status().activeMethod() == null || turnedOn.newRecoveryCodes() == null) {
            throw new IllegalArgumentException("the change did not turn a method on");
        }
        account().orElseThrow(() -> new IllegalStateException("no user is logged in"));
        if (request.getAttribute(SecondStep.ATTRIBUTE) instanceof SecondStep step) {
            step.grantTurnedOn(request);
        }
    }

    /** Keeps the proof only; the second step grants the factor itself. */
    void keep(HttpServletRequest request, Proof proof) {
        Objects.requireNonNull(proof, "proof");
        AccountId account = account().orElseThrow(() -> new IllegalStateException("no user is logged in"));
        request.getSession().setAttribute(ATTRIBUTE, new HeldProof(account.value(), proof.value()));
    }

    /**
     * Removes the session's proof, if any.
     *
     * @param request the current request
     */
    public void clear(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(ATTRIBUTE);
        }
    }

    private Optional<AccountId> account() {
        Authentication authentication = holder.getContext().getAuthentication();
        if (!TRUST.isAuthenticated(authentication)) {
            return Optional.empty();
        }
        return Optional.of(accounts.account(authentication));
    }

    @Override
    public String toString() {
        return "TwoFactorProofs[" + accounts + "]";
    }

    /** The session's proof and its account, serializable for session stores. */
    private record HeldProof(String account, String proof) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public String toString() {
            return "HeldProof[redacted]";
        }
    }
}
