package dev.twofa.sms;

import dev.twofa.core.TwoFactorException;

/**
 * Thrown by {@link SmsCodes#issue} when the {@link SendLimiter} fails: its {@link
 * SendLimiter#tryReserve} threw (the cause) or returned null. No SMS was sent, the slots already
 * reserved for the send were released, and no code is valid; asking again once the limiter works
 * is safe.
 *
 * <p>The message names the limit and the failure's class, never a phone number, an account or a
 * code.
 *
 * <p>Thread-safety: as any exception, safe to read from any thread once thrown.
 */
public final class SendLimitException extends TwoFactorException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, without numbers or accounts
     * @param cause what the limiter threw, or null
     */
    SendLimitException(String message, Throwable cause) {
        super(message, cause);
    }
}
