package dev.twofa.examples.customeradmin.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * Times as the customer reads them: in the zone their browser reported (the {@code tz} cookie that
 * {@code /js/zone.js} sets from {@code Intl.DateTimeFormat}), else the server's zone; always with the
 * zone's name, so a time is never ambiguous.
 *
 * <p>Thread-safe (immutable).
 */
public final class CustomerTime {

    /** The cookie the page's script sets to the browser's IANA zone, such as {@code Europe/Prague}. */
    public static final String COOKIE = "tz";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH);

    private final ZoneId zone;
    private final Instant now;

    private CustomerTime(ZoneId zone, Instant now) {
        this.zone = zone;
        this.now = now;
    }

    /**
     * Returns the times of the request's customer.
     *
     * @param request the request, whose {@code tz} cookie names the zone
     * @param now the current time (the service's clock)
     * @return the formatter
     */
    public static CustomerTime of(HttpServletRequest request, Instant now) {
        ZoneId zone = ZoneId.systemDefault();
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (COOKIE.equals(c.getName()) && c.getValue().length() <= 64) {
                    try {
                        zone = ZoneId.of(c.getValue().replace("%2F", "/"));
                    } catch (DateTimeException unknownZone) {
                        // keep the server's zone
                    }
                }
            }
        }
        return new CustomerTime(zone, now);
    }

    /**
     * Formats an instant: {@code 14:05 (Central European Time)} today, with the date otherwise.
     *
     * @param instant the instant
     * @return the text
     */
    public String format(Instant instant) {
        if (instant.equals(Instant.MAX)) {
            return "until support unlocks it";
        }
        ZonedDateTime t = instant.atZone(zone);
        boolean today = t.toLocalDate().equals(now.atZone(zone).toLocalDate());
        return (today ? TIME.format(t) : DATE_TIME.format(t)) + " (" + zoneName(t) + ")";
    }

    private String zoneName(ZonedDateTime t) {
        boolean summer = zone.getRules().isDaylightSavings(t.toInstant());
        String name = zone.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
        if (summer && name.endsWith(" Time")) {
            name = name.replace(" Time", " Summer Time");
        }
        return name;
    }

    /**
     * Returns the zone in use.
     *
     * @return the zone
     */
    public ZoneId zone() {
        return zone;
    }
}
