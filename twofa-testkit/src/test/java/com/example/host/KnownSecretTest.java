package com.example.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.AccountId;
import dev.twofa.core.Method;
import dev.twofa.core.Secret;
import dev.twofa.testkit.TwoFactorTestKit;
import dev.twofa.totp.TotpSecrets;
import org.junit.jupiter.api.Test;

/** The README's way to enroll a known TOTP secret, as a host's test writes it. */
class KnownSecretTest {

    TwoFactorTestKit kit = TwoFactorTestKit.create();
    AccountId alice = AccountId.of("customer-42");

    @Test
    void knownSecret_enrolledThroughTheKit_isTheAccountsActiveApp() {
        // README:known-secret
        Secret known = TotpSecrets.fromBase32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
        kit.nextTotpSecret(known);
        kit.service().startTotp(alice, "alice@example.com");
        kit.service().confirmTotp(alice, kit.totp().generate(known, kit.clock().instant()));
        // README:end

        assertThat(kit.service().status(alice).activeMethod()).isEqualTo(Method.TOTP);
    }
}
