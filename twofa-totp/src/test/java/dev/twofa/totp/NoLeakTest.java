package dev.twofa.totp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SECURITY.md 28: a canary secret goes through every error path of this module, and no exception
 * message or {@code toString()} shows its bytes, its Base32 text, a code or the URI.
 */
class NoLeakTest {

    private static final Secret CANARY = Secret.copyOf("CANARY-SECRET-0123456789".getBytes(StandardCharsets.US_ASCII));
    private static final String B32 = TotpSecrets.toBase32(CANARY);

    @Test
    void errorsAndTexts_withACanarySecret_neverShowIt() {
        Totp totp = Totp.builder().issuer("Leak Test").build();
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        String code = totp.generate(CANARY, now);
        String uri = totp.provisioningUri(CANARY, "alice");
        List<String> texts = new ArrayList<>();
        texts.add(totp.toString());
        texts.add(totp.otpAuthUri(CANARY, "alice").toString());
        texts.add(OtpAuthUri.parse(uri).toString());
        texts.add(Hotp.builder().build().toString());
        texts.add(CANARY.toString());
        for (String bad : List.of(
                uri.replace("otpauth", "http"),
                uri.replace("totp", "hotp"),
                uri + "&digits=9",
                uri + "&algorithm=MD5",
                uri + "&period=0",
                uri + "&secret=" + B32,
                uri.replace("issuer=Leak", "issuer=Other"),
                uri.replace(B32, B32 + "1"),
                uri.replace(B32, B32.substring(0, 20)),
                uri + "#x")) {
            texts.add(message(() -> OtpAuthUri.parse(bad)));
        }
        texts.add(message(() -> TotpSecrets.fromBase32(B32 + "!")));
        texts.add(message(() -> TotpSecrets.fromBase32(B32.substring(0, 20))));
        texts.add(message(() -> TotpSecrets.fromBase32(B32 + "=A")));
        texts.add(message(() -> totp.provisioningUri(CANARY, "a:b")));
        texts.add(message(() -> totp.generate(CANARY, Instant.ofEpochSecond(-5))));
        texts.add(message(() -> new OtpAuthUri("x", "y", Secret.copyOf(new byte[8]))));

        assertThat(texts).hasSizeGreaterThan(20).allSatisfy(text -> assertThat(text)
                .doesNotContain(B32)
                .doesNotContain(B32.substring(0, 16))
                .doesNotContain("CANARY-SECRET")
                .doesNotContain(uri)
                .doesNotContain("otpauth://")
                .doesNotContain(code));
    }

    private static String message(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage() + " / " + e;
        }
        throw new AssertionError("expected an exception");
    }
}
