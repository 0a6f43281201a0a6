package dev.twofa.spring.security;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A real HTTP client that behaves like a browser for the tests: keeps cookies, follows redirects on
 * request (so a test can look at each one), reads the hidden {@code _csrf} field of the last page
 * and sends it with the next form.
 */
final class Browser {

    private static final String USER_AGENT =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    record Page(int status, String url, String location, String body, List<String> setCookies) {
        boolean redirect() {
            return status == 302 || status == 303;
        }
    }

    private final String base;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;
    private final List<String> visitedUrls = new ArrayList<>();
    private String csrf;

    Browser(int port) {
        this.base = "http://localhost:" + port;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** GET without following redirects. */
    Page get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** GET, following redirects to the end. */
    Page open(String path) {
        return follow(get(path));
    }

    /** POST a form with the last page's CSRF token, without following redirects. */
    Page post(String path, Map<String, String> fields) {
        Map<String, String> form = new LinkedHashMap<>(fields);
        if (csrf != null) {
            form.putIfAbsent("_csrf", csrf);
        }
        return postRaw(path, form);
    }

    /** POST exactly these fields (no CSRF token added). */
    Page postRaw(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Page follow(Page page) {
        Page current = page;
        for (int i = 0; current.redirect() && i < 10; i++) {
            current = get(current.location());
        }
        return current;
    }

    /** Logs in with the password on Spring Security's login page; returns the page the login led to. */
    Page loginWithPassword(String user) {
        open("/login");
        return post("/login", Map.of("username", user, "password", TestApplication.PASSWORD));
    }

    Optional<String> cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue).findFirst();
    }

    /** Returns a new browser session (no session cookie) that keeps this browser's other cookies. */
    Browser newSessionKeepingCookie(String name) {
        Browser next = new Browser(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)));
        cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                .forEach(c -> next.cookies.getCookieStore().add(URI.create(base), c));
        return next;
    }

    List<String> visitedUrls() {
        return List.copyOf(visitedUrls);
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.header("User-Agent", USER_AGENT).build(),
                    HttpResponse.BodyHandlers.ofString());
            String location = response.headers().firstValue("Location").orElse(null);
            visitedUrls.add(response.request().uri().toString());
            if (location != null) {
                visitedUrls.add(location);
            }
            Matcher m = CSRF.matcher(response.body());
            if (m.find()) {
                csrf = m.group(1);
            }
            return new Page(response.statusCode(), response.request().uri().toString(), location, response.body(),
                    response.headers().allValues("Set-Cookie"));
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private URI uri(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
