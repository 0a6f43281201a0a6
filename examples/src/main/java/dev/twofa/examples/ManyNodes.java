package dev.twofa.examples;

import dev.twofa.core.AesGcmSecretProtector;
import dev.twofa.core.TwoFactorService;
import dev.twofa.jdbc.JdbcProfileStore;
import dev.twofa.jdbc.JdbcSchema;
import dev.twofa.jdbc.JdbcSendLimiter;
import dev.twofa.sms.SmsCodes;
import dev.twofa.sms.SmsSender;
import dev.twofa.totp.Totp;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * The README section "Running on many nodes" as compiled code: one application node's {@link
 * TwoFactorService} on a database all nodes share, through twofa-jdbc. The README quotes the part
 * between the {@code README:} markers.
 *
 * <p>Stateless and thread-safe.
 */
public final class ManyNodes {

    private ManyNodes() {
    }

    /**
     * Creates the tables if they do not exist yet: for a quick start; production runs the scripts
     * in {@code db/migration/twofa/<database>/} with its migration tool.
     *
     * @param dataSource the shared database
     */
    public static void createTables(DataSource dataSource) {
        // README:many-nodes-schema
        JdbcSchema.createSchema(dataSource);   // or Flyway: classpath:db/migration/twofa/postgresql
        // README:end
    }

    /**
     * Builds one node's service on the shared database.
     *
     * @param dataSource the host's connection pool on the shared database
     * @param smsSender the host's SMS gateway
     * @param hashKey the key of the SMS code hashes and limit keys: the same on every node
     * @param secretKey the key that encrypts app secrets: the same on every node
     * @param clock the clock (every node's in sync, e.g. by NTP)
     * @return the node's service
     */
    public static TwoFactorService node(DataSource dataSource, SmsSender smsSender, byte[] hashKey, byte[] secretKey,
            Clock clock) {
        // README:many-nodes
        TwoFactorService twoFactor = TwoFactorService.builder()
                .store(new JdbcProfileStore(dataSource))              // profiles: compare-and-set per row
                .sms(SmsCodes.builder(smsSender)
                        .issuer("Example Hosting")
                        .hashKey(hashKey)                            // the same key on every node
                        .sendLimiter(new JdbcSendLimiter(dataSource)) // cooldowns and limits: shared
                        .build())
                .totp(Totp.builder().issuer("Example Hosting").build())
                .secretProtector(new AesGcmSecretProtector(secretKey)) // the same key on every node
                .clock(clock)
                .build();
        // README:end
        return twoFactor;
    }
}
