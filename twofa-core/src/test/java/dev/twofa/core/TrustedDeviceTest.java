package dev.twofa.core;

import static dev.twofa.core.fixtures.Fixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twofa.core.fixtures.FakeTotpChannel;
import dev.twofa.core.fixtures.Fixture;
import dev.twofa.core.spi.TwoFactorProfile;
import dev.twofa.core.spi.TwoFactorProfile.StoredDevice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Trusted devices (issue 14.1, SECURITY 33): a token of 256 random bits handed out once after a
 * second step, stored only as a hash bound to the account, expiring, limited per account, listed
 * without the token, revoked one by one, all at once and with every change of the factor; also
 * across nodes and against a revocation racing a login.
 */
class TrustedDeviceTest {

    private static final AccountId BOB = AccountId.of("bob");
    private static final String FIREFOX = "Firefox on Windows";

    private final Fixture f = new Fixture();
    private final TwoFactorService service = f.service;
    private String key;

    /** ALICE's app is on; logs her in and returns the session's proof. */
    private Proof appLogin() {
        if (key == null) {
            key = f.totpActive();
        }
        f.clock.advance(Duration.ofSeconds(30));
        return ((Verified) service.completeLogin(ALICE, f.appCode(key))).proof();
    }

    private DeviceRemembered remember(String label) {
        return (DeviceRemembered) service.devices().remember(ALICE, appLogin(), label);
    }

    @Test
    void rememberDevice_afterSecondStep_tokenOf256BitsAndOnlyItsHashStored() {
        DeviceRemembered remembered = remember(FIREFOX);

        assertThat(remembered.token().value()).hasSize(43).matches("[A-Za-z0-9_-]{43}");
        assertThat(remembered.token().toString()).doesNotContain(remembered.token().value());
        assertThat(remembered.toString()).doesNotContain(remembered.token().value());
        StoredDevice stored = f.store.get(ALICE).trustedDevices().get(0);
        assertThat(stored.tokenHash().length()).isEqualTo(32);
        assertThat(stored.tokenHash()).isEqualTo(remembered.token().hash(ALICE));
        assertThat(f.store.get(ALICE).toString()).doesNotContain(remembered.token().value());
        assertThat(stored.label()).isEqualTo(FIREFOX);
        assertThat(stored.expiresAt()).isEqualTo(stored.createdAt().plus(Duration.ofDays(30)));
        assertThat(f.events).anySatisfy(e -> assertThat(e.type()).isEqualTo(TwoFactorEvent.Type.DEVICE_REMEMBERED));
        assertThat(f.events.toString()).doesNotContain(remembered.token().value());
    }

    @Test
    void rememberDevice_twoDevices_differentTokens() {
        assertThat(remember("a").token()).isNotEqualTo(remember("b").token());
    }

    @Test
    void rememberDevice_sameProofTwice_secondRefusedAndNothingChanged() {
        Proof proof = appLogin();
        DeviceRemembered first = (DeviceRemembered) service.devices().remember(ALICE, proof, FIREFOX);
        TwoFactorProfile before = f.store.get(ALICE);

        assertThat(service.devices().remember(ALICE, proof, "Chrome on Linux")).isInstanceOfSatisfying(Refused.class,
                r -> {
                    assertThat(r.refusal()).isEqualTo(Refused.Refusal.DEVICE_ALREADY_REMEMBERED);
                    assertThat(r.message()).contains("already remembered a device");
                });

        assertThat(f.store.get(ALICE)).isEqualTo(before);
        assertThat(service.devices().list(ALICE)).containsExactly(first.device());
        assertThat(f.events).filteredOn(e -> e.type() == TwoFactorEvent.Type.DEVICE_REMEMBERED).hasSize(1);
        assertThat(service.devices().remember(ALICE, appLogin(), "Chrome on Linux"))
                .as("another login remembers its own device").isInstanceOf(DeviceRemembered.class);
    }

    @Test
    void rememberDevice_sameProofAfterItsDeviceWasRevoked_remembersAgain() {
        Proof proof = appLogin();
        DeviceRemembered first = (DeviceRemembered) service.devices().remember(ALICE, proof, FIREFOX);
        service.devices().revoke(ALICE, first.device().id());

        assertThat(service.devices().remember(ALICE, proof, FIREFOX)).as("one trusted device per proof at a time")
                .isInstanceOfSatisfying(DeviceRemembered.class, again -> {
                    assertThat(again.token()).isNotEqualTo(first.token());
                    assertThat(service.beginLogin(ALICE, first.token())).isInstanceOf(AppCodeRequired.class);
                });
        assertThat(service.devices().list(ALICE)).hasSize(1);
    }

    @Test
    void rememberDevice_oneProofOnTwoNodesAtOnce_exactlyOneDeviceRemembered() throws Exception {
        TwoFactorService nodeB = f.newNode();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                Proof proof = appLogin();
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<RememberDeviceResult>> results = new ArrayList<>();
                for (TwoFactorService node : List.of(service, nodeB)) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return node.devices().remember(ALICE, proof, FIREFOX);
                    }));
                }
                List<RememberDeviceResult> got = new ArrayList<>();
                for (Future<RememberDeviceResult> r : results) {
                    got.add(r.get(10, TimeUnit.SECONDS));
                }

                assertThat(got).filteredOn(DeviceRemembered.class::isInstance).as("round %d", round).hasSize(1);
                assertThat(got).filteredOn(Refused.class::isInstance).singleElement().satisfies(r -> assertThat(
                        ((Refused) r).refusal()).isEqualTo(Refused.Refusal.DEVICE_ALREADY_REMEMBERED));
                service.devices().revokeAll(ALICE);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void deviceId_derivedOneWayFromTheProof_differsPerProofAndAccount() {
        Proof p1 = Proof.random(new java.security.SecureRandom());
        Proof p2 = Proof.random(new java.security.SecureRandom());

        String id = DeviceRules.deviceId(ALICE, p1);

        assertThat(id).matches("[A-Za-z0-9_-]{22}").isEqualTo(DeviceRules.deviceId(ALICE, Proof.of(p1.value())));
        assertThat(DeviceRules.deviceId(ALICE, p2)).isNotEqualTo(id);
        assertThat(DeviceRules.deviceId(BOB, p1)).isNotEqualTo(id);
        assertThat(p1.value()).doesNotContain(id);
    }

    @Test
    void rememberDevice_withoutLiveProof_refused() {
        key = f.totpActive();
        Proof proof = appLogin();
        f.clock.advance(Duration.ofMinutes(6));

        assertThat(service.devices().remember(ALICE, proof, FIREFOX)).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(Refused.Refusal.STEP_UP_REQUIRED));
        assertThat(service.devices().remember(ALICE, null, FIREFOX)).isInstanceOf(Refused.class);
        assertThat(f.store.get(ALICE).trustedDevices()).isEmpty();
    }

    @Test
    void rememberDevice_noActiveMethod_refused() {
        assertThat(service.devices().remember(ALICE, null, FIREFOX)).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(Refused.Refusal.NO_ACTIVE_METHOD));
    }

    @Test
    void rememberDevice_badLabel_refusedAndNothingChanged() {
        Proof proof = appLogin();
        TwoFactorProfile before = f.store.get(ALICE);

        for (String bad : new String[] {null, " ", "a\nb", "x".repeat(101), "\u202Egnp.exe"}) {
            assertThatThrownBy(() -> service.devices().remember(ALICE, proof, bad))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("label");
        }
        assertThat(f.store.get(ALICE)).isEqualTo(before);
    }

    @Test
    void beginLogin_validToken_noSecondStepAndLastUseStored() {
        DeviceToken token = remember(FIREFOX).token();
        f.clock.advance(Duration.ofDays(3));
        int sent = f.sms.sent.get();

        LoginStep step = service.beginLogin(ALICE, DeviceToken.of(token.value()));

        assertThat(step).isInstanceOfSatisfying(DeviceTrusted.class, t -> {
            assertThat(t.device().label()).isEqualTo(FIREFOX);
            assertThat(t.device().lastUsedAt()).isEqualTo(f.clock.instant());
        });
        assertThat(service.devices().list(ALICE).get(0).lastUsedAt()).isEqualTo(f.clock.instant());
        assertThat(f.sms.sent.get()).isEqualTo(sent);
        assertThat(f.eventTypes()).contains(TwoFactorEvent.Type.DEVICE_LOGIN);
    }

    @Test
    void beginLogin_unknownOrNullToken_secondStepNeeded() {
        remember(FIREFOX);
        DeviceToken stranger = DeviceToken.random(new java.security.SecureRandom());

        assertThat(service.beginLogin(ALICE, stranger)).isInstanceOf(AppCodeRequired.class);
        assertThat(service.beginLogin(ALICE, null)).isInstanceOf(AppCodeRequired.class);
    }

    @Test
    void beginLogin_expiredToken_secondStepNeededAndNotListed() {
        DeviceToken token = remember(FIREFOX).token();
        f.clock.advance(Duration.ofDays(30));

        assertThat(service.beginLogin(ALICE, token)).isInstanceOf(AppCodeRequired.class);
        assertThat(service.devices().list(ALICE)).isEmpty();
    }

    @Test
    void beginLogin_useDoesNotExtendTheExpiry() {
        DeviceToken token = remember(FIREFOX).token();
        for (int day = 0; day < 29; day++) {
            f.clock.advance(Duration.ofDays(1));
            assertThat(service.beginLogin(ALICE, token)).isInstanceOf(DeviceTrusted.class);
        }
        f.clock.advance(Duration.ofDays(1));

        assertThat(service.beginLogin(ALICE, token)).isInstanceOf(AppCodeRequired.class);
    }

    @Test
    void beginLogin_lockedOut_tokenDoesNotSkipTheLock() {
        DeviceToken token = remember(FIREFOX).token();
        for (int i = 0; i < 10; i++) {
            service.completeLogin(ALICE, "000000".equals(f.appCode(key)) ? "111111" : "000000");
            f.clock.advance(Duration.ofMinutes(16));
        }

        assertThat(service.beginLogin(ALICE, token)).isInstanceOf(LockedOut.class);
    }

    @Test
    void beginLogin_validityShortenedAfterTheTokenWasIssued_tokenEndsWithTheShorterValidity() {
        DeviceToken token = remember(FIREFOX).token();
        TwoFactorService shortened = TwoFactorService.builder().store(f.store).clock(f.clock).sms(f.sms).totp(f.totp)
                .trustedDeviceValidity(Duration.ofDays(1)).build();
        assertThat(shortened.beginLogin(ALICE, token)).isInstanceOf(DeviceTrusted.class);

        f.clock.advance(Duration.ofDays(1));

        assertThat(shortened.beginLogin(ALICE, token)).as("past the validity configured now")
                .isNotInstanceOf(DeviceTrusted.class);
        assertThat(shortened.devices().list(ALICE)).isEmpty();
        assertThat(service.beginLogin(ALICE, token)).as("still within the 30 days it was issued with")
                .isInstanceOf(DeviceTrusted.class);
    }

    @Test
    void trustedDeviceValidity_builderSetting_usedAndBounded() {
        Fixture short_ = new Fixture(b -> b.trustedDeviceValidity(Duration.ofDays(7)));
        String k = short_.totpActive();
        Proof proof = ((Verified) short_.service.completeLogin(ALICE, short_.appCode(k))).proof();
        DeviceRemembered r = (DeviceRemembered) short_.service.devices().remember(ALICE, proof, FIREFOX);

        assertThat(r.device().expiresAt()).isEqualTo(short_.clock.instant().plus(Duration.ofDays(7)));
        assertThatThrownBy(() -> TwoFactorService.builder().trustedDeviceValidity(Duration.ofDays(91)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trustedDeviceValidity");
        assertThatThrownBy(() -> TwoFactorService.builder().trustedDeviceValidity(Duration.ofMinutes(59)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TwoFactorService.builder().maxTrustedDevices(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTrustedDevices");
        assertThatThrownBy(() -> TwoFactorService.builder().maxTrustedDevices(51))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TwoFactorService.builder().maxTrustedDevices(3).maxTrustedDevices(4))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rememberDevice_pastTheLimit_oldestDroppedWithAnEvent() {
        List<DeviceToken> tokens = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            tokens.add(remember("device " + i).token());
        }

        assertThat(service.devices().list(ALICE)).hasSize(10).extracting(TrustedDevice::label)
                .startsWith("device 1").endsWith("device 10");
        assertThat(service.beginLogin(ALICE, tokens.get(0))).isInstanceOf(AppCodeRequired.class);
        assertThat(service.beginLogin(ALICE, tokens.get(1))).isInstanceOf(DeviceTrusted.class);
        assertThat(f.events).filteredOn(e -> e.type() == TwoFactorEvent.Type.DEVICE_REVOKED)
                .singleElement().satisfies(e -> assertThat(((TrustedDevice) e.detail()).label()).isEqualTo("device 0"));
    }

    @Test
    void trustedDevices_listsLabelsAndTimesNeverTheToken() {
        DeviceRemembered r = remember(FIREFOX);

        List<TrustedDevice> list = service.devices().list(ALICE);

        assertThat(list).containsExactly(r.device());
        assertThat(list.toString()).doesNotContain(r.token().value()).contains(FIREFOX);
    }

    @Test
    void findDevice_ofItsToken_readsOnlyAndNeverMatchesAnotherTokenOrAccount() {
        DeviceRemembered a = remember("a");
        DeviceRemembered b = remember("b");
        f.clock.advance(Duration.ofDays(1));
        int saves = f.store.saves.get();
        int events = f.events.size();

        assertThat(service.devices().find(ALICE, DeviceToken.of(a.token().value()))).contains(a.device());
        assertThat(service.devices().find(ALICE, b.token())).contains(b.device());
        assertThat(service.devices().find(ALICE, DeviceToken.random(new java.security.SecureRandom()))).isEmpty();
        assertThat(service.devices().find(ALICE, null)).isEmpty();
        assertThat(service.devices().find(BOB, a.token())).isEmpty();
        assertThat(f.store.saves.get()).as("reads only").isEqualTo(saves);
        assertThat(f.events).hasSize(events);
        assertThat(service.devices().find(ALICE, a.token()).orElseThrow().lastUsedAt())
                .as("no use recorded").isEqualTo(a.device().createdAt());

        service.devices().revoke(ALICE, a.device().id());
        assertThat(service.devices().find(ALICE, a.token())).isEmpty();
        f.clock.advance(Duration.ofDays(30));
        assertThat(service.devices().find(ALICE, b.token())).as("expired").isEmpty();
    }

    @Test
    void beginLogin_withOneDevice_theOthersStayTrusted() {
        DeviceRemembered a = remember("a");
        DeviceRemembered b = remember("b");

        assertThat(service.beginLogin(ALICE, a.token())).isInstanceOf(DeviceTrusted.class);

        assertThat(service.devices().list(ALICE)).extracting(TrustedDevice::label).containsExactly("a", "b");
        assertThat(service.beginLogin(ALICE, b.token())).isInstanceOf(DeviceTrusted.class);
    }

    @Test
    void revokeDevice_nullId_invalidInputAndNothingChanged() {
        remember(FIREFOX);
        TwoFactorProfile before = f.store.get(ALICE);

        assertThatThrownBy(() -> service.devices().revoke(ALICE, null)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("deviceId");
        assertThat(f.store.get(ALICE)).isEqualTo(before);
    }

    @Test
    void deactivate_onlyExpiredDevicesStored_droppedWithoutADevicesRevokedEvent() {
        remember("expired");
        f.clock.advance(Duration.ofDays(31));                     // expired, still stored until a device write
        assertThat(f.store.get(ALICE).trustedDevices()).hasSize(1);

        service.deactivate(ALICE, appLogin());

        assertThat(f.store.get(ALICE).trustedDevices()).isEmpty();
        assertThat(f.eventTypes()).doesNotContain(TwoFactorEvent.Type.DEVICES_REVOKED);
    }

    @Test
    void deactivate_expiredAndLiveDevicesStored_theEventCountsTheLiveOnes() {
        remember("expired");
        f.clock.advance(Duration.ofDays(31));
        Proof proof = appLogin();
        f.store.compareAndSet(f.store.get(ALICE).version(), f.store.get(ALICE).withTrustedDevices(List.of(
                f.store.get(ALICE).trustedDevices().get(0), new StoredDevice("live", DeviceToken.random(
                        new java.security.SecureRandom()).hash(ALICE), "live", f.clock.instant(), f.clock.instant(),
                        f.clock.instant().plus(Duration.ofDays(30))))).withVersion(f.store.get(ALICE).version() + 1));

        service.deactivate(ALICE, proof);

        assertThat(f.events).filteredOn(e -> e.type() == TwoFactorEvent.Type.DEVICES_REVOKED).singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo(new TwoFactorEvent.DevicesRevoked(1)));
    }

    @Test
    void trustedDevices_toString_namesTheStoreNeverAToken() {
        DeviceRemembered r = remember(FIREFOX);

        assertThat(service.devices().toString()).startsWith("TrustedDevices[").doesNotContain(r.token().value());
    }

    @Test
    void revokeDevice_one_itsTokenStopsOthersWork() {
        DeviceRemembered a = remember("a");
        DeviceRemembered b = remember("b");

        assertThat(service.devices().revoke(ALICE, a.device().id())).isInstanceOf(Changed.class);

        assertThat(service.beginLogin(ALICE, a.token())).isInstanceOf(AppCodeRequired.class);
        assertThat(service.beginLogin(ALICE, b.token())).isInstanceOf(DeviceTrusted.class);
        assertThat(service.devices().revoke(ALICE, a.device().id())).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(Refused.Refusal.NO_SUCH_DEVICE));
        assertThat(f.eventTypes()).contains(TwoFactorEvent.Type.DEVICE_REVOKED);
    }

    @Test
    void revokeAllDevices_all_noTokenWorksAndOneEventWithTheCount() {
        DeviceToken a = remember("a").token();
        DeviceToken b = remember("b").token();

        service.devices().revokeAll(ALICE);

        assertThat(service.beginLogin(ALICE, a)).isInstanceOf(AppCodeRequired.class);
        assertThat(service.beginLogin(ALICE, b)).isInstanceOf(AppCodeRequired.class);
        assertThat(f.events).filteredOn(e -> e.type() == TwoFactorEvent.Type.DEVICES_REVOKED).singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo(new TwoFactorEvent.DevicesRevoked(2)));
        int saves = f.store.saves.get();
        assertThat(service.devices().revokeAll(ALICE)).isInstanceOf(Changed.class);
        assertThat(f.store.saves.get()).as("nothing to revoke: nothing written").isEqualTo(saves);
    }

    @Test
    void deactivate_revokesAllDevices() {
        DeviceToken token = remember(FIREFOX).token();

        service.deactivate(ALICE, appLogin());
        assertThat(f.store.get(ALICE).trustedDevices()).isEmpty();

        String k = f.totpActive();   // a new app: the old device must not skip its second step
        key = k;
        assertThat(service.beginLogin(ALICE, token)).isInstanceOf(AppCodeRequired.class);
        assertThat(f.eventTypes()).contains(TwoFactorEvent.Type.DEVICES_REVOKED);
    }

    @Test
    void recoveryCodeUsed_revokesAllDevices() {
        DeviceRemembered r = remember(FIREFOX);
        Proof proof = appLogin();
        String code = ((RecoveryCodes) service.generateRecoveryCodes(ALICE, proof)).codes().get(0);

        assertThat(service.completeLoginWithRecoveryCode(ALICE, code).verified()).isTrue();

        assertThat(service.beginLogin(ALICE, r.token())).isInstanceOf(AppCodeRequired.class);
        assertThat(service.devices().list(ALICE)).isEmpty();
    }

    @Test
    void resetTwoFactor_revokesAllDevices() {
        DeviceToken token = remember(FIREFOX).token();

        service.resetTwoFactor(ALICE, "agent-17", "ticket 4711");

        assertThat(f.store.get(ALICE).trustedDevices()).isEmpty();
        assertThat(service.beginLogin(ALICE, token)).isInstanceOf(NoSecondFactor.class);
        assertThat(f.eventTypes()).endsWith(TwoFactorEvent.Type.SUPPORT_RESET, TwoFactorEvent.Type.DEVICES_REVOKED);
    }

    @Test
    void changeNumber_revokesAllDevices() {
        DeviceToken token = remember(FIREFOX).token();

        assertThat(service.addNumber(ALICE, Fixture.NUMBER, appLogin())).isInstanceOf(Changed.class);
        assertThat(service.beginLogin(ALICE, token)).as("adding a number is no change of it")
                .isInstanceOf(DeviceTrusted.class);
        assertThat(service.changeNumber(ALICE, "+420 777 000 111", appLogin())).isInstanceOf(Changed.class);

        assertThat(service.beginLogin(ALICE, token)).isInstanceOf(AppCodeRequired.class);
    }

    @Test
    void smsNumberVerifiedAfterChange_revokesDevicesTrustedMeanwhile() {
        f.smsActive();
        f.clock.advance(Duration.ofSeconds(31));
        service.sendStepUpCode(ALICE);
        Proof proof = ((Verified) service.stepUp(ALICE, f.lastSms())).proof();
        service.changeNumber(ALICE, "+420 777 000 111", proof);            // pending
        f.clock.advance(Duration.ofSeconds(31));
        service.beginLogin(ALICE);
        Proof login = ((Verified) service.completeLogin(ALICE, f.lastSms())).proof();
        DeviceToken token = ((DeviceRemembered) service.devices().remember(ALICE, login, FIREFOX)).token();
        f.clock.advance(Duration.ofSeconds(31));
        service.sendVerificationCode(ALICE);

        assertThat(service.verifyNumber(ALICE, f.sms.lastCodeTo(new PhoneNumber("+420777000111"))).verified())
                .isTrue();

        assertThat(service.devices().list(ALICE)).isEmpty();
        assertThat(service.beginLogin(ALICE, token)).isNotInstanceOf(DeviceTrusted.class);
    }

    @Test
    void beginLogin_personWithdrewTheNumber_tokenIgnoredAndDevicesRevoked() {
        f.addPerson(ALICE, Fixture.E164);
        service.addNumber(ALICE, Fixture.NUMBER);                        // verified through the Person
        service.enableSms(ALICE);
        f.clock.advance(Duration.ofSeconds(31));
        service.beginLogin(ALICE);
        Proof proof = ((Verified) service.completeLogin(ALICE, f.lastSms())).proof();
        DeviceToken token = ((DeviceRemembered) service.devices().remember(ALICE, proof, FIREFOX)).token();
        assertThat(service.beginLogin(ALICE, token)).isInstanceOf(DeviceTrusted.class);
        f.personNumbers.clear();                                         // the Person no longer has it

        assertThat(service.beginLogin(ALICE, token)).isInstanceOf(SmsNumberWithdrawn.class);

        assertThat(f.store.get(ALICE).trustedDevices()).isEmpty();
        assertThat(f.eventTypes()).endsWith(TwoFactorEvent.Type.PERSON_NUMBER_WITHDRAWN,
                TwoFactorEvent.Type.DEVICES_REVOKED);
    }

    @Test
    void token_ofOneAccount_neverWorksForAnother() {
        DeviceRemembered alices = remember(FIREFOX);
        TotpSetup setup = (TotpSetup) service.startTotp(BOB, "bob@example.com");
        Verified bob = (Verified) service.confirmTotp(BOB, FakeTotpChannel.codeFor(setup.manualEntryKey(),
                f.clock.instant()));
        assertThat(bob.verified()).isTrue();
        // even with Alice's stored device copied into Bob's profile: the hash binds the account
        TwoFactorProfile b = f.store.get(BOB);
        assertThat(f.store.compareAndSet(b.version(), b.withTrustedDevices(f.store.get(ALICE).trustedDevices())
                .withVersion(b.version() + 1))).isTrue();

        assertThat(service.beginLogin(BOB, alices.token())).isInstanceOf(AppCodeRequired.class);
        assertThat(service.beginLogin(ALICE, alices.token())).isInstanceOf(DeviceTrusted.class);
    }

    @Test
    void deviceToken_of_rejectsMalformedWithoutEchoingIt() {
        for (String bad : new String[] {null, "", "short", "A".repeat(42) + "B", "A".repeat(42) + "!"}) {
            assertThatThrownBy(() -> DeviceToken.of(bad)).isInstanceOf(InvalidInputException.class)
                    .hasMessage("a device token is 43 base64url characters");
        }
        DeviceToken t = DeviceToken.random(new java.security.SecureRandom());
        assertThat(DeviceToken.of(t.value())).isEqualTo(t).hasSameHashCodeAs(t);
    }

    // ------------------------------------------------------------------ two nodes

    @Test
    void twoNodes_rememberedOnOne_trustedOnTheOtherAndRevokedOnTheOther() {
        TwoFactorService nodeB = f.newNode();
        DeviceToken token = remember(FIREFOX).token();

        assertThat(nodeB.beginLogin(ALICE, token)).isInstanceOf(DeviceTrusted.class);
        assertThat(nodeB.devices().list(ALICE)).hasSize(1);
        nodeB.devices().revokeAll(ALICE);

        assertThat(service.beginLogin(ALICE, token)).isInstanceOf(AppCodeRequired.class);
    }

    @Test
    void twoNodes_revokedOnABetweenBsReadAndWrite_bNeedsTheSecondStep() {
        DeviceRemembered r = remember(FIREFOX);
        TwoFactorService nodeA = f.newNode();
        TwoFactorService nodeB = f.newNode();
        f.store.afterNextLoad.set(() -> assertThat(nodeA.devices().revoke(ALICE, r.device().id()))
                .isInstanceOf(Changed.class));

        LoginStep step = nodeB.beginLogin(ALICE, r.token());

        assertThat(step).isInstanceOf(AppCodeRequired.class);
        assertThat(f.store.get(ALICE).trustedDevices()).isEmpty();
        assertThat(f.eventTypes()).doesNotContain(TwoFactorEvent.Type.DEVICE_LOGIN);
    }

    @Test
    void twoNodes_revokeRacesLogin_aLoginAfterTheRevocationNeverSkipsTheSecondStep() throws Exception {
        TwoFactorService nodeA = f.newNode();
        TwoFactorService nodeB = f.newNode();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 50; round++) {
                DeviceRemembered r = remember("round " + round);
                CyclicBarrier start = new CyclicBarrier(2);
                Future<ChangeResult> revoke = pool.submit(() -> {
                    start.await();
                    return nodeA.devices().revoke(ALICE, r.device().id());
                });
                Future<LoginStep> login = pool.submit(() -> {
                    start.await();
                    return nodeB.beginLogin(ALICE, r.token());
                });

                assertThat(revoke.get(10, TimeUnit.SECONDS)).isInstanceOf(Changed.class);
                assertThat(login.get(10, TimeUnit.SECONDS)).isInstanceOfAny(DeviceTrusted.class, AppCodeRequired.class);
                assertThat(nodeB.beginLogin(ALICE, r.token())).as("after the revocation").isInstanceOf(AppCodeRequired.class);
                assertThat(f.store.get(ALICE).trustedDevices()).noneMatch(d -> d.id().equals(r.device().id()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void storedDevice_lastUseOfAnExpiredDevice_droppedAtTheNextWrite() {
        DeviceToken old = remember("old").token();
        f.clock.advance(Duration.ofDays(29));
        DeviceToken fresh = remember("fresh").token();
        f.clock.advance(Duration.ofDays(2));

        assertThat(service.beginLogin(ALICE, fresh)).isInstanceOf(DeviceTrusted.class);

        assertThat(f.store.get(ALICE).trustedDevices()).extracting(StoredDevice::label).containsExactly("fresh");
        assertThat(service.beginLogin(ALICE, old)).isInstanceOf(AppCodeRequired.class);
    }
}
