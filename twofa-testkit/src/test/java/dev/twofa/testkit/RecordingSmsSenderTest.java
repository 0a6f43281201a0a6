package dev.twofa.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.twofa.core.AccountId;
import dev.twofa.core.PhoneNumber;
import dev.twofa.core.SmsNotSent;
import dev.twofa.core.SmsPurpose;
import dev.twofa.core.SmsSent;
import dev.twofa.core.spi.SmsCodeChannel;
import dev.twofa.sms.SmsCodes;
import dev.twofa.sms.SmsMessage;
import java.time.Instant;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RecordingSmsSenderTest {

    private static final PhoneNumber ALICE_PHONE = new PhoneNumber("+420601123456");
    private static final PhoneNumber BOB_PHONE = new PhoneNumber("+12025550123");
    private static final AccountId ACCOUNT = AccountId.of("alice");
    private final RecordingSmsSender sms = new RecordingSmsSender();

    private static SmsMessage message(PhoneNumber to, String text) {
        return new SmsMessage(to, text, Locale.ENGLISH, SmsPurpose.LOGIN, ACCOUNT);
    }

    @Test
    void send_messages_recordsWholeValuesInOrder() throws Exception {
        SmsMessage first = message(ALICE_PHONE, "Example: 123456 is your login code.");
        SmsMessage second = message(BOB_PHONE, "Example: 654321 is your login code.");

        sms.send(first);
        sms.send(second);

        assertThat(sms.messages()).containsExactly(first, second);
        assertThat(sms.lastMessage()).isEqualTo(second);
        assertThat(sms.failedMessages()).isEmpty();
    }

    @Test
    void lastCodeTo_numberAsValueOrAsTyped_returnsTheCodeOfTheLastMessageToIt() throws Exception {
        sms.send(message(ALICE_PHONE, "Example: 111111 is your login code. It is valid for 5 minutes."));
        sms.send(message(BOB_PHONE, "Example: 222222 is your login code."));
        sms.send(message(ALICE_PHONE, "Example: 012345 is your login code. It is valid for 10 minutes."));

        assertThat(sms.lastCodeTo(ALICE_PHONE)).isEqualTo("012345");
        assertThat(sms.lastCodeTo("+420 601 123 456")).isEqualTo("012345");
        assertThat(sms.lastCodeTo("001 202 555 0123")).isEqualTo("222222");
    }

    @Test
    void lastCodeTo_numberNeverTexted_failsNamingMaskedNumbers() throws Exception {
        sms.send(message(BOB_PHONE, "Example: 222222 is your login code."));

        assertThatThrownBy(() -> sms.lastCodeTo(ALICE_PHONE))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessage("no SMS was sent to +420 *** *** 456; sent to [+1 * *** *** 123]");
        assertThatThrownBy(() -> new RecordingSmsSender().lastMessage())
                .isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void codeIn_textsOfEveryShape_findsTheCode() {
        assertThat(RecordingSmsSender.codeIn(message(ALICE_PHONE, "Shop 24: 00123456 is your code. Valid 10 minutes.")))
                .isEqualTo("00123456");
        assertThat(RecordingSmsSender.codeIn(message(ALICE_PHONE,
                "Example Hosting: 4821933 je váš přihlašovací kód. Platí 5 minut.")))
                .isEqualTo("4821933");
        assertThat(RecordingSmsSender.codeIn(message(ALICE_PHONE, "Example: 9876543210 is your code")))
                .isEqualTo("9876543210");
        assertThat(RecordingSmsSender.codeIn(message(ALICE_PHONE,
                "Shop 1234567: 445566 is your code.\n\n@login.example.com #445566")))
                .as("the WebOTP line wins over digits in the issuer")
                .isEqualTo("445566");
        assertThat(RecordingSmsSender.codeIn(message(ALICE_PHONE, "Example: 111111 is your code.\n\n@login.example.com #222222")))
                .as("the WebOTP line wins over the text")
                .isEqualTo("222222");
        assertThat(RecordingSmsSender.codeIn(message(ALICE_PHONE, "123456 is your code")))
                .as("no colon: the first run of the whole text")
                .isEqualTo("123456");
        assertThat(RecordingSmsSender.codeIn(message(ALICE_PHONE, "Code 123456: enter it now")))
                .as("no run after the colon: the one before it")
                .isEqualTo("123456");
    }

    @Test
    void codeIn_realTextsOfEveryLengthLanguageAndWebOtp_findsTheCodeThatMatches() {
        AccountId alice = AccountId.of("alice");
        qt().withExamples(60).withFixedSeed(42L)
                .forAll(integers().between(SmsCodes.MIN_CODE_DIGITS, SmsCodes.MAX_CODE_DIGITS),
                        integers().between(0, 2), booleans().all(), integers().between(1, 10))
                .checkAssert((digits, language, webOtp, minutes) -> {
                    RecordingSmsSender outbox = new RecordingSmsSender();
                    SmsCodes.Builder builder = SmsCodes.builder(outbox).issuer("Shop 1234567").codeDigits(digits)
                            .codeValidity(Duration.ofMinutes(minutes));
                    SmsCodes codes = (webOtp ? builder.webOtpDomain("login.example.com") : builder).build();
                    Locale locale = List.of(Locale.ENGLISH, Locale.forLanguageTag("cs"), Locale.GERMAN).get(language);
                    SmsCodeChannel.Issue issue = codes.issue(new SmsCodeChannel.Request(alice, ALICE_PHONE,
                            SmsPurpose.LOGIN, locale, Instant.parse("2026-01-01T00:00:00Z"), null));

                    String code = RecordingSmsSender.codeIn(outbox.lastMessage());

                    assertThat(code).hasSize(digits).containsOnlyDigits();
                    assertThat(codes.matches(alice, ((SmsCodeChannel.Issue.Sent) issue).challenge(), code)).isTrue();
                });
    }

    @Test
    void codeIn_textWithoutACode_isRefused() {
        assertThatThrownBy(() -> RecordingSmsSender.codeIn(message(ALICE_PHONE, "Call 12345 or +420601123456789012")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no code of 6 to 10 digits")
                .hasMessageNotContaining("12345");
    }

    @Test
    void failNext_count_failsThatManySendsThenRecordsAgain() throws Exception {
        assertThat(sms.failNext(2)).isSameAs(sms);
        SmsMessage m = message(ALICE_PHONE, "Example: 123456 is your login code.");

        assertThatThrownBy(() -> sms.send(m)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("scripted");
        assertThatThrownBy(() -> sms.send(m)).isInstanceOf(IllegalStateException.class);
        sms.send(m);

        assertThat(sms.messages()).containsExactly(m);
        assertThat(sms.failedMessages()).containsExactly(m, m);
    }

    @Test
    void failNext_exception_throwsThatExceptionOnce() throws Exception {
        IOException gatewayDown = new IOException("gateway down");
        sms.failNext(gatewayDown).failNext(1);
        SmsMessage m = message(ALICE_PHONE, "Example: 123456 is your login code.");

        assertThatThrownBy(() -> sms.send(m)).isSameAs(gatewayDown);
        assertThatThrownBy(() -> sms.send(m)).isInstanceOf(IllegalStateException.class);
        sms.send(m);

        assertThat(sms.messages()).hasSize(1);
    }

    @Test
    void failNext_badArguments_areRefused() {
        assertThatThrownBy(() -> sms.failNext(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> sms.failNext(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void failNext_throughTheService_leavesNoCodeAndTheRetrySendsOne() {
        TwoFactorTestKit kit = TwoFactorTestKit.create();
        AccountId alice = AccountId.of("alice");
        kit.service().addNumber(alice, "+420 601 123 456");
        kit.sms().failNext(1);

        assertThat(kit.service().sendVerificationCode(alice)).isInstanceOfSatisfying(SmsNotSent.class,
                notSent -> assertThat(notSent.reason()).isEqualTo(SmsNotSent.Reason.DELIVERY_FAILED));
        assertThat(kit.sms().messages()).isEmpty();
        assertThat(kit.sms().failedMessages()).hasSize(1);

        assertThat(kit.service().sendVerificationCode(alice)).isInstanceOf(SmsSent.class);
        assertThat(kit.service().verifyNumber(alice, kit.sms().lastCodeTo(ALICE_PHONE)).verified()).isTrue();
    }

    @Test
    void takeMessage_sentFromAnotherThread_returnsItAfterWaiting() throws Exception {
        CountDownLatch taking = new CountDownLatch(1);
        SmsMessage m = message(ALICE_PHONE, "Example: 123456 is your login code.");
        CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
            try {
                taking.await(10, TimeUnit.SECONDS);
                sms.send(m);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        taking.countDown();
        SmsMessage taken = sms.takeMessage(Duration.ofSeconds(10));

        assertThat(taken).isSameAs(m);
        sender.get(10, TimeUnit.SECONDS);
    }

    @Test
    void takeMessage_inOrderAndOnlyOnce_whileMessagesKeepsAll() throws Exception {
        SmsMessage first = message(ALICE_PHONE, "Example: 111111 is your login code.");
        SmsMessage second = message(BOB_PHONE, "Example: 222222 is your login code.");
        sms.send(first);
        sms.send(second);

        assertThat(sms.takeMessage(Duration.ZERO)).isSameAs(first);
        assertThat(sms.takeMessage(Duration.ZERO)).isSameAs(second);
        assertThatThrownBy(() -> sms.takeMessage(Duration.ofMillis(1)))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("no SMS was sent within PT0.001S");
        assertThat(sms.messages()).containsExactly(first, second);
    }

    @Test
    void clear_forgetsMessagesButKeepsScriptedFailures() throws Exception {
        SmsMessage m = message(ALICE_PHONE, "Example: 123456 is your login code.");
        sms.send(m);
        sms.failNext(1);
        assertThatThrownBy(() -> sms.send(m)).isInstanceOf(IllegalStateException.class);
        sms.failNext(1);

        sms.clear();

        assertThat(sms.messages()).isEmpty();
        assertThat(sms.failedMessages()).isEmpty();
        assertThatThrownBy(() -> sms.takeMessage(Duration.ZERO)).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> sms.send(m)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void toString_masksNumbersAndHidesCodes() throws Exception {
        sms.send(message(ALICE_PHONE, "Example: 123456 is your login code."));
        sms.failNext(1);

        assertThat(sms.toString())
                .contains("+420 *** *** 456", "failed=0", "failuresScripted=1")
                .doesNotContain("123456", "601123");
    }

    @Test
    void send_fromManyThreadsAtOnce_recordsEveryMessageOnce() throws Exception {
        Concurrently.run(Concurrently.THREADS, i -> () -> {
            for (int k = 0; k < 200; k++) {
                sms.send(message(ALICE_PHONE, String.format("Example: %02d%04d is your login code.", i, k)));
            }
            return null;
        });

        assertThat(sms.messages()).hasSize(Concurrently.THREADS * 200)
                .extracting(RecordingSmsSender::codeIn).doesNotHaveDuplicates();
        int taken = 0;
        while (taken < Concurrently.THREADS * 200) {
            sms.takeMessage(Duration.ZERO);
            taken++;
        }
        assertThatThrownBy(() -> sms.takeMessage(Duration.ZERO)).isInstanceOf(NoSuchElementException.class);
    }
}
