/**
 * The customer administration's Profile &gt; Security page on the JDK's built-in HTTP server
 * ({@code jdk.httpserver}, no framework): a demo login with the second step, adding and verifying a
 * phone number, login via SMS, connecting an authenticator app with a QR code, step-up and
 * deactivation, and an outbox page standing in for the customer's phone. Start it with {@link
 * dev.twofa.examples.web.SecurityPageServer#main(String[])}.
 *
 * <p>What it shows a host about the web side: every form carries a per-session CSRF token checked
 * on every POST; the session cookie is {@code HttpOnly; SameSite=Strict} with a {@code SecureRandom}
 * id, renewed at each login step; codes, secrets and otpauth URIs travel only in POST bodies and
 * pages sent with {@code Cache-Control: no-store}, never in a URL or a log.
 */
package dev.twofa.examples.web;
