package dev.twofa.examples.web;

import static dev.twofa.examples.web.Html.codeInput;
import static dev.twofa.examples.web.Html.esc;
import static dev.twofa.examples.web.Html.form;
import static dev.twofa.examples.web.Html.input;
import static dev.twofa.examples.web.Html.page;
import static dev.twofa.examples.web.Html.time;
import static dev.twofa.examples.web.Html.until;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.twofa.core.AccountId;
import dev.twofa.core.AppCodeRequired;
import dev.twofa.core.Changed;
import dev.twofa.core.Expired;
import dev.twofa.core.InvalidInputException;
import dev.twofa.core.LockedOut;
import dev.twofa.core.LoginStep;
import dev.twofa.core.Method;
import dev.twofa.core.NoSecondFactor;
import dev.twofa.core.RecoveryCodes;
import dev.twofa.core.RecoveryCodesResult;
import dev.twofa.core.Refused;
import dev.twofa.core.Rejected;
import dev.twofa.core.SmsNotSent;
import dev.twofa.core.SmsNumberWithdrawn;
import dev.twofa.core.SmsSent;
import dev.twofa.core.StartTotpResult;
import dev.twofa.core.Throttled;
import dev.twofa.core.TotpSetup;
import dev.twofa.core.TwoFactorService;
import dev.twofa.core.TwoFactorStatus;
import dev.twofa.core.Verified;
import dev.twofa.core.VerifyResult;
import dev.twofa.examples.web.Sessions.Session;
import dev.twofa.totp.QrCode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The pages and their routes: a small router over {@code "METHOD /path"}, the session and CSRF
 * checks every request goes through, and one method per page or action. Actions answer with a
 * redirect (303, to a fixed path: nothing from the form goes into a URL) and a one-time message;
 * pages are rendered from {@link TwoFactorService#status}.
 *
 * <p>Thread-safe: requests of one session are handled one at a time (under the session's monitor);
 * the service and the sessions are thread-safe.
 */
final class SecurityPage implements HttpHandler {

    /** Largest form body accepted, in bytes. */
    static final int MAX_BODY = 16 * 1024;
    /** The issuer shown in SMS texts and authenticator apps. */
    static final String ISSUER = "Example Hosting";

    private static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /** One page or action. */
    @FunctionalInterface
    private interface Route {
        Response handle(Request r);
    }

    /** What a route answers: a page, or a redirect to a fixed path. */
    private record Response(int status, String contentType, String body, String location) {

        static Response html(String body) {
            return new Response(200, "text/html; charset=utf-8", body, null);
        }

        static Response redirect(String path) {
            return new Response(303, "text/plain; charset=utf-8", "", path);
        }

        static Response error(int status, String message) {
            return new Response(status, "text/plain; charset=utf-8", message + "\n", null);
        }
    }

    /** A request being handled: its session (replaced at log-in and log-out) and its form. */
    private static final class Request {
        Session session;
        boolean setCookie;
        Map<String, String> form = Map.of();

        String param(String name) {
            return form.getOrDefault(name, "");
        }

        AccountId account() {
            return AccountId.of(session.user);
        }
    }

    private final TwoFactorService twoFactor;
    private final Map<String, String> passwords;
    private final Sessions sessions;
    private final Outbox outbox;
    private final Clock clock;
    private final Set<String> origins;
    private final QrCode qr = QrCode.defaults();
    private final Map<String, Route> routes = new HashMap<>();

    SecurityPage(TwoFactorService twoFactor, Map<String, String> passwords, Outbox outbox, Clock clock, int port) {
        this.twoFactor = twoFactor;
        this.passwords = Map.copyOf(passwords);
        this.outbox = outbox;
        this.clock = clock;
        this.sessions = new Sessions(clock);
        this.origins = Set.of("127.0.0.1:" + port, "localhost:" + port);

        get("/", r -> Response.redirect(r.session.user != null ? "/security" : "/login"));
        get("/login", this::loginPage);
        post("/login", this::login);
        get("/login/code", this::codePage);
        post("/login/code", r -> completeLogin(r, false));
        post("/login/recovery", r -> completeLogin(r, true));
        post("/login/resend", r -> secondStep(r, twoFactor.beginLogin(AccountId.of(r.session.pendingUser))));
        post("/logout", this::logout);
        get("/outbox", this::outboxPage);

        get("/security", this::securityPage);
        post("/security/number/add", r -> act(r, () -> twoFactor.addNumber(r.account(), r.param("number")),
                "Number saved. Verify it: send a code, then enter it."));
        post("/security/number/change", r -> act(r, () -> twoFactor.changeNumber(r.account(), r.param("number"), r.session.proof),
                "Number changed. Verify it: send a code, then enter it."));
        post("/security/number/delete", r -> act(r, () -> twoFactor.deleteNumber(r.account()), "Number deleted."));
        post("/security/number/send-code", r -> act(r, () -> twoFactor.sendVerificationCode(r.account()), null));
        post("/security/number/verify", r -> act(r, () -> twoFactor.verifyNumber(r.account(), r.param("code")),
                "The number is verified."));
        post("/security/sms/enable", r -> act(r, () -> twoFactor.enableSms(r.account()),
                "Login via SMS is on: every login now asks for a code sent to your number."));
        post("/security/app/start", this::startApp);
        get("/security/app", this::appPage);
        post("/security/app/confirm", this::confirmApp);
        post("/security/step-up/send", r -> act(r, () -> twoFactor.sendStepUpCode(r.account()), null));
        post("/security/step-up", r -> act(r, () -> twoFactor.stepUp(r.account(), r.param("code")),
                "Confirmed. For a few minutes you may deactivate, change the number or make recovery codes."));
        post("/security/step-up/recovery", r -> act(r,
                () -> twoFactor.stepUpWithRecoveryCode(r.account(), r.param("code")),
                "Confirmed with a recovery code (it is now used up)."));
        post("/security/deactivate", r -> act(r, () -> twoFactor.deactivate(r.account(), r.session.proof),
                "Two-factor login is off. You may now turn on the other method."));
        post("/security/recovery-codes", this::recoveryCodes);
    }

    private void get(String path, Route route) {
        routes.put("GET " + path, route);
    }

    private void post(String path, Route route) {
        routes.put("POST " + path, route);
    }

    // ---------------------------------------------------------------- plumbing

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            Request r = new Request();
            Response response;
            try {
                response = dispatch(exchange, r);
            } catch (RuntimeException e) {
                // The class only: messages may quote input, and input may be a code.
                System.err.println("twofa web: " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
                        + " failed: " + e.getClass().getName());
                response = Response.error(500, "Internal error.");
            }
            send(exchange, r, response);
        } finally {
            exchange.close();
        }
    }

    private Response dispatch(HttpExchange exchange, Request r) throws IOException {
        Headers headers = exchange.getRequestHeaders();
        if (!origins.contains(String.valueOf(headers.getFirst("Host")))) {
            return Response.error(400, "Unknown host."); // against DNS rebinding
        }
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        if (method.equals("GET") && path.equals("/style.css")) {
            return new Response(200, "text/css; charset=utf-8", Html.CSS, null);
        }
        Route route = routes.get(method + " " + path);
        if (route == null) {
            boolean known = routes.containsKey("GET " + path) || routes.containsKey("POST " + path);
            return known ? Response.error(405, "Method not allowed.") : Response.error(404, "Not found.");
        }
        r.session = sessions.find(Sessions.idFrom(headers.get("Cookie")));
        if (method.equals("POST")) {
            String origin = headers.getFirst("Origin");
            if (origin != null && !origins.contains(origin.replaceFirst("^http://", ""))) {
                return Response.error(403, "Forbidden: cross-site request.");
            }
            Map<String, String> form = readForm(exchange);
            if (form == null) {
                return Response.error(413, "Form too large.");
            }
            if (r.session == null || !r.session.csrfMatches(form.get("csrf"))) {
                return Response.error(403, "Forbidden: the form's security token is missing or wrong "
                        + "(or the session ended). Reload the page and try again.");
            }
            r.form = form;
        } else if (r.session == null) {
            r.session = sessions.create(null);
            r.setCookie = true;
        }
        Session s = r.session;
        synchronized (s) {
            if (path.startsWith("/security") && s.user == null) {
                s.flash("Log in first.", true);
                return Response.redirect("/login");
            }
            if (path.startsWith("/login/") && s.pendingUser == null) {
                return Response.redirect("/login");
            }
            try {
                return route.handle(r);
            } catch (InvalidInputException e) {
                // twofa's messages never repeat the input (a code, a number): safe to show.
                r.session.flash(capitalize(e.getMessage()) + ".", true);
                return Response.redirect(path.startsWith("/security") ? "/security" : "/login");
            }
        }
    }

    private static Map<String, String> readForm(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            return null;
        }
        Map<String, String> form = new HashMap<>();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (pair.isEmpty() || eq == 0) {
                continue;
            }
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                form.putIfAbsent(name, value);
            } catch (IllegalArgumentException malformed) {
                continue; // a broken %-escape: drop the field
            }
        }
        return form;
    }

    private static void send(HttpExchange exchange, Request r, Response response) throws IOException {
        Headers h = exchange.getResponseHeaders();
        h.set("Content-Type", response.contentType());
        h.set("Cache-Control", "no-store"); // every page may show a number, a key or a QR code
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("X-Frame-Options", "DENY");
        h.set("Content-Security-Policy", CSP);
        if (r.setCookie) {
            h.add("Set-Cookie", Sessions.cookie(r.session));
        }
        if (response.location() != null) {
            h.set("Location", response.location());
        }
        byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    /** Ends the request's session and starts a fresh one (new id, new CSRF token). */
    private Session renew(Request r) {
        r.session = sessions.create(r.session);
        r.setCookie = true;
        return r.session;
    }

    /**
     * Runs an action of the Security page and redirects back to it with the outcome: {@code
     * success} (or the description of a sent SMS) if it worked, the refusal's message otherwise.
     */
    private Response act(Request r, Supplier<Object> action, String success) {
        Object result = action.get();
        if (result instanceof Verified verified && verified.proof() != null) {
            r.session.proof = verified.proof();          // kept on the server, for this session only
        }
        boolean ok = result instanceof Changed || result instanceof Verified || result instanceof SmsSent;
        r.session.flash(ok && success != null ? success : describe(result), !ok);
        return Response.redirect("/security");
    }

    /** Returns what to tell the customer about an outcome. */
    static String describe(Object result) {
        if (result instanceof Refused refused) {
            String message = capitalize(refused.message());
            return message.endsWith(".") ? message : message + ".";
        } else if (result instanceof SmsNumberWithdrawn withdrawn) {
            return "No code was sent: the number " + withdrawn.maskedNumber() + " is no longer confirmed by a contact"
                    + " person of your account. Log in with a recovery code, then set your number again.";
        } else if (result instanceof Rejected rejected) {
            String why = switch (rejected.reason()) {
                case REPLAY -> "That code was already used. Wait for the next code of your app.";
                case CODE_DEAD -> "Too many wrong tries for this code: send a new one.";
                case MALFORMED -> "That is not a code: type the digits only.";
                case WRONG_RECOVERY_CODE -> "Wrong recovery code.";
                case WRONG_CODE -> "Wrong code.";
            };
            return why + (rejected.attemptsLeft() > 0
                    ? " " + rejected.attemptsLeft() + " more wrong codes lock the second factor." : "");
        } else if (result instanceof Expired) {
            return "The code expired or was replaced by a newer one. Ask for a new one.";
        } else if (result instanceof Throttled throttled) {
            return "Too many wrong codes. Try again at " + time(throttled.retryAt()) + ".";
        } else if (result instanceof LockedOut locked) {
            return "The second factor is locked after too many wrong codes, " + until(locked.until()) + ".";
        } else if (result instanceof SmsSent sent) {
            return "A code was sent by SMS to " + sent.maskedNumber() + " (see the SMS outbox). It is valid until "
                    + time(sent.expiresAt()) + ".";
        } else if (result instanceof SmsNotSent notSent) {
            return switch (notSent.reason()) {
                case COOLDOWN -> "A code was sent a moment ago. You can ask for a new one at ";
                case NUMBER_LIMIT, ACCOUNT_LIMIT -> "Too many SMS were sent. Try again at ";
                case DESTINATION_NOT_ALLOWED -> "SMS cannot be sent to this number. Try again with another one at ";
                case DELIVERY_FAILED -> "The SMS could not be sent. Try again at ";
            } + time(notSent.retryAfter()) + ".";
        }
        return "Done.";
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    // ---------------------------------------------------------------- login

    private Response loginPage(Request r) {
        if (r.session.user != null) {
            return Response.redirect("/security");
        }
        return Response.html(page("Log in", r.session, form("/login", r.session,
                input("user", "User", "text", "username") + input("password", "Password", "password", "current-password"),
                "Log in")
                + "<p class=\"muted\">Demo users: alice / alice and bob / bob. A contact person of bob's account has "
                + "+420 601 555 000 verified: bob can add that number without an SMS.</p>"));
    }

    private Response login(Request r) {
        String user = r.param("user");
        if (!passwordMatches(user, r.param("password"))) {
            r.session.flash("Wrong user or password.", true);
            return Response.redirect("/login");
        }
        renew(r).pendingUser = user;
        return secondStep(r, twoFactor.beginLogin(AccountId.of(user)));
    }

    /** Checks the demo password in constant time, also for unknown users. */
    private boolean passwordMatches(String user, String password) {
        String expected = passwords.get(user);
        boolean same = MessageDigest.isEqual(sha256(password), sha256(expected == null ? "" : expected));
        return same && expected != null;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    /** Answers the password step (or a resend): logged in, or on to the code page. */
    private Response secondStep(Request r, LoginStep step) {
        Session s = r.session;
        if (step instanceof NoSecondFactor) {
            String user = s.pendingUser;
            s = renew(r);
            s.user = user;
            s.flash("Logged in with the password only. Protect your account: turn on a second factor below.", false);
            return Response.redirect("/security");
        }
        if (step instanceof AppCodeRequired) {
            s.loginPrompt = "Enter the code your authenticator app shows.";
        } else if (step instanceof SmsSent sent) {
            s.loginPrompt = "Enter the code sent by SMS to " + sent.maskedNumber() + ".";
            s.smsLogin = true;
        } else {
            s.flash(describe(step), true);
            s.smsLogin = step instanceof SmsNotSent;
        }
        return Response.redirect("/login/code");
    }

    private Response codePage(Request r) {
        Session s = r.session;
        String body = "<p>" + esc(s.loginPrompt == null ? "Enter your code." : s.loginPrompt) + "</p>"
                + form("/login/code", s, codeInput("Code"), "Log in")
                + (s.smsLogin ? form("/login/resend", s, "", "Send a new SMS code") : "")
                + "<details><summary>Use a recovery code</summary>"
                + form("/login/recovery", s, input("code", "Recovery code", "text", "off"), "Log in")
                + "</details>";
        return Response.html(page("Second step", s, body));
    }

    private Response completeLogin(Request r, boolean recovery) {
        AccountId account = AccountId.of(r.session.pendingUser);
        VerifyResult result = recovery ? twoFactor.completeLoginWithRecoveryCode(account, r.param("code"))
                : twoFactor.completeLogin(account, r.param("code"));
        if (result instanceof Verified verified) {
            String user = r.session.pendingUser;
            Session s = renew(r);
            s.user = user;
            s.proof = verified.proof();
            s.flash("Logged in with your second factor.", false);
            return Response.redirect("/security");
        }
        r.session.flash(describe(result), true);
        return Response.redirect("/login/code");
    }

    private Response logout(Request r) {
        sessions.end(r.session);
        renew(r).flash("Logged out.", false);
        return Response.redirect("/login");
    }

    // ---------------------------------------------------------------- outbox

    /**
     * Shows the SMS sent for the session's user: the logged-in user, or the one past the password
     * step (the code page's SMS). A visitor without either sees none, only a link to log in.
     */
    private Response outboxPage(Request r) {
        Session s = r.session;
        String user = s.user != null ? s.user : s.pendingUser;
        if (user == null) {
            return Response.html(page("SMS outbox", s, "<p>Log in to see the SMS sent to your number.</p>"
                    + "<p><a href=\"/login\">Log in</a></p>"));
        }
        List<Outbox.Sent> messages = outbox.newestFirstFor(user);
        StringBuilder b = new StringBuilder("<p class=\"muted\">The demo's stand-in for your phone: the SMS the server "
                + "sent for your account, newest first. A real host passes them to its SMS gateway.</p>\n"
                + "<ol class=\"sms\">\n");
        for (Outbox.Sent sms : messages) {
            b.append("<li><span class=\"muted\">").append(esc(time(sms.at()))).append(" to ")
                    .append(esc(sms.maskedNumber())).append(" (").append(esc(sms.purpose())).append(")</span><br>")
                    .append("<span class=\"sms-text\">").append(esc(sms.text())).append("</span></li>\n");
        }
        b.append("</ol>");
        if (messages.isEmpty()) {
            b.append("<p>No SMS yet.</p>");
        }
        return Response.html(page("SMS outbox", s, b.toString()));
    }

    // ---------------------------------------------------------------- Profile > Security

    private Response securityPage(Request r) {
        Session s = r.session;
        TwoFactorStatus st = twoFactor.status(r.account());
        Method active = st.activeMethod();
        StringBuilder b = new StringBuilder(4096);
        if (st.lockedUntil() != null) {
            b.append("<p class=\"flash error\">The second factor is locked after too many wrong codes, ")
                    .append(esc(until(st.lockedUntil()))).append(".</p>");
        }

        b.append("<section id=\"number\"><h2>Phone number</h2>\n");
        if (st.number() == null) {
            b.append("<p>No number.</p>").append(form("/security/number/add", s,
                    input("number", "Number", "tel", "tel"), "Save"));
        } else {
            b.append("<p><strong>").append(esc(st.number().e164())).append("</strong> ")
                    .append(st.numberVerified() ? "<span class=\"ok\">verified</span>" : "<span class=\"warn\">not verified</span>")
                    .append(st.numberFromPerson() ? " <span class=\"muted\">(a contact person of the account has it verified)</span>" : "")
                    .append("</p>\n");
            if (st.pendingNumber() != null) {
                b.append("<p>New number <strong>").append(esc(st.pendingNumber().e164()))
                        .append("</strong> <span class=\"warn\">waiting for verification</span>; the number above stays in use until then.</p>\n");
            }
            if (!st.numberVerified() || st.pendingNumber() != null) {
                b.append(form("/security/number/send-code", s, "", "Send code"))
                        .append(form("/security/number/verify", s, codeInput("Code from the SMS"), "Verify number"));
            }
            b.append(form("/security/number/change", s, input("number", "New number", "tel", "tel"), "Change number"))
                    .append(form("/security/number/delete", s, "", "Delete number"));
        }
        b.append("</section>\n");

        b.append("<section id=\"sms\"><h2>Login via SMS</h2>\n");
        if (active == Method.SMS) {
            b.append("<p class=\"ok\">Active: every login asks for a code sent to your number.</p>");
        } else {
            b.append("<p>Off.</p>").append(form("/security/sms/enable", s, "", "Enable login via SMS"));
        }
        b.append("</section>\n");

        b.append("<section id=\"app\"><h2>Authenticator app</h2>\n");
        if (active == Method.TOTP) {
            b.append("<p class=\"ok\">Connected: every login asks for the code your app shows.</p>");
        } else {
            b.append("<p>Not connected. Google Authenticator, Authy, Microsoft Authenticator, 1Password, Aegis and "
                    + "others work.</p>");
            if (setupStillPending(s.setup, st)) {
                b.append("<p><a href=\"/security/app\">Continue connecting your device</a> (until ")
                        .append(esc(time(st.totpPendingUntil()))).append(")</p>");
            }
            b.append(form("/security/app/start", s, "", "Connect device"));
        }
        b.append("</section>\n");

        if (active != null) {
            String method = active == Method.SMS ? "login via SMS" : "the authenticator app";
            b.append("<section id=\"active\"><h2>Deactivate or change</h2>\n")
                    .append("<p>To deactivate ").append(esc(method)).append(active == Method.SMS ? ", change the number" : "")
                    .append(" or make new recovery codes, first confirm it is you with a fresh code.</p>\n");
            if (active == Method.SMS) {
                b.append(form("/security/step-up/send", s, "", "Send me a code"));
            }
            b.append(form("/security/step-up", s, codeInput(active == Method.SMS ? "Code from the SMS" : "Code from your app"),
                    "Confirm"))
                    .append("<details><summary>Lost your phone? Use a recovery code</summary>")
                    .append(form("/security/step-up/recovery", s, input("code", "Recovery code", "text", "off"), "Confirm"))
                    .append("</details>\n")
                    .append(form("/security/deactivate", s, "", "Deactivate " + method))
                    .append(form("/security/recovery-codes", s, "", "Make new recovery codes"))
                    .append("<p class=\"muted\">Recovery codes left: ").append(st.recoveryCodesLeft()).append("</p>")
                    .append("</section>\n");
        }
        return Response.html(page("Profile > Security", s, b.toString()));
    }

    // ---------------------------------------------------------------- authenticator app

    private Response startApp(Request r) {
        StartTotpResult result = twoFactor.startTotp(r.account(), r.session.user + "@example.com");
        if (result instanceof TotpSetup setup) {
            r.session.setup = setup; // kept on the server: the secret never goes into a URL
            return Response.redirect("/security/app");
        }
        r.session.flash(describe(result), true);
        return Response.redirect("/security");
    }

    /**
     * Returns whether the session's setup is the account's enrollment still pending: not confirmed
     * (here or in another session), not dropped (by enabling SMS), not replaced (by starting again
     * elsewhere: the pending enrollment's expiry then differs) and not expired.
     */
    private boolean setupStillPending(TotpSetup setup, TwoFactorStatus st) {
        Instant pendingUntil = st.totpPendingUntil();
        return setup != null && pendingUntil != null && st.activeMethod() == null
                && pendingUntil.equals(setup.expiresAt()) && clock.instant().isBefore(pendingUntil);
    }

    private Response appPage(Request r) {
        Session s = r.session;
        TotpSetup setup = s.setup;
        TwoFactorStatus st = twoFactor.status(r.account());
        if (!setupStillPending(setup, st)) {
            s.setup = null; // the key and QR code of an enrollment no longer pending are never shown again
            boolean connected = st.activeMethod() == Method.TOTP;
            s.flash(connected ? "Your authenticator app is already connected."
                    : "No device connection is pending: start connecting a device first.", !connected);
            return Response.redirect("/security");
        }
        String body = "<p>1. Scan this QR code with your authenticator app.</p>\n"
                + "<div class=\"qr\">" + qr.svg(setup.otpauthUri()) + "</div>\n" // rendered here, never by a remote service
                + "<p>Or type this key into the app: <code id=\"manual-key\">" + esc(setup.manualEntryKey()) + "</code></p>\n"
                + "<p>2. Enter the code the app shows, before " + esc(time(setup.expiresAt())) + ".</p>\n"
                + form("/security/app/confirm", s, codeInput("Code from your app"), "Verify and connect");
        return Response.html(page("Connect device", s, body));
    }

    private Response confirmApp(Request r) {
        Session s = r.session;
        VerifyResult result = twoFactor.confirmTotp(r.account(), r.param("code"));
        if (result instanceof Verified verified) {
            s.setup = null;
            s.proof = verified.proof();
            s.flash("Your authenticator app is connected: every login now asks for its code.", false);
            return Response.redirect("/security");
        }
        if (result instanceof Expired || result instanceof Refused) {
            s.setup = null;
            s.flash(result instanceof Expired ? "Connecting took too long. Start again." : describe(result), true);
            return Response.redirect("/security");
        }
        s.flash(describe(result), true);
        return Response.redirect("/security/app");
    }

    // ---------------------------------------------------------------- recovery codes

    private Response recoveryCodes(Request r) {
        RecoveryCodesResult result = twoFactor.generateRecoveryCodes(r.account(), r.session.proof);
        if (result instanceof RecoveryCodes codes) {
            StringBuilder b = new StringBuilder("<p>Keep these codes somewhere safe, away from your phone. Each logs "
                    + "you in once. They are shown only now; earlier codes no longer work.</p>\n<ol id=\"recovery-codes\">");
            codes.codes().forEach(c -> b.append("<li><code>").append(esc(c)).append("</code></li>"));
            b.append("</ol><p><a href=\"/security\">Done</a></p>");
            return Response.html(page("Recovery codes", r.session, b.toString())); // sent with no-store, like all
        }
        r.session.flash(describe(result), true);
        return Response.redirect("/security");
    }
}
