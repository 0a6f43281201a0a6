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

    /** A SecureRandom whose bytes are 0, 1, 2, ... (the salt of a known-answer vector). */
    private static SecureRandom countingSalt() {
        return new SecureRandom() {
            private static final long serialVersionUID = 1L;

            @Override
            public void nextBytes(byte[] bytes) {
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) i;
                }
            }
        };
    }

    /** The length-prefixed layout of SECURITY.md 14, written out here apart from CodeHasher's own encoder. */
    private static byte[] fields(String... fields) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (String field : fields) {
            byte[] bytes = field.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.write(bytes.length >>> 24);
            out.write(bytes.length >>> 16);
            out.write(bytes.length >>> 8);
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    private static final String KAT_SALT = "000102030405060708090a0b0c0d0e0f";
    private static final byte[] KAT_KEY = new byte[32];

    static {
        java.util.Arrays.fill(KAT_KEY, (byte) 0x42);
    }

    private static Secret katHash(CodeHasher hasher) {
        return hasher.hash(ACCOUNT, SmsPurpose.LOGIN, "challenge-1", NUMBER, "314159", countingSalt());
    }

    @Test
    void hash_salted_knownAnswer() throws Exception {
        byte[] salt = java.util.HexFormat.of().parseHex(KAT_SALT);
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        sha.update(salt);
        byte[] digest = sha.digest(fields("twofa-sms-code/1", "customer-4711", "LOGIN", "challenge-1", "+420601123456",
                "314159"));

        String stored = java.util.HexFormat.of().formatHex(katHash(new CodeHasher(null)).bytes());

        String expected = "01" + KAT_SALT + "e5bfa44e81750cf6bbd4385d0088976b65415d17d323aa449999061cf9735c14";
        assertThat(java.util.HexFormat.of().formatHex(digest)).isEqualTo(expected.substring(34));
        assertThat(stored).isEqualTo(expected);
    }

    @Test
    void hash_keyed_knownAnswer() throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(KAT_KEY, "HmacSHA256"));
        mac.update(java.util.HexFormat.of().parseHex(KAT_SALT));
        byte[] digest = mac.doFinal(fields("twofa-sms-code/1", "customer-4711", "LOGIN", "challenge-1",
                "+420601123456", "314159"));

        String stored = java.util.HexFormat.of().formatHex(katHash(new CodeHasher(KAT_KEY)).bytes());

        String expected = "02" + KAT_SALT + "f9722fa624bd512bb5c0e5e407b38d682badb8056de813d90d479e83c34fb84c";
        assertThat(java.util.HexFormat.of().formatHex(digest)).isEqualTo(expected.substring(34));
        assertThat(stored).isEqualTo(expected);
    }

    @Test
    void matches_knownAnswerVector_trueForItsFieldsOnly() {
        CodeHasher hasher = new CodeHasher(null);
        Secret stored = Secret.copyOf(java.util.HexFormat.of().parseHex(
                "01" + KAT_SALT + "e5bfa44e81750cf6bbd4385d0088976b65415d17d323aa449999061cf9735c14"));

        assertThat(hasher.matches(stored, ACCOUNT, SmsPurpose.LOGIN, "challenge-1", NUMBER, "314159")).isTrue();
        assertThat(hasher.matches(stored, ACCOUNT, SmsPurpose.STEP_UP, "challenge-1", NUMBER, "314159")).isFalse();
        assertThat(hasher.matches(stored, ACCOUNT, SmsPurpose.LOGIN, "challenge-1", PhoneNumber.parse("+420601123457"),
                "314159")).isFalse();
    }

    @Test
    void hash_sameCodeTwice_saltsAndDigestsDiffer() {
        for (CodeHasher hasher : new CodeHasher[] {new CodeHasher(null), new CodeHasher(KAT_KEY)}) {
            byte[] first = hasher.hash(ACCOUNT, SmsPurpose.LOGIN, "id", NUMBER, "314159", random).bytes();
            byte[] second = hasher.hash(ACCOUNT, SmsPurpose.LOGIN, "id", NUMBER, "314159", random).bytes();

            assertThat(java.util.Arrays.copyOfRange(first, 1, 17)).as(hasher.toString())
                    .isNotEqualTo(java.util.Arrays.copyOfRange(second, 1, 17)).isNotEqualTo(new byte[16]);
            assertThat(java.util.Arrays.copyOfRange(first, 17, 49)).isNotEqualTo(java.util.Arrays.copyOfRange(second, 17, 49));
        }
    }

    @Test
    void matches_saltChanged_falseBecauseSaltIsInTheDigest() {
        for (CodeHasher hasher : new CodeHasher[] {new CodeHasher(null), new CodeHasher(KAT_KEY)}) {
            byte[] bytes = katHash(hasher).bytes();
            bytes[1] ^= 1;

            assertThat(hasher.matches(Secret.copyOf(bytes), ACCOUNT, SmsPurpose.LOGIN, "challenge-1", NUMBER, "314159"))
                    .as(hasher.toString()).isFalse();
        }
    }

    @Test
    void matches_eachByteOfStoredHashFlipped_false() {
        CodeHasher hasher = new CodeHasher(null);
        byte[] good = katHash(hasher).bytes();
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= (byte) 0x80;
            assertThat(hasher.matches(Secret.copyOf(bad), ACCOUNT, SmsPurpose.LOGIN, "challenge-1", NUMBER, "314159"))
                    .as("byte %d flipped", i).isFalse();
        }
    }

    @Test
    void matches_storedHashOneByteShortOrLong_false() {
        CodeHasher hasher = new CodeHasher(null);
        byte[] good = katHash(hasher).bytes();

        byte[] shorter = java.util.Arrays.copyOf(good, CodeHasher.HASH_BYTES - 1);
        byte[] longer = java.util.Arrays.copyOf(good, CodeHasher.HASH_BYTES + 1);

        assertThat(hasher.matches(Secret.copyOf(shorter), ACCOUNT, SmsPurpose.LOGIN, "challenge-1", NUMBER, "314159"))
                .isFalse();
        assertThat(hasher.matches(Secret.copyOf(longer), ACCOUNT, SmsPurpose.LOGIN, "challenge-1", NUMBER, "314159"))
                .isFalse();
        assertThat(CodeHasher.HASH_BYTES).isEqualTo(49);
    }

    @Test
    void matches_hashOfTheOtherFormat_falseBothWays() {
        CodeHasher salted = new CodeHasher(null);
        CodeHasher keyed = new CodeHasher(KAT_KEY);

        assertThat(keyed.matches(katHash(salted), ACCOUNT, SmsPurpose.LOGIN, "challenge-1", NUMBER, "314159")).isFalse();
        assertThat(salted.matches(katHash(keyed), ACCOUNT, SmsPurpose.LOGIN, "challenge-1", NUMBER, "314159")).isFalse();
    }

    @Test
    void pseudonym_knownAnswer_unkeyedAndKeyedAndSeveralValues() {
        assertThat(new CodeHasher(null).pseudonym("number", "+420601123456")).isEqualTo("2vtPnt-hsm-gB_ZDuBJmTwoR");
        assertThat(new CodeHasher(KAT_KEY).pseudonym("number", "+420601123456")).isEqualTo("4DauVxWvYxKyfw51po9PKzNU");
        assertThat(new CodeHasher(null).pseudonym("account-number", "customer-4711", "+420601123456"))
                .isEqualTo("0YDwpj-EWnHJaVycmMkOh3NW");
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
