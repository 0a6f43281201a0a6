/** twofa-sms: SMS code issuance and checking, send limits and texts. */
module dev.twofa.sms {
    requires transitive dev.twofa.core;
    requires org.slf4j;

    // exports dev.twofa.sms; (added with the first public class)
}
