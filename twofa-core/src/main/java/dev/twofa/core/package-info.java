/**
 * The two-factor state machine and the {@link dev.twofa.core.TwoFactorService} facade a host
 * builds once and calls from its Profile &gt; Security page and its login.
 *
 * <pre>{@code
 * TwoFactorService twoFactor = TwoFactorService.builder()
 *         .store(myProfileStore)                       // your database, compare-and-set
 *         .sms(SmsCodes.builder(mySmsSender).issuer("Example Hosting").build())
 *         .totp(Totp.builder().issuer("Example Hosting").build())
 *         .build();
 *
 * AccountId alice = AccountId.of("customer-42");
 * twoFactor.addNumber(alice, "+420 601 123 456");      // Profile > Security: add number
 * twoFactor.sendVerificationCode(alice);               // an SMS goes out
 * twoFactor.verifyNumber(alice, codeTheCustomerTyped); // Verified(...)
 * twoFactor.enableSms(alice);                          // login via SMS is on
 *
 * LoginStep step = twoFactor.beginLogin(alice);        // at login, after the password
 * if (step instanceof SmsSent sent) {
 *     askForCode("Code sent to " + sent.maskedNumber());
 * } else if (step instanceof AppCodeRequired) {
 *     askForCode("Code from your authenticator app");
 * }                                                    // NoSecondFactor, SmsNotSent, SmsNumberWithdrawn, LockedOut
 * if (twoFactor.completeLogin(alice, typedCode) instanceof Verified ok) {
 *     session.put("twofa-proof", ok.proof().value());  // for deactivate, changeNumber, new recovery codes
 *     logIn(alice);
 * }
 * }</pre>
 *
 * <p>Behind the facade, package-private parts a reader finds by name: {@code SecurityRules} (the
 * rules of Profile &gt; Security as pure functions), {@code ChargedCodeCheck} (lockout, the counted
 * try, evaluation, outcome), {@code CodeChecks} and {@code FactorChecks} (app, SMS and recovery
 * codes), {@code SmsDispatch} (sending), {@code DeviceRules} (trusted devices) and {@code
 * ProfileUpdates} (the compare-and-set loop).
 *
 * <p>Expected outcomes are values (sealed results such as {@link dev.twofa.core.VerifyResult});
 * exceptions, all under {@link dev.twofa.core.TwoFactorException}, report misuse and
 * infrastructure failures.
 */
package dev.twofa.core;
