package dev.twofa.sms;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import dev.twofa.core.InvalidPhoneNumberException;
import dev.twofa.core.InvalidPhoneNumberException.Reason;
import dev.twofa.core.PhoneNumber;
import dev.twofa.core.spi.PhoneNumberParser;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads phone numbers as customers type them, with Google's libphonenumber, and decides which may
 * receive SMS codes: twofa-sms's {@link PhoneNumberParser}, which a host builds once and registers
 * with twofa-core's service ({@code TwoFactorService.builder().phoneNumbers(...)}) and, to check
 * numbers stored before a policy change at send time, with {@link SmsCodes.Builder#phoneNumbers}.
 *
 * <p>{@link #parse} reads international forms ({@code +420 601 123 456}, {@code 00420 601 123 456})
 * and, with a {@link Builder#defaultRegion default region}, national forms ({@code 601 123 456},
 * {@code 07400 123456} in GB, Italy's {@code 06...} keeping its 0). A trunk 0 written in parentheses
 * after the calling code ({@code +44 (0)20 7946 0018}, {@code +420 (0)601 123 456}) is dropped, so
 * the number reads as the real one and cannot slip past a denied prefix. Then the number must exist
 * in its country's numbering plan, belong to an allowed region, and be of a type that receives SMS
 * (by default {@link NumberType#MOBILE} and {@link NumberType#FIXED_LINE_OR_MOBILE} only). Every
 * refusal is an {@link InvalidPhoneNumberException} with its {@link Reason}; no message repeats the
 * number. SECURITY.md 15b.
 *
 * <pre>{@code
 * PhoneNumbers phoneNumbers = PhoneNumbers.builder()
 *         .defaultRegion("CZ")                 // 601 123 456 reads as +420601123456
 *         .allowRegions("CZ", "SK", "DE", "AT")
 *         .build();
 * }</pre>
 *
 * <p>Only characters people type are read: ASCII digits, a leading {@code +}, spaces, {@code - . /
 * ( )}. Letters (vanity numbers, {@code ext. 12}) and non-ASCII digits are refused as {@link
 * Reason#MALFORMED}, although libphonenumber alone would read them.
 *
 * <p>Once built, immutable and thread-safe (libphonenumber's {@link PhoneNumberUtil} is).
 */
public final class PhoneNumbers implements PhoneNumberParser {

    /** The longest input read; longer input is refused before parsing, as by {@link PhoneNumber#parse}. */
    public static final int MAX_INPUT_LENGTH = PhoneNumber.MAX_INPUT_LENGTH;

    /** The number types that may receive SMS codes unless {@link Builder#allowNumberTypes} says otherwise. */
    public static final Set<NumberType> DEFAULT_SMS_TYPES = Set.of(NumberType.MOBILE, NumberType.FIXED_LINE_OR_MOBILE);

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    /** libphonenumber's region for "no default region": only international forms are read. */
    private static final String UNKNOWN_REGION = "ZZ";
    /** A leading {@code 00}, the international prefix of most countries, perhaps after a parenthesis. */
    private static final Pattern LEADING_00 = Pattern.compile("^(\\(?)00");
    /** A trunk 0 in parentheses right after the calling code, as in {@code +44 (0)20...}. */
    private static final Pattern TRUNK_ZERO = Pattern.compile("^(\\(?\\+[0-9]{1,3}\\)?)[\\s\\-./]*\\(\\s*0\\s*\\)");
    private static final Pattern REGION = Pattern.compile("[A-Za-z]{2}");

    /**
     * The kinds of number libphonenumber tells apart (its {@code PhoneNumberType} without {@code
     * UNKNOWN}, which no valid number has). Thread-safe (an enum).
     */
    public enum NumberType {
        /** A mobile number: receives SMS. */
        MOBILE("mobile"),
        /** A number that may be mobile or fixed-line (the whole of the US and Canada): usually receives SMS. */
        FIXED_LINE_OR_MOBILE("fixed-line or mobile"),
        /** A fixed line: usually cannot receive SMS. */
        FIXED_LINE("fixed-line"),
        /**
         * An internet telephony number. Refused by default: such numbers are cheap to get in bulk
         * (throwaway accounts, SMS pumping) and not tied to a SIM, so a code sent to one proves
         * less about its holder; NIST SP 800-63B 5.1.3.3 asks for a number tied to a physical device.
         */
        VOIP("internet telephony (VoIP)"),
        /** A toll-free number (such as 0800): cannot receive SMS. */
        TOLL_FREE("toll-free"),
        /** A premium-rate number: each SMS may earn its holder money (SMS pumping). */
        PREMIUM_RATE("premium-rate"),
        /** A shared-cost number: costs its caller more than a call to a mobile. */
        SHARED_COST("shared-cost"),
        /** A personal number that forwards to another one: not tied to a device. */
        PERSONAL_NUMBER("personal (forwarding)"),
        /** A pager. */
        PAGER("pager"),
        /** A universal access number of a company, routed to its lines. */
        UAN("universal access"),
        /** A voicemail access number. */
        VOICEMAIL("voicemail access");

        private final String description;

        NumberType(String description) {
            this.description = description;
        }

        /** Returns the type's name in plain words, for messages. */
        String description() {
            return description;
        }
    }

    /** libphonenumber's region of numbers that belong to no country ({@code +800}, {@code +881}, {@code +882}...). */
    private static final String NON_GEOGRAPHIC = "001";

    private final String defaultRegion;
    private final Set<String> allowedRegions;
    private final Set<String> deniedRegions;
    private final Set<NumberType> smsTypes;
    private final boolean nonGeographic;

    private PhoneNumbers(Builder b) {
        this.nonGeographic = b.nonGeographic;
        this.defaultRegion = b.defaultRegion;
        this.allowedRegions = b.allowedRegions != null ? b.allowedRegions : Set.of();
        this.deniedRegions = b.deniedRegions != null ? b.deniedRegions : Set.of();
        this.smsTypes = b.smsTypes != null ? b.smsTypes : DEFAULT_SMS_TYPES;
    }

    /**
     * Returns a builder: no default region, every region but numbers of no country, {@link
     * #DEFAULT_SMS_TYPES}. Builders are not thread-safe.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a number as typed into E.164, and checks that it may receive SMS codes. In this order:
     * <ol>
     *   <li>empty, longer than {@value #MAX_INPUT_LENGTH} characters, letters, non-ASCII digits, a
     *       {@code +} not at the start, other characters, national without a default region, too
     *       few or too many digits: {@link Reason#MALFORMED};
     *   <li>an unknown calling code, or no such number in its country's numbering plan: {@link
     *       Reason#INVALID_NUMBER};
     *   <li>a region not allowed, or denied (numbers of no region, such as {@code +800} or {@code
     *       +882}, count as outside every allow list): {@link Reason#NOT_ALLOWED};
     *   <li>a type not allowed for SMS (by default anything but mobile and fixed-line-or-mobile):
     *       {@link Reason#NOT_FOR_SMS}.
     * </ol>
     * A leading {@code 00} is read as {@code +}, and a trunk 0 in parentheses after the calling code
     * is dropped.
     *
     * <p>Thread-safe.
     *
     * @param typed the number as the customer typed it, may be null
     * @return the number in E.164 form
     * @throws InvalidPhoneNumberException if the number is refused; the message says why without
     *     repeating the number, {@link InvalidPhoneNumberException#reason()} says it as a value
     */
    @Override
    public PhoneNumber parse(String typed) {
        String text = TRUNK_ZERO.matcher(LEADING_00.matcher(readable(typed)).replaceFirst("$1+")).replaceFirst("$1 ");
        boolean international = text.indexOf('+') >= 0;
        Phonenumber.PhoneNumber number;
        try {
            number = UTIL.parse(text, defaultRegion != null ? defaultRegion : UNKNOWN_REGION);
        } catch (NumberParseException e) {
            throw refusal(e, international);
        }
        String e164 = UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        if (e164.length() - 1 < PhoneNumber.MIN_DIGITS) {
            throw new InvalidPhoneNumberException("phone number has too few digits");
        }
        if (e164.length() - 1 > PhoneNumber.MAX_DIGITS) {
            throw new InvalidPhoneNumberException("phone number has too many digits");
        }
        if (!UTIL.isValidNumber(number)) {
            throw new InvalidPhoneNumberException(Reason.INVALID_NUMBER,
                    "phone number does not exist in its country's numbering plan");
        }
        String region = UTIL.getRegionCodeForNumber(number);
        if (NON_GEOGRAPHIC.equals(region) && !nonGeographic) {
            throw new InvalidPhoneNumberException(Reason.NOT_ALLOWED,
                    "phone number belongs to no country (satellite or international service), where SMS codes are not sent");
        }
        if (deniedRegions.contains(region) || !allowedRegions.isEmpty() && !allowedRegions.contains(region)) {
            throw new InvalidPhoneNumberException(Reason.NOT_ALLOWED,
                    "phone number belongs to " + regionName(region) + ", where SMS codes are not sent");
        }
        NumberType type = NumberType.valueOf(UTIL.getNumberType(number).name());
        if (!smsTypes.contains(type)) {
            throw new InvalidPhoneNumberException(Reason.NOT_FOR_SMS,
                    "phone number is a " + type.description() + " number, which does not receive SMS codes");
        }
        return new PhoneNumber(e164);
    }

    /** Returns a description of the policy; holds no number. */
    @Override
    public String toString() {
        return "PhoneNumbers[defaultRegion=" + (defaultRegion == null ? "none" : defaultRegion)
                + ", allowedRegions=" + (allowedRegions.isEmpty() ? "all" : new TreeSet<>(allowedRegions))
                + ", deniedRegions=" + new TreeSet<>(deniedRegions)
                + ", smsTypes=" + EnumSet.copyOf(smsTypes) + ", nonGeographic=" + (nonGeographic ? "allowed" : "refused")
                + "]";
    }

    /**
     * Checks the characters and returns the stripped text with every kind of space as a plain one.
     * libphonenumber itself would read letters as vanity digits and non-ASCII digits as ASCII.
     */
    private static String readable(String typed) {
        if (typed == null || typed.isBlank()) {
            throw new InvalidPhoneNumberException("phone number is empty");
        }
        if (typed.length() > MAX_INPUT_LENGTH) {
            throw new InvalidPhoneNumberException(
                    "phone number input is longer than " + MAX_INPUT_LENGTH + " characters");
        }
        StringBuilder text = new StringBuilder(typed.length());
        boolean digitOrPlusSeen = false;
        for (int i = 0; i < typed.length(); i++) {
            char c = typed.charAt(i);
            boolean space = c == '\t' || Character.isSpaceChar(c);
            text.append(space ? ' ' : c);
            if (c >= '0' && c <= '9') {
                digitOrPlusSeen = true;
            } else if (space || c == '-' || c == '.' || c == '/' || c == '(' || c == ')') {
                continue;
            } else if (c == '+') {
                if (digitOrPlusSeen) {
                    throw new InvalidPhoneNumberException("phone number may have + only at the start");
                }
                digitOrPlusSeen = true;
            } else if (Character.isLetter(c)) {
                throw new InvalidPhoneNumberException("phone number must not contain letters");
            } else if (Character.isDigit(c)) {
                throw new InvalidPhoneNumberException("phone number must use ASCII digits 0-9 only");
            } else {
                throw new InvalidPhoneNumberException("phone number may contain only digits, +, spaces, - . / ( )");
            }
        }
        return text.toString().strip();
    }

    private static InvalidPhoneNumberException refusal(NumberParseException e, boolean international) {
        switch (e.getErrorType()) {
            case INVALID_COUNTRY_CODE:
                return international
                        ? new InvalidPhoneNumberException(Reason.INVALID_NUMBER, "phone number has an unknown country calling code")
                        : new InvalidPhoneNumberException("phone number must start with + or 00 and the country calling code");
            case TOO_LONG:
                return new InvalidPhoneNumberException("phone number has too many digits");
            default:   // NOT_A_NUMBER, TOO_SHORT_NSN, TOO_SHORT_AFTER_IDD
                return new InvalidPhoneNumberException("phone number has too few digits");
        }
    }

    private static String regionName(String region) {
        return PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(region)
                ? "no country (an international service)" : "region " + region;
    }

    /**
     * Configures and builds {@link PhoneNumbers}. Each setter validates its argument at once ({@link
     * IllegalArgumentException} naming the bad value, {@link NullPointerException} for null) and may
     * be called once ({@link IllegalStateException} the second time). Nothing is required.
     *
     * <p>Builders are not thread-safe; the built {@link PhoneNumbers} is.
     */
    public static final class Builder {

        private String defaultRegion;
        private Set<String> allowedRegions;
        private Set<String> deniedRegions;
        private Set<NumberType> smsTypes;
        private boolean nonGeographic;

        private Builder() {
        }

        /**
         * Accepts numbers that belong to no country (satellite phones such as {@code +881} and
         * {@code +870}, international services such as {@code +882}) when their type is allowed;
         * default: refused with {@link Reason#NOT_ALLOWED}, because such ranges are a favourite of
         * international revenue-share fraud and few customers have one. Ignored with {@link
         * #allowRegions}, which refuses them too.
         *
         * @return this builder
         */
        public Builder allowNonGeographic() {
            this.nonGeographic = true;
            return this;
        }

        /**
         * Sets the region whose national forms are read ({@code 601 123 456} with {@code "CZ"}
         * reads as {@code +420601123456}); default: none, so only international forms ({@code +}
         * or {@code 00} and the calling code) are read.
         *
         * @param region an ISO 3166-1 alpha-2 code libphonenumber knows, such as {@code "CZ"} (any case)
         * @return this builder
         * @throws NullPointerException if region is null
         * @throws IllegalArgumentException if region is not such a code
         * @throws IllegalStateException if already set
         */
        public Builder defaultRegion(String region) {
            requireUnset(defaultRegion, "defaultRegion");
            this.defaultRegion = checkedRegion("defaultRegion", region);
            return this;
        }

        /**
         * Sets the only regions whose numbers are accepted; default: every region (numbers of no
         * region only with {@link #allowNonGeographic}). With an allow list, numbers of no region
         * are refused. A refused number: {@link Reason#NOT_ALLOWED}.
         *
         * @param regions one or more ISO 3166-1 alpha-2 codes libphonenumber knows (any case)
         * @return this builder
         * @throws NullPointerException if the array or an element is null
         * @throws IllegalArgumentException if empty or a code is unknown
         * @throws IllegalStateException if already set
         */
        public Builder allowRegions(String... regions) {
            requireUnset(allowedRegions, "allowRegions");
            this.allowedRegions = checkedRegions("allowRegions", regions);
            return this;
        }

        /**
         * Sets regions whose numbers are refused ({@link Reason#NOT_ALLOWED}); default: none.
         *
         * @param regions one or more ISO 3166-1 alpha-2 codes libphonenumber knows (any case)
         * @return this builder
         * @throws NullPointerException if the array or an element is null
         * @throws IllegalArgumentException if empty or a code is unknown
         * @throws IllegalStateException if already set
         */
        public Builder denyRegions(String... regions) {
            requireUnset(deniedRegions, "denyRegions");
            this.deniedRegions = checkedRegions("denyRegions", regions);
            return this;
        }

        /**
         * Sets the number types that may receive SMS codes, replacing the default {@link
         * PhoneNumbers#DEFAULT_SMS_TYPES} (mobile and fixed-line-or-mobile); a number of another type
         * is refused with {@link Reason#NOT_FOR_SMS}. Allow {@link NumberType#VOIP} only where
         * customers rely on internet numbers (see there); premium-rate and shared-cost numbers cost
         * the sender money and are what SMS pumping aims at.
         *
         * @param types one or more types
         * @return this builder
         * @throws NullPointerException if the array or an element is null
         * @throws IllegalArgumentException if empty
         * @throws IllegalStateException if already set
         */
        public Builder allowNumberTypes(NumberType... types) {
            requireUnset(smsTypes, "allowNumberTypes");
            Objects.requireNonNull(types, "types");
            if (types.length == 0) {
                throw new IllegalArgumentException("allowNumberTypes needs at least one type");
            }
            for (NumberType type : types) {
                Objects.requireNonNull(type, "allowNumberTypes element");
            }
            this.smsTypes = Set.of(EnumSet.of(types[0], types).toArray(NumberType[]::new));
            return this;
        }

        /**
         * Builds the parser. The builder may be used again, but its setters stay set.
         *
         * @return the immutable, thread-safe parser
         * @throws IllegalStateException if a region is both allowed and denied, or the default
         *     region is denied or not allowed (no national number could be read)
         */
        public PhoneNumbers build() {
            if (allowedRegions != null && deniedRegions != null) {
                for (String region : allowedRegions) {
                    if (deniedRegions.contains(region)) {
                        throw new IllegalStateException("region " + region + " is both allowed and denied");
                    }
                }
            }
            if (defaultRegion != null && (deniedRegions != null && deniedRegions.contains(defaultRegion)
                    || allowedRegions != null && !allowedRegions.contains(defaultRegion))) {
                throw new IllegalStateException("defaultRegion " + defaultRegion
                        + " is not allowed, so no national number could be read");
            }
            return new PhoneNumbers(this);
        }

        /** Returns a description of what is set. */
        @Override
        public String toString() {
            return "PhoneNumbers.Builder[defaultRegion=" + defaultRegion + ", allowedRegions=" + allowedRegions
                    + ", deniedRegions=" + deniedRegions + ", smsTypes=" + smsTypes + ", nonGeographic=" + nonGeographic + "]";
        }

        private static void requireUnset(Object current, String setter) {
            if (current != null) {
                throw new IllegalStateException(setter + " was already set");
            }
        }

        private static Set<String> checkedRegions(String setter, String[] regions) {
            Objects.requireNonNull(regions, setter);
            if (regions.length == 0) {
                throw new IllegalArgumentException(setter + " needs at least one region");
            }
            Set<String> set = new TreeSet<>();
            for (String region : regions) {
                set.add(checkedRegion(setter, region));
            }
            return Set.copyOf(set);
        }

        private static String checkedRegion(String setter, String region) {
            Objects.requireNonNull(region, setter);
            String upper = region.toUpperCase(Locale.ROOT);
            if (!REGION.matcher(region).matches() || !UTIL.getSupportedRegions().contains(upper)) {
                throw new IllegalArgumentException(setter + " takes ISO 3166-1 alpha-2 region codes such as CZ, was \""
                        + (region.length() > 8 ? region.substring(0, 8) + "..." : region) + "\"");
            }
            return upper;
        }
    }
}
