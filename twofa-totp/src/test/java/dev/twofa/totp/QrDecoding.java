package dev.twofa.totp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.EncodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.QRCodeWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Turns each rendering back into a module grid ({@code grid[y][x]}, true for dark, quiet zone
 * included) without trusting the code under test, and decodes grids and images with zxing's
 * {@link QRCodeReader} the way a camera app would: finder-pattern detection on a binarized image,
 * not the pure-barcode shortcut.
 */
final class QrDecoding {

    /** Pixels per module when a grid is rasterized for the reader, in the order tried. */
    private static final int[] RASTER_SCALES = {4, 3, 5, 2, 7};

    private static final Pattern SVG_HEAD = Pattern.compile(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"(\\d+)\" height=\"(\\d+)\" viewBox=\"0 0 (\\d+) (\\d+)\""
                    + " shape-rendering=\"crispEdges\"><rect width=\"(\\d+)\" height=\"(\\d+)\" fill=\"#fff\"/>"
                    + "<path fill=\"#000\" d=\"([^\"]*)\"/></svg>\n");

    private static final Pattern SVG_RUN = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z");

    private QrDecoding() {}

    /** A decoded PNG: its header fields and pixels ({@code true} for black). */
    record Png(int width, int height, int bitDepth, int colourType, List<String> chunkTypes, boolean[][] pixels) {}

    /** An SVG's parsed attributes and module grid. */
    record Svg(int width, int viewBoxSide, List<int[]> runs, boolean[][] grid) {}

    /** Reads an SVG written by {@link QrCode#svg(String)} back into its module grid. */
    static Svg parseSvg(String svg) {
        Matcher head = SVG_HEAD.matcher(svg);
        assertThat(head.matches()).as("SVG layout").isTrue();
        int width = Integer.parseInt(head.group(1));
        assertThat(head.group(2)).isEqualTo(head.group(1));
        int side = Integer.parseInt(head.group(3));
        assertThat(head.group(4)).isEqualTo(head.group(3));
        assertThat(head.group(5)).isEqualTo(head.group(3));
        assertThat(head.group(6)).isEqualTo(head.group(3));
        boolean[][] grid = new boolean[side][side];
        List<int[]> runs = new ArrayList<>();
        Matcher run = SVG_RUN.matcher(head.group(7));
        int end = 0;
        while (run.find()) {
            assertThat(run.start()).as("path data holds only runs").isEqualTo(end);
            end = run.end();
            int x = Integer.parseInt(run.group(1));
            int y = Integer.parseInt(run.group(2));
            int length = Integer.parseInt(run.group(3));
            assertThat(run.group(4)).isEqualTo(run.group(3));
            for (int i = x; i < x + length; i++) {
                assertThat(grid[y][i]).as("runs do not overlap").isFalse();
                grid[y][i] = true;
            }
            runs.add(new int[] {x, y, length});
        }
        assertThat(end).as("path data holds only runs").isEqualTo(head.group(7).length());
        return new Svg(width, side, runs, grid);
    }

    /**
     * Reads a PNG with a decoder written here: checks the signature and every chunk's CRC, inflates
     * the IDAT data and undoes the scanline filters (all five types, so the test does not depend
     * on which filter the writer picks). Supports the grayscale 1-bit images {@link QrCode} writes.
     */
    static Png parsePng(byte[] png) {
        ByteBuffer in = ByteBuffer.wrap(png);
        byte[] signature = new byte[8];
        in.get(signature);
        assertThat(signature).containsExactly(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
        List<String> types = new ArrayList<>();
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        int width = 0;
        int height = 0;
        int bitDepth = 0;
        int colourType = -1;
        while (in.hasRemaining()) {
            int length = in.getInt();
            byte[] typeAndData = new byte[4 + length];
            in.get(typeAndData);
            CRC32 crc = new CRC32();
            crc.update(typeAndData);
            assertThat(in.getInt()).as("CRC").isEqualTo((int) crc.getValue());
            String type = new String(typeAndData, 0, 4, StandardCharsets.US_ASCII);
            types.add(type);
            ByteBuffer data = ByteBuffer.wrap(typeAndData, 4, length);
            switch (type) {
                case "IHDR" -> {
                    width = data.getInt();
                    height = data.getInt();
                    bitDepth = data.get();
                    colourType = data.get();
                    assertThat(data.get()).as("compression").isZero();
                    assertThat(data.get()).as("filter method").isZero();
                    assertThat(data.get()).as("interlace").isZero();
                }
                case "IDAT" -> idat.write(typeAndData, 4, length);
                case "IEND" -> assertThat(length).isZero();
                default -> { }
            }
        }
        assertThat(colourType).as("grayscale").isZero();
        assertThat(bitDepth).isEqualTo(1);
        int stride = (width + 7) / 8;
        byte[] raw = inflate(idat.toByteArray(), (stride + 1) * height);
        boolean[][] pixels = new boolean[height][width];
        byte[] previous = new byte[stride];
        for (int y = 0; y < height; y++) {
            int filter = raw[y * (stride + 1)];
            byte[] line = new byte[stride];
            System.arraycopy(raw, y * (stride + 1) + 1, line, 0, stride);
            unfilter(filter, line, previous);
            for (int x = 0; x < width; x++) {
                pixels[y][x] = (line[x >>> 3] & (0x80 >>> (x & 7))) == 0;
            }
            previous = line;
        }
        return new Png(width, height, bitDepth, colourType, types, pixels);
    }

    private static byte[] inflate(byte[] zlib, int expected) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(zlib);
            byte[] out = new byte[expected];
            int n = 0;
            while (n < expected && !inflater.finished()) {
                int got = inflater.inflate(out, n, expected - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            assertThat(n).as("inflated bytes").isEqualTo(expected);
            assertThat(inflater.inflate(new byte[1])).as("no data beyond the image").isZero();
            assertThat(inflater.finished()).as("zlib stream complete").isTrue();
            return out;
        } catch (DataFormatException e) {
            throw new AssertionError("IDAT is not a zlib stream", e);
        } finally {
            inflater.end();
        }
    }

    /** Undoes a PNG filter with bpp 1 (bit depth 1, one channel). */
    private static void unfilter(int filter, byte[] line, byte[] previous) {
        for (int i = 0; i < line.length; i++) {
            int a = i > 0 ? line[i - 1] & 0xFF : 0;
            int b = previous[i] & 0xFF;
            int c = i > 0 ? previous[i - 1] & 0xFF : 0;
            int predictor = switch (filter) {
                case 0 -> 0;
                case 1 -> a;
                case 2 -> b;
                case 3 -> (a + b) / 2;
                case 4 -> paeth(a, b, c);
                default -> throw new AssertionError("unknown filter " + filter);
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

    /**
     * Turns pixels into modules, asserting each module is a uniform square of {@code scale}
     * pixels.
     */
    static boolean[][] modules(boolean[][] pixels, int scale) {
        int side = pixels.length / scale;
        assertThat(pixels.length).isEqualTo(side * scale);
        boolean[][] grid = new boolean[side][side];
        for (int y = 0; y < pixels.length; y++) {
            assertThat(pixels[y]).hasSize(pixels.length);
            for (int x = 0; x < pixels.length; x++) {
                boolean module = pixels[y - y % scale][x - x % scale];
                assertThat(pixels[y][x]).as("pixel (%d, %d) matches its module", x, y).isEqualTo(module);
                grid[y / scale][x / scale] = module;
            }
        }
        return grid;
    }

    /**
     * Reads a PNG with {@code javax.imageio.ImageIO} (test only; the library never touches AWT) and
     * returns its width, height and ARGB pixels, row by row.
     *
     * <p>Reflection, because the tests are compiled into the {@code dev.twofa.totp} module, which
     * does not read {@code java.desktop}; they run on the class path, where it is readable.
     */
    static int[] imageIoArgb(byte[] png) {
        try {
            Class<?> imageIo = Class.forName("javax.imageio.ImageIO");
            Object image = imageIo.getMethod("read", InputStream.class).invoke(null, new ByteArrayInputStream(png));
            assertThat(image).as("ImageIO reads the PNG").isNotNull();
            int w = (Integer) image.getClass().getMethod("getWidth").invoke(image);
            int h = (Integer) image.getClass().getMethod("getHeight").invoke(image);
            int[] argb = new int[w * h];
            image.getClass()
                    .getMethod("getRGB", int.class, int.class, int.class, int.class, int[].class, int.class, int.class)
                    .invoke(image, 0, 0, w, h, argb, 0, w);
            int[] result = new int[2 + argb.length];
            result[0] = w;
            result[1] = h;
            System.arraycopy(argb, 0, result, 2, argb.length);
            return result;
        } catch (InvocationTargetException e) {
            throw new AssertionError("ImageIO could not read the PNG", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("ImageIO is not available", e);
        }
    }

    /** Reads PNG pixels with ImageIO ({@code true} for black), asserting pure black or white. */
    static boolean[][] imageIoPixels(byte[] png) {
        int[] image = imageIoArgb(png);
        int w = image[0];
        int h = image[1];
        boolean[][] pixels = new boolean[h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image[2 + y * w + x] & 0xFFFFFF;
                assertThat(rgb).as("pure black or white").isIn(0, 0xFFFFFF);
                pixels[y][x] = rgb == 0;
            }
        }
        return pixels;
    }

    /**
     * Decodes a PNG read by ImageIO: first its pixels straight into zxing at the PNG's own
     * resolution; if the detector misses it there (see {@link #decode(boolean[][])}), the modules
     * read from ImageIO's pixels at other scales.
     */
    static String decodeWithImageIo(byte[] png, int moduleSize) {
        int[] image = imageIoArgb(png);
        int w = image[0];
        int h = image[1];
        int[] argb = new int[w * h];
        System.arraycopy(image, 2, argb, 0, argb.length);
        try {
            return decodeResult(new RGBLuminanceSource(w, h, argb)).getText();
        } catch (AssertionError e) {
            return decode(modules(imageIoPixels(png), moduleSize));
        }
    }

    /**
     * Reads a terminal rendering back into modules. With a dark background a glyph half is a
     * light module; with a light background it is a dark one.
     */
    static boolean[][] parseTerminal(String terminal, QrCode.TerminalBackground background) {
        assertThat(terminal).endsWith("\n");
        String[] lines = terminal.split("\n", -1);
        int lineCount = lines.length - 1;
        int side = lines[0].length();
        assertThat(lineCount).as("two module rows per line").isEqualTo((side + 1) / 2);
        boolean glyphIsDark = background == QrCode.TerminalBackground.LIGHT;
        boolean[][] grid = new boolean[side][side];
        for (int line = 0; line < lineCount; line++) {
            assertThat(lines[line]).as("line %d", line).hasSize(side);
            for (int x = 0; x < side; x++) {
                char c = lines[line].charAt(x);
                boolean upper;
                boolean lower;
                switch (c) {
                    case '█' -> { upper = true; lower = true; }
                    case '▀' -> { upper = true; lower = false; }
                    case '▄' -> { upper = false; lower = true; }
                    case ' ' -> { upper = false; lower = false; }
                    default -> throw new AssertionError("unexpected character U+" + Integer.toHexString(c));
                }
                grid[2 * line][x] = upper == glyphIsDark;
                if (2 * line + 1 < side) {
                    grid[2 * line + 1][x] = lower == glyphIsDark;
                } else {
                    assertThat(lower).as("half row below the symbol is left to the background").isFalse();
                }
            }
        }
        return grid;
    }

    /**
     * Rasterizes a module grid and decodes it with the detector, as a camera app does; returns the
     * text.
     *
     * <p>On flawless synthetic images zxing's finder-pattern detector misses about one symbol in
     * two hundred at any one scale (it does the same on zxing's own {@link QRCodeWriter} output,
     * which these grids equal module for module). A camera sees the code at many scales, so this
     * tries a few. A few symbols it misses at every scale (some data modules mimic a finder
     * pattern; the property tests meet one in a few hundred random texts): those are read as a
     * pure barcode, module by module, which still checks every bit of the text. It fails only if
     * neither reads the symbol.
     */
    static String decode(boolean[][] grid) {
        return decodeResult(grid).getText();
    }

    /** Decodes a grid as {@link #decode(boolean[][])} does and returns zxing's whole result. */
    static Result decodeResult(boolean[][] grid) {
        AssertionError failure = new AssertionError("zxing could not read the QR code at any scale, nor as a pure barcode");
        for (int scale : RASTER_SCALES) {
            try {
                return decodeResult(rasterize(grid, scale));
            } catch (AssertionError e) {
                failure.addSuppressed(e.getCause());
            }
        }
        try {
            return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(rasterize(grid, RASTER_SCALES[0]))),
                    Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE));
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
        throw failure;
    }

    private static LuminanceSource rasterize(boolean[][] grid, int scale) {
        int side = grid.length * scale;
        int[] argb = new int[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                argb[y * side + x] = grid[y / scale][x / scale] ? 0xFF000000 : 0xFFFFFFFF;
            }
        }
        return new RGBLuminanceSource(side, side, argb);
    }

    /** Decodes with the detector (not the pure-barcode shortcut) and TRY_HARDER. */
    private static Result decodeResult(LuminanceSource source) {
        try {
            return new QRCodeReader().decode(
                    new BinaryBitmap(new HybridBinarizer(source)), Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
        } catch (Exception e) {
            throw new AssertionError("zxing could not read the QR code", e);
        }
    }

    /** Returns zxing's own {@link QRCodeWriter} grid for the text, quiet zone included. */
    static boolean[][] zxingWriterGrid(String text, ErrorCorrection level, int quietZone) {
        Map<EncodeHintType, Object> hints = new HashMap<>();
        hints.put(EncodeHintType.ERROR_CORRECTION, level.zxingLevel());
        hints.put(EncodeHintType.MARGIN, quietZone);
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(text)) {
            hints.put(EncodeHintType.CHARACTER_SET, "UTF-8");
        }
        try {
            BitMatrix matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, hints);
            boolean[][] grid = new boolean[matrix.getHeight()][matrix.getWidth()];
            for (int y = 0; y < matrix.getHeight(); y++) {
                for (int x = 0; x < matrix.getWidth(); x++) {
                    grid[y][x] = matrix.get(x, y);
                }
            }
            return grid;
        } catch (Exception e) {
            throw new AssertionError("zxing could not encode", e);
        }
    }

    /** Returns the width of the light margin: rows and columns from each edge before a dark module. */
    static int quietZone(boolean[][] grid) {
        int side = grid.length;
        int top = side;
        int left = side;
        int bottom = side;
        int right = side;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                if (grid[y][x]) {
                    top = Math.min(top, y);
                    left = Math.min(left, x);
                    bottom = Math.min(bottom, side - 1 - y);
                    right = Math.min(right, side - 1 - x);
                }
            }
        }
        return Math.min(Math.min(top, left), Math.min(bottom, right));
    }

    /** Decodes a base64 data URI with the given prefix. */
    static byte[] dataUriBytes(String uri, String prefix) {
        assertThat(uri).startsWith(prefix);
        return Base64.getDecoder().decode(uri.substring(prefix.length()));
    }
}
