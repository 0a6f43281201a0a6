package dev.twofa.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twofa.core.AccountId;
import dev.twofa.core.Changed;
import dev.twofa.core.DeviceToken;
import dev.twofa.core.DeviceTrusted;
import dev.twofa.core.LockoutPolicy;
import dev.twofa.core.Proof;
import dev.twofa.core.Refused;
import dev.twofa.core.SmsSent;
import dev.twofa.core.TotpSetup;
import dev.twofa.core.TwoFactorEvent;
import dev.twofa.core.TwoFactorService;
import dev.twofa.core.Verified;
import dev.twofa.core.spi.SmsCodeChannel;
import dev.twofa.sms.SmsMessage;
import dev.twofa.totp.TotpSecrets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TwoFactorTestKitTest {

    private static final AccountId ALICE = AccountId.of("alice");
    private static final String NUMBER = "+420 601 123 456";

    @Test
    void create_defaults_wiresEveryFakeIntoTheService() {
        TwoFactorTestKit kit = TwoFactorTestKit.create();

        kit.persons().add(ALICE, NUMBER);
        kit.service().addNumber(ALICE, NUMBER);
        kit.service().enableSms(ALICE);
        kit.service().beginLogin(ALICE);

        assertThat(kit.clock().instant()).isEqualTo(SettableClock.DEFAULT_START);
        assertThat(kit.store().load(ALICE)).isPresent();
        assertThat(kit.sms().lastMessage().text()).startsWith(TwoFactorTestKit.DEFAULT_ISSUER + ": ");
        assertThat(kit.sms().lastCodeTo(NUMBER)).hasSize(6);
        assertThat(kit.events()).extracting(TwoFactorEvent::type).containsExactly(TwoFactorEvent.Type.NUMBER_ADDED,
                TwoFactorEvent.Type.NUMBER_VERIFIED, TwoFactorEvent.Type.METHOD_ACTIVATED,
                TwoFactorEvent.Type.RECOVERY_CODES_GENERATED, TwoFactorEvent.Type.SMS_SENT);
        assertThat(kit.eventListener().types()).hasSize(5);
        assertThat(kit.events()).allSatisfy(e -> assertThat(e.at()).isEqualTo(SettableClock.DEFAULT_START));
    }

    @Test
    void rememberDevice_afterAnSmsLogin_realTokenTrustedOnEveryNodeAndStoredOnlyHashed() {
        TwoFactorTestKit kit = TwoFactorTestKit.create();
        kit.persons().add(ALICE, NUMBER);
        kit.service().addNumber(ALICE, NUMBER);
        kit.service().enableSms(ALICE);
        kit.service().beginLogin(ALICE);
        Proof proof = ((Verified) kit.service().completeLogin(ALICE, kit.sms().lastCodeTo(NUMBER))).proof();

        DeviceToken token = kit.rememberDevice(ALICE, proof, "Firefox on Windows");

        assertThat(kit.service().devices().find(ALICE, token)).hasValueSatisfying(
                d -> assertThat(d.label()).isEqualTo("Firefox on Windows"));
        assertThat(kit.newNode().beginLogin(ALICE, token)).isInstanceOf(DeviceTrusted.class);
        assertThat(kit.store().load(ALICE).orElseThrow().toString()).doesNotContain(token.value());
        assertThat(kit.events()).extracting(TwoFactorEvent::type).contains(TwoFactorEvent.Type.DEVICE_REMEMBERED,
                TwoFactorEvent.Type.DEVICE_LOGIN);
    }

    @Test
    void rememberDevice_refused_throwsNamingTheRefusalAndNothingRemembered() {
        TwoFactorTestKit kit = TwoFactorTestKit.create();
        kit.persons().add(ALICE, NUMBER);
        kit.service().addNumber(ALICE, NUMBER);

        assertThatThrownBy(() -> kit.rememberDevice(ALICE, null, "Firefox on Windows"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("NO_ACTIVE_METHOD");
        kit.service().enableSms(ALICE);
        assertThatThrownBy(() -> kit.rememberDevice(ALICE, null, "Firefox on Windows"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("STEP_UP_REQUIRED")
                .hasMessageContaining("first confirm with a current code");
        assertThat(kit.service().devices().list(ALICE)).isEmpty();
    }

    @Test
    void app_readsTheKitsClock() {
        TwoFactorTestKit kit = TwoFactorTestKit.create();
        TotpSetup setup = (TotpSetup) kit.service().startTotp(ALICE, "alice@example.com");
        kit.app().addAccount(setup.otpauthUri());
        String before = kit.app().currentCode();

        kit.clock().advance(kit.totp().period());

        assertThat(kit.app().currentCode()).isNotEqualTo(before);
        assertThat(kit.app().codeAt(SettableClock.DEFAULT_START)).isEqualTo(before);
        assertThat(setup.otpauthUri()).contains("issuer=Example%20Hosting");
    }

    @Test
    void create_customizer_changesTheServiceAndEveryNode() {
        TwoFactorTestKit kit = TwoFactorTestKit.create(b -> b.lockoutPolicy(
                new LockoutPolicy(0, Duration.ofSeconds(1), 2, Duration.ofMinutes(1), 30)));
        TotpSetup setup = (TotpSetup) kit.service().startTotp(ALICE, "alice@example.com");
        kit.app().addAccount(setup.otpauthUri());

        kit.service().confirmTotp(ALICE, "000000");
        kit.clock().advance(Duration.ofSeconds(2));
        TwoFactorService otherNode = kit.newNode();

        assertThat(otherNode.confirmTotp(ALICE, "000001")).isInstanceOf(dev.twofa.core.LockedOut.class);
        assertThat(otherNode.guessingChance()).isEqualTo(kit.service().guessingChance());
    }

    @Test
    void create_customizerSettingAWiredPart_isRefused() {
        assertThatThrownBy(() -> TwoFactorTestKit.create(b -> b.store(new InMemoryProfileStore())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("store was already set");
        assertThatThrownBy(() -> TwoFactorTestKit.create(b -> null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("customizer returned null");
    }

    @Test
    void builder_issuerStartAndMethodSettings_areUsed() {
        Instant start = Instant.parse("2030-06-01T08:00:00Z");
        TwoFactorTestKit kit = TwoFactorTestKit.builder()
                .issuer("Shop")
                .startAt(start)
                .sms(b -> b.codeDigits(8))
                .totp(b -> b.digits(8))
                .service(b -> b.stepUpValidity(Duration.ofMinutes(1)))
                .build();

        kit.service().addNumber(ALICE, NUMBER);
        kit.service().sendVerificationCode(ALICE);
        TotpSetup setup = (TotpSetup) kit.service().startTotp(ALICE, "alice@example.com");
        kit.app().addAccount(setup.otpauthUri());

        assertThat(kit.clock().instant()).isEqualTo(start);
        assertThat(kit.sms().lastMessage().text()).startsWith("Shop: ");
        assertThat(kit.sms().lastCodeTo(NUMBER)).hasSize(8);
        assertThat(kit.app().currentCode()).hasSize(8);
        assertThat(kit.app().accounts()).containsExactly("Shop:alice@example.com");
        assertThat(kit.smsCodes().codeDigits()).isEqualTo(8);
    }

    @Test
    void builder_settingTwiceOrBadIssuer_isRefused() {
        assertThatThrownBy(() -> TwoFactorTestKit.builder().issuer("A").issuer("B"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("issuer was already set");
        assertThatThrownBy(() -> TwoFactorTestKit.builder().startAt(Instant.EPOCH).startAt(Instant.EPOCH))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> TwoFactorTestKit.builder().issuer("Bad:Issuer").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TwoFactorTestKit.builder().sms(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void builder_ownStore_serviceAndNodesUseIt() {
        InMemoryProfileStore database = new InMemoryProfileStore();
        HostStore hostStore = new HostStore(database); // stands for the host's JDBC store
        TwoFactorTestKit kit = TwoFactorTestKit.builder().store(hostStore).build();

        kit.service().addNumber(ALICE, NUMBER);
        kit.newNode().sendVerificationCode(ALICE);

        assertThat(database.accounts()).containsExactly(ALICE);
        assertThat(database.profiles().get(ALICE).smsChallenge()).isNotNull(); // written by the second node
        assertThat(kit.profileStore()).isSameAs(hostStore);
        assertThatThrownBy(kit::store).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("profileStore()");
        assertThat(TwoFactorTestKit.create().profileStore()).isInstanceOf(InMemoryProfileStore.class);
    }

    @Test
    void builder_senderChannelAndListenerWrappers_seeWhatTheServiceDoes() {
        List<String> hostSent = new CopyOnWriteArrayList<>();
        AtomicInteger issued = new AtomicInteger();
        List<TwoFactorEvent.Type> mailed = new CopyOnWriteArrayList<>();
        TwoFactorTestKit kit = TwoFactorTestKit.builder()
                .smsSender(recording -> (SmsMessage message) -> {
                    hostSent.add(message.destination().masked());
                    recording.send(message);
                })
                .smsChannel(channel -> new CountingChannel(channel, issued))
                .eventListener(recording -> event -> {
                    recording.onEvent(event);
                    mailed.add(event.type());
                })
                .build();

        kit.service().addNumber(ALICE, NUMBER);
        kit.service().sendVerificationCode(ALICE);
        kit.service().verifyNumber(ALICE, kit.sms().lastCodeTo(NUMBER));

        assertThat(hostSent).containsExactly("+420 *** *** 456");
        assertThat(kit.sms().messages()).hasSize(1);
        assertThat(issued).hasValue(1);
        assertThat(mailed).containsExactly(TwoFactorEvent.Type.NUMBER_ADDED, TwoFactorEvent.Type.SMS_SENT,
                TwoFactorEvent.Type.NUMBER_VERIFIED);
        assertThat(kit.eventListener().types()).isEqualTo(mailed);
    }

    @Test
    void builder_wrapperReturningNullOrSetTwice_isRefused() {
        assertThatThrownBy(() -> TwoFactorTestKit.builder().smsChannel(c -> null).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("SMS channel wrapper returned null");
        assertThatThrownBy(() -> TwoFactorTestKit.builder().eventListener(l -> l).eventListener(l -> l))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("eventListener was already set");
        assertThatThrownBy(() -> TwoFactorTestKit.builder().store(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void nextTotpSecret_knownSecret_isEnrolledOnceThenSecretsAreRandomAgain() {
        TwoFactorTestKit kit = TwoFactorTestKit.create();
        var known = TotpSecrets.fromBase32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
        AccountId bob = AccountId.of("bob");

        kit.nextTotpSecret(known);
        TotpSetup alices = (TotpSetup) kit.service().startTotp(ALICE, "alice@example.com");
        TotpSetup bobs = (TotpSetup) kit.newNode().startTotp(bob, "bob@example.com");

        assertThat(alices.manualEntryKey()).isEqualTo(TotpSecrets.toManualEntryKey(known));
        assertThat(kit.service().confirmTotp(ALICE, kit.totp().generate(known, kit.clock().instant())).verified())
                .isTrue();
        assertThat(bobs.manualEntryKey()).isNotEqualTo(alices.manualEntryKey());
    }

    @Test
    void nextTotpSecret_tooShortOrNull_isRefused() {
        TwoFactorTestKit kit = TwoFactorTestKit.create();

        assertThatThrownBy(() -> kit.nextTotpSecret(dev.twofa.core.Secret.copyOf(new byte[15])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 16 bytes");
        assertThatThrownBy(() -> kit.nextTotpSecret(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void app_twoCustomersEnrolled_givesEachAccountsCode() {
        TwoFactorTestKit kit = TwoFactorTestKit.create();
        AccountId bob = AccountId.of("bob");
        kit.app().addAccount(((TotpSetup) kit.service().startTotp(ALICE, "alice@example.com")).otpauthUri());
        kit.app().addAccount(((TotpSetup) kit.service().startTotp(bob, "bob@example.com")).otpauthUri());

        assertThat(kit.service().confirmTotp(ALICE, kit.app().currentCode("alice@example.com")).verified()).isTrue();
        assertThat(kit.service().confirmTotp(bob, kit.app().currentCode("bob@example.com")).verified()).isTrue();
    }

    /** A host's own store, of a class the kit does not know. */
    private record HostStore(InMemoryProfileStore database) implements dev.twofa.core.spi.ProfileStore {

        @Override
        public java.util.Optional<dev.twofa.core.spi.TwoFactorProfile> load(AccountId account) {
            return database.load(account);
        }

        @Override
        public boolean compareAndSet(long expectedVersion, dev.twofa.core.spi.TwoFactorProfile profile) {
            return database.compareAndSet(expectedVersion, profile);
        }
    }

    /** A host's wrapper around the kit's SMS channel: counts the codes it issues. */
    private record CountingChannel(SmsCodeChannel channel, AtomicInteger issued) implements SmsCodeChannel {

        @Override
        public int codeDigits() {
            return channel.codeDigits();
        }

        @Override
        public Duration resendCooldown() {
            return channel.resendCooldown();
        }

        @Override
        public Issue issue(Request request) {
            issued.incrementAndGet();
            return channel.issue(request);
        }

        @Override
        public boolean matches(AccountId account, dev.twofa.core.spi.TwoFactorProfile.SmsChallenge challenge,
                String code) {
            return channel.matches(account, challenge, code);
        }
    }

    @Test
    void newNode_sameStore_codeSentOnOneNodeIsCheckedOnTheOther() {
        TwoFactorTestKit kit = TwoFactorTestKit.create();
        TwoFactorService nodeA = kit.service();
        TwoFactorService nodeB = kit.newNode();

        nodeA.addNumber(ALICE, NUMBER);
        assertThat(nodeA.sendVerificationCode(ALICE)).isInstanceOf(SmsSent.class);

        assertThat(nodeB).isNotSameAs(nodeA);
        assertThat(nodeB.verifyNumber(ALICE, kit.sms().lastCodeTo(NUMBER)).verified()).isTrue();
        assertThat(nodeA.enableSms(ALICE)).isInstanceOf(Changed.class);
        assertThat(nodeB.enableSms(ALICE)).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(Refused.Refusal.METHOD_ACTIVE));
    }

    @Test
    void service_andNewNodesFromManyThreadsAtOnce_acceptOneAppCodeOnce() throws Exception {
        TwoFactorTestKit kit = TwoFactorTestKit.create();
        TotpSetup setup = (TotpSetup) kit.service().startTotp(ALICE, "alice@example.com");
        kit.app().addAccount(setup.otpauthUri());
        kit.service().confirmTotp(ALICE, kit.app().currentCode());
        kit.clock().advance(kit.totp().period());
        String code = kit.app().currentCode();
        TwoFactorService[] nodes = {kit.service(), kit.newNode(), kit.newNode()};

        var results = Concurrently.run(Concurrently.THREADS, i -> () -> nodes[i % nodes.length].completeLogin(ALICE, code));

        assertThat(results).filteredOn(r -> r.verified()).hasSize(1);
        assertThat(kit.events()).filteredOn(e -> e.type() == TwoFactorEvent.Type.LOGIN_SUCCEEDED).hasSize(1);
    }

    @Test
    void toString_afterAFullFlow_holdsNoCodeSecretOrFullNumber() {
        TwoFactorTestKit kit = TwoFactorTestKit.create();
        kit.service().addNumber(ALICE, NUMBER);
        kit.service().sendVerificationCode(ALICE);
        String smsCode = kit.sms().lastCodeTo(NUMBER);
        TotpSetup setup = (TotpSetup) kit.service().startTotp(ALICE, "alice@example.com");
        kit.app().addAccount(setup.otpauthUri());
        String secret = setup.otpauthUri().replaceAll(".*secret=([A-Z2-7]+).*", "$1");

        String text = kit.toString();

        assertThat(text).contains("TwoFactorTestKit[clock=SettableClock[", "+420 *** *** 456",
                "Example Hosting:alice@example.com");
        assertThat(text).doesNotContain(smsCode, secret, secret.substring(0, 8), "601123456", kit.app().currentCode());
    }

    @Test
    void builderToString_settingsMadeSoFar_namesThemWithoutTheCustomizers() {
        TwoFactorTestKit.Builder builder = TwoFactorTestKit.builder().issuer("Shop")
                .startAt(Instant.parse("2026-02-01T00:00:00Z")).sms(b -> b).smsSender(s -> s).eventListener(l -> l);

        assertThat(builder).hasToString("TwoFactorTestKit.Builder[issuer=Shop, startAt=2026-02-01T00:00:00Z, store=null, "
                + "sms=true, smsSender=true, smsChannel=false, eventListener=true, totp=false, service=false]");
        assertThat(TwoFactorTestKit.builder().store(new InMemoryProfileStore()).smsChannel(c -> c).totp(b -> b)
                .service(b -> b)).hasToString("TwoFactorTestKit.Builder[issuer=null, startAt=null, "
                + "store=InMemoryProfileStore[0 profiles, 0 writes, 0 refused], sms=false, smsSender=false, "
                + "smsChannel=true, eventListener=false, totp=true, service=true]");
    }
}
