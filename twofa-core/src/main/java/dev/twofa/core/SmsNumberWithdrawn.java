package dev.twofa.core;

import java.util.Objects;

/**
 * No code was sent: the account's SMS login number was verified through one of the account's
 * Persons, and that Person no longer has it (the host's {@link dev.twofa.core.spi.PersonDirectory}
 * withdrew it). The login fails closed: offer the customer a recovery code ({@link
 * TwoFactorService#completeLoginWithRecoveryCode}), then let them set and verify a number again.
 * An event of type {@link TwoFactorEvent.Type#PERSON_NUMBER_WITHDRAWN} tells the host to inform
 * the customer through another channel.
 *
 * @param maskedNumber the withdrawn number, masked ({@code +420 *** *** 456})
 *     <p>Immutable and thread-safe.
 */
public record SmsNumberWithdrawn(String maskedNumber) implements SendResult, LoginStep {

    /** Validates the number is present. */
    public SmsNumberWithdrawn {
        Objects.requireNonNull(maskedNumber, "maskedNumber");
    }
}
