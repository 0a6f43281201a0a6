package dev.twofa.spring.boot;

import dev.twofa.core.AesGcmSecretProtector;
import dev.twofa.core.InsecurePolicyException;
import dev.twofa.core.LockoutPolicy;
import dev.twofa.core.TwoFactorService;
import dev.twofa.core.TwoFactorServiceBuilder;
import dev.twofa.core.spi.PersonDirectory;
import dev.twofa.core.spi.PhoneNumberParser;
import dev.twofa.core.spi.ProfileStore;
import dev.twofa.core.spi.SecretProtector;
import dev.twofa.core.spi.SmsCodeChannel;
import dev.twofa.core.spi.TotpChannel;
import dev.twofa.core.spi.TwoFactorEventListener;
import dev.twofa.sms.PhoneNumbers;
import dev.twofa.sms.SendLimiter;
import dev.twofa.sms.SmsCodes;
import dev.twofa.sms.SmsSender;
import dev.twofa.totp.Totp;
import java.time.Clock;
import java.util.Arrays;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

/**
 * Configures twofa in a Spring Boot application: a {@link TwoFactorService} bean built from {@link
 * TwoFactorProperties} ({@code twofa.*}) and the host's beans, unless the host defines its own.
 *
 * <ul>
 *   <li>the store: a {@link ProfileStore} bean ({@link TwoFactorStoreAutoConfiguration} makes one
 *       from the {@code DataSource}, or in memory with {@code twofa.store=memory}); none refuses the
 *       start;
 *   <li>secrets: an {@link AesGcmSecretProtector} key ring from {@code twofa.secret-protection.*}
 *       (no key refuses the start while authenticator apps are on), unless the host has a {@link
 *       SecretProtector} bean;
 *   <li>authenticator apps: a {@link Totp} from {@code twofa.totp.*} (on by default; {@code
 *       twofa.totp.issuer} required), unless the host has a {@link TotpChannel} bean;
 *   <li>SMS with {@code twofa.sms.enabled=true}: {@link SmsCodes} sending through the host's {@link
 *       SmsSender} bean (none refuses the start), limited through the {@link SendLimiter} bean if
 *       any (then {@code twofa.sms.hash-key} is required), unless the host has an {@link
 *       SmsCodeChannel} bean;
 *   <li>phone numbers: {@link PhoneNumbers} from {@code twofa.phone-numbers.*}, unless the host has
 *       a {@link PhoneNumberParser} bean;
 *   <li>picked up when present: a {@link PersonDirectory}, every {@link TwoFactorEventListener} (in
 *       {@code @Order}), a {@link Clock}.
 * </ul>
 *
 * <p>A refused start is a {@link TwoFactorConfigurationException}, reported by {@link
 * TwoFactorFailureAnalyzer} with what to do.
 *
 * <p>Thread-safety: a configuration class; the beans it makes are immutable and thread-safe.
 */
@AutoConfiguration(after = TwoFactorStoreAutoConfiguration.class)
@ConditionalOnMissingBean(TwoFactorService.class)
@EnableConfigurationProperties(TwoFactorProperties.class)
public class TwoFactorAutoConfiguration {

    private static final String ISSUER = "twofa.totp.issuer";

    /** Creates the configuration; Spring calls this. */
    public TwoFactorAutoConfiguration() {
    }

    /**
     * Makes the key ring that encrypts authenticator-app secrets, from {@code
     * twofa.secret-protection.*}; not with {@code twofa.totp.enabled=false} (SMS codes are stored as
     * hashes and need no key ring).
     *
     * @param properties the settings
     * @return the protector
     * @throws TwoFactorConfigurationException if no key is set or a key is malformed
     */
    @Bean
    @ConditionalOnMissingBean(SecretProtector.class)
    @ConditionalOnProperty(name = "twofa.totp.enabled", havingValue = "true", matchIfMissing = true)
    public AesGcmSecretProtector twoFactorSecretProtector(TwoFactorProperties properties) {
        return Keys.protector(properties.secretProtection());
    }

    /**
     * Makes the phone number policy from {@code twofa.phone-numbers.*}.
     *
     * @param properties the settings
     * @return the policy
     * @throws TwoFactorConfigurationException if a region is unknown
     */
    @Bean
    @ConditionalOnMissingBean(PhoneNumberParser.class)
    public PhoneNumbers twoFactorPhoneNumbers(TwoFactorProperties properties) {
        TwoFactorProperties.PhoneNumbers settings = properties.phoneNumbers();
        PhoneNumbers.Builder builder = PhoneNumbers.builder();
        if (settings.defaultRegion() != null) {
            Settings.set("twofa.phone-numbers.default-region", () -> builder.defaultRegion(settings.defaultRegion()));
        }
        if (!settings.allowedRegions().isEmpty()) {
            Settings.set("twofa.phone-numbers.allowed-regions",
                    () -> builder.allowRegions(settings.allowedRegions().toArray(String[]::new)));
        }
        if (!settings.deniedRegions().isEmpty()) {
            Settings.set("twofa.phone-numbers.denied-regions",
                    () -> builder.denyRegions(settings.deniedRegions().toArray(String[]::new)));
        }
        return builder.build();
    }

    /**
     * Makes the authenticator-app channel from {@code twofa.totp.*}; not with {@code
     * twofa.totp.enabled=false}.
     *
     * @param properties the settings
     * @return the channel
     * @throws TwoFactorConfigurationException if the issuer is missing or a setting is out of bounds
     */
    @Bean
    @ConditionalOnMissingBean(TotpChannel.class)
    @ConditionalOnProperty(name = "twofa.totp.enabled", havingValue = "true", matchIfMissing = true)
    public Totp twoFactorTotp(TwoFactorProperties properties) {
        TwoFactorProperties.Totp settings = properties.totp();
        Totp.Builder builder = Totp.builder();
        Settings.set(ISSUER, () -> builder.issuer(issuer(settings.issuer(), ISSUER)));
        Settings.set("twofa.totp.digits", () -> builder.digits(settings.digits()));
        Settings.set("twofa.totp.period", () -> builder.period(settings.period()));
        Settings.set("twofa.totp.steps-back", () -> builder.stepsBack(settings.stepsBack()));
        Settings.set("twofa.totp.steps-ahead", () -> builder.stepsAhead(settings.stepsAhead()));
        Settings.set("twofa.totp.max-drift", () -> builder.maxDrift(settings.maxDrift()));
        builder.algorithm(settings.algorithm());
        return Settings.apply(ISSUER, builder::build);
    }

    /**
     * Builds the service from the settings and the beans above and the host's.
     *
     * @param properties the settings
     * @param store the profile store
     * @param protector the secret protector, if any (none without a TOTP channel)
     * @param totp the authenticator-app channel, if any
     * @param sms the SMS channel, if any
     * @param phoneNumbers the phone number policy
     * @param personDirectory the host's Person directory, if any
     * @param listeners the host's event listeners
     * @param clock the host's clock, if any
     * @return the service
     * @throws TwoFactorConfigurationException if there is no store or no method, or a setting is out of
     *     bounds
     */
    @Bean
    public TwoFactorService twoFactorService(TwoFactorProperties properties, ObjectProvider<ProfileStore> store,
            ObjectProvider<SecretProtector> protector, ObjectProvider<TotpChannel> totp, ObjectProvider<SmsCodeChannel> sms,
            ObjectProvider<PhoneNumberParser> phoneNumbers, ObjectProvider<PersonDirectory> personDirectory,
            ObjectProvider<TwoFactorEventListener> listeners, ObjectProvider<Clock> clock) {
        TwoFactorServiceBuilder builder = TwoFactorService.builder()
                .store(requireStore(store.getIfUnique()))
                .eventListener(EventListeners.of(listeners.orderedStream().toList()));
        TotpChannel totpChannel = totp.getIfUnique();
        SmsCodeChannel smsChannel = sms.getIfUnique();
        if (totpChannel == null && smsChannel == null) {
            throw new TwoFactorConfigurationException("twofa has no method to offer: twofa.totp.enabled is false and"
                    + " twofa.sms.enabled is not true.", "Set twofa.totp.enabled=true (authenticator apps) or"
                    + " twofa.sms.enabled=true with an SmsSender bean, or both.");
        }
        if (totpChannel != null) {
            // the host's own TotpChannel with twofa.totp.enabled=false still gets its secrets encrypted
            SecretProtector secrets = protector.getIfUnique();
            builder.totp(totpChannel)
                    .secretProtector(secrets != null ? secrets : Keys.protector(properties.secretProtection()));
        }
        if (smsChannel != null) {
            builder.sms(smsChannel);
        }
        PhoneNumberParser parser = phoneNumbers.getIfUnique();
        if (parser != null && (smsChannel == null || smsChannel.phoneNumbers().isEmpty())) {
            builder.phoneNumbers(parser);    // else the service reads numbers with the SMS channel's policy
        }
        personDirectory.ifUnique(builder::personDirectory);
        clock.ifUnique(builder::clock);
        TwoFactorProperties.Lockout lockout = properties.lockout();
        Settings.set("twofa.lockout", () -> builder.lockoutPolicy(new LockoutPolicy(lockout.freeFailures(),
                lockout.maxDelay(), lockout.lockAfter(), lockout.lockDuration(), lockout.permanentLockAfter())));
        Settings.set("twofa.totp.enrollment-timeout",
                () -> builder.totpEnrollmentTimeout(properties.totp().enrollmentTimeout()));
        Settings.set("twofa.step-up-validity", () -> builder.stepUpValidity(properties.stepUpValidity()));
        Settings.set("twofa.trusted-devices.validity",
                () -> builder.trustedDeviceValidity(properties.trustedDevices().validity()));
        Settings.set("twofa.trusted-devices.max-per-account",
                () -> builder.maxTrustedDevices(properties.trustedDevices().maxPerAccount()));
        try {
            return builder.build();
        } catch (InsecurePolicyException e) {
            throw new TwoFactorConfigurationException(e.getMessage() + ".", "Change twofa.totp.digits,"
                    + " twofa.totp.steps-back/steps-ahead, twofa.sms.code-digits or twofa.lockout.permanent-lock-after.");
        }
    }

    /** SMS codes, with {@code twofa.sms.enabled=true}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "twofa.sms.enabled", havingValue = "true")
    static class Sms {

        @Bean
        @ConditionalOnMissingBean(SmsCodeChannel.class)
        SmsCodes twoFactorSmsCodes(TwoFactorProperties properties, ObjectProvider<SmsSender> sender,
                ObjectProvider<SendLimiter> limiter, ObjectProvider<PhoneNumberParser> phoneNumbers) {
            SmsSender gateway = sender.getIfUnique();
            if (gateway == null) {
                throw new TwoFactorConfigurationException("twofa.sms.enabled=true needs one SmsSender bean"
                        + " (dev.twofa.sms.SmsSender) to send the texts through your SMS gateway, and the context has"
                        + " none (or several).", "Define a @Bean SmsSender that hands each message to your SMS"
                        + " provider, or set twofa.sms.enabled=false.");
            }
            TwoFactorProperties.Sms settings = properties.sms();
            SmsCodes.Builder builder = SmsCodes.builder(gateway);
            String issuer = settings.issuer() != null ? settings.issuer() : properties.totp().issuer();
            Settings.set(settings.issuer() != null ? "twofa.sms.issuer" : "twofa.sms.issuer (by default " + ISSUER + ")",
                    () -> builder.issuer(issuer(issuer, "twofa.sms.issuer (or " + ISSUER + ")")));
            Settings.set("twofa.sms.code-digits", () -> builder.codeDigits(settings.codeDigits()));
            Settings.set("twofa.sms.code-validity", () -> builder.codeValidity(settings.codeValidity()));
            Settings.set("twofa.sms.max-attempts-per-code",
                    () -> builder.maxAttemptsPerCode(settings.maxAttemptsPerCode()));
            Settings.set("twofa.sms.resend-cooldown", () -> builder.resendCooldown(settings.resendCooldown()));
            if (settings.webOtpDomain() != null) {
                Settings.set("twofa.sms.web-otp-domain", () -> builder.webOtpDomain(settings.webOtpDomain()));
            }
            phoneNumbers.ifUnique(builder::phoneNumbers);
            SendLimiter shared = limiter.getIfUnique();
            if (shared != null) {
                if (settings.hashKey() == null) {
                    throw new TwoFactorConfigurationException(Keys.HASH_KEY + " is not set, and the shared send limiter ("
                            + ClassUtils.getUserClass(shared).getSimpleName() + ") needs it: its keys leave this JVM,"
                            + " and without a key they would be plain hashes of phone numbers.",
                            Keys.GENERATE + " and set " + Keys.HASH_KEY + " to it, the same on every node.");
                }
                builder.sendLimiter(shared);
            }
            if (settings.hashKey() != null) {
                byte[] key = Keys.hashKey(settings.hashKey());
                try {
                    builder.hashKey(key);    // copied
                } finally {
                    Arrays.fill(key, (byte) 0);
                }
            }
            return builder.build();
        }
    }

    private static ProfileStore requireStore(ProfileStore store) {
        if (store != null) {
            return store;
        }
        throw new TwoFactorConfigurationException("twofa has no place to keep second-factor settings: twofa.store=jdbc"
                + " (the default) needs one DataSource bean, and the context has none (or several, none @Primary).",
                "Add a database (spring-boot-starter-jdbc, a JDBC driver and spring.datasource.url) and create twofa's"
                        + " tables with the scripts in db/migration/twofa/<database>/ or twofa.jdbc.initialize-schema"
                        + "=always; for tests and demos set twofa.store=memory (with dev.twofa:twofa-testkit); or"
                        + " define your own ProfileStore bean.");
    }

    private static String issuer(String issuer, String property) {
        if (issuer == null || issuer.isBlank()) {
            throw new TwoFactorConfigurationException(property + " is not set: it names your service in the customer's"
                    + " authenticator app and at the start of every SMS text.",
                    "Set " + ISSUER + " to your service's name, such as " + ISSUER + "=Example Hosting.");
        }
        return issuer;
    }
}
