package dev.twofa.sms;

/**
 * Sends one SMS through the host's gateway: the SPI a host implements around its SMS provider.
 *
 * <p>{@link SmsCodes} calls {@link #send} only after the resend cooldown and every send limit have
 * passed, and at most once per {@link SmsCodes#issue issue}. twofa never retries a send.
 *
 * <p><b>When {@code send} throws</b> (any exception, checked or not): twofa releases the send-limit
 * reservations it made for this send (so the failed send is not counted), forgets the code (no
 * challenge is returned, so no valid code is left behind), logs one WARN line naming only the
 * exception's class, the account, the purpose and the masked number (never the exception's message,
 * which gateways often fill with the number or the text), and returns {@link
 * dev.twofa.core.spi.SmsCodeChannel.Issue.Failed}. An {@link InterruptedException} also restores the
 * thread's interrupt flag. Log the cause yourself, without the number and the text, if you need it.
 * Throw only when the message was not accepted by the gateway: a message that was in fact delivered
 * after a throw carries a code that does not work.
 *
 * <p>Thread-safety: implementations must be thread-safe; {@code send} is called concurrently from
 * every thread that issues codes.
 */
@FunctionalInterface
public interface SmsSender {

    /**
     * Sends the message's text to its destination number ({@link SmsMessage#destination()}, whose
     * {@link dev.twofa.core.PhoneNumber#e164()} is the full E.164 number). Returns once the gateway
     * has accepted the message.
     *
     * @param message what to send and where; never null
     * @throws Exception if the gateway refused or could not be reached; see the type's description
     *     for what twofa does then
     */
    void send(SmsMessage message) throws Exception;
}
