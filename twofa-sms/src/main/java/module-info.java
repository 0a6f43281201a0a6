/**
 * twofa-sms: SMS code issuance and checking, send limits, phone numbers and texts.
 *
 * <p>Exports {@code dev.twofa.sms} (the {@link dev.twofa.sms.SmsCodes} channel, the {@link
 * dev.twofa.sms.PhoneNumbers} parser on Google's libphonenumber, the {@link
 * dev.twofa.sms.SmsSender} and {@link dev.twofa.sms.SendLimiter} SPIs); {@code
 * dev.twofa.sms.internal} is not exported. libphonenumber is used inside only: no exported
 * signature names its types.
 */
module dev.twofa.sms {
    requires transitive dev.twofa.core;
    requires org.slf4j;
    requires com.google.i18n.phonenumbers.libphonenumber;

    exports dev.twofa.sms;
}
