package dev.twofa.core.spi;

import dev.twofa.core.AccountId;
import dev.twofa.core.PhoneNumber;
import dev.twofa.core.SmsPurpose;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * Issues and checks SMS codes; implemented by twofa-sms ({@code dev.twofa.sms.SmsCodes}).
 *
 * <p>twofa-core decides whether a code may be sent and stores the returned {@link
 * TwoFactorProfile.SmsChallenge}; the channel makes the code, applies send limits, sends it through
 * the host's gateway and returns only its hash. A channel never keeps a code.
 *
 * <p>Thread-safety: implementations must be thread-safe.
 */
public interface SmsCodeChannel {

    /**
     * Returns the number of digits of the codes this channel makes.
     *
     * @return digits per code
     */
    int codeDigits();

    /**
     * Returns the least time between two sends to an account; twofa-core reports it as the
     * resend time of a sent code.
     *
     * @return the resend cooldown
     */
    java.time.Duration resendCooldown();

    /**
     * Returns how this channel reads typed numbers and which may receive its codes, if it has such
     * a policy; the service then reads numbers with it unless the host set another one, so a
     * host registers the policy once. Default: none.
     *
     * @return the channel's number policy, or empty
     */
    default java.util.Optional<PhoneNumberParser> phoneNumbers() {
        return java.util.Optional.empty();
    }

    /**
     * Makes a code, checks the send limits and the resend cooldown, sends the text and returns the
     * challenge to store. Limits are checked before the host's sender is called; a send that throws
     * leaves nothing counted and returns {@link Issue.Failed}.
     *
     * @param request what to send, to whom, and when the previous code went out
     * @return the challenge to store, or why nothing was sent
     */
    Issue issue(Request request);

    /**
     * Checks a submitted code against a stored challenge in constant time. The caller has checked
     * purpose, expiry and tries left.
     *
     * @param account the account whose profile holds the challenge (bound into the hash, so a
     *     challenge copied to another account's record never matches)
     * @param challenge the stored challenge
     * @param code exactly {@link #codeDigits()} ASCII digits
     * @return true if the code is the one issued for the challenge
     */
    boolean matches(AccountId account, TwoFactorProfile.SmsChallenge challenge, String code);

    /**
     * What to send.
     *
     * @param account the account
     * @param destination the number to send to
     * @param purpose what the code is for
     * @param locale the language of the text
     * @param now the current time
     * @param previousSentAt when the account's previous code was sent, or null
     *     <p>Immutable and thread-safe.
     */
    record Request(AccountId account, PhoneNumber destination, SmsPurpose purpose, Locale locale, Instant now,
            Instant previousSentAt) {

        /** Validates the required components. */
        public Request {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(purpose, "purpose");
            Objects.requireNonNull(locale, "locale");
            Objects.requireNonNull(now, "now");
        }
    }

    /** The outcome of {@link #issue}. Implementations are immutable and thread-safe. */
    sealed interface Issue {

        /**
         * The code was sent.
         *
         * @param challenge the challenge to store (the code's hash only)
         */
        record Sent(TwoFactorProfile.SmsChallenge challenge) implements Issue { }

        /**
         * Nothing was sent because of a cooldown or a limit.
         *
         * @param reason which rule refused it
         * @param retryAfter when a send may succeed again
         */
        record Refused(dev.twofa.core.SmsNotSent.Reason reason, Instant retryAfter) implements Issue { }

        /** The host's sender threw; nothing was counted and no code is valid. */
        record Failed() implements Issue { }
    }
}
