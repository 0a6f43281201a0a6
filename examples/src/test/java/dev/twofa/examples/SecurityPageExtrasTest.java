package dev.twofa.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.AccountId;
import dev.twofa.core.AppCodeRequired;
import dev.twofa.core.Changed;
import dev.twofa.core.DeviceTrusted;
import dev.twofa.core.NoSecondFactor;
import dev.twofa.core.Proof;
import dev.twofa.core.SmsSent;
import dev.twofa.core.SupportAction;
import dev.twofa.core.TwoFactorEvent;
import dev.twofa.core.TwoFactorService;
import dev.twofa.core.Verified;
import dev.twofa.testkit.TwoFactorTestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The snippets of {@link SecurityPageExtras} run against the test kit. */
class SecurityPageExtrasTest {

    private static final String NUMBER = "+420 601 123 456";

    private final TwoFactorTestKit kit = TwoFactorTestKit.create();
    private final TwoFactorService twoFactor = kit.service();
    private final AccountId alice = AccountId.of("alice");

    private void verifiedNumber() {
        twoFactor.addNumber(alice, NUMBER);
        twoFactor.sendVerificationCode(alice);
        assertThat(twoFactor.verifyNumber(alice, kit.sms().lastCodeTo("+420601123456")).verified()).isTrue();
    }

    private Proof smsLogin() {
        kit.clock().advance(Duration.ofSeconds(31));
        assertThat(twoFactor.beginLogin(alice)).isInstanceOf(SmsSent.class);
        return ((Verified) twoFactor.completeLogin(alice, kit.sms().lastCodeTo("+420601123456"))).proof();
    }

    @Test
    void recoveryCodes_enableSms_tenCodesShownOnce() {
        verifiedNumber();
        List<List<String>> shown = new ArrayList<>();

        int left = SecurityPageExtras.enableSmsAndShowCodes(twoFactor, alice, shown::add);

        assertThat(left).isEqualTo(10);
        assertThat(shown).singleElement().satisfies(codes -> assertThat(codes).hasSize(10));
    }

    @Test
    void rememberDevice_thenLogin_noSecondStepThenRevokedAndTheCodeIsNeededAgain() {
        verifiedNumber();
        twoFactor.enableSms(alice);
        Map<String, String> cookies = new HashMap<>();

        SecurityPageExtras.rememberThisDevice(twoFactor, alice, smsLogin(), cookies);
        assertThat(cookies.get("twofa-device")).hasSize(43);
        assertThat(SecurityPageExtras.beginLogin(twoFactor, alice, cookies)).isInstanceOf(DeviceTrusted.class);

        assertThat(SecurityPageExtras.revoke(twoFactor, alice, "Firefox on Windows")).isEmpty();
        kit.clock().advance(Duration.ofSeconds(31));
        assertThat(SecurityPageExtras.beginLogin(twoFactor, alice, cookies)).isInstanceOf(SmsSent.class);
    }

    @Test
    void beginLogin_garbledCookie_droppedAndTheSecondStepNeeded() {
        verifiedNumber();
        twoFactor.enableSms(alice);
        Map<String, String> cookies = new HashMap<>(Map.of("twofa-device", "not a token"));
        kit.clock().advance(Duration.ofSeconds(31));

        assertThat(SecurityPageExtras.beginLogin(twoFactor, alice, cookies)).isNotInstanceOf(DeviceTrusted.class)
                .isNotInstanceOf(AppCodeRequired.class);
        assertThat(cookies).doesNotContainKey("twofa-device");
    }

    @Test
    void supportReset_smsOn_offWithTheAuditEvent() {
        verifiedNumber();
        twoFactor.enableSms(alice);

        assertThat(SecurityPageExtras.supportReset(twoFactor, alice)).isInstanceOfSatisfying(Changed.class,
                c -> assertThat(c.recoveryCodesDropped()).isEqualTo(10));

        assertThat(twoFactor.beginLogin(alice)).isInstanceOf(NoSecondFactor.class);
        assertThat(kit.events()).last().satisfies(e -> {
            assertThat(e.type()).isEqualTo(TwoFactorEvent.Type.SUPPORT_RESET);
            assertThat(((SupportAction) e.detail()).actor()).isEqualTo("agent-17");
        });
    }
}
