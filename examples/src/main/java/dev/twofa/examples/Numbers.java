package dev.twofa.examples;

import dev.twofa.core.AccountId;
import dev.twofa.core.InvalidPhoneNumberException;
import dev.twofa.core.TwoFactorService;
import dev.twofa.core.spi.ProfileStore;
import dev.twofa.sms.PhoneNumbers;
import dev.twofa.sms.SmsCodes;
import dev.twofa.sms.SmsSender;

/**
 * The README section "Phone numbers" as compiled code: typed numbers read with libphonenumber
 * (twofa-sms's {@link PhoneNumbers}), and each refusal turned into a sentence for the customer. The
 * README quotes the parts between the {@code README:} markers.
 *
 * <p>Stateless and thread-safe.
 */
public final class Numbers {

    private Numbers() {
    }

    /**
     * Builds a service that reads Czech national numbers and sends codes to mobile numbers only.
     *
     * @param store the host's store
     * @param sender the host's SMS gateway
     * @return the service
     */
    public static TwoFactorService service(ProfileStore store, SmsSender sender) {
        // README:numbers
        PhoneNumbers phoneNumbers = PhoneNumbers.builder()
                .defaultRegion("CZ")                 // "601 123 456" reads as +420601123456
                .allowRegions("CZ", "SK")            // optional; default: every region
                .build();                            // mobile numbers only: premium-rate, shared-cost, fixed lines refused
        TwoFactorService twoFactor = TwoFactorService.builder()
                .store(store)
                .sms(SmsCodes.builder(sender).issuer("Example Hosting")
                        .phoneNumbers(phoneNumbers)  // read typed numbers; numbers stored before a policy change get no code
                        .build())
                .build();
        // README:end
        return twoFactor;
    }

    /**
     * Adds a typed number and says what went wrong in the customer's words, or null if it was saved.
     *
     * @param twoFactor the service
     * @param account the customer's account
     * @param typed the number as typed
     * @return the error to show next to the field, or null
     */
    public static String addNumber(TwoFactorService twoFactor, AccountId account, String typed) {
        // README:numbers-errors
        try {
            twoFactor.addNumber(account, typed);                // "+420 (0)601 123 456" is stored as +420601123456
            return null;
        } catch (InvalidPhoneNumberException e) {
            return switch (e.reason()) {
                case MALFORMED -> "Please check the number: digits, spaces and a leading + only.";
                case INVALID_NUMBER -> "This number does not exist. Please check it.";
                case NOT_FOR_SMS -> "Please use a mobile number: we send the codes by text message.";
                case NOT_ALLOWED -> "We cannot send text messages to this country.";
            };
        }
        // README:end
    }
}
