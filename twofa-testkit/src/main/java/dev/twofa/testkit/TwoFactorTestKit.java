package dev.twofa.testkit;

import dev.twofa.core.TwoFactorEvent;
import dev.twofa.core.TwoFactorService;
import dev.twofa.core.TwoFactorServiceBuilder;
import dev.twofa.sms.SmsCodes;
import dev.twofa.totp.Totp;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
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
 * <p>Thread-safe: the service and every fake are; {@link #newNode()} makes more service instances
 * on the same store, as more application nodes on one database.
 */
public final class TwoFactorTestKit {

    /** The issuer the kit's SMS texts and otpauth URIs name unless {@link Builder#issuer} says otherwise. */
    public static final String DEFAULT_ISSUER = "Example Hosting";

    private final SettableClock clock;
    private final InMemoryProfileStore store = new InMemoryProfileStore();
    private final RecordingSmsSender sms = new RecordingSmsSender();
    private final FakePersonDirectory persons = new FakePersonDirectory();
    private final RecordingEventListener events = new RecordingEventListener();
    private final SmsCodes smsCodes;
    private final Totp totp;
    private final AuthenticatorApp app;
    private final UnaryOperator<TwoFactorServiceBuilder> serviceCustomizer;
    private final TwoFactorService service;

    private TwoFactorTestKit(Builder b) {
        this.clock = new SettableClock(b.start);
        this.smsCodes = Objects.requireNonNull(b.smsCustomizer.apply(SmsCodes.builder(sms).issuer(b.issuer)),
                "the SMS customizer returned null").build();
        this.totp = Objects.requireNonNull(b.totpCustomizer.apply(Totp.builder().issuer(b.issuer)),
                "the TOTP customizer returned null").build();
        this.app = new AuthenticatorApp(clock);
        this.serviceCustomizer = b.serviceCustomizer;
        this.service = newNode();
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
                .eventListener(events)
                .sms(smsCodes)
                .totp(totp);
        return Objects.requireNonNull(serviceCustomizer.apply(b), "the service customizer returned null").build();
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
     * Returns the store holding every account's profile.
     *
     * @return the store
     */
    public InMemoryProfileStore store() {
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
     * Returns the SMS channel registered with the service.
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
        private UnaryOperator<SmsCodes.Builder> smsCustomizer;
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
            return "TwoFactorTestKit.Builder[issuer=" + issuer + ", startAt=" + start + ", sms="
                    + (smsCustomizer != null) + ", totp=" + (totpCustomizer != null) + ", service="
                    + (serviceCustomizer != null) + "]";
        }
    }
}
