package dev.twofa.examples.customeradmin.interim;

/**
 * Names a browser for the list of remembered devices, such as "Chrome on Linux", from its
 * User-Agent header; "A browser" when it says nothing useful.
 *
 * <p>Thread-safe (stateless).
 */
final class DeviceLabel {

    private DeviceLabel() {
    }

    static String of(String userAgent) {
        if (userAgent == null) {
            return "A browser";
        }
        String browser = userAgent.contains("Edg/") ? "Edge"
                : userAgent.contains("Firefox/") ? "Firefox"
                : userAgent.contains("Chrome/") ? "Chrome"
                : userAgent.contains("Safari/") ? "Safari" : "A browser";
        String system = userAgent.contains("Android") ? "Android"
                : userAgent.contains("iPhone") || userAgent.contains("iPad") ? "iOS"
                : userAgent.contains("Windows") ? "Windows"
                : userAgent.contains("Mac OS") ? "macOS"
                : userAgent.contains("Linux") ? "Linux" : null;
        return system == null ? browser : browser + " on " + system;
    }
}
