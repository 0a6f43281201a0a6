/**
 * Spring Boot auto-configuration of twofa: a {@code TwoFactorService} bean built from {@code
 * twofa.*} properties ({@link dev.twofa.spring.boot.TwoFactorProperties}) and the host's beans.
 *
 * <ul>
 *   <li>{@link dev.twofa.spring.boot.TwoFactorStoreAutoConfiguration}: the store and send limiter
 *       (twofa-jdbc's on the host's {@code DataSource}, or in memory when asked for);
 *   <li>{@link dev.twofa.spring.boot.TwoFactorAutoConfiguration}: the secret key ring, the
 *       authenticator-app and SMS channels, the phone number policy and the service;
 *   <li>{@link dev.twofa.spring.boot.TwoFactorMetricsAutoConfiguration}: Micrometer counters ({@link
 *       dev.twofa.spring.boot.TwoFactorMetrics}) when the host has a {@code MeterRegistry}.
 * </ul>
 *
 * <p>Every bean backs off when the host defines its own of that type. A configuration that cannot
 * work stops the start with a {@link dev.twofa.spring.boot.TwoFactorConfigurationException}, which
 * {@link dev.twofa.spring.boot.TwoFactorFailureAnalyzer} reports with what to do.
 */
package dev.twofa.spring.boot;
