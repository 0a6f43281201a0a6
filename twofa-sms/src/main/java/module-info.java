/**
 * twofa-sms: SMS code issuance and checking, send limits and texts.
 *
 * <p>Exports {@code dev.twofa.sms} (the {@link dev.twofa.sms.SmsCodes} channel, the {@link
 * dev.twofa.sms.SmsSender} and {@link dev.twofa.sms.SendLimiter} SPIs); {@code
 * dev.twofa.sms.internal} is not exported.
 */
module dev.twofa.sms {
    requires transitive dev.twofa.core;
    requires org.slf4j;

    exports dev.twofa.sms;
}
