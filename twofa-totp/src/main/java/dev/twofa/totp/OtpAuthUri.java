package dev.twofa.totp;

import dev.twofa.core.Secret;
import dev.twofa.totp.internal.PercentCodec;
import java.time.Duration;
import java.util.Locale;

/**
 * A TOTP provisioning URI in the Key URI format that authenticator apps scan from a QR code:
 * {@code otpauth://totp/ISSUER:ACCOUNT?secret=BASE32&issuer=ISSUER}.
 *
 * <p>{@link #build()} writes the issuer both in the label and as the {@code issuer} parameter,
 * percent-encodes both as RFC 3986 section 2.1 says (a space is {@code %20}, never {@code +}),
 * writes the secret in Base32, upper case, without padding, and adds {@code algorithm}, {@code
 * digits} and {@code period} only when they differ from the defaults ({@link Algorithm#SHA1},
 * {@value Totp#DEFAULT_DIGITS}, {@value Totp#DEFAULT_PERIOD_SECONDS} s): apps that ignore those
 * parameters then still compute the right codes for the default settings. {@link #parse(String)}
 * reads such URIs back, for import and for tests. One limit holds for both: {@link #build()} never
 * writes more than {@value #MAX_URI_LENGTH} characters (a value whose URI would be longer is
 * refused when it is made) and {@link #parse(String)} reads up to that many, so whatever is built
 * can be parsed.
 *
 * <p>The URI holds the secret: never log it or put it in an error message. {@link #toString()}
 * redacts the secret.
 *
 * @param issuer the service name, such as {@code "Example Hosting"}: not blank, no {@code ':'}, no
 *     control characters, no leading or trailing whitespace, at most 256 characters; percent-encoded
 *     it is written twice, so with the account name it must leave the URI within {@value
 *     #MAX_URI_LENGTH} characters
 * @param accountName the account the app shows, such as an e-mail address; the same rules
 * @param secret the key, {@value TotpSecrets#MIN_LENGTH} to {@value TotpSecrets#MAX_IMPORT_LENGTH}
 *     bytes
 * @param algorithm the HMAC algorithm
 * @param digits digits per code, 6 to 8
 * @param period the time step, 1 to 120 whole seconds
 *     <p>Immutable and thread-safe.
 */
public record OtpAuthUri(String issuer, String accountName, Secret secret, Algorithm algorithm, int digits, Duration period) {

    /** Longest URI {@link #build()} writes and {@link #parse(String)} reads: {@value} characters. */
    public static final int MAX_URI_LENGTH = 4096;

    private static final String SCHEME = "otpauth://";
    private static final String PREFIX = SCHEME + "totp/";
    private static final String SECRET_PARAMETER = "?secret=";
    private static final String ISSUER_PARAMETER = "&issuer=";

    /**
     * Validates the components.
     *
     * @throws InvalidOtpAuthUriException if a component is null or breaks the rules above, or the
     *     URI {@link #build()} would write is longer than {@value #MAX_URI_LENGTH} characters
     */
    public OtpAuthUri {
        check(LabelRules.problem("issuer", issuer));
        check(LabelRules.problem("account name", accountName));
        if (secret == null) {
            throw new InvalidOtpAuthUriException("secret must not be null");
        }
        if (secret.length() < TotpSecrets.MIN_LENGTH || secret.length() > TotpSecrets.MAX_IMPORT_LENGTH) {
            throw new InvalidOtpAuthUriException("secret must have " + TotpSecrets.MIN_LENGTH + " to "
                    + TotpSecrets.MAX_IMPORT_LENGTH + " bytes, had " + secret.length());
        }
        if (algorithm == null) {
            throw new InvalidOtpAuthUriException("algorithm must not be null");
        }
        if (digits < Totp.MIN_DIGITS || digits > Totp.MAX_DIGITS) {
            throw new InvalidOtpAuthUriException("digits must be 6 to 8, was " + digits);
        }
        if (period == null) {
            throw new InvalidOtpAuthUriException("period must not be null");
        }
        String periodProblem = Totp.periodProblem(period);
        if (periodProblem != null) {
            throw new InvalidOtpAuthUriException(periodProblem);
        }
        int length = builtLength(issuer, accountName, secret.length(), algorithm, digits, period);
        if (length > MAX_URI_LENGTH) {
            throw new InvalidOtpAuthUriException("the URI would have " + length + " characters, more than "
                    + MAX_URI_LENGTH + ": the issuer and account name must be shorter");
        }
    }

    /**
     * Creates a URI with the default algorithm ({@link Algorithm#SHA1}), digits ({@value
     * Totp#DEFAULT_DIGITS}) and period ({@value Totp#DEFAULT_PERIOD_SECONDS} s).
     *
     * @param issuer the service name
     * @param accountName the account the app shows
     * @param secret the key
     * @throws InvalidOtpAuthUriException if a component is null or breaks the rules of the record
     */
    public OtpAuthUri(String issuer, String accountName, Secret secret) {
        this(issuer, accountName, secret, Algorithm.SHA1, Totp.DEFAULT_DIGITS,
                Duration.ofSeconds(Totp.DEFAULT_PERIOD_SECONDS));
    }

    /**
     * Returns the URI text, such as {@code
     * otpauth://totp/Example%20Hosting:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example%20Hosting}.
     * The {@code algorithm}, {@code digits} and {@code period} parameters follow only when not the
     * default.
     *
     * @return the URI (holds the secret: never log it)
     */
    public String build() {
        String encodedIssuer = PercentCodec.encode(issuer);
        return beforeSecret(encodedIssuer, accountName) + TotpSecrets.toBase32(secret)
                + afterSecret(encodedIssuer, algorithm, digits, period);
    }

    /** Returns the length of the URI {@link #build()} writes for these components (valid ones). */
    static int builtLength(String issuer, String accountName, int secretBytes, Algorithm algorithm, int digits,
            Duration period) {
        String encodedIssuer = PercentCodec.encode(issuer);
        return beforeSecret(encodedIssuer, accountName).length() + TotpSecrets.base32Length(secretBytes)
                + afterSecret(encodedIssuer, algorithm, digits, period).length();
    }

    /** Returns the URI up to the secret: scheme, type, label and the secret parameter's name. */
    private static String beforeSecret(String encodedIssuer, String accountName) {
        return PREFIX + encodedIssuer + ':' + PercentCodec.encode(accountName) + SECRET_PARAMETER;
    }

    /** Returns the URI after the secret: the issuer parameter and the settings that are not the default. */
    private static String afterSecret(String encodedIssuer, Algorithm algorithm, int digits, Duration period) {
        StringBuilder out = new StringBuilder(64).append(ISSUER_PARAMETER).append(encodedIssuer);
        if (algorithm != Algorithm.SHA1) {
            out.append("&algorithm=").append(algorithm.name());
        }
        if (digits != Totp.DEFAULT_DIGITS) {
            out.append("&digits=").append(digits);
        }
        if (period.getSeconds() != Totp.DEFAULT_PERIOD_SECONDS) {
            out.append("&period=").append(period.getSeconds());
        }
        return out.toString();
    }

    /**
     * Reads a TOTP provisioning URI. Accepts the scheme and type in any case, the issuer in the label
     * ({@code ISSUER:ACCOUNT}, the colon literal or {@code %3A}, optional spaces before the account),
     * as a parameter, or both (then they must be equal); ignores unknown parameters such as {@code
     * image}; a missing {@code algorithm}, {@code digits} or {@code period} means the default. A
     * {@code +} is a plus sign, as RFC 3986 says, not a space.
     *
     * @param uri the URI text, at most {@value #MAX_URI_LENGTH} characters
     * @return the parsed URI
     * @throws InvalidOtpAuthUriException if the text is null or too long, the scheme is not {@code
     *     otpauth}, the type is not {@code totp} ({@code hotp} included), the label is missing or has
     *     more than one colon, the secret is missing, malformed or shorter than 16 bytes, the issuer is
     *     missing or differs between label and parameter, a parameter is repeated or malformed, the
     *     algorithm is not SHA1, SHA256 or SHA512, digits are not 6 to 8, the period is not 1 to 120
     *     seconds, or the URI as {@link #build()} writes it would be longer than {@value
     *     #MAX_URI_LENGTH} characters (a text that names the issuer once, or leaves characters
     *     unescaped that {@code build} escapes, can be shorter than what it describes); the message
     *     never repeats the URI or the secret
     */
    public static OtpAuthUri parse(String uri) {
        if (uri == null) {
            throw new InvalidOtpAuthUriException("URI must not be null");
        }
        if (uri.length() > MAX_URI_LENGTH) {
            throw new InvalidOtpAuthUriException("URI must have at most " + MAX_URI_LENGTH + " characters");
        }
        if (!uri.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new InvalidOtpAuthUriException("URI scheme must be otpauth");
        }
        if (uri.indexOf('#') != -1) {
            throw new InvalidOtpAuthUriException("URI must not have a fragment");
        }
        int typeStart = SCHEME.length();
        int question = uri.indexOf('?', typeStart);
        int labelEnd = question == -1 ? uri.length() : question;
        int slash = uri.indexOf('/', typeStart);
        int typeEnd = slash == -1 ? labelEnd : Math.min(slash, labelEnd);
        String type = uri.substring(typeStart, typeEnd);
        if (type.equalsIgnoreCase("hotp")) {
            throw new InvalidOtpAuthUriException("URI type hotp is not supported, only totp");
        }
        if (!type.equalsIgnoreCase("totp")) {
            throw new InvalidOtpAuthUriException("URI type must be totp");
        }
        if (typeEnd != slash) {
            throw new InvalidOtpAuthUriException("URI has no label");
        }
        String label = decode(uri.substring(slash + 1, labelEnd), "label");
        String labelIssuer = null;
        String account = label;
        int colon = label.indexOf(':');
        if (colon != -1) {
            labelIssuer = label.substring(0, colon);
            account = label.substring(colon + 1);
            if (account.indexOf(':') != -1) {
                throw new InvalidOtpAuthUriException("label must have at most one ':'");
            }
            if (labelIssuer.isEmpty()) {
                throw new InvalidOtpAuthUriException("issuer in the label must not be empty");
            }
            int start = 0;
            while (start < account.length() && account.charAt(start) == ' ') {
                start++;
            }
            account = account.substring(start);
        }
        if (account.isEmpty()) {
            throw new InvalidOtpAuthUriException("label has no account name");
        }

        String secretText = null;
        String issuerParam = null;
        String algorithmText = null;
        String digitsText = null;
        String periodText = null;
        if (question != -1) {
            for (String pair : uri.substring(question + 1).split("&", -1)) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new InvalidOtpAuthUriException("URI has a malformed parameter");
                }
                String name = pair.substring(0, eq).toLowerCase(Locale.ROOT);
                String value = pair.substring(eq + 1);
                switch (name) {
                    case "secret" -> secretText = once(secretText, value, name);
                    case "issuer" -> issuerParam = once(issuerParam, value, name);
                    case "algorithm" -> algorithmText = once(algorithmText, value, name);
                    case "digits" -> digitsText = once(digitsText, value, name);
                    case "period" -> periodText = once(periodText, value, name);
                    default -> {
                        // Unknown parameters (image, color, ...) are ignored, as the Key URI format says.
                    }
                }
            }
        }
        if (secretText == null || secretText.isEmpty()) {
            throw new InvalidOtpAuthUriException("URI has no secret parameter");
        }
        Secret secret;
        try {
            secret = TotpSecrets.fromBase32(decode(secretText, "secret"));
        } catch (InvalidSecretException e) {
            throw new InvalidOtpAuthUriException("secret parameter: " + e.getMessage());
        }
        String issuer = labelIssuer;
        if (issuerParam != null) {
            String decoded = decode(issuerParam, "issuer");
            if (labelIssuer != null && !labelIssuer.equals(decoded)) {
                throw new InvalidOtpAuthUriException("issuer in the label and issuer parameter differ");
            }
            issuer = decoded;
        }
        if (issuer == null) {
            throw new InvalidOtpAuthUriException("URI has no issuer (neither in the label nor as a parameter)");
        }
        return new OtpAuthUri(issuer, account, secret, parseAlgorithm(algorithmText), parseDigits(digitsText),
                parsePeriod(periodText));
    }

    /** Returns a text with the issuer, account name and settings; the secret is redacted. */
    @Override
    public String toString() {
        return "OtpAuthUri[issuer=" + issuer + ", accountName=" + accountName + ", secret=(redacted), algorithm="
                + algorithm + ", digits=" + digits + ", period=" + period + "]";
    }

    private static void check(String problem) {
        if (problem != null) {
            throw new InvalidOtpAuthUriException(problem);
        }
    }

    private static String once(String previous, String value, String name) {
        if (previous != null) {
            throw new InvalidOtpAuthUriException("URI has the " + name + " parameter more than once");
        }
        return value;
    }

    private static String decode(String text, String what) {
        try {
            return PercentCodec.decode(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidOtpAuthUriException(what + " is not valid percent-encoded UTF-8");
        }
    }

    private static Algorithm parseAlgorithm(String text) {
        if (text == null) {
            return Algorithm.SHA1;
        }
        for (Algorithm algorithm : Algorithm.values()) {
            if (algorithm.name().equalsIgnoreCase(text)) {
                return algorithm;
            }
        }
        throw new InvalidOtpAuthUriException("algorithm parameter must be SHA1, SHA256 or SHA512");
    }

    private static int parseDigits(String text) {
        if (text == null) {
            return Totp.DEFAULT_DIGITS;
        }
        if (text.length() == 1 && text.charAt(0) >= '6' && text.charAt(0) <= '8') {
            return text.charAt(0) - '0';
        }
        throw new InvalidOtpAuthUriException("digits parameter must be 6, 7 or 8");
    }

    private static Duration parsePeriod(String text) {
        if (text == null) {
            return Duration.ofSeconds(Totp.DEFAULT_PERIOD_SECONDS);
        }
        int value = 0;
        if (text.isEmpty() || text.length() > 3) {
            value = -1;
        }
        for (int i = 0; i < text.length() && value >= 0; i++) {
            char c = text.charAt(i);
            value = c >= '0' && c <= '9' ? value * 10 + (c - '0') : -1;
        }
        if (value < 1 || value > Totp.MAX_PERIOD_SECONDS) {
            throw new InvalidOtpAuthUriException("period parameter must be 1 to " + Totp.MAX_PERIOD_SECONDS + " seconds");
        }
        return Duration.ofSeconds(value);
    }
}
