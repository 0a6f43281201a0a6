/** RFC 4226 HOTP and RFC 6238 TOTP codes, secrets, otpauth URIs and QR codes. */
package dev.twofa.totp;
