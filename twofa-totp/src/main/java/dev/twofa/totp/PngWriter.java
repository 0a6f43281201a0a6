package dev.twofa.totp;

import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes a module grid as a 1-bit grayscale PNG (ISO/IEC 15948, W3C PNG 2nd edition): signature,
 * IHDR (colour type 0, bit depth 1, no interlace), one zlib IDAT with filter type None on every
 * scanline, IEND. No AWT or ImageIO: the scanlines are built in one byte array, rows of a module
 * are copied rather than recomputed, and the whole image goes through one {@link Deflater}.
 *
 * <p>Stateless and thread-safe.
 */
final class PngWriter {

    /**
     * The zlib level. Scanlines of one module row repeat verbatim, so even the fastest level finds
     * them at distance one stride; higher levels cost time and save a few percent at most.
     */
    static final int DEFLATE_LEVEL = Deflater.BEST_SPEED;

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    /** IEND: length 0, type, and the CRC of "IEND". */
    private static final byte[] IEND = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};

    /** Signature, IHDR chunk (4 + 4 + 13 + 4), IDAT length and type. */
    private static final int IDAT_DATA_OFFSET = 8 + 25 + 8;

    private PngWriter() {}

    /**
     * Returns the PNG of a square module grid.
     *
     * @param modules the grid, {@code modules[y][x]} non-zero for dark, without quiet zone
     * @param quietZone light modules around the grid
     * @param scale pixels per module, at least 1
     * @return the PNG file's bytes
     */
    static byte[] write(byte[][] modules, int quietZone, int scale) {
        int n = modules.length;
        int side = (n + 2 * quietZone) * scale;
        int stride = 1 + ((side + 7) >>> 3);
        byte[] raw = new byte[stride * side];
        // Bit 1 is white in grayscale; filter byte 0 (None) starts each scanline.
        Arrays.fill(raw, (byte) 0xFF);
        for (int offset = 0; offset < raw.length; offset += stride) {
            raw[offset] = 0;
        }
        int margin = quietZone * scale;
        for (int y = 0; y < n; y++) {
            int first = (margin + y * scale) * stride;
            QrCode.darkRuns(modules[y], (start, end) -> clearBits(raw, first + 1, margin + start * scale,
                    margin + end * scale));
            for (int k = 1; k < scale; k++) {
                System.arraycopy(raw, first, raw, first + k * stride, stride);
            }
        }
        return assemble(side, raw);
    }

    /** Clears pixel bits [from, to) of the scanline whose pixel data starts at {@code offset}. */
    private static void clearBits(byte[] raw, int offset, int from, int to) {
        int fromByte = offset + (from >>> 3);
        int toByte = offset + (to >>> 3);
        int fromBit = from & 7;
        int toBit = to & 7;
        if (fromByte == toByte) {
            raw[fromByte] &= (byte) ~((0xFF >>> fromBit) & ~(0xFF >>> toBit));
            return;
        }
        raw[fromByte] &= (byte) ~(0xFF >>> fromBit);
        Arrays.fill(raw, fromByte + 1, toByte, (byte) 0);
        if (toBit != 0) {
            raw[toByte] &= (byte) (0xFF >>> toBit);
        }
    }

    private static byte[] assemble(int side, byte[] raw) {
        byte[] out = new byte[IDAT_DATA_OFFSET + (raw.length >>> 3) + 64 + 4 + IEND.length];
        System.arraycopy(SIGNATURE, 0, out, 0, 8);
        // IHDR: width, height, bit depth 1, colour type 0 (grayscale), deflate, filter set 0, no interlace.
        putInt(out, 8, 13);
        putAscii(out, 12, "IHDR");
        putInt(out, 16, side);
        putInt(out, 20, side);
        out[24] = 1;
        out[25] = 0;
        out[26] = 0;
        out[27] = 0;
        out[28] = 0;
        putInt(out, 29, crc(out, 12, 17));
        putAscii(out, 37, "IDAT");

        int end = IDAT_DATA_OFFSET;
        Deflater deflater = new Deflater(DEFLATE_LEVEL);
        try {
            deflater.setInput(raw);
            deflater.finish();
            int reserve = 4 + IEND.length;
            while (!deflater.finished()) {
                if (end == out.length - reserve) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                end += deflater.deflate(out, end, out.length - reserve - end);
            }
        } finally {
            deflater.end();
        }
        putInt(out, 33, end - IDAT_DATA_OFFSET);
        putInt(out, end, crc(out, 37, end - 37));
        end += 4;
        System.arraycopy(IEND, 0, out, end, IEND.length);
        end += IEND.length;
        return end == out.length ? out : Arrays.copyOf(out, end);
    }

    private static int crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    private static void putInt(byte[] out, int offset, int value) {
        out[offset] = (byte) (value >>> 24);
        out[offset + 1] = (byte) (value >>> 16);
        out[offset + 2] = (byte) (value >>> 8);
        out[offset + 3] = (byte) value;
    }

    private static void putAscii(byte[] out, int offset, String type) {
        for (int i = 0; i < type.length(); i++) {
            out[offset + i] = (byte) type.charAt(i);
        }
    }
}
