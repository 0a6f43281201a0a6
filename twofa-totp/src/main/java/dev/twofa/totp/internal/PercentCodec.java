package dev.twofa.totp.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * RFC 3986 percent-encoding over UTF-8: every byte but the unreserved characters ({@code A-Z a-z
 * 0-9 - . _ ~}) becomes {@code %XX} with upper-case hex, so a space is {@code %20}, never {@code
 * +}. Decoding is strict: a malformed escape or invalid UTF-8 is refused, and {@code +} stays a
 * plus sign, and raw non-ASCII characters are refused.
 *
 * <p>Stateless and thread-safe.
 */
public final class PercentCodec {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PercentCodec() {}

    /**
     * Returns the text percent-encoded (RFC 3986 section 2.1).
     *
     * @param text the text, well-formed UTF-16
     * @return the encoded text
     */
    public static String encode(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(utf8.length * 3);
        for (byte b : utf8) {
            int c = b & 0xff;
            if (isUnreserved(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /**
     * Returns the percent-decoded text.
     *
     * @param text the encoded text
     * @return the decoded text
     * @throws IllegalArgumentException if an escape is malformed or the bytes are not UTF-8; the
     *     message does not repeat the input
     */
    public static String decode(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    throw new IllegalArgumentException("truncated percent escape");
                }
                int hi = Character.digit(text.charAt(i + 1), 16);
                int lo = Character.digit(text.charAt(i + 2), 16);
                if (hi < 0 || lo < 0 || text.charAt(i + 1) > 'f' || text.charAt(i + 2) > 'f') {
                    throw new IllegalArgumentException("malformed percent escape");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                // RFC 3986 URIs are ASCII; non-ASCII text must arrive percent-encoded.
                throw new IllegalArgumentException("raw non-ASCII character in URI");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("percent escapes are not valid UTF-8", e);
        }
    }

    private static boolean isUnreserved(int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
