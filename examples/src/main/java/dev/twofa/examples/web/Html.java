package dev.twofa.examples.web;

import dev.twofa.examples.web.Sessions.Session;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The pages' HTML: escaping, the layout and form helpers. Every value that is not a literal of this
 * class goes through {@link #esc(Object)}.
 *
 * <p>Stateless and thread-safe.
 */
final class Html {

    /** The style sheet, served as {@code /style.css} (the CSP allows no inline style). */
    static final String CSS = """
            body { font: 16px/1.45 system-ui, sans-serif; max-width: 46rem; margin: 1rem auto; padding: 0 1rem; color: #222; }
            header { display: flex; gap: 1rem; align-items: center; border-bottom: 1px solid #ccc; padding-bottom: .5rem; }
            header form { margin: 0 0 0 auto; }
            section { border: 1px solid #ddd; border-radius: 6px; padding: .25rem 1rem .75rem; margin: 1rem 0; }
            form { margin: .5rem 0; }
            input { font: inherit; padding: .2rem .4rem; }
            button { font: inherit; padding: .2rem .8rem; cursor: pointer; }
            .flash { padding: .5rem 1rem; border-radius: 6px; background: #e7f5e7; }
            .flash.error { background: #fde8e8; }
            .ok { color: #17692a; } .warn { color: #a33; }
            .muted { color: #666; font-size: .9rem; }
            code { font-size: 1.1rem; letter-spacing: .05em; }
            .qr svg { width: 220px; height: 220px; }
            ol.sms li { margin-bottom: .75rem; }
            """;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Html() {
    }

    /** Returns the text with {@code & < > " '} escaped, for element content and quoted attributes. */
    static String esc(Object value) {
        String s = String.valueOf(value);
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** The last instant shown as a time; later ones (a lock only support lifts is {@link Instant#MAX}) are not. */
    private static final Instant LAST_SHOWN = Instant.parse("9999-12-31T23:59:59.999999999Z");
    /** The first instant shown as a time. */
    private static final Instant FIRST_SHOWN = Instant.parse("0000-01-01T00:00:00Z");

    /**
     * Returns the time of day, for messages such as "valid until 12:05:00 UTC"; "no set time" for an
     * instant outside the years 0 to 9999 (which the formatter cannot or should not show). Never throws.
     */
    static String time(Instant instant) {
        if (instant.isAfter(LAST_SHOWN) || instant.isBefore(FIRST_SHOWN)) {
            return "no set time";
        }
        return TIME.format(instant);
    }

    /**
     * Returns the end of a lock as "until 12:05:00 UTC", or "until support unlocks it" for {@link
     * Instant#MAX} (the lock after 100 failures, lifted only by support) and any instant beyond year
     * 9999. Never throws.
     */
    static String until(Instant end) {
        return end.isAfter(LAST_SHOWN) ? "until support unlocks it" : "until " + time(end);
    }

    /**
     * Returns a whole page: the header (with the log-out button when logged in), the session's flash
     * message (shown once, then cleared) and the body, which must already be escaped.
     */
    static String page(String title, Session s, String body) {
        StringBuilder b = new StringBuilder(4096).append("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <link rel="stylesheet" href="/style.css">
                """).append("<title>").append(esc(title)).append(" - twofa demo</title></head>\n<body><header>")
                .append("<strong>Example Hosting</strong>");
        if (s.user != null) {
            b.append("<a href=\"/security\">Profile &gt; Security</a>");
        }
        b.append("<a href=\"/outbox\">SMS outbox</a>");
        if (s.user != null) {
            b.append(form("/logout", s, "<span class=\"muted\">" + esc(s.user) + "</span> ", "Log out"));
        }
        b.append("</header>\n<main><h1>").append(esc(title)).append("</h1>\n");
        if (s.flash != null) {
            b.append("<p class=\"flash").append(s.flashIsError ? " error" : "").append("\" role=\"status\">")
                    .append(esc(s.flash)).append("</p>\n");
            s.flash = null;
        }
        return b.append(body).append("</main></body></html>\n").toString();
    }

    /** Returns a POST form to {@code action} with the session's CSRF token, the fields and a button. */
    static String form(String action, Session s, String fields, String button) {
        return "<form method=\"post\" action=\"" + esc(action) + "\">"
                + "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(s.csrf) + "\">"
                + fields + "<button type=\"submit\">" + esc(button) + "</button></form>\n";
    }

    /** Returns a labelled, required text input. */
    static String input(String name, String label, String type, String autocomplete) {
        return "<label>" + esc(label) + " <input name=\"" + esc(name) + "\" type=\"" + esc(type)
                + "\" autocomplete=\"" + esc(autocomplete) + "\" required></label> ";
    }

    /** Returns a labelled input for a one-time code. */
    static String codeInput(String label) {
        return "<label>" + esc(label) + " <input name=\"code\" inputmode=\"numeric\" autocomplete=\"one-time-code\""
                + " size=\"10\" maxlength=\"20\" required></label> ";
    }
}
