package dev.twofa.totp.internal;

import dev.twofa.core.InvalidInputException;
import dev.twofa.core.Secret;
import dev.twofa.totp.Algorithm;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.Arrays;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes RFC 4226 HOTP values on the JDK's {@link Mac} and matches a submitted code against a
 * range of counters in constant time.
 *
 * <p>Each thread keeps one {@link Mac} per algorithm (in a {@link ThreadLocal}) and re-keys it for
 * every call through one reusable {@link SecretKey} whose {@code getEncoded()} hands the provider a
 * scratch key block of that thread: the secret, zero-padded to the hash's block size. RFC 2104
 * (section 2, step 1) pads every key shorter than a block with zeros to exactly that, so the HMAC
 * is the same; and keying with a full block was measured faster with SunJCE (JMH, HmacSHA1, one
 * keying and three HMACs: 1.94-1.96 ops/µs with the key in a 64-byte block against 1.76-1.83 with
 * the bare 20-byte key, same machine and run), likely because its pad loop then needs no per-byte
 * bounds test. The block is wiped right after keying, also when keying fails. A key longer than a
 * block (which HMAC hashes first) goes over as a fresh copy, wiped the same way. With SunJCE a
 * call therefore allocates only the digest array that {@link Mac#doFinal()} returns for each HMAC.
 *
 * <p>Handing out one array and one key object is only sound if the provider copies the key when
 * it is keyed, which the JDK's SunJCE does; no probe can prove it of an unknown provider (one that
 * caches keys by object identity, as SunPKCS11 does, could behave for a while and then key every
 * call with an earlier key). So the key block is used only with SunJCE, and only after a probe
 * when a thread first uses an algorithm (four keyings with public probe keys and six HMACs, some
 * microseconds, next to the cost of {@code Mac.getInstance}; with one virtual thread per request
 * that is once per request). The probe keys with a {@link SecretKeySpec} first, so the provider
 * is chosen as for any other caller. Every other provider gets a new {@code SecretKeySpec} on every
 * call; twofa wipes its own copy of the key, but the copy inside the {@code SecretKeySpec} (and any
 * the provider caches) stays on the heap until collected, which Java 17 offers no way to wipe.
 *
 * <p>The thread's {@code Mac} keeps the HMAC pads of the last key it was given until its next
 * call, as any cached {@code Mac} does: re-keying it with a blank key after each call would cost
 * about 10% of a verify and 12% of a generate (measured), and the same key already lives on the
 * heap in the caller's {@link Secret}.
 *
 * <p>Immutable and thread-safe: the mutable state is thread-confined.
 */
public final class OtpEngine {

    /** The fewest secret bytes accepted: 128 bits (RFC 4226 section 4, R6). */
    public static final int MIN_SECRET_BYTES = 16;

    @SuppressWarnings({"unchecked", "rawtypes"}) // Java has no generic array creation
    private static final ThreadLocal<MacSlot>[] SLOTS = new ThreadLocal[Algorithm.values().length];

    static {
        for (Algorithm algorithm : Algorithm.values()) {
            SLOTS[algorithm.ordinal()] = ThreadLocal.withInitial(() -> new MacSlot(algorithm));
            // Fail at class initialization, not at the first login, if the JDK lacks the algorithm.
            SLOTS[algorithm.ordinal()].get();
        }
    }

    private final ThreadLocal<MacSlot> slots;
    private final int digits;

    /**
     * Creates an engine.
     *
     * @param algorithm the HMAC algorithm
     * @param digits 6 to 8 (checked by the caller)
     */
    public OtpEngine(Algorithm algorithm, int digits) {
        if (digits < 6 || digits > 8) {
            throw new IllegalArgumentException("digits must be 6 to 8, was " + digits);
        }
        this.slots = SLOTS[algorithm.ordinal()];
        this.digits = digits;
    }

    /**
     * Returns the HOTP value for a counter (RFC 4226 section 5.3).
     *
     * @param secret the key, at least {@value #MIN_SECRET_BYTES} bytes
     * @param counter the counter, not negative
     * @return the code as an int below 10^digits
     */
    public int code(Secret secret, long counter) {
        checkSecret(secret);
        if (counter < 0) {
            throw new InvalidInputException("counter must not be negative, was " + counter);
        }
        MacSlot slot = slots.get();
        slot.init(secret);
        return lastDigits(truncate(slot.hmac(counter)));
    }

    /**
     * Returns, of the counters in {@code [first, first + count)} whose code equals {@code code}, the
     * lowest one above {@code watermark} if there is one, otherwise the highest one, or -1 if none
     * matches. So with a watermark of -1 the lowest match wins, and with {@link Long#MAX_VALUE} the
     * highest. Computes every code of the range and selects without branching on a comparison, so
     * the time taken does not depend on whether, where or how often a code matched (ASVS 5.0
     * 11.2.4).
     *
     * @param secret the key, at least {@value #MIN_SECRET_BYTES} bytes
     * @param code the submitted code as an int (from {@link Codes#parse(CharSequence, int)})
     * @param first the first counter, not negative
     * @param count how many counters, 1 or more
     * @param watermark the last counter already used, -1 if none, or {@link Long#MAX_VALUE} to
     *     prefer the highest match
     * @return the selected counter or -1
     * @throws InvalidInputException if secret is null or too short, the range is out of bounds or
     *     watermark is below -1
     */
    public long match(Secret secret, int code, long first, int count, long watermark) {
        checkSecret(secret);
        if (first < 0 || count < 1 || first > Long.MAX_VALUE - count || watermark < -1) {
            throw new InvalidInputException("counter range or watermark out of bounds");
        }
        MacSlot slot = slots.get();
        slot.init(secret);
        long highest = -1;
        long lowestAbove = -1;
        for (int i = 0; i < count; i++) {
            long counter = first + i;
            // Both codes are in [0, 10^8), so diff is in [0, 2^27) and (diff - 1) >> 31 is all ones
            // exactly when diff == 0. watermark - counter cannot overflow (watermark >= -1, counter
            // >= 0) and is negative exactly when counter > watermark. lowestAbove >> 63 is all ones
            // while no match above the watermark was seen. Masks instead of branches: the loop's
            // path is the same whatever matched.
            int diff = lastDigits(truncate(slot.hmac(counter))) ^ code;
            long matches = (diff - 1) >> 31;
            long firstAbove = matches & ((watermark - counter) >> 63) & (lowestAbove >> 63);
            lowestAbove = (lowestAbove & ~firstAbove) | (counter & firstAbove);
            highest = (highest & ~matches) | (counter & matches);
        }
        long foundAbove = ~(lowestAbove >> 63);
        return (lowestAbove & foundAbove) | (highest & ~foundAbove);
    }

    /**
     * Returns {@code value mod 10^digits}. The divisors are constants, so the JIT replaces each
     * division with a multiplication, which a divisor read from a field would not allow.
     */
    private int lastDigits(int value) {
        switch (digits) {
            case 6:
                return value % 1_000_000;
            case 7:
                return value % 10_000_000;
            default:
                return value % 100_000_000;
        }
    }

    /** Dynamic truncation, RFC 4226 section 5.3: the offset is the low 4 bits of the LAST byte. */
    static int truncate(byte[] hmac) {
        int offset = hmac[hmac.length - 1] & 0x0f;
        return (hmac[offset] & 0x7f) << 24
                | (hmac[offset + 1] & 0xff) << 16
                | (hmac[offset + 2] & 0xff) << 8
                | (hmac[offset + 3] & 0xff);
    }

    private static void checkSecret(Secret secret) {
        if (secret == null) {
            throw new InvalidInputException("secret must not be null");
        }
        if (secret.length() < MIN_SECRET_BYTES) {
            throw new InvalidInputException(
                    "secret must have at least " + MIN_SECRET_BYTES + " bytes, had " + secret.length());
        }
    }

    /** One thread's Mac, key holder, key block and counter buffer for one algorithm. Thread-confined. */
    static final class MacSlot {

        private final Mac mac;
        private final ReusableKey key;
        /**
         * All zeros between calls; null if the provider is not SunJCE or failed the probe: it then
         * gets a new SecretKeySpec on every call.
         */
        private final byte[] keyBlock;
        private final byte[] counterBytes = new byte[8];

        MacSlot(Algorithm algorithm) {
            this(newMac(algorithm.macName()), algorithm.macName(), blockBytes(algorithm), MacSlot::isSunJce);
        }

        /**
         * Creates a slot over a Mac.
         *
         * @param copiesKeys whether the provider the Mac ends up with is known to copy the key it
         *     is keyed with (only then is the key block tried)
         */
        MacSlot(Mac mac, String macName, int blockBytes, Predicate<Provider> copiesKeys) {
            this.mac = mac;
            this.key = new ReusableKey(macName);
            this.keyBlock = keysLikeSpec(mac, key, blockBytes, copiesKeys) ? new byte[blockBytes] : null;
        }

        /** Whether a provider is the JDK's SunJCE, which copies the key into its pads and wipes it. */
        static boolean isSunJce(Provider provider) {
            return provider != null && "SunJCE".equals(provider.getName())
                    && "com.sun.crypto.provider.SunJCE".equals(provider.getClass().getName());
        }

        private static Mac newMac(String macName) {
            try {
                return Mac.getInstance(macName);
            } catch (NoSuchAlgorithmException e) {
                throw new AssertionError("every Java SE platform supports " + macName, e);
            }
        }

        /** The HMAC block size B of RFC 2104: 64 bytes for SHA-1 and SHA-256, 128 for SHA-512. */
        private static int blockBytes(Algorithm algorithm) {
            return algorithm == Algorithm.SHA512 ? 128 : 64;
        }

        /**
         * Whether keying through one reusable key gives the same HMACs as a {@link SecretKeySpec}.
         * Keys the Mac with two different public probe blocks in {@code SecretKeySpec}s first (the
         * first keying picks the provider, as for any caller); then, if that provider is known to
         * copy keys, keys it with the same blocks in turn through the reusable key, wiping each
         * handed-out array right after keying, and compares two HMACs after each. A provider that
         * keeps the array, reads it again after wiping it, caches keys by object identity or
         * refuses the key fails.
         */
        private static boolean keysLikeSpec(Mac mac, ReusableKey key, int blockBytes,
                Predicate<Provider> copiesKeys) {
            byte[][] probes = {new byte[blockBytes], new byte[blockBytes]};
            for (int i = 0; i < blockBytes; i++) {
                probes[0][i] = (byte) (i + 1);
                probes[1][i] = (byte) (7 * i + 101);
            }
            byte[] message = new byte[8];
            byte[][] expected = new byte[probes.length][];
            for (int p = 0; p < probes.length; p++) {
                initWithSpec(mac, probes[p], key.getAlgorithm());
                expected[p] = mac.doFinal(message);
            }
            if (!copiesKeys.test(mac.getProvider())) {
                return false;
            }
            boolean same = true;
            try {
                for (int p = 0; p < probes.length; p++) {
                    byte[] handedOut = probes[p].clone();
                    try {
                        key.hold(handedOut);
                        mac.init(key);
                    } finally {
                        key.hold(null);
                        Arrays.fill(handedOut, (byte) 0);
                    }
                    same &= MessageDigest.isEqual(mac.doFinal(message), expected[p])
                            & MessageDigest.isEqual(mac.doFinal(message), expected[p]);
                }
            } catch (InvalidKeyException | RuntimeException e) {
                return false;
            }
            return same;
        }

        private static void initWithSpec(Mac mac, byte[] raw, String macName) {
            try {
                mac.init(new SecretKeySpec(raw, macName));
            } catch (InvalidKeyException e) {
                throw new AssertionError("an HMAC accepts keys of any length", e);
            }
        }

        /** Whether keys go through the reusable key and the thread's key block (SunJCE, probe passed). */
        boolean usesKeyBlock() {
            return keyBlock != null;
        }

        void init(Secret secret) {
            if (keyBlock == null) {
                byte[] raw = secret.bytes();
                try {
                    initWithSpec(mac, raw, key.getAlgorithm());
                } finally {
                    Arrays.fill(raw, (byte) 0); // the SecretKeySpec holds its own copy
                }
                return;
            }
            int length = secret.length();
            boolean inBlock = length <= keyBlock.length;
            byte[] handedOut = inBlock ? keyBlock : secret.bytes();
            if (inBlock) {
                secret.copyTo(keyBlock, 0);
            }
            try {
                key.hold(handedOut);
                mac.init(key);
            } catch (InvalidKeyException e) {
                throw new AssertionError("an HMAC accepts keys of any length", e);
            } finally {
                key.hold(null);
                Arrays.fill(handedOut, 0, length, (byte) 0);
            }
        }

        byte[] hmac(long counter) {
            byte[] c = counterBytes;
            c[0] = (byte) (counter >>> 56);
            c[1] = (byte) (counter >>> 48);
            c[2] = (byte) (counter >>> 40);
            c[3] = (byte) (counter >>> 32);
            c[4] = (byte) (counter >>> 24);
            c[5] = (byte) (counter >>> 16);
            c[6] = (byte) (counter >>> 8);
            c[7] = (byte) counter;
            mac.update(c);
            return mac.doFinal();
        }
    }

    /**
     * A {@link SecretKey} whose {@link #getEncoded()} hands out the array it holds while a Mac is
     * being keyed (and null otherwise), so that keying copies the secret no more than needed. Never
     * serialized, never shared between threads.
     */
    private static final class ReusableKey implements SecretKey {

        private static final long serialVersionUID = 1L;

        private final String algorithm;
        private transient byte[] held;

        ReusableKey(String algorithm) {
            this.algorithm = algorithm;
        }

        void hold(byte[] bytes) {
            held = bytes;
        }

        @Override
        public String getAlgorithm() {
            return algorithm;
        }

        @Override
        public String getFormat() {
            return "RAW";
        }

        @Override
        public byte[] getEncoded() {
            return held;
        }

        @Override
        public String toString() {
            return "ReusableKey[" + algorithm + ", redacted]";
        }

        private void writeObject(ObjectOutputStream out) throws NotSerializableException {
            throw new NotSerializableException("a key is never serialized");
        }
    }
}
