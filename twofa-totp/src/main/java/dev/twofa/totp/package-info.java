/**
 * RFC 4226 HOTP and RFC 6238 TOTP codes ({@link dev.twofa.totp.Hotp}, {@link dev.twofa.totp.Totp},
 * the latter twofa-core's {@link dev.twofa.core.spi.TotpChannel}), secrets in Base32 ({@link
 * dev.twofa.totp.TotpSecrets}), otpauth provisioning URIs ({@link dev.twofa.totp.OtpAuthUri}) and
 * QR codes.
 *
 * <p>Everything here is immutable and thread-safe except the builders. Secrets, codes and URIs
 * never appear in exception messages or {@code toString()}.
 */
package dev.twofa.totp;
