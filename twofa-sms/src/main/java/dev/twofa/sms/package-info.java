/**
 * SMS codes for twofa: issuance and checking ({@link dev.twofa.sms.SmsCodes}, twofa-core's {@link
 * dev.twofa.core.spi.SmsCodeChannel}), the {@link dev.twofa.sms.SmsSender} SPI a host implements
 * around its SMS gateway, send limits behind the {@link dev.twofa.sms.SendLimiter} SPI, typed phone
 * numbers read and vetted with Google's libphonenumber ({@link dev.twofa.sms.PhoneNumbers},
 * twofa-core's {@link dev.twofa.core.spi.PhoneNumberParser}), and texts in English and Czech.
 *
 * <p>A host wires a console sender (for development: it prints the masked number and the text) in
 * five lines:
 *
 * <pre>{@code
 * SmsSender consoleSender = message ->
 *         System.out.println("SMS to " + message.destination() + ": " + message.text());
 * SmsCodes smsCodes = SmsCodes.builder(consoleSender)
 *         .issuer("Example Hosting")
 *         .build();
 * }</pre>
 *
 * <p>and registers {@code smsCodes} with twofa-core's service builder. In production the sender
 * calls the gateway with {@code message.destination().e164()} and {@code message.text()}. Every
 * setting has a bounded default (6 digits, valid 5 minutes, 5 tries, 30 s between sends, 5 login and
 * step-up sends per account and own number per hour, 10 per account per day; verification codes to
 * a number: 1 a minute and 3 an hour across all accounts, 20 an hour per number prefix); see {@link
 * dev.twofa.sms.SmsCodes.Builder}. No account can use up another's login budget. With more than one
 * application node, set a shared {@link dev.twofa.sms.SendLimiter} (and a hash key).
 *
 * <p>Security: codes come from {@link java.security.SecureRandom} and are stored only as a salted
 * (optionally keyed) hash; the texts hold the code and the issuer, never the number or the account;
 * logs, {@code toString()} and exception messages never hold a code or a full number.
 *
 * <p>Every type states its thread-safety; the built {@link dev.twofa.sms.SmsCodes} is immutable and
 * thread-safe.
 */
package dev.twofa.sms;
