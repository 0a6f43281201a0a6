package dev.twofa.spring.security;

import java.util.Locale;

/**
 * Names a remembered device from its browser's {@code User-Agent}, such as "Firefox on Windows",
 * so the customer recognises it in a list of devices. Only known words are taken from the header:
 * nothing the browser sends reaches the label as it is.
 *
 * <p>Thread-safety: stateless; thread-safe.
 */
final class DeviceLabels {

    private DeviceLabels() {
    }

    static String of(String userAgent) {
        String ua = userAgent == null ? "" : userAgent.toLowerCase(Locale.ROOT);
        String browser = ua.contains("edg/") ? "Edge"
                : ua.contains("opr/") ? "Opera"
                : ua.contains("firefox/") ? "Firefox"
                : ua.contains("chrome/") || ua.contains("crios/") ? "Chrome"
                : ua.contains("safari/") ? "Safari"
                : "A web browser";
        String system = ua.contains("android") ? "Android"
                : ua.contains("iphone") ? "iPhone"
                : ua.contains("ipad") ? "iPad"
                : ua.contains("windows") ? "Windows"
                : ua.contains("mac os") || ua.contains("macintosh") ? "Mac"
                : ua.contains("cros") ? "ChromeOS"
                : ua.contains("linux") ? "Linux"
                : null;
        return system == null ? browser : browser + " on " + system;
    }
}
