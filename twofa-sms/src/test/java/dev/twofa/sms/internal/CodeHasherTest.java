package dev.twofa.sms.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.twofa.core.AccountId;
import dev.twofa.core.PhoneNumber;
import dev.twofa.core.Secret;
import dev.twofa.core.SmsPurpose;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class CodeHasherTest {

    private static final AccountId ACCOUNT = AccountId.of("customer-4711");
    private static final AccountId OTHER_ACCOUNT = AccountId.of("customer-4712");
    private static final PhoneNumber NUMBER = PhoneNumber.parse("+420601123456");
    private final SecureRandom random = new SecureRandom();

    private static String code(long value, int digits) {
        return CodeGenerator.leftPad(value, digits);
    }

    @Test
    void hashMatches_property_roundTripsSaltedAndKeyed() {
        CodeHasher salted = new CodeHasher(null);
        CodeHasher keyed = new CodeHasher(new byte[32]);
        qt().forAll(integers().between(6, 10), longs().between(0, 9_999_999_999L), integers().between(0, 2))
                .checkAssert((digits, value, p) -> {
                    String code = code(value % pow10(digits), digits);
                    SmsPurpose purpose = SmsPurpose.values()[p];
                    for (CodeHasher hasher : new CodeHasher[] {salted, keyed}) {
                        Secret hash = hasher.hash(ACCOUNT, purpose, "challenge-" + value, NUMBER, code, random);
                        assertThat(hash.length()).isEqualTo(CodeHasher.HASH_BYTES);
                        assertThat(hasher.matches(hash, ACCOUNT, purpose, "challenge-" + value, NUMBER, code)).isTrue();
                    }
                });
    }

    @Test
    void matches_property_wrongCodeNeverMatches() {
        CodeHasher hasher = new CodeHasher(null);
        Secret hash = hasher.hash(ACCOUNT, SmsPurpose.LOGIN, "id", NUMBER, "314159", random);
        qt().withExamples(5000).forAll(integers().between(0, 999_999))
                .assuming(n -> n != 314159)
                .checkAssert(n -> assertThat(hasher.matches(hash, ACCOUNT, SmsPurpose.LOGIN, "id", NUMBER, code(n, 6))).isFalse());
    }

    @Test
    void matches_fieldsShiftedAcrossBoundaries_false() {
        // Length prefixes keep "ab"+"c" apart from "a"+"bc".
        CodeHasher hasher = new CodeHasher(null);
        Secret hash = hasher.hash(ACCOUNT, SmsPurpose.LOGIN, "id1", NUMBER, "234567", random);
        assertThat(hasher.matches(hash, ACCOUNT, SmsPurpose.LOGIN, "id", NUMBER, "1234567".substring(1))).isFalse();
        assertThat(hasher.matches(hash, ACCOUNT, SmsPurpose.LOGIN, "id1", NUMBER, "234567")).isTrue();
    }

    @Test
    void matches_otherAccount_falseSaltedAndKeyed() {
        for (CodeHasher hasher : new CodeHasher[] {new CodeHasher(null), new CodeHasher(new byte[32])}) {
            Secret hash = hasher.hash(ACCOUNT, SmsPurpose.LOGIN, "id", NUMBER, "314159", random);
            assertThat(hasher.matches(hash, ACCOUNT, SmsPurpose.LOGIN, "id", NUMBER, "314159")).as(hasher.toString())
                    .isTrue();
            assertThat(hasher.matches(hash, OTHER_ACCOUNT, SmsPurpose.LOGIN, "id", NUMBER, "314159"))
                    .as(hasher.toString()).isFalse();
        }
    }

    @Test
    void pseudonym_sameInputSameOutput_neverTheValue() {
        CodeHasher a = new CodeHasher(null);
        CodeHasher b = new CodeHasher(null);
        assertThat(a.pseudonym("number", NUMBER.e164())).isEqualTo(b.pseudonym("number", NUMBER.e164()))
                .hasSize(24).doesNotContain("601123456");
        assertThat(a.pseudonym("number", NUMBER.e164())).isNotEqualTo(a.pseudonym("account", NUMBER.e164()));
        assertThat(new CodeHasher(new byte[32]).pseudonym("number", NUMBER.e164()))
                .isNotEqualTo(a.pseudonym("number", NUMBER.e164()));
    }

    @Test
    void toString_keyed_neverShowsKey() {
        assertThat(new CodeHasher(new byte[32]).toString()).isEqualTo("CodeHasher[HMAC-SHA256, key redacted]");
        assertThat(new CodeHasher(null).toString()).isEqualTo("CodeHasher[salted SHA-256]");
    }

    private static long pow10(int n) {
        long r = 1;
        for (int i = 0; i < n; i++) {
            r *= 10;
        }
        return r;
    }
}
