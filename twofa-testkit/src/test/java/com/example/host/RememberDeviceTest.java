package com.example.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.AccountId;
import dev.twofa.core.AppCodeRequired;
import dev.twofa.core.DeviceToken;
import dev.twofa.core.DeviceTrusted;
import dev.twofa.core.Proof;
import dev.twofa.core.TotpSetup;
import dev.twofa.core.Verified;
import dev.twofa.testkit.TwoFactorTestKit;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RememberDeviceTest {

    TwoFactorTestKit kit = TwoFactorTestKit.create();
    AccountId alice = AccountId.of("customer-42");
    DeviceToken token;                                          // what your login page puts in the cookie

    @BeforeEach
    void appOnAndThisBrowserRemembered() {
        TotpSetup setup = (TotpSetup) kit.service().startTotp(alice, "alice@example.com");
        kit.app().addAccount(setup.otpauthUri());
        kit.service().confirmTotp(alice, kit.app().currentCode());
        kit.clock().advance(Duration.ofSeconds(30));
        Proof proof = ((Verified) kit.service().completeLogin(alice, kit.app().currentCode())).proof();

        token = kit.rememberDevice(alice, proof, "Firefox on Windows"); // a real token, stored hashed
    }

    @Test
    void rememberedDevice_within30Days_skipsTheCodeOnEveryNode() {
        kit.clock().advance(Duration.ofDays(29));

        assertThat(kit.service().beginLogin(alice, token)).isInstanceOf(DeviceTrusted.class);
        assertThat(kit.newNode().beginLogin(alice, token)).isInstanceOf(DeviceTrusted.class);
    }

    @Test
    void rememberedDevice_after30Days_needsTheCodeAgain() {
        kit.clock().advance(Duration.ofDays(30));

        assertThat(kit.service().beginLogin(alice, token)).isInstanceOf(AppCodeRequired.class);
    }

    @Test
    void signOutOtherDevices_tokenNoLongerTrusted() {
        assertThat(kit.service().devices().find(alice, token)).isPresent(); // reads only: no login recorded

        kit.service().devices().revokeAll(alice);

        assertThat(kit.service().devices().find(alice, token)).isEmpty();
        assertThat(kit.service().beginLogin(alice, token)).isInstanceOf(AppCodeRequired.class);
    }
}
