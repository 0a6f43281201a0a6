package dev.twofa.testkit.internal;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.PlanarYUVLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.common.GlobalHistogramBinarizer;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads the text of a QR code in an image with zxing's {@link QRCodeReader}, the way a phone's
 * camera would, trying a few ways in turn: the pure-barcode reading that suits a clean rendered
 * image, then finder-pattern detection at the image's own size and at two other sizes (zxing's
 * detector misses about one flawless synthetic symbol in two hundred at any one size).
 *
 * <p>Stateless and thread-safe.
 */
public final class QrReader {

    private static final double[] RESCALES = {0.5, 1.5};

    private QrReader() {
    }

    /**
     * Reads a PNG file's QR code (see {@link PngDecoder} for the PNG files it reads).
     *
     * @param png the PNG file
     * @return the encoded text
     * @throws IllegalArgumentException if the file cannot be read or holds no readable QR code
     */
    public static String readPng(byte[] png) {
        return read(PngDecoder.decode(png));
    }

    /**
     * Reads an SVG document's QR code (see {@link SvgRasterizer} for the SVG it paints).
     *
     * @param svg the SVG text
     * @return the encoded text
     * @throws IllegalArgumentException if the document cannot be painted or holds no readable QR
     *     code
     */
    public static String readSvg(String svg) {
        return read(SvgRasterizer.paint(svg));
    }

    /**
     * Reads an image's QR code.
     *
     * @param image the image
     * @return the encoded text
     * @throws IllegalArgumentException if no QR code could be read; the message never holds a
     *     decoded text
     */
    public static String read(GrayImage image) {
        LuminanceSource source = source(image);
        String text = attempt(new BinaryBitmap(new GlobalHistogramBinarizer(source)), true);
        if (text == null) {
            text = attempt(new BinaryBitmap(new HybridBinarizer(source)), false);
        }
        for (int i = 0; text == null && i < RESCALES.length; i++) {
            GrayImage scaled = rescale(image, RESCALES[i]);
            if (scaled != null) {
                text = attempt(new BinaryBitmap(new HybridBinarizer(source(scaled))), false);
            }
        }
        if (text == null) {
            throw new IllegalArgumentException("no readable QR code in the " + image.width() + "x" + image.height()
                    + " image");
        }
        return text;
    }

    private static String attempt(BinaryBitmap bitmap, boolean pure) {
        Map<DecodeHintType, Object> hints = pure
                ? Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE, DecodeHintType.CHARACTER_SET,
                        StandardCharsets.UTF_8.name())
                : Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE, DecodeHintType.CHARACTER_SET,
                        StandardCharsets.UTF_8.name());
        try {
            return new QRCodeReader().decode(bitmap, hints).getText();
        } catch (ReaderException | RuntimeException e) {
            // zxing signals "not found here" with exceptions; the next attempt may succeed.
            return null;
        }
    }

    private static LuminanceSource source(GrayImage image) {
        return new PlanarYUVLuminanceSource(image.luminance(), image.width(), image.height(), 0, 0, image.width(),
                image.height(), false);
    }

    /** Nearest-neighbour rescale; null if the result would be too small or too large. */
    private static GrayImage rescale(GrayImage image, double factor) {
        int w = (int) Math.round(image.width() * factor);
        int h = (int) Math.round(image.height() * factor);
        if (w < 21 || h < 21 || (long) w * h > PngDecoder.MAX_PIXELS) {
            return null;
        }
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            int sy = Math.min(image.height() - 1, (int) ((y + 0.5) / factor));
            for (int x = 0; x < w; x++) {
                int sx = Math.min(image.width() - 1, (int) ((x + 0.5) / factor));
                out[y * w + x] = image.luminance()[sy * image.width() + sx];
            }
        }
        return new GrayImage(w, h, out);
    }
}
