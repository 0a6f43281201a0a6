/**
 * What a host's tests use with twofa: fakes that read as script, act, verify, and conformance kits
 * for the host's own profile store and SMS send limiter.
 *
 * <ul>
 *   <li>{@link dev.twofa.testkit.TwoFactorTestKit}: a {@code TwoFactorService} wired with every fake
 *       (and the real twofa-sms and twofa-totp) in one line;
 *   <li>{@link dev.twofa.testkit.InMemoryProfileStore}: compare-and-set per account, as the SPI
 *       demands;
 *   <li>{@link dev.twofa.testkit.RecordingSmsSender}: an outbox of whole messages, the last code sent
 *       to a number, scripted gateway failures, a blocking take;
 *   <li>{@link dev.twofa.testkit.SettableClock}: time moves only when a test says so;
 *   <li>{@link dev.twofa.testkit.FakePersonDirectory} and {@link
 *       dev.twofa.testkit.RecordingEventListener};
 *   <li>{@link dev.twofa.testkit.AuthenticatorApp}: scans the QR code (PNG or SVG) and shows the
 *       current code, on a phone clock that may run ahead or behind;
 *   <li>{@link dev.twofa.testkit.ProfileStoreConformance}: JUnit Jupiter checks (on JUnit 5 or 6) that
 *       a host's store keeps the contract twofa's safety rests on;
 *   <li>{@link dev.twofa.testkit.SendLimiterConformance}: the same for a host's shared SMS send
 *       limiter (atomic per key, sliding windows, release).
 * </ul>
 *
 * <p>Everything but the two conformance kits is plain Java, usable without JUnit. Every fake is
 * cheap enough to make one per test and thread-safe, and its {@code toString()} shows no secret, no
 * code and no full phone number.
 */
package dev.twofa.testkit;
