package dev.twofa.examples.customeradmin.web;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.twofa.core.Expired;
import dev.twofa.core.InvalidPhoneNumberException;
import dev.twofa.core.LockedOut;
import dev.twofa.core.Method;
import dev.twofa.core.PhoneNumber;
import dev.twofa.core.Refused;
import dev.twofa.core.Rejected;
import dev.twofa.core.SendResult;
import dev.twofa.core.SmsNotSent;
import dev.twofa.core.SmsNumberWithdrawn;
import dev.twofa.core.SmsSent;
import dev.twofa.core.Throttled;
import dev.twofa.core.VerifyResult;
import java.time.Instant;

/**
 * What the pages tell the customer about twofa's outcomes, in plain language: what happened and
 * what to do next. No jargon ("TOTP", "step-up", "factor"): the methods are "login via SMS" and
 * "the authenticator app".
 *
 * <p>Thread-safe (immutable).
 */
public final class Texts {

    /** The number format the forms show as an example. */
    public static final String EXAMPLE_NUMBER = "+420 601 123 456";

    private final CustomerTime time;

    /**
     * Creates the texts of one customer.
     *
     * @param time the customer's times
     */
    public Texts(CustomerTime time) {
        this.time = time;
    }

    /**
     * Returns the customer's name of a method.
     *
     * @param method the method
     * @return "login via SMS" or "the authenticator app"
     */
    public static String methodName(Method method) {
        return method == Method.SMS ? "login via SMS" : "the authenticator app";
    }

    /**
     * Returns a number in the international format, grouped as people write it ({@code +420 601 123
     * 456}); the E.164 digits if libphonenumber does not know the format.
     *
     * @param number the number
     * @return the grouped number
     */
    public static String grouped(PhoneNumber number) {
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        try {
            return util.format(util.parse(number.e164(), null), PhoneNumberUtil.PhoneNumberFormat.INTERNATIONAL);
        } catch (NumberParseException e) {
            return number.e164();
        }
    }

    /**
     * Returns the field error for a number twofa refused to read.
     *
     * @param e the refusal
     * @return the text shown under the number field
     */
    public static String numberError(InvalidPhoneNumberException e) {
        return switch (e.reason()) {
            case MALFORMED -> "This is not a phone number. Type it with the country code, for example "
                    + EXAMPLE_NUMBER + ".";
            case INVALID_NUMBER -> "This number does not exist. Check the digits and the country code.";
            case NOT_FOR_SMS -> "This number cannot receive SMS (a landline or a paid service number). "
                    + "Use a mobile number.";
            case NOT_ALLOWED -> "We cannot send SMS to this country. Use another mobile number.";
        };
    }

    /**
     * Returns what to tell the customer about a code check that did not succeed.
     *
     * @param result a rejected or expired code, a wait, a lock or a refusal
     * @return the text
     */
    public String describe(VerifyResult result) {
        if (result instanceof Rejected rejected) {
            String why = switch (rejected.reason()) {
                case REPLAY -> "That code was already used. Wait for the next code in your app and enter it.";
                case CODE_DEAD -> "This code had too many wrong tries. Ask for a new code.";
                case MALFORMED -> "That is not a code. Type the digits only.";
                case WRONG_RECOVERY_CODE -> "That recovery code is wrong or was already used.";
                case WRONG_CODE -> "That code is wrong.";
            };
            if (rejected.attemptsLeft() > 0 && rejected.attemptsLeft() <= 5) {
                why += " After " + rejected.attemptsLeft() + " more wrong "
                        + (rejected.attemptsLeft() == 1 ? "code" : "codes")
                        + ", codes are blocked for a while.";
            }
            return why;
        } else if (result instanceof Expired) {
            return "The code expired or a newer one was sent. Ask for a new code.";
        } else if (result instanceof Throttled throttled) {
            return "Too many wrong codes. You can try again at " + time.format(throttled.retryAt()) + ".";
        } else if (result instanceof LockedOut locked) {
            return locked(locked.until());
        } else if (result instanceof Refused refused) {
            return describe(refused);
        }
        return "Done.";
    }

    /**
     * Returns what to tell the customer about an SMS sent or not sent.
     *
     * @param result the outcome of sending
     * @return the text
     */
    public String describe(SendResult result) {
        if (result instanceof SmsSent sent) {
            return "We sent a code by SMS to " + sent.maskedNumber() + ". It works until "
                    + time.format(sent.expiresAt()) + ".";
        } else if (result instanceof SmsNumberWithdrawn withdrawn) {
            return "We did not send a code: the number " + withdrawn.maskedNumber() + " is no longer confirmed by "
                    + "a contact person of your account. Log in with a recovery code, then set your number again.";
        } else if (result instanceof SmsNotSent notSent) {
            return switch (notSent.reason()) {
                case COOLDOWN -> "We sent a code a moment ago. You can ask for a new one at ";
                case NUMBER_LIMIT, ACCOUNT_LIMIT -> "We sent too many SMS. You can ask again at ";
                case DESTINATION_NOT_ALLOWED -> "We cannot send SMS to this number. Use another number, or try again at ";
                case DELIVERY_FAILED -> "The SMS could not be sent. Try again at ";
            } + time.format(notSent.retryAfter()) + ".";
        } else if (result instanceof LockedOut locked) {
            return locked(locked.until());
        }
        return describe((Refused) result);
    }

    /**
     * Returns what to tell the customer about a change twofa refused (a change of the number, a
     * method turned on or off, a device, new recovery codes).
     *
     * @param refused the refusal
     * @return the text: what is in the way and what to do
     */
    public String describe(Refused refused) {
        return refusal(refused);
    }

    /**
     * Returns the message of a lock.
     *
     * @param until when it ends ({@link java.time.Instant#MAX}: when support unlocks it)
     * @return the text
     */
    public String locked(Instant until) {
        return until.equals(Instant.MAX)
                ? "Codes are blocked after too many wrong tries. Contact support to unblock them."
                : "Codes are blocked after too many wrong tries. You can try again at " + time.format(until) + ".";
    }

    private static String refusal(Refused refused) {
        Method active = refused.activeMethod();
        return switch (refused.refusal()) {
            case METHOD_ACTIVE -> active == Method.SMS
                    ? "Login via SMS is active. To use an authenticator app instead, first deactivate login via SMS."
                    : "The authenticator app is active. To use login via SMS instead, first deactivate the app.";
            case SMS_ACTIVE -> "Login via SMS is active on this number. Deactivate login via SMS first, "
                    + "or change the number instead.";
            case NO_ACTIVE_METHOD -> "Two-factor authentication is not on.";
            case NO_NUMBER -> "Add a phone number first.";
            case NUMBER_ALREADY_SET -> "You already have a number. Use Change number instead.";
            case NUMBER_NOT_VERIFIED -> "Verify your number first: use Verify Number.";
            case NOTHING_TO_VERIFY -> "Your number is already verified.";
            case NO_PENDING_ENROLLMENT -> "Connecting took too long or was replaced. Start again with Connect device.";
            case STEP_UP_REQUIRED -> "For your security, confirm it is you with a fresh code first.";
            case SMS_NOT_ACTIVE -> "Login via SMS is not on.";
            case METHOD_NOT_CONFIGURED -> "This option is not available here.";
            case NO_SUCH_DEVICE -> "That device is no longer remembered.";
            case DEVICE_ALREADY_REMEMBERED -> "This device is already remembered.";
        };
    }
}
