/** Runnable host integrations of twofa. */
module dev.twofa.examples {
    requires dev.twofa.core;
    requires dev.twofa.totp;
    requires dev.twofa.sms;
    requires dev.twofa.testkit;
}
