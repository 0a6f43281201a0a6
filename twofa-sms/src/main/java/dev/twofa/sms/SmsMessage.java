package dev.twofa.sms;

import dev.twofa.core.AccountId;
import dev.twofa.core.InvalidInputException;
import dev.twofa.core.PhoneNumber;
import dev.twofa.core.SmsPurpose;
import java.util.Locale;
import java.util.Objects;

/**
 * One SMS for the host's {@link SmsSender}: where it goes, the text with the code, the language of
 * the text, what the code is for and whose account asked for it.
 *
 * <p>The account matters to a host that shows or audits sent messages: a number can be on several
 * accounts (anyone can add a number to their own account without a code), so a page that lists the
 * texts sent to "my numbers" would show another account's login codes. List them by {@link
 * #account()}.
 *
 * <p>{@link #toString()} masks the number and hides the text (which holds the code), so a message
 * can be logged safely; {@link #text()} and {@link PhoneNumber#e164() destination().e164()} give the
 * full values to the code that sends it.
 *
 * @param destination the number to send to
 * @param text the text to send, holding the code and the issuer; never the number or the account
 * @param locale the language of the text
 * @param purpose what the code is for
 * @param account the account whose login, confirmation or number verification the code is for
 *     <p>Immutable and thread-safe.
 */
public record SmsMessage(PhoneNumber destination, String text, Locale locale, SmsPurpose purpose, AccountId account) {

    /**
     * Validates the components.
     *
     * @throws NullPointerException if a component is null
     * @throws InvalidInputException if the text is blank
     */
    public SmsMessage {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(account, "account");
        if (text.isBlank()) {
            throw new InvalidInputException("SMS text must not be blank");
        }
    }

    /**
     * Returns a description with the number masked and the text hidden, such as {@code
     * SmsMessage[destination=+420 *** *** 456, text=(hidden, 74 chars), locale=cs, purpose=LOGIN]}.
     */
    @Override
    public String toString() {
        return "SmsMessage[destination=" + destination.masked() + ", text=(hidden, " + text.length()
                + " chars), locale=" + locale.toLanguageTag() + ", purpose=" + purpose + "]";
    }
}
