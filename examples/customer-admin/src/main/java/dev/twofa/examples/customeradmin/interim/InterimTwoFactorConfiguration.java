package dev.twofa.examples.customeradmin.interim;

import dev.twofa.core.AesGcmSecretProtector;
import dev.twofa.core.TwoFactorService;
import dev.twofa.core.spi.PersonDirectory;
import dev.twofa.jdbc.JdbcProfileStore;
import dev.twofa.jdbc.JdbcSchema;
import dev.twofa.jdbc.JdbcSendLimiter;
import dev.twofa.sms.PhoneNumbers;
import dev.twofa.sms.SmsCodes;
import dev.twofa.sms.SmsSender;
import dev.twofa.totp.Totp;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Builds the {@link TwoFactorService} by hand from the same {@code twofa.*} properties the starter
 * reads, until the starter's auto-configuration does it: twofa-jdbc's store and send limiter on the
 * H2 file database, the authenticator-app secrets encrypted with the generated AES key, SMS codes
 * through the {@link SmsSender} bean (the outbox). Delete this class when switching to the starter.
 *
 * <p>Thread-safety: a configuration class; the service is thread-safe.
 */
@Configuration(proxyBeanMethods = false)
public class InterimTwoFactorConfiguration {

    /** Creates the configuration; Spring calls this. */
    public InterimTwoFactorConfiguration() {
    }

    @Bean
    TwoFactorService twoFactorService(DataSource dataSource, SmsSender sender, PersonDirectory persons, Clock clock,
            Environment env) {
        JdbcSchema.createSchema(dataSource);
        String keyId = env.getRequiredProperty("twofa.secret-protection.current-key");
        byte[] key = Base64.getDecoder().decode(env.getRequiredProperty("twofa.secret-protection.keys." + keyId));
        String issuer = env.getRequiredProperty("twofa.totp.issuer");
        return TwoFactorService.builder()
                .store(new JdbcProfileStore(dataSource))
                .clock(clock)
                .personDirectory(persons)
                .secretProtector(AesGcmSecretProtector.keyRing(keyId, Map.of(keyId, key)))
                .sms(SmsCodes.builder(sender)
                        .issuer(issuer)
                        .phoneNumbers(PhoneNumbers.builder().defaultRegion("CZ").build())
                        .hashKey(Base64.getDecoder().decode(env.getRequiredProperty("twofa.sms.hash-key")))
                        .sendLimiter(new JdbcSendLimiter(dataSource))
                        .build())
                .totp(Totp.builder().issuer(issuer).build())
                .build();
    }
}
