package dev.twofa.spring.security;

import dev.twofa.core.Rejected;
import dev.twofa.core.SmsNotSent;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The customer texts of the second step: what happened and what to do next, without jargon.
 *
 * <p>Thread-safety: stateless; thread-safe.
 */
final class Messages {

    private static final Pattern LAST_DIGITS = Pattern.compile("(\\d+)\\s*$");
    private static final Duration SUPPORT_ONLY = Duration.ofDays(30);

    private Messages() {
    }

    static String enterAppCode() {
        return "Enter the code shown in your authenticator app.";
    }

    static String confirmAppCode() {
        return "To continue, please confirm it is you: enter the code shown in your authenticator app.";
    }

    static String smsSent(String maskedNumber, boolean confirm) {
        return (confirm ? "To continue, please confirm it is you. " : "")
                + "We sent a code by text message to the number ending " + ending(maskedNumber) + ". Enter it below.";
    }

    static String smsOffered(String maskedNumber, boolean confirm) {
        return (confirm ? "To continue, please confirm it is you. " : "") + "Press \"Send code\" and we will send a code"
                + " by text message to " + (maskedNumber != null ? "the number ending " + ending(maskedNumber) : "your phone")
                + ".";
    }

    static String smsNotSent(SmsNotSent notSent, Instant now) {
        return switch (notSent.reason()) {
            case COOLDOWN -> "We sent you a code a moment ago. Enter that code, or ask for a new one "
                    + in(notSent.retryAfter(), now) + ".";
            case NUMBER_LIMIT, ACCOUNT_LIMIT -> "We cannot send more codes right now. Try again "
                    + in(notSent.retryAfter(), now) + ", or use one of your recovery codes.";
            case DESTINATION_NOT_ALLOWED -> "We cannot send text messages to your number. Use one of your recovery"
                    + " codes, or contact customer support.";
            case DELIVERY_FAILED -> "We could not send the text message. Ask for a new code, or use one of your"
                    + " recovery codes.";
        };
    }

    static String numberWithdrawn() {
        return "We cannot send a code because your phone number is no longer on record. Use one of your recovery"
                + " codes, or contact customer support.";
    }

    static String rejected(Rejected rejected) {
        String what = switch (rejected.reason()) {
            case MALFORMED -> "That is not a code we sent or your app shows. Enter the digits of the code.";
            case WRONG_CODE -> "That code is not right. Check the code and try again.";
            case REPLAY -> "That code was already used. Wait for the next code in your app and enter it.";
            case CODE_DEAD -> "This code can no longer be used. Ask for a new code.";
            case WRONG_RECOVERY_CODE -> "That recovery code is not right, or it was already used.";
        };
        return what + " " + triesLeft(rejected.attemptsLeft());
    }

    static String expired() {
        return "This code has expired. Ask for a new code.";
    }

    static String throttled(Instant retryAt, Instant now) {
        return "Too many wrong codes. Please wait and try again " + in(retryAt, now) + ".";
    }

    static String locked(Instant until, Instant now) {
        if (Duration.between(now, until).compareTo(SUPPORT_ONLY) > 0) {
            return "For your safety, signing in with a code is blocked after too many wrong codes. Please contact"
                    + " customer support.";
        }
        return "For your safety, signing in with a code is blocked after too many wrong codes. Please try again "
                + in(until, now) + ", or contact customer support.";
    }

    static String newCodeSent(String maskedNumber) {
        return "We sent a new code to the number ending " + ending(maskedNumber) + ".";
    }

    private static String triesLeft(int left) {
        return left == 1 ? "You have 1 try left." : "You have " + left + " tries left.";
    }

    static String ending(String maskedNumber) {
        Matcher m = LAST_DIGITS.matcher(maskedNumber);
        return m.find() ? m.group(1) : maskedNumber;
    }

    /** Returns "in 40 seconds", "in about 5 minutes", "in about 2 hours" (never "in 0 seconds"). */
    static String in(Instant at, Instant now) {
        long seconds = Math.max(1, Duration.between(now, at).toSeconds());
        if (seconds < 60) {
            return seconds == 1 ? "in 1 second" : "in " + seconds + " seconds";
        }
        long minutes = (seconds + 59) / 60;
        if (minutes < 120) {
            return minutes == 1 ? "in about 1 minute" : "in about " + minutes + " minutes";
        }
        return "in about " + ((minutes + 59) / 60) + " hours";
    }
}
