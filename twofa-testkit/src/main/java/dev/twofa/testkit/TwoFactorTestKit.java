package dev.twofa.testkit;

import dev.twofa.core.AccountId;
import dev.twofa.core.DeviceRemembered;
import dev.twofa.core.DeviceToken;
import dev.twofa.core.DeviceTrusted;
import dev.twofa.core.Proof;
import dev.twofa.core.Refused;
import dev.twofa.core.RememberDeviceResult;
import dev.twofa.core.Secret;
import dev.twofa.core.TwoFactorEvent;
import dev.twofa.core.TwoFactorService;
import dev.twofa.core.TwoFactorServiceBuilder;
import dev.twofa.core.Verified;
import dev.twofa.core.spi.ProfileStore;
import dev.twofa.core.spi.SmsCodeChannel;
import dev.twofa.core.spi.TotpChannel;
import dev.twofa.core.spi.TwoFactorEventListener;
import dev.twofa.sms.SmsCodes;
import dev.twofa.sms.SmsSender;
import dev.twofa.totp.Totp;
import dev.twofa.totp.TotpSecrets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.UnaryOperator;

/**
 * A {@link TwoFactorService} wired with every twofa-testkit fake, in one line: an {@link
 * InMemoryProfileStore}, a {@link SettableClock}, real twofa-sms {@link SmsCodes} sending through a
 * {@link RecordingSmsSender}, real twofa-totp {@link Totp}, a {@link FakePersonDirectory}, a {@link
 * RecordingEventListener} and an {@link AuthenticatorApp} on the same clock.
 *
 * <pre>{@code
 * TwoFactorTestKit kit = TwoFactorTestKit.create();
 * AccountId alice = AccountId.of("customer-42");
 * kit.service().addNumber(alice, "+420 601 123 456");
 * kit.service().sendVerificationCode(alice);
 * kit.service().verifyNumber(alice, kit.sms().lastCodeTo("+420 601 123 456"));
 * kit.clock().advance(Duration.ofMinutes(6));
 * assertThat(kit.events()).extracting(TwoFactorEvent::type).contains(NUMBER_VERIFIED);
 * }</pre>
 *
 * <p>Defaults: issuer {@value #DEFAULT_ISSUER} (SMS texts and otpauth URIs), the clock at {@link
 * SettableClock#DEFAULT_START}, and twofa's defaults for everything else (6-digit codes, 30-second
 * TOTP steps, lockout after 10 failures...). Change them with {@link #create(UnaryOperator)} (the
 * service builder, already given the fakes and both methods) or {@link #builder()} (also the SMS and
 * TOTP builders, the issuer and the start time). Cheap: make one per test.
 *
 * <p>Your own parts: {@link Builder#store(ProfileStore)} runs the kit on your store (such as your
 * JDBC one on a test database); {@link Builder#smsSender}, {@link Builder#smsChannel} and {@link
 * Builder#eventListener} wrap the kit's SMS sender, SMS channel or event listener in yours (or
 * replace them). A known TOTP secret, such as one from a fixture file, is enrolled with {@link
 * #nextTotpSecret(Secret)}:
 *
 * <pre>{@code
 * Secret known = TotpSecrets.fromBase32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
 * kit.nextTotpSecret(known);                                   // the next enrollment gets it
 * kit.service().startTotp(alice, "alice@example.com");
 * kit.service().confirmTotp(alice, kit.totp().generate(known, kit.clock().instant()));
 * }</pre>
 *
 * <p>"Remember this device": after a login through the service, {@link #rememberDevice(AccountId,
 * Proof, String)} returns a real {@link DeviceToken} for the account, so a test of the host's
 * cookie handling needs no hand-built profile.
 *
 * <p>Thread-safe: the service and every fake are; {@link #newNode()} makes more service instances
 * on the same store, as more application nodes on one database.
 */
public final class TwoFactorTestKit {

    /** The issuer the kit's SMS texts and otpauth URIs name unless {@link Builder#issuer} says otherwise. */
    public static final String DEFAULT_ISSUER = "Example Hosting";

    private final SettableClock clock;
    private final ProfileStore store;
    private final RecordingSmsSender sms = new RecordingSmsSender();
    private final FakePersonDirectory persons = new FakePersonDirectory();
    private final RecordingEventListener events = new RecordingEventListener();
    private final TwoFactorEventListener listener;
    private final SmsCodes smsCodes;
    private final SmsCodeChannel smsChannel;
    private final Totp totp;
    private final TotpChannel totpChannel;
    private final Queue<Secret> nextTotpSecrets = new ConcurrentLinkedQueue<>();
    private final AuthenticatorApp app;
    private final UnaryOperator<TwoFactorServiceBuilder> serviceCustomizer;
    private final TwoFactorService service;

    private TwoFactorTestKit(Builder b) {
        this.clock = new SettableClock(b.start);
        this.store = b.store != null ? b.store : new InMemoryProfileStore();
        this.listener = returned(b.listenerWrapper.apply(events), "event listener wrapper");
        SmsSender sender = returned(b.senderWrapper.apply(sms), "SMS sender wrapper");
        this.smsCodes = returned(b.smsCustomizer.apply(SmsCodes.builder(sender).issuer(b.issuer)),
                "SMS customizer").build();
        this.smsChannel = returned(b.channelWrapper.apply(smsCodes), "SMS channel wrapper");
        this.totp = returned(b.totpCustomizer.apply(Totp.builder().issuer(b.issuer)), "TOTP customizer").build();
        this.totpChannel = new KnownSecretsFirst(totp, nextTotpSecrets);
        this.app = new AuthenticatorApp(clock);
        this.serviceCustomizer = b.serviceCustomizer;
        this.service = newNode();
    }

    private static <T> T returned(T value, String what) {
        return Objects.requireNonNull(value, "the " + what + " returned null");
    }

    /**
     * Creates a kit with every default.
     *
     * @return the kit
     */
    public static TwoFactorTestKit create() {
        return builder().build();
    }

    /**
     * Creates a kit whose service builder the customizer may change further, such as {@code kit ->
     * kit.lockoutPolicy(...)}. The builder already has the store, clock, Person directory, event
     * listener, SMS and TOTP set; setting those again throws {@link IllegalStateException}.
     *
     * @param customizer changes the service builder and returns it
     * @return the kit
     * @throws NullPointerException if customizer is null
     * @throws IllegalStateException if the customizer sets something already set
     */
    public static TwoFactorTestKit create(UnaryOperator<TwoFactorServiceBuilder> customizer) {
        return builder().service(customizer).build();
    }

    /**
     * Returns a builder for a kit with another issuer, start time, SMS or TOTP settings. Builders
     * are not thread-safe.
     *
     * @return a builder with every default
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the service, built once with all the fakes.
     *
     * @return the service
     */
    public TwoFactorService service() {
        return service;
    }

    /**
     * Builds another service instance on the same store, clock, SMS channel, TOTP, Person directory
     * and event listener, with the same customizer: a second application node.
     *
     * @return a new service
     */
    public TwoFactorService newNode() {
        TwoFactorServiceBuilder b = TwoFactorService.builder()
                .store(store)
                .clock(clock)
                .personDirectory(persons)
                .eventListener(listener)
                .sms(smsChannel)
                .totp(totpChannel);
        return returned(serviceCustomizer.apply(b), "service customizer").build();
    }

    /**
     * Makes the next TOTP enrollment ({@code startTotp}, on any node of this kit) use this secret
     * instead of a random one, so a test can enroll a known secret, such as one its fixtures or an
     * earlier run hold. Each call queues one secret; enrollments take them in order, then random
     * secrets again. Codes for it: {@code kit.totp().generate(secret, kit.clock().instant())}, or
     * scan the enrollment's QR code with {@link #app()}.
     *
     * @param secret the secret, at least {@value TotpSecrets#MIN_LENGTH} bytes (such as {@link
     *     TotpSecrets#fromBase32(CharSequence)} of a Base32 key)
     * @throws NullPointerException if secret is null
     * @throws IllegalArgumentException if the secret is shorter than {@value TotpSecrets#MIN_LENGTH}
     *     bytes
     */
    public void nextTotpSecret(Secret secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length() < TotpSecrets.MIN_LENGTH) {
            throw new IllegalArgumentException("a TOTP secret needs at least " + TotpSecrets.MIN_LENGTH
                    + " bytes, this one has " + secret.length());
        }
        nextTotpSecrets.add(secret);
    }

    /**
     * Remembers the device of a session that has just completed a second step through the service
     * ("remember this device"), and returns its token: a real {@link DeviceToken}, stored hashed
     * like any other, with which {@code service().beginLogin(account, token)} returns {@link
     * DeviceTrusted} on any node of this kit until it expires or is revoked. {@code
     * service().devices().find(account, token)} tells, reading only, whether it is still trusted.
     *
     * <pre>{@code
     * Proof proof = ((Verified) kit.service().completeLogin(alice, kit.app().currentCode())).proof();
     * DeviceToken token = kit.rememberDevice(alice, proof, "Firefox on Windows");
     * assertThat(kit.service().beginLogin(alice, token)).isInstanceOf(DeviceTrusted.class);
     * }</pre>
     *
     * @param account the account that logged in
     * @param proof the login's proof (from {@code completeLogin}, {@code stepUp}, {@code confirmTotp}
     *     or a recovery code: {@link Verified#proof()})
     * @param label the device's label, such as {@code "Firefox on Windows"}
     * @return the token, as the host would put it in the device's cookie
     * @throws IllegalStateException if the service refused (no active method, no live proof, or
     *     this proof already remembered a device), naming the refusal
     * @throws dev.twofa.core.InvalidInputException if the account or label is unusable
     */
    public DeviceToken rememberDevice(AccountId account, Proof proof, String label) {
        RememberDeviceResult result = service.devices().remember(account, proof, label);
        if (result instanceof Refused refused) {
            throw new IllegalStateException("the service refused to remember the device: " + refused.refusal() + " ("
                    + refused.message() + ")");
        }
        return ((DeviceRemembered) result).token();
    }

    /**
     * Returns the clock the service and the app read.
     *
     * @return the clock
     */
    public SettableClock clock() {
        return clock;
    }

    /**
     * Returns the in-memory store holding every account's profile.
     *
     * @return the store
     * @throws IllegalStateException if the kit runs on a store given to {@link Builder#store} that
     *     is not an {@link InMemoryProfileStore}: use {@link #profileStore()} or your own reference
     */
    public InMemoryProfileStore store() {
        if (store instanceof InMemoryProfileStore memory) {
            return memory;
        }
        throw new IllegalStateException("the kit runs on the store given to Builder.store(...), not an"
                + " InMemoryProfileStore: use profileStore()");
    }

    /**
     * Returns the store the service uses: the kit's {@link InMemoryProfileStore} or the one given to
     * {@link Builder#store}.
     *
     * @return the store
     */
    public ProfileStore profileStore() {
        return store;
    }

    /**
     * Returns the SMS outbox: every text the service sent, with its code.
     *
     * @return the recording sender
     */
    public RecordingSmsSender sms() {
        return sms;
    }

    /**
     * Returns the Person directory the service asks whether a number is verified already.
     *
     * @return the directory
     */
    public FakePersonDirectory persons() {
        return persons;
    }

    /**
     * Returns every event the service emitted so far, oldest first.
     *
     * @return an immutable snapshot
     */
    public List<TwoFactorEvent> events() {
        return events.events();
    }

    /**
     * Returns the listener recording the events, to {@link RecordingEventListener#clear() clear}
     * them or read their {@link RecordingEventListener#types() types}.
     *
     * @return the listener
     */
    public RecordingEventListener eventListener() {
        return events;
    }

    /**
     * Returns the customer's authenticator app, on the kit's clock.
     *
     * @return the app
     */
    public AuthenticatorApp app() {
        return app;
    }

    /**
     * Returns the kit's twofa-sms channel; the service uses it as given to {@link
     * Builder#smsChannel}'s wrapper, if one was set.
     *
     * @return the channel
     */
    public SmsCodes smsCodes() {
        return smsCodes;
    }

    /**
     * Returns the TOTP engine registered with the service (its {@link Totp#period()} is the step a
     * test advances the clock by to get a fresh app code).
     *
     * @return the engine
     */
    public Totp totp() {
        return totp;
    }

    /** Returns the parts' states, such as {@code TwoFactorTestKit[clock=..., store=..., sms=...]}; no secrets. */
    @Override
    public String toString() {
        return "TwoFactorTestKit[clock=" + clock + ", store=" + store + ", sms=" + sms + ", persons=" + persons
                + ", events=" + events.types() + ", app=" + app + "]";
    }

    /**
     * Configures a {@link TwoFactorTestKit}. Each setter may be called once ({@link
     * IllegalStateException} the second time).
     *
     * <p>Builders are not thread-safe; the built kit is.
     */
    public static final class Builder {

        private String issuer;
        private Instant start;
        private ProfileStore store;
        private UnaryOperator<SmsCodes.Builder> smsCustomizer;
        private UnaryOperator<SmsSender> senderWrapper;
        private UnaryOperator<SmsCodeChannel> channelWrapper;
        private UnaryOperator<TwoFactorEventListener> listenerWrapper;
        private UnaryOperator<Totp.Builder> totpCustomizer;
        private UnaryOperator<TwoFactorServiceBuilder> serviceCustomizer;

        private Builder() {
        }

        /**
         * Sets the issuer named in SMS texts and otpauth URIs. Default {@value
         * TwoFactorTestKit#DEFAULT_ISSUER}.
         *
         * @param issuer the host's name for itself, valid for both {@link SmsCodes.Builder#issuer}
         *     and {@link Totp.Builder#issuer}
         * @return this builder
         * @throws NullPointerException if issuer is null
         * @throws IllegalStateException if already set
         */
        public Builder issuer(String issuer) {
            this.issuer = once(this.issuer, Objects.requireNonNull(issuer, "issuer"), "issuer");
            return this;
        }

        /**
         * Sets the instant the kit's clock starts at. Default {@link SettableClock#DEFAULT_START}.
         *
         * @param start the first instant
         * @return this builder
         * @throws NullPointerException if start is null
         * @throws IllegalStateException if already set
         */
        public Builder startAt(Instant start) {
            this.start = once(this.start, Objects.requireNonNull(start, "start"), "startAt");
            return this;
        }

        /**
         * Sets the store the service keeps profiles in, such as your own {@code ProfileStore} on a
         * test database, instead of a new {@link InMemoryProfileStore}. {@link
         * TwoFactorTestKit#profileStore()} returns it ({@link TwoFactorTestKit#store()} only if it
         * is an {@link InMemoryProfileStore}). Default: a new {@link InMemoryProfileStore}.
         *
         * @param store the store
         * @return this builder
         * @throws NullPointerException if store is null
         * @throws IllegalStateException if already set
         */
        public Builder store(ProfileStore store) {
            this.store = once(this.store, Objects.requireNonNull(store, "store"), "store");
            return this;
        }

        /**
         * Sets a wrapper around the kit's {@link RecordingSmsSender}: the function gets it and
         * returns the sender the SMS channel sends through, such as your own sender that formats
         * the text and then passes it on to the recording one. Default: the recording sender as
         * is.
         *
         * @param wrapper gets the recording sender, returns the sender to use
         * @return this builder
         * @throws NullPointerException if wrapper is null
         * @throws IllegalStateException if already set
         */
        public Builder smsSender(UnaryOperator<SmsSender> wrapper) {
            this.senderWrapper = once(this.senderWrapper, Objects.requireNonNull(wrapper, "wrapper"), "smsSender");
            return this;
        }

        /**
         * Sets a wrapper around the kit's SMS channel ({@link TwoFactorTestKit#smsCodes()}): the
         * function gets it and returns the channel the service uses, such as one that counts or
         * delays calls, or your own {@link SmsCodeChannel} instead. Default: the kit's channel as
         * is.
         *
         * @param wrapper gets the kit's channel, returns the channel to use
         * @return this builder
         * @throws NullPointerException if wrapper is null
         * @throws IllegalStateException if already set
         */
        public Builder smsChannel(UnaryOperator<SmsCodeChannel> wrapper) {
            this.channelWrapper = once(this.channelWrapper, Objects.requireNonNull(wrapper, "wrapper"),
                    "smsChannel");
            return this;
        }

        /**
         * Sets a wrapper around the kit's {@link RecordingEventListener}: the function gets it and
         * returns the listener the service tells, such as {@code recording -> event -> {
         * recording.onEvent(event); yourMailer.onEvent(event); }} to run your own listener too.
         * {@link TwoFactorTestKit#events()} holds only what reaches the recording listener.
         * Default: the recording listener as is.
         *
         * @param wrapper gets the recording listener, returns the listener to use
         * @return this builder
         * @throws NullPointerException if wrapper is null
         * @throws IllegalStateException if already set
         */
        public Builder eventListener(UnaryOperator<TwoFactorEventListener> wrapper) {
            this.listenerWrapper = once(this.listenerWrapper, Objects.requireNonNull(wrapper, "wrapper"),
                    "eventListener");
            return this;
        }

        /**
         * Sets a change to the SMS channel's builder, such as {@code b -> b.codeDigits(8)}. The
         * builder already sends through the kit's {@link RecordingSmsSender} and has the issuer.
         *
         * @param customizer changes the builder and returns it
         * @return this builder
         * @throws NullPointerException if customizer is null
         * @throws IllegalStateException if already set
         */
        public Builder sms(UnaryOperator<SmsCodes.Builder> customizer) {
            this.smsCustomizer = once(this.smsCustomizer, Objects.requireNonNull(customizer, "customizer"), "sms");
            return this;
        }

        /**
         * Sets a change to the TOTP builder, such as {@code b -> b.digits(8)}. The builder already
         * has the issuer.
         *
         * @param customizer changes the builder and returns it
         * @return this builder
         * @throws NullPointerException if customizer is null
         * @throws IllegalStateException if already set
         */
        public Builder totp(UnaryOperator<Totp.Builder> customizer) {
            this.totpCustomizer = once(this.totpCustomizer, Objects.requireNonNull(customizer, "customizer"), "totp");
            return this;
        }

        /**
         * Sets a change to the service builder, such as {@code b -> b.stepUpValidity(...)}; see
         * {@link TwoFactorTestKit#create(UnaryOperator)}. Applied to every {@link
         * TwoFactorTestKit#newNode()} too.
         *
         * @param customizer changes the builder and returns it
         * @return this builder
         * @throws NullPointerException if customizer is null
         * @throws IllegalStateException if already set
         */
        public Builder service(UnaryOperator<TwoFactorServiceBuilder> customizer) {
            this.serviceCustomizer = once(this.serviceCustomizer, Objects.requireNonNull(customizer, "customizer"),
                    "service");
            return this;
        }

        /**
         * Builds the kit and its service.
         *
         * @return the kit
         * @throws IllegalArgumentException if the issuer or a customized setting is refused by the
         *     SMS, TOTP or service builder
         * @throws IllegalStateException if a customizer sets something already set
         */
        public TwoFactorTestKit build() {
            issuer = issuer != null ? issuer : DEFAULT_ISSUER;
            start = start != null ? start : SettableClock.DEFAULT_START;
            smsCustomizer = smsCustomizer != null ? smsCustomizer : UnaryOperator.identity();
            senderWrapper = senderWrapper != null ? senderWrapper : UnaryOperator.identity();
            channelWrapper = channelWrapper != null ? channelWrapper : UnaryOperator.identity();
            listenerWrapper = listenerWrapper != null ? listenerWrapper : UnaryOperator.identity();
            totpCustomizer = totpCustomizer != null ? totpCustomizer : UnaryOperator.identity();
            serviceCustomizer = serviceCustomizer != null ? serviceCustomizer : UnaryOperator.identity();
            return new TwoFactorTestKit(this);
        }

        private static <T> T once(T current, T value, String name) {
            if (current != null) {
                throw new IllegalStateException(name + " was already set");
            }
            return value;
        }

        /** Returns the settings made so far. */
        @Override
        public String toString() {
            return "TwoFactorTestKit.Builder[issuer=" + issuer + ", startAt=" + start + ", store=" + store
                    + ", sms=" + (smsCustomizer != null) + ", smsSender=" + (senderWrapper != null)
                    + ", smsChannel=" + (channelWrapper != null) + ", eventListener=" + (listenerWrapper != null)
                    + ", totp=" + (totpCustomizer != null) + ", service=" + (serviceCustomizer != null) + "]";
        }
    }

    /** The kit's TOTP engine, except that a queued known secret comes before a random one. */
    private record KnownSecretsFirst(Totp totp, Queue<Secret> known) implements TotpChannel {

        @Override
        public int codeDigits() {
            return totp.codeDigits();
        }

        @Override
        public int acceptedCodesPerTry() {
            return totp.acceptedCodesPerTry();
        }

        @Override
        public Secret newSecret() {
            Secret next = known.poll();
            return next != null ? next : totp.newSecret();
        }

        @Override
        public OptionalLong verify(Secret secret, String code, Instant now, long lastAcceptedStep) {
            return totp.verify(secret, code, now, lastAcceptedStep);
        }

        @Override
        public OptionalLong verify(Secret secret, String code, Instant now, long lastAcceptedStep, int drift) {
            return totp.verify(secret, code, now, lastAcceptedStep, drift);
        }

        @Override
        public int maxDrift() {
            return totp.maxDrift();
        }

        @Override
        public long timeStep(Instant time) {
            return totp.timeStep(time);
        }

        @Override
        public String provisioningUri(Secret secret, String accountName) {
            return totp.provisioningUri(secret, accountName);
        }

        @Override
        public String manualEntryKey(Secret secret) {
            return totp.manualEntryKey(secret);
        }

        @Override
        public String toString() {
            return "KnownSecretsFirst[" + totp + ", " + known.size() + " queued]";
        }
    }
}
