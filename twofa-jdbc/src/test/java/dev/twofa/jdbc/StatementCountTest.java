package dev.twofa.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.AccountId;
import dev.twofa.core.SmsSent;
import dev.twofa.core.TotpSetup;
import dev.twofa.core.TwoFactorService;
import dev.twofa.core.Verified;
import dev.twofa.sms.SmsCodes;
import dev.twofa.testkit.FakePersonDirectory;
import dev.twofa.testkit.RecordingSmsSender;
import dev.twofa.testkit.SettableClock;
import dev.twofa.totp.Totp;
import dev.twofa.totp.TotpSecrets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SQL statements of the login path, counted on a real PostgreSQL and a real MariaDB (where it is
 * installed) through a counting data source.
 */
class StatementCountTest {

    private static final String NUMBER = "+420601123456";

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-27T10:00:00Z"));
    private final RecordingSmsSender sms = new RecordingSmsSender();
    private final FakePersonDirectory persons = new FakePersonDirectory();
    private final Totp totp = Totp.builder().issuer("Example Hosting").build();
    private CountingDataSource counting;
    private boolean mysql;
    private TwoFactorService service;

    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of(Named.of("PostgreSQL", TestDatabases.sharedPostgres())),
                Arguments.of(Named.of("MariaDB", TestDatabases.sharedMariaDbOnFirstUse())));
    }

    /** Starts a service on the database (first asking it for its dialect: MariaDB's test is skipped here when it is missing). */
    private void start(DataSource db) throws SQLException {
        mysql = isMySql(db);
        counting = new CountingDataSource(db);
        SmsCodes codes = SmsCodes.builder(sms).issuer("Example Hosting").hashKey(new byte[32])
                .sendLimiter(new JdbcSendLimiter(counting.dataSource())).build();
        service = TwoFactorService.builder().store(new JdbcProfileStore(counting.dataSource())).clock(clock)
                .personDirectory(persons).sms(codes).totp(totp).build();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void completeLogin_validAppCode_statements(DataSource db) throws SQLException {
        start(db);
        AccountId account = AccountId.of("count-" + System.nanoTime());
        TotpSetup setup = (TotpSetup) service.startTotp(account, "alice@example.com");
        var secret = TotpSecrets.fromBase32(setup.manualEntryKey());
        service.confirmTotp(account, totp.generate(secret, clock.instant().minusSeconds(30)));
        String code = totp.generate(secret, clock.instant());
        counting.clear();

        assertThat(service.completeLogin(account, code)).isInstanceOf(Verified.class);

        // one load, then two compare-and-set writes on what was read and written (the counted try,
        // then the outcome); no commit (auto-commit)
        assertThat(counting.log()).containsExactly("SELECT twofa_profile", "UPDATE twofa_profile",
                "UPDATE twofa_profile");
        assertThat(counting.statements()).isEqualTo(3);
        assertThat(counting.commits()).isZero();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void beginLoginAndCompleteLogin_sms_statements(DataSource db) throws SQLException {
        start(db);
        AccountId warmUp = smsAccount();
        assertThat(service.beginLogin(warmUp)).isInstanceOf(SmsSent.class);
        // The limiter's first decision swept the tables; the next sweep is due a minute later.
        assertThat(counting.log()).containsSubsequence("COMMIT", "DELETE twofa_send", "DELETE twofa_send_key");
        clock.advance(Duration.ofSeconds(30));
        AccountId account = smsAccount();
        counting.clear();

        assertThat(service.beginLogin(account)).isInstanceOf(SmsSent.class);

        // one profile load, one limiter decision per limit key (cooldown, account, own number, the
        // number across the accounts that verified it: lock the key's row, read, insert, commit; on
        // MySQL/MariaDB first the decision's isolation), and the challenge stored by compare-and-set
        List<String> decision = new ArrayList<>(List.of("INSERT twofa_send_key", "SELECT twofa_send",
                "INSERT twofa_send", "COMMIT"));
        if (mysql) {
            decision.add(0, "SET TRANSACTION");
        }
        List<String> expected = new ArrayList<>(List.of("SELECT twofa_profile"));
        for (int key = 0; key < 4; key++) {
            expected.addAll(decision);
        }
        expected.add("UPDATE twofa_profile");
        assertThat(counting.log()).containsExactlyElementsOf(expected);
        assertThat(counting.statements()).isEqualTo(mysql ? 18 : 14);
        assertThat(counting.commits()).isEqualTo(4);
        counting.clear();

        assertThat(service.completeLogin(account, sms.lastCodeTo(NUMBER))).isInstanceOf(Verified.class);

        assertThat(counting.log()).containsExactly("SELECT twofa_profile", "UPDATE twofa_profile",
                "UPDATE twofa_profile");
    }

    private static boolean isMySql(DataSource db) throws SQLException {
        try (Connection c = db.getConnection()) {
            return Dialect.of(c.getMetaData()) == Dialect.MYSQL;
        }
    }

    private AccountId smsAccount() {
        AccountId account = AccountId.of("count-" + System.nanoTime());
        persons.add(account, NUMBER);
        service.addNumber(account, NUMBER);
        service.enableSms(account);
        counting.clear();
        return account;
    }
}
