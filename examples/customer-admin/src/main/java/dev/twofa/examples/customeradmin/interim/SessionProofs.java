package dev.twofa.examples.customeradmin.interim;

import dev.twofa.core.Proof;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.Serial;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The session's proof of the second step (what the starter's {@code TwoFactorProofs} does, with the
 * same methods): kept in the HTTP session on the server, never sent to the browser.
 *
 * <p>Thread-safe.
 */
@Component
public class SessionProofs {

    private static final String ATTRIBUTE = SessionProofs.class.getName();

    /** A proof and when it was made; in the session, so serializable (the value only). */
    private record Held(String value, Instant at) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public String toString() {
            return "Held[redacted, at=" + at + "]";
        }
    }

    private final Clock clock;

    SessionProofs(Clock clock) {
        this.clock = clock;
    }

    /**
     * Returns the proof of this session.
     *
     * @param request the request
     * @return the proof, or empty
     */
    public Optional<Proof> current(HttpServletRequest request) {
        return held(request).map(h -> Proof.of(h.value()));
    }

    /**
     * Keeps a new proof for this session.
     *
     * @param request the request
     * @param proof the proof
     */
    public void store(HttpServletRequest request, Proof proof) {
        request.getSession().setAttribute(ATTRIBUTE, new Held(proof.value(), clock.instant()));
    }

    /** Returns whether the session proved the second step within the duration. */
    boolean recent(HttpServletRequest request, Duration within) {
        return held(request).filter(h -> !h.at().plus(within).isBefore(clock.instant())).isPresent();
    }

    private static Optional<Held> held(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? Optional.empty()
                : Optional.ofNullable((Held) session.getAttribute(ATTRIBUTE)).filter(Objects::nonNull);
    }
}
