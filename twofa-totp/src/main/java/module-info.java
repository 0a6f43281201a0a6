/** twofa-totp: RFC 4226 HOTP and RFC 6238 TOTP, secrets, otpauth URIs and QR codes. */
module dev.twofa.totp {
    requires transitive dev.twofa.core;
    requires org.apache.commons.codec;
    requires com.google.zxing;

    exports dev.twofa.totp;
    // dev.twofa.totp.internal is not exported.
}
