package dev.twofa.core.spi;

import dev.twofa.core.InvalidPhoneNumberException;
import dev.twofa.core.PhoneNumber;

/**
 * Reads phone numbers as customers type them and decides which may receive SMS codes;
 * implemented by twofa-sms ({@code dev.twofa.sms.PhoneNumbers}, on Google's libphonenumber) and
 * registered with {@code TwoFactorServiceBuilder#phoneNumbers}. Without one, twofa-core reads
 * numbers with {@link PhoneNumber#parse(String, String)}, which checks only the E.164 form.
 *
 * <p>Thread-safety: implementations must be thread-safe.
 */
@FunctionalInterface
public interface PhoneNumberParser {

    /**
     * Reads a number as typed ({@code +420 601 123 456}, {@code +44 (0)20 7946 0018}, a national
     * form with the parser's default region) into E.164.
     *
     * @param typed the number as the customer typed it
     * @return the number in E.164 form, one that may receive SMS codes
     * @throws InvalidPhoneNumberException if it cannot be read, is not a valid number, or may not
     *     receive SMS codes ({@link InvalidPhoneNumberException#reason()} says which); the message
     *     never repeats the number
     */
    PhoneNumber parse(String typed);
}
