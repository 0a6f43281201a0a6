package dev.twofa.sms;

import static dev.twofa.sms.Fixtures.NUMBER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twofa.core.AccountId;
import dev.twofa.core.InvalidInputException;
import dev.twofa.core.SmsPurpose;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class SmsMessageTest {

    private static final AccountId ALICE = AccountId.of("alice");

    @Test
    void toString_always_masksNumberAndHidesText() {
        SmsMessage message = new SmsMessage(NUMBER, "Example: 918273 is your login code.", Locale.forLanguageTag("cs"),
                SmsPurpose.LOGIN, ALICE);

        assertThat(message.toString())
                .isEqualTo("SmsMessage[destination=+420 *** *** 456, text=(hidden, 35 chars), locale=cs, purpose=LOGIN]")
                .doesNotContain("918273").doesNotContain("+420601123456");
    }

    @Test
    void accessors_giveFullValuesToTheSender() {
        SmsMessage message = new SmsMessage(NUMBER, "text 918273", Locale.ENGLISH, SmsPurpose.STEP_UP, ALICE);
        assertThat(message.destination().e164()).isEqualTo("+420601123456");
        assertThat(message.text()).isEqualTo("text 918273");
        assertThat(message.account()).isEqualTo(ALICE);
    }

    @Test
    void constructor_nullComponent_throwsNullPointerExceptionNamingIt() {
        assertThatThrownBy(() -> new SmsMessage(null, "t", Locale.ENGLISH, SmsPurpose.LOGIN, ALICE))
                .isInstanceOf(NullPointerException.class).hasMessage("destination");
        assertThatThrownBy(() -> new SmsMessage(NUMBER, null, Locale.ENGLISH, SmsPurpose.LOGIN, ALICE))
                .isInstanceOf(NullPointerException.class).hasMessage("text");
        assertThatThrownBy(() -> new SmsMessage(NUMBER, "t", null, SmsPurpose.LOGIN, ALICE))
                .isInstanceOf(NullPointerException.class).hasMessage("locale");
        assertThatThrownBy(() -> new SmsMessage(NUMBER, "t", Locale.ENGLISH, null, ALICE))
                .isInstanceOf(NullPointerException.class).hasMessage("purpose");
        assertThatThrownBy(() -> new SmsMessage(NUMBER, "t", Locale.ENGLISH, SmsPurpose.LOGIN, null))
                .isInstanceOf(NullPointerException.class).hasMessage("account");
    }

    @Test
    void constructor_blankText_throwsInvalidInputException() {
        assertThatThrownBy(() -> new SmsMessage(NUMBER, " \n", Locale.ENGLISH, SmsPurpose.LOGIN, ALICE))
                .isInstanceOf(InvalidInputException.class).hasMessage("SMS text must not be blank");
    }
}
