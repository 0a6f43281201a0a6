/**
 * Service provider interfaces: what a host implements ({@link dev.twofa.core.spi.ProfileStore},
 * {@link dev.twofa.core.spi.PersonDirectory}, {@link dev.twofa.core.spi.TwoFactorEventListener},
 * optionally {@link dev.twofa.core.spi.SecretProtector}) and what the method modules implement
 * ({@link dev.twofa.core.spi.SmsCodeChannel} by twofa-sms, {@link dev.twofa.core.spi.TotpChannel}
 * by twofa-totp).
 *
 * <p>Each interface states its contract and thread-safety; implementations are registered
 * explicitly on {@link dev.twofa.core.TwoFactorService#builder()}.
 */
package dev.twofa.core.spi;
