package dev.twofa.sms;

import static dev.twofa.sms.Fixtures.ACCOUNT;
import static dev.twofa.sms.Fixtures.NUMBER;
import static dev.twofa.sms.Fixtures.T0;
import static dev.twofa.sms.Fixtures.builder;
import static dev.twofa.sms.Fixtures.codeIn;
import static dev.twofa.sms.Fixtures.request;
import static dev.twofa.sms.Fixtures.sent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.twofa.core.AccountId;
import dev.twofa.core.PhoneNumber;
import dev.twofa.core.Secret;
import dev.twofa.core.SmsPurpose;
import dev.twofa.core.spi.TwoFactorProfile.SmsChallenge;
import dev.twofa.sms.Fixtures.RecordingSender;
import dev.twofa.sms.internal.CodeHasher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SmsCodesMatchesTest {

    private final RecordingSender sender = new RecordingSender();
    private final SmsCodes codes = builder(sender).numberLimit(1000, Duration.ofMinutes(1))
            .accountLimit(1000, Duration.ofMinutes(1)).build();

    private SmsChallenge issue(SmsCodes channel, SmsPurpose purpose) {
        return sent(channel.issue(request(ACCOUNT, NUMBER, purpose, T0, null)));
    }

    @Test
    void matches_issuedCode_true() {
        SmsChallenge challenge = issue(codes, SmsPurpose.LOGIN);
        assertThat(codes.matches(ACCOUNT, challenge, codeIn(sender.last().text(), 6))).isTrue();
    }

    @Test
    void matches_issuedCodeChecked_isPureSoDecrementingIsTheCallersJob() {
        SmsChallenge challenge = issue(codes, SmsPurpose.LOGIN);
        String code = codeIn(sender.last().text(), 6);
        assertThat(codes.matches(ACCOUNT, challenge, code)).isTrue();
        assertThat(codes.matches(ACCOUNT, challenge.withOneAttemptUsed(), code)).isTrue();
    }

    @Test
    void matches_everyOtherCodeOfAChallenge_false() {
        SmsCodes fixed = builder(sender).secureRandom(Fixtures.fixedCode(123456)).build();
        SmsChallenge challenge = issue(fixed, SmsPurpose.LOGIN);
        assertThat(fixed.matches(ACCOUNT, challenge, "123456")).isTrue();
        for (String wrong : new String[] {"123457", "123455", "023456", "000000", "999999", "654321", "123465"}) {
            assertThat(fixed.matches(ACCOUNT, challenge, wrong)).as(wrong).isFalse();
        }
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"12345", "1234567", " 123456", "123456 ", "123 456", "12345a", "+12345",
        "-12345", "١٢٣٤٥٦", "１２３４５６", "12345\u0000", "123456\n", "0x1234"})
    void matches_notExactlySixAsciiDigits_falseEvenIfDigitsAgree(String input) {
        SmsCodes fixed = builder(sender).secureRandom(Fixtures.fixedCode(123456)).build();
        SmsChallenge challenge = issue(fixed, SmsPurpose.LOGIN);

        assertThat(fixed.matches(ACCOUNT, challenge, input)).isFalse();
    }

    @Test
    void matches_arabicIndicDigitsOfTheRightCode_false() {
        SmsCodes fixed = builder(sender).secureRandom(Fixtures.fixedCode(123456)).build();
        SmsChallenge challenge = issue(fixed, SmsPurpose.LOGIN);
        assertThat(fixed.matches(ACCOUNT, challenge, "\u0661\u0662\u0663\u0664\u0665\u0666")).isFalse();
        assertThat(Integer.parseInt("\u0661\u0662\u0663\u0664\u0665\u0666")).isEqualTo(123456);
    }

    @Test
    void matches_otherPurpose_false() {
        SmsChallenge challenge = issue(codes, SmsPurpose.VERIFY_NUMBER);
        String code = codeIn(sender.last().text(), 6);
        SmsChallenge asLogin = new SmsChallenge(challenge.id(), SmsPurpose.LOGIN, challenge.destination(),
                challenge.codeHash(), challenge.issuedAt(), challenge.expiresAt(), challenge.attemptsLeft());

        assertThat(codes.matches(ACCOUNT, challenge, code)).isTrue();
        assertThat(codes.matches(ACCOUNT, asLogin, code)).isFalse();
    }

    @Test
    void matches_otherChallengeId_false() {
        SmsChallenge challenge = issue(codes, SmsPurpose.LOGIN);
        String code = codeIn(sender.last().text(), 6);
        SmsChallenge moved = new SmsChallenge("AAAAAAAAAAAAAAAAAAAAAA", challenge.purpose(), challenge.destination(),
                challenge.codeHash(), challenge.issuedAt(), challenge.expiresAt(), challenge.attemptsLeft());

        assertThat(codes.matches(ACCOUNT, moved, code)).isFalse();
    }

    @Test
    void matches_otherDestination_false() {
        SmsChallenge challenge = issue(codes, SmsPurpose.LOGIN);
        String code = codeIn(sender.last().text(), 6);
        SmsChallenge elsewhere = new SmsChallenge(challenge.id(), challenge.purpose(),
                PhoneNumber.parse("+420601123457"), challenge.codeHash(), challenge.issuedAt(),
                challenge.expiresAt(), challenge.attemptsLeft());

        assertThat(codes.matches(ACCOUNT, elsewhere, code)).isFalse();
    }

    @Test
    void matches_challengeOfAnotherAccount_neverMatches() {
        AccountId a = AccountId.of("customer-a");
        AccountId b = AccountId.of("customer-b");
        SmsCodes fixed = builder(sender).secureRandom(Fixtures.fixedCode(123456)).build();
        SmsChallenge challenge = sent(fixed.issue(request(a, NUMBER, SmsPurpose.LOGIN, T0, null)));

        assertThat(fixed.matches(a, challenge, "123456")).isTrue();
        assertThat(fixed.matches(b, challenge, "123456")).isFalse();
    }

    @Test
    void matches_resend_oldCodeDoesNotMatchNewChallenge() {
        SmsCodes seeded = builder(sender).secureRandom(Fixtures.seeded(7)).build();
        issue(seeded, SmsPurpose.LOGIN);
        String oldCode = codeIn(sender.last().text(), 6);
        SmsChallenge resent = sent(seeded.issue(request(ACCOUNT, NUMBER, SmsPurpose.LOGIN, T0.plusSeconds(30), T0)));
        String newCode = codeIn(sender.last().text(), 6);

        assertThat(oldCode).isNotEqualTo(newCode);
        assertThat(seeded.matches(ACCOUNT, resent, newCode)).isTrue();
        assertThat(seeded.matches(ACCOUNT, resent, oldCode)).isFalse();
    }

    @Test
    void matches_sameCodeTwice_hashesDifferBySalt() {
        SmsCodes fixed = builder(sender).secureRandom(Fixtures.fixedCode(123456)).build();
        SmsChallenge a = issue(fixed, SmsPurpose.LOGIN);
        SmsChallenge b = sent(fixed.issue(request(ACCOUNT, NUMBER, SmsPurpose.LOGIN, T0.plusSeconds(30), T0)));
        assertThat(a.codeHash()).isNotEqualTo(b.codeHash());
    }

    @Test
    void codeHash_storedFormOnly_holdsNoCode() {
        SmsCodes fixed = builder(sender).secureRandom(Fixtures.fixedCode(123456)).build();
        SmsChallenge challenge = issue(fixed, SmsPurpose.LOGIN);
        byte[] stored = challenge.codeHash().bytes();

        assertThat(stored).hasSize(CodeHasher.HASH_BYTES);
        assertThat(stored[0]).isEqualTo((byte) CodeHasher.FORMAT_SALTED_SHA256);
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("123456");
        assertThat(challenge.toString()).doesNotContain("123456").doesNotContain(NUMBER.e164());
    }

    @Test
    void matches_withHashKey_keyedHashRoundTrips() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 1);
        SmsCodes keyed = builder(sender).hashKey(key).build();
        SmsChallenge challenge = issue(keyed, SmsPurpose.STEP_UP);

        assertThat(challenge.codeHash().bytes()[0]).isEqualTo((byte) CodeHasher.FORMAT_HMAC_SHA256);
        assertThat(keyed.matches(ACCOUNT, challenge, codeIn(sender.last().text(), 6))).isTrue();
    }

    @Test
    void matches_otherHashKey_false() {
        byte[] key = new byte[32];
        byte[] other = new byte[32];
        other[31] = 1;
        SmsCodes keyed = builder(sender).hashKey(key).secureRandom(Fixtures.fixedCode(555555)).build();
        SmsCodes otherKeyed = builder(sender).hashKey(other).build();
        SmsChallenge challenge = issue(keyed, SmsPurpose.LOGIN);

        assertThat(keyed.matches(ACCOUNT, challenge, "555555")).isTrue();
        assertThat(otherKeyed.matches(ACCOUNT, challenge, "555555")).isFalse();
    }

    @Test
    void matches_keyedAndUnkeyedFormats_neverCrossMatch() {
        SmsCodes unkeyed = builder(sender).secureRandom(Fixtures.fixedCode(555555)).build();
        SmsCodes keyed = builder(sender).hashKey(new byte[32]).secureRandom(Fixtures.fixedCode(555555)).build();

        assertThat(keyed.matches(ACCOUNT, issue(unkeyed, SmsPurpose.LOGIN), "555555")).isFalse();
        assertThat(unkeyed.matches(ACCOUNT, issue(keyed, SmsPurpose.LOGIN), "555555")).isFalse();
    }

    @Test
    void matches_corruptStoredHash_falseWithoutException() {
        SmsCodes fixed = builder(sender).secureRandom(Fixtures.fixedCode(555555)).build();
        SmsChallenge c = issue(fixed, SmsPurpose.LOGIN);
        byte[] truncated = Arrays.copyOf(c.codeHash().bytes(), 20);
        byte[] flipped = c.codeHash().bytes();
        flipped[flipped.length - 1] ^= 1;

        for (byte[] bad : new byte[][] {truncated, flipped, {1}}) {
            SmsChallenge corrupt = new SmsChallenge(c.id(), c.purpose(), c.destination(), Secret.copyOf(bad),
                    c.issuedAt(), c.expiresAt(), c.attemptsLeft());
            assertThat(fixed.matches(ACCOUNT, corrupt, "555555")).isFalse();
        }
    }

    @Test
    void matches_codeOfOtherLength_falseAfterDigitsChange() {
        SmsCodes eight = builder(sender).codeDigits(8).secureRandom(Fixtures.fixedCode(12345678)).build();
        SmsChallenge challenge = issue(eight, SmsPurpose.LOGIN);
        assertThat(eight.matches(ACCOUNT, challenge, "12345678")).isTrue();
        assertThat(codes.matches(ACCOUNT, challenge, "12345678")).isFalse();
    }

    @Test
    void matches_nullChallenge_throwsNullPointerException() {
        assertThatThrownBy(() -> codes.matches(ACCOUNT, null, "123456")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void matches_property_issuedCodeRoundTripsForEveryDigitCountAndPurpose() {
        qt().withExamples(200).forAll(integers().between(6, 10), longs().all(), integers().between(0, 2))
                .checkAssert((digits, seed, purposeIndex) -> {
                    RecordingSender rs = new RecordingSender();
                    SmsCodes channel = builder(rs).codeDigits(digits).secureRandom(Fixtures.seeded(seed)).build();
                    SmsPurpose purpose = SmsPurpose.values()[purposeIndex];
                    SmsChallenge challenge = sent(channel.issue(request(ACCOUNT, NUMBER, purpose, T0, null)));
                    String code = codeIn(rs.last().text(), digits);
                    assertThat(channel.matches(ACCOUNT, challenge, code)).isTrue();
                });
    }

    @Test
    void matches_property_wrongCodeNeverMatches() {
        SmsCodes fixed = builder(sender).secureRandom(Fixtures.fixedCode(424242)).build();
        SmsChallenge challenge = issue(fixed, SmsPurpose.LOGIN);
        qt().withExamples(2000).forAll(integers().between(0, 999_999))
                .assuming(n -> n != 424242)
                .checkAssert(n -> assertThat(fixed.matches(ACCOUNT, challenge, String.format("%06d", n))).isFalse());
    }

    @Test
    void matches_property_arbitraryStringsOtherThanTheCodeNeverMatch() {
        SmsCodes fixed = builder(sender).secureRandom(Fixtures.fixedCode(424242)).build();
        SmsChallenge challenge = issue(fixed, SmsPurpose.LOGIN);
        qt().withExamples(2000).forAll(strings().allPossible().ofLengthBetween(0, 12))
                .assuming(s -> !s.equals("424242"))
                .checkAssert(s -> assertThat(fixed.matches(ACCOUNT, challenge, s)).isFalse());
    }
}
