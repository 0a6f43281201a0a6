package dev.twofa.examples.web;

import dev.twofa.core.Proof;
import dev.twofa.core.TotpSetup;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-side sessions: a random id in an {@code HttpOnly; SameSite=Strict} cookie, a CSRF token per
 * session, and what the pages need between requests. Ids and tokens are 256 bits from {@link
 * SecureRandom}; a session ends after {@link #IDLE} without a request.
 *
 * <p>Thread-safe; a {@link Session}'s fields are guarded by the session itself.
 */
final class Sessions {

    /** Name of the session cookie. */
    static final String COOKIE = "twofa_session";
    /** Idle time after which a session ends. */
    static final Duration IDLE = Duration.ofMinutes(30);
    /** Sessions kept at most; the server refuses new visitors beyond (a demo, not a fortress). */
    static final int MAX_SESSIONS = 10_000;

    /** One visitor's session. Fields are guarded by the session's monitor. */
    static final class Session {
        final String id;
        final String csrf;
        Instant lastSeen;
        /** The logged-in user, or null. */
        String user;
        /** The user whose password was right and whose second step is pending, or null. */
        String pendingUser;
        /** What the second step asks for, shown on the code page. */
        String loginPrompt;
        /** Whether the second step is by SMS (the code page then offers a new SMS). */
        boolean smsLogin;
        /** A message for the next page, shown once. */
        String flash;
        boolean flashIsError;
        /** A pending app enrollment to show on the QR page; holds the secret, never leaves the server. */
        TotpSetup setup;
        /** This session's proof of the second factor (from its login or a confirmation), or null. */
        Proof proof;

        private Session(String id, String csrf, Instant now) {
            this.id = id;
            this.csrf = csrf;
            this.lastSeen = now;
        }

        /** Returns whether the token is this session's CSRF token, comparing in constant time. */
        boolean csrfMatches(String token) {
            return token != null && MessageDigest.isEqual(csrf.getBytes(StandardCharsets.US_ASCII),
                    token.getBytes(StandardCharsets.UTF_8));
        }

        void flash(String message, boolean error) {
            this.flash = message;
            this.flashIsError = error;
        }

        @Override
        public String toString() {
            return "Session[user=" + user + ", pendingUser=" + pendingUser + "]"; // no id, no token
        }
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    Sessions(Clock clock) {
        this.clock = clock;
    }

    /** Returns the live session with this id, touching it, or null. */
    Session find(String id) {
        if (id == null) {
            return null;
        }
        Session s = sessions.get(id);
        Instant now = clock.instant();
        if (s == null) {
            return null;
        }
        synchronized (s) {
            if (now.isAfter(s.lastSeen.plus(IDLE))) {
                sessions.remove(id, s);
                return null;
            }
            s.lastSeen = now;
        }
        return s;
    }

    /** Creates a session with fresh id and CSRF token; ends {@code old} if given (against fixation). */
    Session create(Session old) {
        if (old != null) {
            sessions.remove(old.id, old);
        }
        Instant now = clock.instant();
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.values().removeIf(s -> now.isAfter(s.lastSeen.plus(IDLE)));
            if (sessions.size() >= MAX_SESSIONS) {
                throw new IllegalStateException("too many sessions");
            }
        }
        Session s = new Session(token(), token(), now);
        sessions.put(s.id, s);
        return s;
    }

    /** Ends the session. */
    void end(Session s) {
        sessions.remove(s.id, s);
    }

    /** Returns the {@code Set-Cookie} value carrying the session's id. */
    static String cookie(Session s) {
        // A host behind HTTPS adds "Secure" (and may name the cookie "__Host-..."); the demo runs on
        // plain http://127.0.0.1, where a Secure cookie would not come back from every client.
        return COOKIE + "=" + s.id + "; Path=/; HttpOnly; SameSite=Strict";
    }

    /** Returns the session id in a {@code Cookie} request header, or null. */
    static String idFrom(Iterable<String> cookieHeaders) {
        if (cookieHeaders == null) {
            return null;
        }
        for (String header : cookieHeaders) {
            for (String pair : header.split(";")) {
                String p = pair.trim();
                if (p.startsWith(COOKIE + "=")) {
                    return p.substring(COOKIE.length() + 1);
                }
            }
        }
        return null;
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
