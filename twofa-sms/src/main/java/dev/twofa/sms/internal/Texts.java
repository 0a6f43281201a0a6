package dev.twofa.sms.internal;

import dev.twofa.core.SmsPurpose;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.PropertyResourceBundle;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds SMS texts from the resource bundle {@code dev/twofa/sms/messages} (English, the root) and
 * its translations ({@code messages_cs}: Czech), read as UTF-8.
 *
 * <p>Each {@link SmsPurpose} has its own sentence under the key {@code sms.}<i>purpose in lower
 * case</i>, a {@link MessageFormat} pattern with {@code {0}} the code, {@code {1}} the issuer and
 * {@code {2}} the minutes of validity. The bundle for a locale is looked up by language (texts
 * differ by language only), then the English root; unlike {@link ResourceBundle#getBundle(String, Locale)} the
 * JVM's default locale never takes part, so a German request gets English on a Czech server. The
 * texts never hold the phone number or the account.
 *
 * <p>Immutable and thread-safe (bundles are cached in a concurrent map).
 */
public final class Texts {

    /** The resource path of the bundle, without locale suffix and extension. */
    public static final String BUNDLE = "/dev/twofa/sms/messages";

    private final ConcurrentHashMap<String, Optional<ResourceBundle>> bundles = new ConcurrentHashMap<>();

    /** Creates a text builder; the root bundle must exist. */
    public Texts() {
        if (bundle("").isEmpty()) {
            throw new AssertionError("the root SMS text bundle " + BUNDLE + ".properties is missing");
        }
    }

    /**
     * Returns the text for a code.
     *
     * @param purpose what the code is for
     * @param locale the language wanted
     * @param code the code
     * @param issuer the host's name for itself
     * @param minutes whole minutes the code stays valid
     * @return the text, without the WebOTP line
     */
    public String format(SmsPurpose purpose, Locale locale, String code, String issuer, long minutes) {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(locale, "locale");
        String key = "sms." + purpose.name().toLowerCase(Locale.ROOT);
        for (String suffix : suffixes(locale)) {
            Optional<ResourceBundle> found = bundle(suffix);
            if (found.isPresent() && found.get().containsKey(key)) {
                Locale textLocale = suffix.isEmpty() ? Locale.ENGLISH : locale;
                return new MessageFormat(found.get().getString(key), textLocale)
                        .format(new Object[] {code, issuer, minutes});
            }
        }
        throw new AssertionError("the root SMS text bundle has no key " + key);
    }

    private static List<String> suffixes(Locale locale) {
        String language = locale.getLanguage();
        return language.isEmpty() ? List.of("") : List.of("_" + language, "");
    }

    private Optional<ResourceBundle> bundle(String suffix) {
        return bundles.computeIfAbsent(suffix, Texts::load);
    }

    private static Optional<ResourceBundle> load(String suffix) {
        String resource = BUNDLE + suffix + ".properties";
        try (InputStream in = Texts.class.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return Optional.of(new PropertyResourceBundle(reader));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read SMS text bundle " + resource, e);
        }
    }
}
