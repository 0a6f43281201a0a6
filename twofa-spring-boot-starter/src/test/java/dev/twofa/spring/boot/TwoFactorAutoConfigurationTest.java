package dev.twofa.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.AccountId;
import dev.twofa.core.AesGcmSecretProtector;
import dev.twofa.core.AppCodeRequired;
import dev.twofa.core.Changed;
import dev.twofa.core.Refused;
import dev.twofa.core.SmsSent;
import dev.twofa.core.TotpSetup;
import dev.twofa.core.TwoFactorEvent;
import dev.twofa.core.TwoFactorService;
import dev.twofa.core.Verified;
import dev.twofa.core.spi.PersonDirectory;
import dev.twofa.core.spi.ProfileStore;
import dev.twofa.core.spi.SecretProtector;
import dev.twofa.core.spi.SmsCodeChannel;
import dev.twofa.core.spi.TotpChannel;
import dev.twofa.core.spi.TwoFactorEventListener;
import dev.twofa.jdbc.JdbcProfileStore;
import dev.twofa.jdbc.JdbcSendLimiter;
import dev.twofa.sms.InMemorySendLimiter;
import dev.twofa.sms.SendLimiter;
import dev.twofa.sms.SmsCodes;
import dev.twofa.testkit.AuthenticatorApp;
import dev.twofa.testkit.FakePersonDirectory;
import dev.twofa.testkit.InMemoryProfileStore;
import dev.twofa.testkit.RecordingSmsSender;
import dev.twofa.testkit.SettableClock;
import dev.twofa.totp.Totp;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.Ordered;

/** One test per condition of the auto-configuration, on a real Spring context. */
@ExtendWith(OutputCaptureExtension.class)
class TwoFactorAutoConfigurationTest {

    static final String KEY = randomBase64(32);
    static final String HASH_KEY = randomBase64(32);
    static final String ALWAYS = "twofa.jdbc.initialize-schema=always";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    /** Our auto-configurations and Boot's DataSource one, with the two settings every host sets. */
    static ApplicationContextRunner runner() {
        return withoutDataSource().withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class));
    }

    /**
     * Our auto-configurations alone: with H2 on the class path Boot's DataSource auto-configuration
     * would always make an embedded database.
     */
    static ApplicationContextRunner withoutDataSource() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TwoFactorStoreAutoConfiguration.class,
                        TwoFactorAutoConfiguration.class))
                .withPropertyValues("twofa.totp.issuer=Example Hosting", "twofa.secret-protection.keys.k1=" + KEY);
    }

    /** A fresh H2 database of its own, through Boot's DataSource auto-configuration. */
    static String h2() {
        return "spring.datasource.url=jdbc:h2:mem:twofa" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    }

    static ApplicationContextRunner memory() {
        return withoutDataSource().withPropertyValues("twofa.store=memory");
    }

    @Test
    void store_dataSourcePresent_jdbcStoreAndLimiter() {
        runner().withPropertyValues(h2(), ALWAYS).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(TwoFactorService.class);
            assertThat(context.getBean(ProfileStore.class)).isInstanceOf(JdbcProfileStore.class);
            assertThat(context.getBean(SendLimiter.class)).isInstanceOf(JdbcSendLimiter.class);
        });
    }

    @Test
    void store_memoryAsked_memoryStoreAndWarning(CapturedOutput output) {
        memory().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ProfileStore.class)).isInstanceOf(InMemoryProfileStore.class);
            assertThat(context).doesNotHaveBean(SendLimiter.class);
        });
        assertThat(output).contains("WARN").contains("twofa.store=memory").contains("lost at restart");
    }

    @Test
    void store_memoryAskedWithDataSource_memoryStore() {
        runner().withPropertyValues(h2(), "twofa.store=memory").run(context -> {
            assertThat(context.getBean(ProfileStore.class)).isInstanceOf(InMemoryProfileStore.class);
            assertThat(context).doesNotHaveBean(SendLimiter.class);
        });
    }

    @Test
    void store_neitherDataSourceNorMemory_startupRefusedWithAnalysis() {
        withoutDataSource().run(context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription()).contains("DataSource").contains("twofa.store=jdbc");
            assertThat(analysis.getAction()).contains("twofa.store=memory").contains("spring.datasource.url")
                    .contains("initialize-schema");
        });
    }

    @Test
    void store_severalDataSourcesNonePrimary_startupRefused() {
        withoutDataSource()
                .withBean("one", DataSource.class, () -> h2DataSource("one"))
                .withBean("two", DataSource.class, () -> h2DataSource("two"))
                .run(context -> assertThat(analysis(context).getDescription()).contains("one DataSource bean")
                        .contains("several, none @Primary"));
    }

    @Test
    void store_memoryAskedWithoutTestkit_startupRefusedSayingWhatToAdd() {
        memory().withClassLoader(new FilteredClassLoader(InMemoryProfileStore.class)).run(context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription()).contains("twofa.store=memory needs twofa-testkit");
            assertThat(analysis.getAction()).contains("dev.twofa:twofa-testkit");
        });
    }

    @Test
    void schema_neverByDefaultAndNoTables_startupRefusedSayingHowToCreateThem() {
        runner().withPropertyValues(h2()).run(context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription()).containsPattern("\\[twofa_(profile|send, twofa_send_key)\\] are missing")
                    .contains("twofa.jdbc.initialize-schema=never");
            assertThat(analysis.getAction()).contains("db/migration/twofa/<database>/")
                    .contains("twofa.jdbc.initialize-schema=always");
        });
    }

    @Test
    void schema_hostsOwnStoreButOurLimiterWithoutTables_startupRefusedNamingTheSendTables() {
        runner().withPropertyValues(h2())
                .withBean(ProfileStore.class, InMemoryProfileStore::new)
                .run(context -> assertThat(analysis(context).getDescription())
                        .contains("[twofa_send, twofa_send_key] are missing"));
    }

    @Test
    void schema_hostsOwnSqlInitRunsTwofasScript_checkedAfterItAndWorks() {
        runner().withConfiguration(AutoConfigurations.of(DataSourceInitializationAutoConfiguration.class))
                .withPropertyValues(h2(), "spring.sql.init.mode=always",
                        "spring.sql.init.schema-locations=classpath:db/migration/twofa/h2/V1__twofa_schema.sql")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    AccountId alice = AccountId.of("alice");
                    context.getBean(TwoFactorService.class).startTotp(alice, "alice");
                    assertThat(context.getBean(ProfileStore.class).load(alice)).isPresent();
                });
    }

    @Test
    void schema_alwaysWithOwnTableNames_tablesOfThoseNamesUsed() {
        runner().withPropertyValues(h2(), ALWAYS, "twofa.jdbc.profile-table=acme_2fa", "twofa.jdbc.send-table=acme_sms")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    DataSource dataSource = context.getBean(DataSource.class);
                    assertThat(tables(dataSource)).contains("ACME_2FA", "ACME_SMS", "ACME_SMS_KEY")
                            .doesNotContain("TWOFA_PROFILE");
                    context.getBean(TwoFactorService.class).startTotp(AccountId.of("alice"), "alice");
                    assertThat(rows(dataSource, "acme_2fa")).isEqualTo(1);
                });
    }

    @Test
    void schema_tableNameNotAnIdentifier_refusedNamingTheProperty() {
        runner().withPropertyValues(h2(), ALWAYS, "twofa.jdbc.profile-table=twofa profile").run(context ->
                assertThat(analysis(context).getDescription()).startsWith("twofa.jdbc.profile-table or "));
    }

    @Test
    void schema_alwaysOnH2_tablesCreatedAndAppLoginWorksEndToEnd() {
        SettableClock clock = new SettableClock(Instant.parse("2026-12-01T10:00:00Z"));
        runner().withPropertyValues(h2(), "twofa.jdbc.initialize-schema=always")
                .withBean(Clock.class, () -> clock)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(tables(context.getBean(DataSource.class)))
                            .contains("TWOFA_PROFILE", "TWOFA_SEND", "TWOFA_SEND_KEY");
                    TwoFactorService twoFactor = context.getBean(TwoFactorService.class);
                    AccountId alice = AccountId.of("alice");
                    AuthenticatorApp app = new AuthenticatorApp(clock);

                    TotpSetup setup = (TotpSetup) twoFactor.startTotp(alice, "alice@example.com");
                    app.addAccount(setup.otpauthUri());
                    assertThat(twoFactor.confirmTotp(alice, app.currentCode())).isInstanceOf(Verified.class);

                    clock.advance(Duration.ofSeconds(30));
                    assertThat(twoFactor.beginLogin(alice)).isInstanceOf(AppCodeRequired.class);
                    assertThat(twoFactor.completeLogin(alice, app.currentCode())).isInstanceOf(Verified.class);
                    // the state is in the database: the stored secret is encrypted with the configured key
                    assertThat(AesGcmSecretProtector.keyUsage(List.of(
                            context.getBean(ProfileStore.class).load(alice).orElseThrow()))).containsEntry("k1", 1L);
                });
    }

    @Test
    void sms_enabledWithoutSender_startupRefused() {
        memory().withPropertyValues("twofa.sms.enabled=true").run(context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription()).contains("twofa.sms.enabled=true").contains("SmsSender");
            assertThat(analysis.getAction()).contains("@Bean SmsSender").contains("twofa.sms.enabled=false");
        });
    }

    @Test
    void sms_enabledWithSender_smsCodesSendThroughIt() {
        RecordingSmsSender sender = new RecordingSmsSender();
        memory().withPropertyValues("twofa.sms.enabled=true")
                .withBean(RecordingSmsSender.class, () -> sender)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(SmsCodeChannel.class)).isInstanceOf(SmsCodes.class);
                    TwoFactorService twoFactor = context.getBean(TwoFactorService.class);
                    AccountId alice = AccountId.of("alice");
                    assertThat(twoFactor.addNumber(alice, "+420 601 123 456")).isInstanceOf(Changed.class);
                    assertThat(twoFactor.sendVerificationCode(alice)).isInstanceOf(SmsSent.class);
                    assertThat(sender.messages()).singleElement()
                            .satisfies(m -> assertThat(m.text()).startsWith("Example Hosting"));
                });
    }

    @Test
    void sms_disabledByDefault_noChannel() {
        memory().withBean(RecordingSmsSender.class, RecordingSmsSender::new)
                .run(context -> assertThat(context).doesNotHaveBean(SmsCodeChannel.class));
    }

    @Test
    void sms_sharedLimiterWithoutHashKey_startupRefused() {
        runner().withPropertyValues(h2(), ALWAYS, "twofa.sms.enabled=true")
                .withBean(RecordingSmsSender.class, RecordingSmsSender::new)
                .run(context -> {
                    FailureAnalysis analysis = analysis(context);
                    assertThat(analysis.getDescription()).contains("twofa.sms.hash-key").contains("JdbcSendLimiter");
                    assertThat(analysis.getAction()).contains("openssl rand -base64 32");
                });
    }

    @Test
    void sms_sharedLimiterWithHashKey_sendsCountedInTheDatabase() {
        RecordingSmsSender sender = new RecordingSmsSender();
        runner().withPropertyValues(h2(), "twofa.jdbc.initialize-schema=always", "twofa.sms.enabled=true",
                        "twofa.sms.hash-key=" + HASH_KEY)
                .withBean(RecordingSmsSender.class, () -> sender)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    TwoFactorService twoFactor = context.getBean(TwoFactorService.class);
                    AccountId alice = AccountId.of("alice");
                    twoFactor.addNumber(alice, "+420 601 123 456");
                    assertThat(twoFactor.sendVerificationCode(alice)).isInstanceOf(SmsSent.class);
                    assertThat(sender.messages()).hasSize(1);
                    assertThat(rows(context.getBean(DataSource.class), "TWOFA_SEND")).isPositive();
                });
    }

    @Test
    void secretProtection_keyMissing_startupRefusedSayingHowToMakeOne() {
        memory().withPropertyValues("twofa.secret-protection.keys.k1=").run(context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription()).contains("twofa.secret-protection.keys.k1");
            assertThat(analysis.getAction()).contains("openssl rand -base64 32");
        });
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TwoFactorStoreAutoConfiguration.class,
                        TwoFactorAutoConfiguration.class))
                .withPropertyValues("twofa.totp.issuer=Example Hosting", "twofa.store=memory")
                .run(context -> {
                    FailureAnalysis analysis = analysis(context);
                    assertThat(analysis.getDescription()).contains("twofa.secret-protection.keys is not set");
                    assertThat(analysis.getAction()).contains("openssl rand -base64 32")
                            .contains("twofa.secret-protection.current-key");
                });
    }

    @Test
    void secretProtection_keyNotBase64_refusedNamingThePropertyNotTheValue() {
        String malformed = "not-base64-" + KEY.substring(0, 20);
        memory().withPropertyValues("twofa.secret-protection.keys.k1=" + malformed).run(context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription()).contains("twofa.secret-protection.keys.k1").contains("not base64");
            assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(malformed)
                    .doesNotContain(KEY.substring(0, 20));
            assertThat(context.getStartupFailure()).hasStackTraceContaining("not base64")
                    .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(KEY.substring(0, 20)));
        });
    }

    @Test
    void secrets_startFlowsAndRefusals_neverInTheLog(CapturedOutput output) {
        LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
        logging.setLogLevel("dev.twofa", LogLevel.DEBUG);
        try {
            secretsNeverLogged(output);
        } finally {
            logging.setLogLevel("dev.twofa", null);
        }
    }

    private void secretsNeverLogged(CapturedOutput output) {
        RecordingSmsSender sender = new RecordingSmsSender();
        List<String> secrets = new ArrayList<>(List.of(KEY, HASH_KEY, "+420601123456", "601 123 456"));
        runner().withPropertyValues(h2(), "twofa.jdbc.initialize-schema=always", "twofa.sms.enabled=true",
                        "twofa.sms.hash-key=" + HASH_KEY)
                .withBean(RecordingSmsSender.class, () -> sender)
                .run(context -> {
                    TwoFactorService twoFactor = context.getBean(TwoFactorService.class);
                    AccountId alice = AccountId.of("alice");
                    twoFactor.addNumber(alice, "+420 601 123 456");
                    twoFactor.sendVerificationCode(alice);
                    String code = RecordingSmsSender.codeIn(sender.lastMessage());
                    secrets.add(code);
                    twoFactor.verifyNumber(alice, code.equals("000000") ? "111111" : "000000");
                    twoFactor.verifyNumber(alice, code);
                    TotpSetup setup = (TotpSetup) twoFactor.startTotp(AccountId.of("bob"), "bob");
                    secrets.add(setup.manualEntryKey());
                });
        String canary = "CANARY" + KEY.substring(0, 30);
        memory().withPropertyValues("twofa.secret-protection.keys.k1=" + canary).run(context -> analysis(context));
        memory().withPropertyValues("twofa.sms.enabled=true", "twofa.sms.hash-key=" + canary)
                .withBean(RecordingSmsSender.class, RecordingSmsSender::new).run(context -> analysis(context));
        secrets.add(canary);
        assertThat(output.getAll()).contains("NUMBER_VERIFIED");    // the debug log was captured
        for (String secret : secrets) {
            assertThat(output.getAll()).doesNotContain(secret);
        }
    }

    @Test
    void secretProtection_keyOfWrongLength_refused() {
        memory().withPropertyValues("twofa.secret-protection.keys.k1=" + randomBase64(20)).run(context ->
                assertThat(analysis(context).getDescription())
                        .contains("twofa.secret-protection.keys.k1 decodes to 20 bytes").contains("16, 24 or 32"));
    }

    @Test
    void secretProtection_severalKeysWithoutCurrent_refused() {
        memory().withPropertyValues("twofa.secret-protection.keys.k2=" + randomBase64(32)).run(context ->
                assertThat(analysis(context).getDescription()).contains("twofa.secret-protection.current-key"));
    }

    @Test
    void secretProtection_severalKeys_currentEncrypts() {
        memory().withPropertyValues("twofa.secret-protection.keys.k2=" + randomBase64(32),
                "twofa.secret-protection.current-key=k2").run(context ->
                assertThat(context.getBean(AesGcmSecretProtector.class).currentKeyId()).isEqualTo("k2"));
    }

    @Test
    void secretProtection_oneKeyCurrentKeyLeftEmpty_thatKeyEncrypts() {
        memory().withPropertyValues("twofa.secret-protection.current-key=").run(context ->
                assertThat(context.getBean(AesGcmSecretProtector.class).currentKeyId()).isEqualTo("k1"));
    }

    @Test
    void secretProtection_currentKeyUnknown_refused() {
        memory().withPropertyValues("twofa.secret-protection.current-key=k9").run(context ->
                assertThat(analysis(context).getDescription())
                        .contains("twofa.secret-protection.current-key=k9 names no key"));
    }

    @Test
    void secretProtection_smsOnlyWithoutKey_startsWithoutKeyRing() {
        withoutDataSource().withPropertyValues("twofa.store=memory", "twofa.totp.enabled=false",
                        "twofa.sms.enabled=true", "twofa.secret-protection.keys.k1=")
                .withBean(RecordingSmsSender.class, RecordingSmsSender::new)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(SecretProtector.class).doesNotHaveBean(TotpChannel.class);
                    assertThat(context.getBean(TwoFactorService.class).startTotp(AccountId.of("alice"), "alice"))
                            .isInstanceOf(Refused.class);
                });
    }

    @Test
    void issuer_missing_startupRefused() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TwoFactorStoreAutoConfiguration.class,
                        TwoFactorAutoConfiguration.class))
                .withPropertyValues("twofa.store=memory", "twofa.secret-protection.keys.k1=" + KEY)
                .run(context -> {
                    FailureAnalysis analysis = analysis(context);
                    assertThat(analysis.getDescription()).contains("twofa.totp.issuer is not set");
                    assertThat(analysis.getAction()).contains("twofa.totp.issuer=");
                });
    }

    @Test
    void setting_outOfBounds_refusedNamingTheProperty() {
        memory().withPropertyValues("twofa.totp.digits=5").run(context ->
                assertThat(analysis(context).getDescription()).startsWith("twofa.totp.digits: ").contains("5"));
        memory().withPropertyValues("twofa.lockout.lock-after=2").run(context ->
                assertThat(analysis(context).getDescription()).startsWith("twofa.lockout: "));
    }

    @Test
    void phoneNumbers_unknownRegion_refusedNamingTheProperty() {
        memory().withPropertyValues("twofa.phone-numbers.default-region=XX").run(context ->
                assertThat(analysis(context).getDescription()).startsWith("twofa.phone-numbers.default-region: "));
    }

    @Test
    void phoneNumbers_defaultRegion_nationalFormsRead() {
        memory().withPropertyValues("twofa.phone-numbers.default-region=CZ").run(context -> {
            TwoFactorService twoFactor = context.getBean(TwoFactorService.class);
            AccountId alice = AccountId.of("alice");
            assertThat(twoFactor.addNumber(alice, "601 123 456")).isInstanceOf(Changed.class);
            assertThat(twoFactor.status(alice).number().e164()).isEqualTo("+420601123456");
        });
    }

    @Test
    void methods_noneEnabled_startupRefused() {
        memory().withPropertyValues("twofa.totp.enabled=false").run(context ->
                assertThat(analysis(context).getDescription()).contains("no method"));
    }

    @Test
    void hostBeans_ownService_keptAndOursBackOff() {
        TwoFactorService own = TwoFactorService.builder().store(new InMemoryProfileStore())
                .totp(Totp.builder().issuer("Own").build()).build();
        // no DataSource, no key: nothing of ours is made, so nothing is refused
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TwoFactorStoreAutoConfiguration.class,
                        TwoFactorAutoConfiguration.class))
                .withBean(TwoFactorService.class, () -> own)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(TwoFactorService.class)).isSameAs(own);
                    assertThat(context).doesNotHaveBean(ProfileStore.class).doesNotHaveBean(SecretProtector.class)
                            .doesNotHaveBean(TotpChannel.class);
                });
    }

    @Test
    void hostBeans_ownStoreAndProtector_keptAndUsed() {
        InMemoryProfileStore store = new InMemoryProfileStore();
        SecretProtector protector = SecretProtector.NONE;
        runner().withPropertyValues(h2(), ALWAYS)
                .withBean(ProfileStore.class, () -> store)
                .withBean(SecretProtector.class, () -> protector)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(ProfileStore.class)).isSameAs(store);
                    assertThat(context.getBean(SecretProtector.class)).isSameAs(protector);
                    assertThat(context).hasSingleBean(JdbcSendLimiter.class);
                    AccountId alice = AccountId.of("alice");
                    context.getBean(TwoFactorService.class).startTotp(alice, "alice");
                    assertThat(store.load(alice)).isPresent();
                });
    }

    @Test
    void hostBeans_ownStoreAndLimiterBesideADataSource_noTwofaTablesNeeded() {
        runner().withPropertyValues(h2(), "twofa.sms.enabled=true", "twofa.sms.hash-key=" + HASH_KEY)
                .withBean(ProfileStore.class, InMemoryProfileStore::new)
                .withBean(SendLimiter.class, InMemorySendLimiter::new)
                .withBean(RecordingSmsSender.class, RecordingSmsSender::new)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(JdbcProfileStore.class).doesNotHaveBean(JdbcSendLimiter.class);
                    assertThat(tables(context.getBean(DataSource.class))).doesNotContain("TWOFA_PROFILE");
                });
    }

    @Test
    void hostBeans_listenersInOrderAndClock_pickedUp() {
        List<String> calls = new ArrayList<>();
        List<TwoFactorEvent> events = new ArrayList<>();
        SettableClock clock = new SettableClock(Instant.parse("2026-12-01T10:00:00Z"));
        memory().withBean("late", OrderedListener.class, () -> new OrderedListener(2, event -> {
                    calls.add("late");
                    events.add(event);
                }))
                .withBean("early", OrderedListener.class, () -> new OrderedListener(1, event -> {
                    calls.add("early");
                    throw new IllegalStateException("a failing listener does not keep the others from the event");
                }))
                .withBean(Clock.class, () -> clock)
                .run(context -> {
                    context.getBean(TwoFactorService.class).startTotp(AccountId.of("alice"), "alice");
                    assertThat(calls).containsExactly("early", "late");
                    assertThat(events).singleElement().satisfies(e -> {
                        assertThat(e.type()).isEqualTo(TwoFactorEvent.Type.TOTP_ENROLLMENT_STARTED);
                        assertThat(e.at()).isEqualTo(clock.instant());
                    });
                });
    }

    @Test
    void hostBeans_personDirectory_pickedUp() {
        FakePersonDirectory directory = new FakePersonDirectory();
        AccountId alice = AccountId.of("alice");
        directory.add(alice, "+420 601 123 456");
        memory().withBean(PersonDirectory.class, () -> directory).run(context -> {
            TwoFactorService twoFactor = context.getBean(TwoFactorService.class);
            twoFactor.addNumber(alice, "+420 601 123 456");
            assertThat(twoFactor.status(alice).numberFromPerson()).isTrue();    // verified through the Person, no SMS
        });
    }

    /** A listener with a place in the order of listeners. */
    record OrderedListener(int order, TwoFactorEventListener delegate) implements TwoFactorEventListener, Ordered {

        @Override
        public void onEvent(TwoFactorEvent event) {
            delegate.onEvent(event);
        }

        @Override
        public int getOrder() {
            return order;
        }
    }

    private static DataSource h2DataSource(String name) {
        org.h2.jdbcx.JdbcDataSource dataSource = new org.h2.jdbcx.JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + name + DATABASES.incrementAndGet());
        return dataSource;
    }

    static FailureAnalysis analysis(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        FailureAnalysis analysis = new TwoFactorFailureAnalyzer().analyze(context.getStartupFailure());
        assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
        return analysis;
    }

    static String randomBase64(int bytes) {
        byte[] key = new byte[bytes];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    private static List<String> tables(DataSource dataSource) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME").toUpperCase(java.util.Locale.ROOT));
            }
        }
        return names;
    }

    private static long rows(DataSource dataSource, String table) throws Exception {
        try (Connection c = dataSource.getConnection();
                ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
