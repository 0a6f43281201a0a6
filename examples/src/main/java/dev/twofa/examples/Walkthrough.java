package dev.twofa.examples;

import dev.twofa.core.AccountId;
import dev.twofa.core.AesGcmSecretProtector;
import dev.twofa.core.AppCodeRequired;
import dev.twofa.core.Changed;
import dev.twofa.core.LoginStep;
import dev.twofa.core.NoSecondFactor;
import dev.twofa.core.Proof;
import dev.twofa.core.Refused;
import dev.twofa.core.Rejected;
import dev.twofa.core.SmsNotSent;
import dev.twofa.core.SmsSent;
import dev.twofa.core.StartTotpResult;
import dev.twofa.core.TotpSetup;
import dev.twofa.core.TwoFactorService;
import dev.twofa.core.Verified;
import dev.twofa.core.VerifyResult;
import dev.twofa.core.spi.PersonDirectory;
import dev.twofa.core.spi.ProfileStore;
import dev.twofa.sms.SmsCodes;
import dev.twofa.sms.SmsSender;
import dev.twofa.totp.QrCode;
import dev.twofa.totp.Totp;
import java.time.Clock;

/**
 * The README's walkthrough as compiled code: build the service, enable login via SMS, connect an
 * authenticator app, log in. The README quotes the parts between {@code // README:} markers, and
 * {@code ReadmeSnippetsTest} checks it quotes them exactly; {@code WalkthroughTest} runs them. The
 * terminal demo ({@link Demo}) builds its service here and plays the same story with what a person
 * at a keyboard also needs: a wrong code asked again, the resend cooldown waited out.
 *
 * <p>Stateless and thread-safe.
 */
public final class Walkthrough {

    private Walkthrough() {
    }

    /**
     * What the customer does on the other side of the screen: reads a prompt and types a code.
     * {@code WalkthroughTest} answers through twofa-testkit's recording SMS sender and app.
     */
    @FunctionalInterface
    public interface Customer {

        /**
         * Returns what the customer types after reading a prompt.
         *
         * @param prompt what the page asks
         * @return the typed text
         */
        String type(String prompt);
    }

    /**
     * Builds the service a host keeps for its lifetime.
     *
     * @param store the host's profile store
     * @param sender the host's SMS gateway
     * @param persons the host's Persons with verified numbers
     * @param aesKey a 32-byte key from the host's secret manager
     * @param clock the clock ({@link Clock#systemUTC()} in production)
     * @return the service
     */
    public static TwoFactorService buildService(ProfileStore store, SmsSender sender, PersonDirectory persons,
            byte[] aesKey, Clock clock) {
        // README:build
        TwoFactorService twoFactor = TwoFactorService.builder()
                .store(store)                                        // your database, compare-and-set
                .personDirectory(persons)                            // numbers your Persons already verified
                .secretProtector(new AesGcmSecretProtector(aesKey))  // TOTP secrets encrypted at rest
                .sms(SmsCodes.builder(sender).issuer("Example Hosting").build())
                .totp(Totp.builder().issuer("Example Hosting").build())
                .clock(clock)
                .build();
        // README:end
        return twoFactor;
    }

    /**
     * Profile &gt; Security, login via SMS: add the number, verify it with a code, enable.
     *
     * @param twoFactor the service
     * @param account the customer's account
     * @param customer the customer
     * @return whether SMS login is now on
     */
    public static boolean enableSmsLogin(TwoFactorService twoFactor, AccountId account, Customer customer) {
        // README:enable-sms
        twoFactor.addNumber(account, "+420 601 123 456");       // stored as +420601123456, unverified
        if (!twoFactor.status(account).numberVerified()) {       // a Person's verified number needs no SMS
            twoFactor.sendVerificationCode(account);             // "Your Example Hosting code is 123456"
            VerifyResult verified = twoFactor.verifyNumber(account, customer.type("Code from the SMS"));
            if (!verified.verified()) {
                return false;                                    // Rejected, Expired, Throttled, LockedOut
            }
        }
        boolean on = twoFactor.enableSms(account) instanceof Changed;
        // README:end
        return on;
    }

    /**
     * The second step of a login, after the host checked the password.
     *
     * @param twoFactor the service
     * @param account the customer's account
     * @param customer the customer
     * @param session the customer's server-side session: keeps the login's proof
     * @return whether the customer is logged in
     */
    public static boolean logIn(TwoFactorService twoFactor, AccountId account, Customer customer, Session session) {
        // README:login
        LoginStep step = twoFactor.beginLogin(account);
        String code;
        if (step instanceof NoSecondFactor) {
            return true;
        } else if (step instanceof SmsSent sent) {
            code = customer.type("Code sent to " + sent.maskedNumber());
        } else if (step instanceof AppCodeRequired) {
            code = customer.type("Code from your authenticator app");
        } else if (step instanceof SmsNotSent notSent) {
            return false;                                        // cooldown or limit: notSent.retryAfter()
        } else {
            return false;                                        // LockedOut, or SmsNumberWithdrawn: offer a recovery code
        }
        VerifyResult result = twoFactor.completeLogin(account, code);
        if (result instanceof Verified ok) {
            session.proof = ok.proof();                          // for deactivate, changeNumber, recovery codes
        } else if (result instanceof Rejected rejected && rejected.reason() == Rejected.Reason.REPLAY) {
            System.out.println("That code was already used. If it wasn't you, change your password.");
        }
        return result.verified();
        // README:end
    }

    /**
     * Switches from SMS to an authenticator app: the switch is refused until SMS is deactivated,
     * which needs a fresh proof; then the app is connected by its QR code.
     *
     * @param twoFactor the service
     * @param account the customer's account
     * @param customer the customer
     * @param session the customer's server-side session, with the proof of its login if recent
     * @param showQr receives the provisioning URI (render it with {@link QrCode})
     * @return whether the app is now the active method
     */
    public static boolean switchToApp(TwoFactorService twoFactor, AccountId account, Customer customer,
            Session session, java.util.function.Consumer<String> showQr) {
        // README:switch
        StartTotpResult attempt = twoFactor.startTotp(account, "alice@example.com");
        if (attempt instanceof Refused refused && refused.refusal() == Refused.Refusal.METHOD_ACTIVE) {
            System.out.println(refused.message());               // "Login via SMS is on. To switch, deactivate it first."
            // deactivating needs this session's live proof: from its login, else a fresh code now
            if (!(twoFactor.deactivate(account, session.proof) instanceof Changed)) {     // STEP_UP_REQUIRED
                if (!(twoFactor.sendStepUpCode(account) instanceof SmsSent)) {
                    return false;                                // SmsNotSent (wait), LockedOut
                }
                VerifyResult confirmed = twoFactor.stepUp(account, customer.type("Code sent to your phone"));
                if (!(confirmed instanceof Verified ok) || !(twoFactor.deactivate(account, ok.proof()) instanceof Changed)) {
                    return false;                                // Rejected, Expired, Throttled, LockedOut
                }
            }
            attempt = twoFactor.startTotp(account, "alice@example.com");
        }
        if (!(attempt instanceof TotpSetup setup)) {
            return false;                                        // Refused: not configured, or changed meanwhile
        }
        String svg = QrCode.defaults().svg(setup.otpauthUri());  // also png(), pngDataUri(), terminal()
        showQr.accept(setup.otpauthUri());
        VerifyResult connected = twoFactor.confirmTotp(account, customer.type("Code from your authenticator app"));
        if (connected instanceof Verified ok) {
            session.proof = ok.proof();                          // proves the new factor
        }
        // README:end
        return connected.verified() && !svg.isEmpty();
    }

    /**
     * Stands for the host's server-side session of one browser (an {@code HttpSession}): what twofa
     * hands to the session that made a proof stays there. Not thread-safe (one browser's requests).
     */
    public static final class Session {

        /** This session's proof of the second factor, or null. */
        public Proof proof;

        /** Creates a session without a proof. */
        public Session() {
        }
    }
}
