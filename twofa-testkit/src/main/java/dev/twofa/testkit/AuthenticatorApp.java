package dev.twofa.testkit;

import dev.twofa.testkit.internal.QrReader;
import dev.twofa.totp.OtpAuthUri;
import dev.twofa.totp.Totp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An authenticator app on the customer's phone (Google Authenticator, Aegis...), simulated: it adds
 * accounts from an {@code otpauth://totp/...} URI or by scanning the QR code twofa-totp's {@code
 * QrCode} renders (PNG or SVG, decoded with zxing), then shows each account's current RFC 6238 code
 * from a clock, optionally a phone clock that runs ahead or behind.
 *
 * <pre>{@code
 * AuthenticatorApp app = new AuthenticatorApp(clock);
 * TotpSetup setup = (TotpSetup) service.startTotp(alice, "alice@example.com");
 * app.scanPng(QrCode.defaults().png(setup.otpauthUri()));          // script: the customer scans
 * service.confirmTotp(alice, app.currentCode("Example Hosting"));  // act: types the code
 * AuthenticatorApp slowPhone = app.withClockSkew(Duration.ofSeconds(-40)); // a phone 40 s behind
 * }</pre>
 *
 * <p>A skewed phone is what the service's drift tracking is for: it follows the phone's clock up
 * to the TOTP channel's {@code maxDrift} steps and remembers the drift per account, so a view made
 * by {@link #withClockSkew(Duration)} keeps logging in while the skew grows slowly within that
 * bound.
 *
 * <p>Codes use each account's algorithm, digits and period from its URI. Adding an account with the
 * same issuer and account name as an earlier one replaces it, as scanning again does in most apps.
 * An account is named by its label ({@code "Example Hosting:alice@example.com"}), its issuer or its
 * account name, whichever is unique.
 *
 * <p>Images are decoded without AWT ({@code java.desktop} is not needed): PNG files of every colour
 * type and bit depth except interlaced ones (twofa-totp writes 1-bit grayscale), and SVG made of
 * {@code rect} elements and straight-line {@code path}s (twofa-totp writes one path of module runs),
 * without transforms.
 *
 * <p>Thread-safe: accounts may be added and codes read from many threads at once. {@link
 * #withClockSkew(Duration)} views share the accounts.
 */
public final class AuthenticatorApp {

    private final Clock clock;
    private final Duration skew;
    private final List<Entry> entries;

    /**
     * Creates an app with no accounts whose phone clock reads the given clock.
     *
     * @param clock the time source, normally the service's (a {@link SettableClock})
     * @throws NullPointerException if clock is null
     */
    public AuthenticatorApp(Clock clock) {
        this(Objects.requireNonNull(clock, "clock"), Duration.ZERO, new CopyOnWriteArrayList<>());
    }

    private AuthenticatorApp(Clock clock, Duration skew, List<Entry> entries) {
        this.clock = clock;
        this.skew = skew;
        this.entries = entries;
    }

    /** An account in the app and the engine that makes its codes. */
    private record Entry(OtpAuthUri uri, Totp totp) {

        String label() {
            return uri.issuer() + ":" + uri.accountName();
        }

        boolean named(String name) {
            return label().equals(name) || uri.issuer().equals(name) || uri.accountName().equals(name);
        }
    }

    /**
     * Returns a view of this app on a phone whose clock is {@code skew} off the real time: positive
     * runs ahead, negative behind. The view shares this app's accounts; the skew replaces (does not
     * add to) this view's.
     *
     * @param skew the phone clock's offset
     * @return the view
     * @throws NullPointerException if skew is null
     */
    public AuthenticatorApp withClockSkew(Duration skew) {
        return new AuthenticatorApp(clock, Objects.requireNonNull(skew, "skew"), entries);
    }

    /**
     * Returns how far this app's phone clock is off the real time.
     *
     * @return the skew, zero unless set by {@link #withClockSkew(Duration)}
     */
    public Duration clockSkew() {
        return skew;
    }

    /**
     * Adds an account from a provisioning URI, as typed or pasted.
     *
     * @param otpauthUri the {@code otpauth://totp/...} URI
     * @return the parsed URI (its {@code toString()} hides the secret)
     * @throws dev.twofa.totp.InvalidOtpAuthUriException if the URI is not a valid TOTP URI; the
     *     message never holds the URI
     */
    public OtpAuthUri addAccount(String otpauthUri) {
        OtpAuthUri uri = OtpAuthUri.parse(otpauthUri);
        Totp totp = Totp.builder()
                .issuer(uri.issuer())
                .algorithm(uri.algorithm())
                .digits(uri.digits())
                .period(uri.period())
                .build();
        Entry entry = new Entry(uri, totp);
        synchronized (entries) {
            entries.removeIf(e -> e.label().equals(entry.label()));
            entries.add(entry);
        }
        return uri;
    }

    /**
     * Scans a QR code in a PNG image and adds the account it holds.
     *
     * @param png the PNG file, such as from {@code QrCode.png(uri)}
     * @return the parsed URI
     * @throws IllegalArgumentException if the image cannot be read or holds no readable QR code
     * @throws dev.twofa.totp.InvalidOtpAuthUriException if the QR code holds no valid TOTP URI
     */
    public OtpAuthUri scanPng(byte[] png) {
        return addAccount(QrReader.readPng(png));
    }

    /**
     * Scans a QR code in an SVG document and adds the account it holds.
     *
     * @param svg the SVG text, such as from {@code QrCode.svg(uri)}
     * @return the parsed URI
     * @throws IllegalArgumentException if the document cannot be painted or holds no readable QR
     *     code
     * @throws dev.twofa.totp.InvalidOtpAuthUriException if the QR code holds no valid TOTP URI
     */
    public OtpAuthUri scanSvg(String svg) {
        return addAccount(QrReader.readSvg(svg));
    }

    /**
     * Returns the labels of the accounts, in the order added, such as {@code ["Example
     * Hosting:alice@example.com"]}.
     *
     * @return an immutable snapshot
     */
    public List<String> accounts() {
        return entries.stream().map(Entry::label).toList();
    }

    /**
     * Removes an account, as the customer deletes it from the app.
     *
     * @param issuerOrLabel the account's label, issuer or account name
     * @return true if an account was removed
     * @throws IllegalStateException if the name fits more than one account
     */
    public boolean remove(String issuerOrLabel) {
        synchronized (entries) {
            List<Entry> found = find(issuerOrLabel);
            return !found.isEmpty() && entries.remove(one(issuerOrLabel, found));
        }
    }

    /**
     * Returns the code the app shows now for its only account.
     *
     * @return the code, ASCII digits
     * @throws IllegalStateException if the app has no account or more than one
     */
    public String currentCode() {
        return codeAt(clock.instant());
    }

    /**
     * Returns the code the app shows now for an account.
     *
     * @param issuerOrLabel the account's label, issuer or account name
     * @return the code, ASCII digits
     * @throws NoSuchElementException if no account has that name
     * @throws IllegalStateException if the name fits more than one account
     */
    public String currentCode(String issuerOrLabel) {
        return codeAt(issuerOrLabel, clock.instant());
    }

    /**
     * Returns the code the app shows for its only account when the real time is {@code instant}
     * (the phone's clock then reads {@code instant} plus the {@link #clockSkew()}).
     *
     * @param instant the real time
     * @return the code, ASCII digits
     * @throws IllegalStateException if the app has no account or more than one
     * @throws NullPointerException if instant is null
     */
    public String codeAt(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        List<Entry> all = List.copyOf(entries);
        if (all.size() != 1) {
            throw new IllegalStateException("the app has " + all.size() + " accounts " + labels(all)
                    + "; name one: currentCode(\"Issuer:account\")");
        }
        return code(all.get(0), instant);
    }

    /**
     * Returns the code the app shows for an account when the real time is {@code instant} (the
     * phone's clock then reads {@code instant} plus the {@link #clockSkew()}).
     *
     * @param issuerOrLabel the account's label, issuer or account name
     * @param instant the real time
     * @return the code, ASCII digits
     * @throws NoSuchElementException if no account has that name
     * @throws IllegalStateException if the name fits more than one account
     * @throws NullPointerException if instant is null
     */
    public String codeAt(String issuerOrLabel, Instant instant) {
        Objects.requireNonNull(instant, "instant");
        List<Entry> found = find(issuerOrLabel);
        if (found.isEmpty()) {
            throw new NoSuchElementException("the app has no account named \"" + issuerOrLabel + "\"; it has "
                    + accounts());
        }
        return code(one(issuerOrLabel, found), instant);
    }

    private String code(Entry entry, Instant instant) {
        return entry.totp().generate(entry.uri().secret(), instant.plus(skew));
    }

    private List<Entry> find(String name) {
        Objects.requireNonNull(name, "issuerOrLabel");
        List<Entry> found = new ArrayList<>();
        for (Entry e : entries) {
            if (e.named(name)) {
                found.add(e);
            }
        }
        return found; // a full label names at most one: issuers and account names hold no ':'
    }

    private static Entry one(String name, List<Entry> found) {
        if (found.size() > 1) {
            throw new IllegalStateException("\"" + name + "\" names " + found.size() + " accounts " + labels(found)
                    + "; use the full label \"Issuer:account\"");
        }
        return found.get(0);
    }

    private static List<String> labels(List<Entry> list) {
        return list.stream().map(Entry::label).toList();
    }

    /**
     * Returns the accounts' labels and the clock skew, never a secret, such as {@code
     * AuthenticatorApp[accounts=[Example Hosting:alice@example.com], clockSkew=PT0S]}.
     */
    @Override
    public String toString() {
        return "AuthenticatorApp[accounts=" + accounts() + ", clockSkew=" + skew + "]";
    }
}
