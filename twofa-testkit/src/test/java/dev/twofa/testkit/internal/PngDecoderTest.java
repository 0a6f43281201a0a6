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
}
