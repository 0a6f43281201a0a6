/**
 * The two-factor state machine and the {@link dev.twofa.core.TwoFactorService} facade a host
 * builds once and calls from its Profile &gt; Security page and its login.
 *
 * <p>Expected outcomes are values (sealed results such as {@link dev.twofa.core.VerifyResult});
 * exceptions, all under {@link dev.twofa.core.TwoFactorException}, report misuse and
 * infrastructure failures.
 */
package dev.twofa.core;
