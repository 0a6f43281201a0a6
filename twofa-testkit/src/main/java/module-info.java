/**
 * twofa-testkit: fakes for host tests (an in-memory profile store, a recording SMS sender, a
 * settable clock, a Person directory, an authenticator app that scans QR codes, a one-line fixture)
 * and a conformance kit a host runs against its own profile store.
 *
 * <p>JUnit Jupiter is a static (optional) dependency: only {@link
 * dev.twofa.testkit.ProfileStoreConformance} needs it, and the host's own JUnit 5 or 6 provides
 * it. {@code dev.twofa.testkit.internal} (image decoding) is not exported.
 */
module dev.twofa.testkit {
    requires transitive dev.twofa.core;
    requires transitive dev.twofa.totp;
    requires transitive dev.twofa.sms;
    requires com.google.zxing;
    requires static org.junit.jupiter.api;

    exports dev.twofa.testkit;
}
