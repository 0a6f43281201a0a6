package dev.twofa.testkit.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads a PNG file (ISO/IEC 15948) into luminance values, without AWT or ImageIO, so twofa-testkit
 * needs no {@code java.desktop} module.
 *
 * <p>Supported: every colour type (0 grayscale, 2 truecolour, 3 indexed, 4 grayscale with alpha, 6
 * truecolour with alpha) at every bit depth the format allows for it (1, 2, 4, 8, 16), all five
 * scanline filters, IDAT data split over several chunks. twofa-totp's {@code QrCode} writes colour
 * type 0 at bit depth 1. Alpha is composed over white; 16-bit samples use their high byte; {@code
 * tRNS}, gamma and colour-space chunks are ignored. Not supported (refused with an {@link
 * IllegalArgumentException}): Adam7 interlacing, unknown critical chunks, images over {@value
 * #MAX_PIXELS} pixels. Every chunk's CRC is checked.
 *
 * <p>Stateless and thread-safe.
 */
public final class PngDecoder {

    /** The most pixels an image may have: {@value}. */
    public static final int MAX_PIXELS = 16 * 1024 * 1024;

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private PngDecoder() {
    }

    /**
     * Decodes a PNG file.
     *
     * @param png the file's bytes
     * @return the image's luminance, composed over white
     * @throws IllegalArgumentException if the bytes are not a PNG this decoder supports; the message
     *     says why
     */
    public static GrayImage decode(byte[] png) {
        if (png == null) {
            throw new IllegalArgumentException("PNG bytes must not be null");
        }
        ByteBuffer in = ByteBuffer.wrap(png);
        if (png.length < SIGNATURE.length) {
            throw new IllegalArgumentException("not a PNG file: fewer than 8 bytes");
        }
        for (byte b : SIGNATURE) {
            if (in.get() != b) {
                throw new IllegalArgumentException("not a PNG file: the signature is wrong");
            }
        }
        Header header = null;
        byte[] palette = null;
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        boolean ended = false;
        while (!ended) {
            if (in.remaining() < 12) {
                throw new IllegalArgumentException("PNG file is truncated: no IEND chunk");
            }
            int length = in.getInt();
            if (length < 0 || length > in.remaining() - 8) {
                throw new IllegalArgumentException("PNG chunk length " + Integer.toUnsignedString(length)
                        + " runs past the end of the file");
            }
            byte[] typeAndData = new byte[4 + length];
            in.get(typeAndData);
            CRC32 crc = new CRC32();
            crc.update(typeAndData);
            String type = new String(typeAndData, 0, 4, StandardCharsets.ISO_8859_1);
            if (in.getInt() != (int) crc.getValue()) {
                throw new IllegalArgumentException("PNG chunk " + printable(type) + " has a wrong CRC");
            }
            if (header == null && !type.equals("IHDR")) {
                throw new IllegalArgumentException("PNG file does not start with an IHDR chunk");
            }
            switch (type) {
                case "IHDR" -> {
                    if (header != null) {
                        throw new IllegalArgumentException("PNG file has two IHDR chunks");
                    }
                    header = Header.read(typeAndData, length);
                }
                case "PLTE" -> palette = java.util.Arrays.copyOfRange(typeAndData, 4, 4 + length);
                case "IDAT" -> idat.write(typeAndData, 4, length);
                case "IEND" -> ended = true;
                default -> {
                    if (Character.isUpperCase(type.charAt(0))) {
                        throw new IllegalArgumentException("PNG file has an unknown critical chunk "
                                + printable(type));
                    }
                }
            }
        }
        if (header.colourType == 3 && (palette == null || palette.length % 3 != 0 || palette.length == 0)) {
            throw new IllegalArgumentException("indexed PNG has no valid PLTE chunk");
        }
        byte[] raw = inflate(idat.toByteArray(), (header.stride() + 1) * header.height);
        return new GrayImage(header.width, header.height, luminance(header, raw, palette));
    }

    /** The IHDR fields this decoder uses. */
    private record Header(int width, int height, int bitDepth, int colourType) {

        static Header read(byte[] typeAndData, int length) {
            if (length != 13) {
                throw new IllegalArgumentException("PNG IHDR chunk must have 13 bytes, had " + length);
            }
            ByteBuffer data = ByteBuffer.wrap(typeAndData, 4, 13);
            int width = data.getInt();
            int height = data.getInt();
            int bitDepth = data.get() & 0xFF;
            int colourType = data.get() & 0xFF;
            int compression = data.get() & 0xFF;
            int filterMethod = data.get() & 0xFF;
            int interlace = data.get() & 0xFF;
            if (width <= 0 || height <= 0 || (long) width * height > MAX_PIXELS) {
                throw new IllegalArgumentException("PNG size " + Integer.toUnsignedString(width) + "x"
                        + Integer.toUnsignedString(height) + " is empty or over " + MAX_PIXELS + " pixels");
            }
            boolean depthOk = switch (colourType) {
                case 0 -> bitDepth == 1 || bitDepth == 2 || bitDepth == 4 || bitDepth == 8 || bitDepth == 16;
                case 3 -> bitDepth == 1 || bitDepth == 2 || bitDepth == 4 || bitDepth == 8;
                case 2, 4, 6 -> bitDepth == 8 || bitDepth == 16;
                default -> throw new IllegalArgumentException("PNG colour type " + colourType + " does not exist");
            };
            if (!depthOk) {
                throw new IllegalArgumentException("PNG colour type " + colourType + " cannot have bit depth "
                        + bitDepth);
            }
            if (compression != 0 || filterMethod != 0) {
                throw new IllegalArgumentException("PNG compression and filter method must be 0");
            }
            if (interlace != 0) {
                throw new IllegalArgumentException("interlaced (Adam7) PNG files are not supported");
            }
            return new Header(width, height, bitDepth, colourType);
        }

        int channels() {
            return switch (colourType) {
                case 2 -> 3;
                case 4 -> 2;
                case 6 -> 4;
                default -> 1;
            };
        }

        int bitsPerPixel() {
            return channels() * bitDepth;
        }

        /** Bytes per scanline without the filter byte. */
        int stride() {
            return (int) (((long) width * bitsPerPixel() + 7) / 8);
        }

        /** The byte distance of the filters' "left" neighbour. */
        int filterDistance() {
            return Math.max(1, bitsPerPixel() / 8);
        }
    }

    /** Inflates exactly {@code expected} bytes: at most 9 x {@link #MAX_PIXELS}, so an int. */
    private static byte[] inflate(byte[] zlib, int expected) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(zlib);
            byte[] out = new byte[expected];
            int n = 0;
            while (n < out.length) {
                int got = inflater.inflate(out, n, out.length - n);
                if (got == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != out.length) {
                throw new IllegalArgumentException("PNG image data holds " + n + " bytes, " + expected + " needed");
            }
            return out;
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("PNG image data is not a valid zlib stream", e);
        } finally {
            inflater.end();
        }
    }

    private static byte[] luminance(Header h, byte[] raw, byte[] palette) {
        int stride = h.stride();
        int distance = h.filterDistance();
        byte[] previous = new byte[stride];
        byte[] line = new byte[stride];
        byte[] out = new byte[h.width * h.height];
        for (int y = 0; y < h.height; y++) {
            int offset = y * (stride + 1);
            int filter = raw[offset] & 0xFF;
            System.arraycopy(raw, offset + 1, line, 0, stride);
            unfilter(filter, line, previous, distance, y);
            for (int x = 0; x < h.width; x++) {
                out[y * h.width + x] = (byte) pixelLuminance(h, line, x, palette);
            }
            byte[] swap = previous;
            previous = line;
            line = swap;
        }
        return out;
    }

    private static void unfilter(int filter, byte[] line, byte[] previous, int distance, int y) {
        for (int i = 0; i < line.length; i++) {
            int a = i >= distance ? line[i - distance] & 0xFF : 0;
            int b = previous[i] & 0xFF;
            int c = i >= distance ? previous[i - distance] & 0xFF : 0;
            int predictor = switch (filter) {
                case 0 -> 0;
                case 1 -> a;
                case 2 -> b;
                case 3 -> (a + b) >>> 1;
                case 4 -> paeth(a, b, c);
                default -> throw new IllegalArgumentException("PNG scanline " + y + " has unknown filter type "
                        + filter);
            };
            line[i] = (byte) (line[i] + predictor);
        }
    }

    private static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    /** Returns sample {@code index} of a scanline, scaled to 0-255 (16-bit: the high byte). */
    private static int sample(Header h, byte[] line, int index) {
        int depth = h.bitDepth;
        if (depth == 16) {
            return line[2 * index] & 0xFF;
        }
        int bit = index * depth;
        int value = (line[bit >>> 3] >>> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
        return h.colourType == 3 ? value : value * 255 / ((1 << depth) - 1);
    }

    private static int pixelLuminance(Header h, byte[] line, int x, byte[] palette) {
        int channels = h.channels();
        int first = x * channels;
        int lum;
        int alpha = 255;
        switch (h.colourType) {
            case 0 -> lum = sample(h, line, first);
            case 4 -> {
                lum = sample(h, line, first);
                alpha = sample(h, line, first + 1);
            }
            case 3 -> {
                int index = sample(h, line, first);
                if (index >= palette.length / 3) {
                    throw new IllegalArgumentException("PNG pixel uses palette index " + index + " beyond the PLTE");
                }
                lum = rgb(palette[3 * index] & 0xFF, palette[3 * index + 1] & 0xFF, palette[3 * index + 2] & 0xFF);
            }
            default -> {
                lum = rgb(sample(h, line, first), sample(h, line, first + 1), sample(h, line, first + 2));
                if (h.colourType == 6) {
                    alpha = sample(h, line, first + 3);
                }
            }
        }
        return (lum * alpha + 255 * (255 - alpha)) / 255;
    }

    private static int rgb(int r, int g, int b) {
        return (r * 299 + g * 587 + b * 114) / 1000;
    }

    private static String printable(String type) {
        return type.chars().allMatch(c -> c >= 'A' && c <= 'z') ? type : "(unreadable type)";
    }
}
