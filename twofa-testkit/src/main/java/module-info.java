/** twofa-testkit: fakes for host tests and a conformance kit for host profile stores. */
module dev.twofa.testkit {
    requires transitive dev.twofa.core;
    requires transitive dev.twofa.totp;
    requires transitive dev.twofa.sms;
    requires com.google.zxing;
    requires static org.junit.jupiter.api;
    requires static org.assertj.core;

    // exports dev.twofa.testkit; (added with the first public class)
}
