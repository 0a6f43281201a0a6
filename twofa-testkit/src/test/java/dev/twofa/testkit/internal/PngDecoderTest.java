package dev.twofa.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twofa.totp.QrCode;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PngDecoderTest {

    private static final int W = 13;
    private static final int H = 11;

    /** The luminance the test image has at (x, y): a gradient that uses the whole 0-255 range. */
    private static int expected(int x, int y) {
        return ((x * 7 + y * 13) * 255 / (12 * 7 + 10 * 13));
    }

    static Stream<Arguments> grayscaleDepths() {
        return Stream.of(1, 2, 4, 8, 16).map(Arguments::of);
    }

    @ParameterizedTest(name = "bit depth {0}")
    @MethodSource("grayscaleDepths")
    void decode_grayscaleAtEveryDepthAndEveryFilter_givesTheLuminance(int depth) {
        int max = (1 << depth) - 1;
        int[][] samples = new int[H][W];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                samples[y][x] = Math.round(expected(x, y) * max / 255f);
            }
        }

        GrayImage image = PngDecoder.decode(PngFiles.write(W, H, depth, 0, samples, null, 0));

        assertThat(image.width()).isEqualTo(W);
        assertThat(image.height()).isEqualTo(H);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                assertThat(image.at(x, y)).as("(%d, %d)", x, y).isEqualTo(samples[y][x] * 255 / max);
            }
        }
    }

    @Test
    void decode_truecolourWithAndWithoutAlphaAt8And16Bits_givesLuminanceOverWhite() {
        for (int depth : new int[] {8, 16}) {
            int scale = depth == 16 ? 257 : 1;
            int[][] rgb = new int[1][3 * 3];
            int[][] rgba = new int[1][4 * 3];
            int[][] pixels = {{255, 0, 0}, {0, 255, 0}, {10, 20, 30}};
            for (int x = 0; x < 3; x++) {
                for (int c = 0; c < 3; c++) {
                    rgb[0][3 * x + c] = pixels[x][c] * scale;
                    rgba[0][4 * x + c] = pixels[x][c] * scale;
                }
                rgba[0][4 * x + 3] = x == 2 ? 0 : 255 * scale; // the last pixel is transparent
            }

            GrayImage plain = PngDecoder.decode(PngFiles.write(3, 1, depth, 2, rgb, null, 0));
            GrayImage alpha = PngDecoder.decode(PngFiles.write(3, 1, depth, 6, rgba, null, 0));

            assertThat(new int[] {plain.at(0, 0), plain.at(1, 0), plain.at(2, 0)}).containsExactly(76, 149, 18);
            assertThat(new int[] {alpha.at(0, 0), alpha.at(1, 0), alpha.at(2, 0)}).containsExactly(76, 149, 255);
        }
    }

    @Test
    void decode_grayWithAlpha_composesOverWhite() {
        int[][] samples = {{0, 255, 0, 0, 0, 128, 200, 255}};

        GrayImage image = PngDecoder.decode(PngFiles.write(4, 1, 8, 4, samples, null, 0));

        assertThat(new int[] {image.at(0, 0), image.at(1, 0), image.at(2, 0), image.at(3, 0)})
                .containsExactly(0, 255, 127, 200);
    }

    @Test
    void decode_indexedAtEveryDepth_looksUpThePalette() {
        byte[] palette = {0, 0, 0, (byte) 255, (byte) 255, (byte) 255, (byte) 255, 0, 0};
        for (int depth : new int[] {1, 2, 4, 8}) {
            int colours = depth == 1 ? 2 : 3;
            int[][] samples = new int[2][5];
            for (int x = 0; x < 5; x++) {
                samples[0][x] = x % colours;
                samples[1][x] = (x + 1) % colours;
            }

            GrayImage image = PngDecoder.decode(PngFiles.write(5, 2, depth, 3, samples, palette, 0));

            int[] lum = {0, 255, 76};
            for (int x = 0; x < 5; x++) {
                assertThat(image.at(x, 0)).as("depth %d x %d", depth, x).isEqualTo(lum[x % colours]);
                assertThat(image.at(x, 1)).isEqualTo(lum[(x + 1) % colours]);
            }
        }
    }

    @Test
    void decode_qrCodePng_givesBlackAndWhiteModules() {
        GrayImage image = PngDecoder.decode(QrCode.builder().moduleSize(3).build().png("otpauth://totp/A:b?secret=X"));

        assertThat(image.width()).isEqualTo(image.height());
        assertThat(image.width() % 3).as("3 pixels per module").isZero();
        assertThat(image.width() / 3 - 8).as("modules of a QR version: 21, 25, 29...").isBetween(21, 177)
                .satisfies(n -> assertThat((n - 17) % 4).isZero());
        assertThat(image.at(0, 0)).as("quiet zone").isEqualTo(255);
        assertThat(image.at(12, 12)).as("finder pattern corner").isZero();
    }

    @Test
    void decode_brokenFiles_areRefusedSayingWhy() {
        byte[] good = PngFiles.write(2, 2, 8, 0, new int[][] {{0, 1}, {2, 3}}, null, 0);
        byte[] badCrc = good.clone();
        badCrc[30] ^= 1; // inside IHDR's CRC
        byte[] interlaced = PngFiles.write(2, 2, 8, 0, new int[][] {{0, 1}, {2, 3}}, null, 1);
        byte[] badDepth = PngFiles.write(2, 2, 3, 0, new int[][] {{0, 1}, {2, 3}}, null, 0);
        byte[] noPalette = PngFiles.write(2, 2, 8, 3, new int[][] {{0, 1}, {2, 3}}, null, 0);

        assertThatThrownBy(() -> PngDecoder.decode(new byte[] {1, 2, 3})).hasMessageContaining("fewer than 8 bytes");
        assertThatThrownBy(() -> PngDecoder.decode("GIF89a-not-a-png".getBytes())).hasMessageContaining("signature");
        assertThatThrownBy(() -> PngDecoder.decode(badCrc)).hasMessageContaining("IHDR has a wrong CRC");
        assertThatThrownBy(() -> PngDecoder.decode(Arrays.copyOf(good, good.length - 12)))
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> PngDecoder.decode(interlaced)).hasMessageContaining("interlaced");
        assertThatThrownBy(() -> PngDecoder.decode(badDepth)).hasMessageContaining("bit depth 3");
        assertThatThrownBy(() -> PngDecoder.decode(noPalette)).hasMessageContaining("PLTE");
        assertThatThrownBy(() -> PngDecoder.decode(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decode_hugeDeclaredSize_isRefusedBeforeAllocating() {
        byte[] header = PngFiles.chunk("IHDR", java.nio.ByteBuffer.allocate(13).putInt(100_000).putInt(100_000)
                .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0).array());
        byte[] png = new byte[8 + header.length];
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, 0, png, 0, 8);
        System.arraycopy(header, 0, png, 8, header.length);

        assertThatThrownBy(() -> PngDecoder.decode(png))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("over " + PngDecoder.MAX_PIXELS + " pixels");
    }

    // ------------------------------------------------------------------ files built chunk by chunk

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private static byte[] png(byte[]... chunks) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        for (byte[] c : chunks) {
            out.writeBytes(c);
        }
        return out.toByteArray();
    }

    private static byte[] ihdr(int width, int height, int depth, int colour, int compression) {
        return PngFiles.chunk("IHDR", java.nio.ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) depth)
                .put((byte) colour).put((byte) compression).put((byte) 0).put((byte) 0).array());
    }

    private static byte[] idat(byte[] raw, byte[] dictionary) {
        java.util.zip.Deflater deflater = new java.util.zip.Deflater();
        if (dictionary != null) {
            deflater.setDictionary(dictionary);
        }
        deflater.setInput(raw);
        deflater.finish();
        byte[] buffer = new byte[1024];
        int n = deflater.deflate(buffer);
        deflater.end();
        return Arrays.copyOf(buffer, n);
    }

    private static final byte[] IEND = PngFiles.chunk("IEND", new byte[0]);

    /** A 2x1 8-bit gray image: filter byte 0, then the two samples. */
    private static final byte[] RAW_2X1 = {0, 10, 20};

    static Stream<Arguments> brokenFiles() {
        byte[] header = ihdr(2, 1, 8, 0, 0);
        byte[] data = PngFiles.chunk("IDAT", idat(RAW_2X1, null));
        byte[] cut = idat(RAW_2X1, null);
        return Stream.of(
                Arguments.of("the signature alone", png(), "truncated: no IEND"),
                Arguments.of("a chunk longer than the file", png(Arrays.copyOf(header, header.length - 5)),
                        "PNG chunk length 13 runs past the end"),
                Arguments.of("a chunk of negative length", png(java.nio.ByteBuffer.allocate(16).putInt(-1)
                        .put("IHDR".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).array()),
                        "PNG chunk length 4294967295 runs past the end"),
                Arguments.of("no IHDR first", png(IEND), "does not start with an IHDR chunk"),
                Arguments.of("two IHDR", png(header, header, data, IEND), "two IHDR chunks"),
                Arguments.of("an unknown critical chunk", png(header, PngFiles.chunk("ABCz", new byte[3]), data, IEND),
                        "unknown critical chunk ABCz"),
                Arguments.of("an unknown critical chunk, unprintable", png(header, PngFiles.chunk("AB1D", new byte[0]),
                        data, IEND), "unknown critical chunk (unreadable type)"),
                Arguments.of("an IHDR of 12 bytes", png(PngFiles.chunk("IHDR", new byte[12]), data, IEND),
                        "must have 13 bytes, had 12"),
                Arguments.of("width 0", png(ihdr(0, 1, 8, 0, 0), data, IEND), "PNG size 0x1 is empty"),
                Arguments.of("height 0", png(ihdr(1, 0, 8, 0, 0), data, IEND), "PNG size 1x0 is empty"),
                Arguments.of("colour type 7", png(ihdr(2, 1, 8, 7, 0), data, IEND), "colour type 7 does not exist"),
                Arguments.of("truecolour at 4 bits", png(ihdr(2, 1, 4, 2, 0), data, IEND),
                        "colour type 2 cannot have bit depth 4"),
                Arguments.of("indexed at 16 bits", png(ihdr(2, 1, 16, 3, 0), data, IEND),
                        "colour type 3 cannot have bit depth 16"),
                Arguments.of("compression method 1", png(ihdr(2, 1, 8, 0, 1), data, IEND), "must be 0"),
                Arguments.of("a palette not of whole colours", PngFiles.write(2, 1, 8, 3, new int[][] {{0, 0}},
                        new byte[4], 0), "no valid PLTE"),
                Arguments.of("an empty palette", PngFiles.write(2, 1, 8, 3, new int[][] {{0, 0}}, new byte[0], 0),
                        "no valid PLTE"),
                Arguments.of("a pixel beyond the palette", PngFiles.write(2, 1, 8, 3, new int[][] {{0, 2}},
                        new byte[6], 0), "palette index 2 beyond the PLTE"),
                Arguments.of("image data too short", png(header, PngFiles.chunk("IDAT", idat(new byte[] {0, 10}, null)),
                        IEND), "holds 2 bytes, 3 needed"),
                Arguments.of("image data cut off", png(header, PngFiles.chunk("IDAT", Arrays.copyOf(cut, 4)), IEND),
                        "bytes, 3 needed"),
                Arguments.of("image data needing a dictionary", png(header,
                        PngFiles.chunk("IDAT", idat(RAW_2X1, new byte[] {1, 2, 3})), IEND), "holds 0 bytes, 3 needed"),
                Arguments.of("image data not zlib", png(header, PngFiles.chunk("IDAT", new byte[] {1, 2, 3, 4}), IEND),
                        "not a valid zlib stream"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void decode_brokenFile_isRefusedSayingWhy(String what, byte[] file, String message) {
        assertThatThrownBy(() -> PngDecoder.decode(file)).as(what)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void decode_chunkByChunk_readsTheSamples() {
        GrayImage image = PngDecoder.decode(png(ihdr(2, 1, 8, 0, 0), PngFiles.chunk("IDAT", idat(RAW_2X1, null)), IEND));

        assertThat(new int[] {image.at(0, 0), image.at(1, 0)}).containsExactly(10, 20);
    }

    @Test
    void decode_fewValuesUnderEveryFilter_givesTheSamples() {
        // Few distinct values make the Paeth predictor's ties frequent, so its tie order matters.
        java.util.Random random = new java.util.Random(7);
        int[] values = {0, 64, 128, 255};
        int[][] samples = new int[40][40];
        for (int[] row : samples) {
            for (int x = 0; x < row.length; x++) {
                row[x] = values[random.nextInt(values.length)];
            }
        }

        GrayImage image = PngDecoder.decode(PngFiles.write(40, 40, 8, 0, samples, null, 0));

        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 40; x++) {
                assertThat(image.at(x, y)).as("(%d, %d)", x, y).isEqualTo(samples[y][x]);
            }
        }
    }

    @Test
    void decode_halfTransparentGray_composesOverWhite() {
        GrayImage image = PngDecoder.decode(PngFiles.write(1, 1, 8, 4, new int[][] {{200, 128}}, null, 0));

        assertThat(image.at(0, 0)).isEqualTo((200 * 128 + 255 * 127) / 255);
    }
}
