package dev.twofa.testkit.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes PNG files of any colour type and bit depth for the decoder's tests, each scanline with
 * the filter type {@code y % 5} so all five filters occur. Samples are given per pixel and channel,
 * already at the bit depth.
 */
final class PngFiles {

    private PngFiles() {
    }

    /**
     * Returns a PNG file.
     *
     * @param samples {@code samples[y][x * channels + c]}
     * @param palette the PLTE bytes (colour type 3), or null
     */
    static byte[] write(int width, int height, int bitDepth, int colourType, int[][] samples, byte[] palette,
            int interlace) {
        int channels = switch (colourType) {
            case 2 -> 3;
            case 4 -> 2;
            case 6 -> 4;
            default -> 1;
        };
        int bitsPerPixel = channels * bitDepth;
        int stride = (width * bitsPerPixel + 7) / 8;
        int distance = Math.max(1, bitsPerPixel / 8);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        byte[] previous = new byte[stride];
        for (int y = 0; y < height; y++) {
            byte[] line = new byte[stride];
            for (int s = 0; s < width * channels; s++) {
                int v = samples[y][s];
                if (bitDepth == 16) {
                    line[2 * s] = (byte) (v >>> 8);
                    line[2 * s + 1] = (byte) v;
                } else if (bitDepth == 8) {
                    line[s] = (byte) v;
                } else {
                    int bit = s * bitDepth;
                    line[bit >>> 3] |= (byte) (v << (8 - bitDepth - (bit & 7)));
                }
            }
            int filter = y % 5;
            raw.write(filter);
            for (int i = 0; i < stride; i++) {
                int a = i >= distance ? line[i - distance] & 0xFF : 0;
                int b = previous[i] & 0xFF;
                int c = i >= distance ? previous[i - distance] & 0xFF : 0;
                int predictor = switch (filter) {
                    case 0 -> 0;
                    case 1 -> a;
                    case 2 -> b;
                    case 3 -> (a + b) / 2;
                    default -> paeth(a, b, c);
                };
                raw.write((line[i] - predictor) & 0xFF);
            }
            previous = line;
        }
        Deflater deflater = new Deflater();
        deflater.setInput(raw.toByteArray());
        deflater.finish();
        ByteArrayOutputStream zlib = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!deflater.finished()) {
            zlib.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        byte[] compressed = zlib.toByteArray();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        out.writeBytes(chunk("IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) bitDepth)
                .put((byte) colourType).put((byte) 0).put((byte) 0).put((byte) interlace).array()));
        out.writeBytes(chunk("tEXt", "Comment\0ancillary chunks are skipped".getBytes(StandardCharsets.ISO_8859_1)));
        if (palette != null) {
            out.writeBytes(chunk("PLTE", palette));
        }
        // Split the image data over two IDAT chunks.
        int half = compressed.length / 2;
        out.writeBytes(chunk("IDAT", java.util.Arrays.copyOfRange(compressed, 0, half)));
        out.writeBytes(chunk("IDAT", java.util.Arrays.copyOfRange(compressed, half, compressed.length)));
        out.writeBytes(chunk("IEND", new byte[0]));
        return out.toByteArray();
    }

    static byte[] chunk(String type, byte[] data) {
        byte[] typeAndData = new byte[4 + data.length];
        System.arraycopy(type.getBytes(StandardCharsets.US_ASCII), 0, typeAndData, 0, 4);
        System.arraycopy(data, 0, typeAndData, 4, data.length);
        CRC32 crc = new CRC32();
        crc.update(typeAndData);
        return ByteBuffer.allocate(8 + data.length + 4).putInt(data.length).put(typeAndData)
                .putInt((int) crc.getValue()).array();
    }

    private static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
