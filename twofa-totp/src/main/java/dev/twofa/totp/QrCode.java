package dev.twofa.totp;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.encoder.Encoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * Renders a text, normally the {@code otpauth://} provisioning URI, as a QR code: SVG text, PNG
 * bytes, {@code data:} URIs for an {@code <img>}, or Unicode half blocks for a terminal. The
 * symbol is encoded with zxing-core and drawn here, locally: no remote QR service, and no AWT or
 * ImageIO at run time (SECURITY.md 29).
 *
 * <pre>{@code
 * QrCode qr = QrCode.defaults();              // error correction M, quiet zone 4, 6 px per module
 * String svg = qr.svg(setup.otpauthUri());    // inline in the enrollment page
 * String img = qr.pngDataUri(setup.otpauthUri());
 * }</pre>
 *
 * <p>Every rendering decodes with zxing's reader back to exactly the text, and keeps a light
 * quiet zone of at least {@value #MIN_QUIET_ZONE} modules around the symbol (SECURITY.md 31). A
 * pure-ASCII text (every otpauth URI, whose label and parameters are percent-encoded) is encoded
 * as is; any other text is encoded as UTF-8 behind an ECI marker, so readers do not guess a
 * character set.
 *
 * <p>The text holds the secret: nothing here keeps it, logs it or puts it in an exception
 * message, and {@link #toString()} shows the options only. Send the rendered page with {@code
 * Cache-Control: no-store}.
 *
 * <p>Immutable and thread-safe: build one and share it.
 */
public final class QrCode {

    /** Default quiet zone in modules: the minimum ISO/IEC 18004 asks for. */
    public static final int DEFAULT_QUIET_ZONE = 4;

    /** Smallest quiet zone accepted, in modules; narrower margins make phones miss the symbol. */
    public static final int MIN_QUIET_ZONE = 4;

    /** Largest quiet zone accepted, in modules. */
    public static final int MAX_QUIET_ZONE = 16;

    /** Default size of one module in PNG pixels and SVG user units. */
    public static final int DEFAULT_MODULE_SIZE = 6;

    /** Largest module size accepted, in pixels. */
    public static final int MAX_MODULE_SIZE = 32;

    /** Most characters any QR code holds (numeric mode, version 40, level L); longer texts fail fast. */
    private static final int MAX_CHARS = 7089;

    private static final Map<EncodeHintType, Object> UTF_8 =
            Map.of(EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());

    private static final QrCode DEFAULTS = new QrCode(ErrorCorrection.M, DEFAULT_QUIET_ZONE, DEFAULT_MODULE_SIZE);

    private static final String PNG_DATA_PREFIX = "data:image/png;base64,";
    private static final String SVG_DATA_PREFIX = "data:image/svg+xml;base64,";

    private final ErrorCorrection errorCorrection;
    private final int quietZone;
    private final int moduleSize;

    private QrCode(ErrorCorrection errorCorrection, int quietZone, int moduleSize) {
        this.errorCorrection = errorCorrection;
        this.quietZone = quietZone;
        this.moduleSize = moduleSize;
    }

    /**
     * Returns the renderer with the default options: error correction {@link ErrorCorrection#M},
     * a quiet zone of {@value #DEFAULT_QUIET_ZONE} modules and {@value #DEFAULT_MODULE_SIZE}
     * pixels per module.
     *
     * <p>Thread-safe; returns the same shared instance every time.
     *
     * @return the default renderer
     */
    public static QrCode defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a new builder, every option at its default.
     *
     * <p>Thread-safe; the builder itself is not.
     *
     * @return a fresh builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the error-correction level.
     *
     * <p>Thread-safe.
     *
     * @return the level, {@link ErrorCorrection#M} by default
     */
    public ErrorCorrection errorCorrection() {
        return errorCorrection;
    }

    /**
     * Returns the quiet zone: light modules on each side of the symbol.
     *
     * <p>Thread-safe.
     *
     * @return the quiet zone in modules, {@value #DEFAULT_QUIET_ZONE} by default
     */
    public int quietZone() {
        return quietZone;
    }

    /**
     * Returns the size of one module in PNG pixels and in the SVG's width and height.
     *
     * <p>Thread-safe.
     *
     * @return pixels per module, {@value #DEFAULT_MODULE_SIZE} by default
     */
    public int moduleSize() {
        return moduleSize;
    }

    /**
     * Renders the text as a standalone SVG document: a white background {@code <rect>} and one
     * black {@code <path>} whose subpaths are the horizontal runs of dark modules, each run
     * merged into one rectangle. The {@code viewBox} counts modules (quiet zone included), so the
     * image scales without blur; {@code width} and {@code height} are the module count times
     * {@link #moduleSize()}; {@code shape-rendering="crispEdges"} keeps module edges sharp.
     *
     * <p>Thread-safe.
     *
     * @param text the text to encode, normally an otpauth URI
     * @return the SVG document, without an XML declaration so it can be inlined in HTML
     * @throws InvalidQrTextException if the text is null, empty, holds an unpaired surrogate or
     *     does not fit a QR code at this error-correction level
     */
    public String svg(String text) {
        return svg(encode(text));
    }

    /**
     * Renders the text as a PNG image: 1-bit grayscale, the side being the module count (quiet
     * zone included) times {@link #moduleSize()} pixels.
     *
     * <p>Thread-safe.
     *
     * @param text the text to encode, normally an otpauth URI
     * @return the bytes of the PNG file, a fresh array
     * @throws InvalidQrTextException if the text is null, empty, holds an unpaired surrogate or
     *     does not fit a QR code at this error-correction level
     */
    public byte[] png(String text) {
        return PngWriter.write(encode(text), quietZone, moduleSize);
    }

    /**
     * Renders the text as {@link #png(String) PNG} in a {@code data:image/png;base64,} URI, for
     * the {@code src} of an {@code <img>}. The URI holds the secret as much as the text does.
     *
     * <p>Thread-safe.
     *
     * @param text the text to encode, normally an otpauth URI
     * @return the data URI
     * @throws InvalidQrTextException if the text is null, empty, holds an unpaired surrogate or
     *     does not fit a QR code at this error-correction level
     */
    public String pngDataUri(String text) {
        return dataUri(PNG_DATA_PREFIX, png(text));
    }

    /**
     * Renders the text as {@link #svg(String) SVG} in a {@code data:image/svg+xml;base64,} URI,
     * for the {@code src} of an {@code <img>} or a CSS {@code url()}.
     *
     * <p>Thread-safe.
     *
     * @param text the text to encode, normally an otpauth URI
     * @return the data URI
     * @throws InvalidQrTextException if the text is null, empty, holds an unpaired surrogate or
     *     does not fit a QR code at this error-correction level
     */
    public String svgDataUri(String text) {
        return dataUri(SVG_DATA_PREFIX, svg(text).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Renders the text for a terminal whose background is dark, the common default: same as
     * {@link #terminal(String, TerminalBackground) terminal(text, TerminalBackground.DARK)}.
     *
     * <p>Thread-safe.
     *
     * @param text the text to encode, normally an otpauth URI
     * @return the lines of half blocks, each ended by {@code '\n'}
     * @throws InvalidQrTextException if the text is null, empty, holds an unpaired surrogate or
     *     does not fit a QR code at this error-correction level
     */
    public String terminal(String text) {
        return terminal(text, TerminalBackground.DARK);
    }

    /**
     * Renders the text as Unicode half blocks for a terminal, two module rows per text line, one
     * character per module column, so modules come out roughly square. The quiet zone is
     * included; {@link #moduleSize()} does not apply.
     *
     * <p>A phone needs dark modules on a light ground, but a terminal paints glyphs in its
     * foreground colour on its background colour, and which one is light depends on the terminal.
     * So the glyphs ({@code ▀ ▄ █}) draw whatever is <em>not</em> the background's colour and
     * spaces let the background through:
     *
     * <ul>
     *   <li>{@link TerminalBackground#DARK} (light text on a dark background, the default): the
     *       glyphs draw the <em>light</em> modules and the quiet zone, spaces leave the dark
     *       modules to the dark background;
     *   <li>{@link TerminalBackground#LIGHT} (dark text on a light background): the glyphs draw
     *       the <em>dark</em> modules, the quiet zone and light modules are spaces.
     * </ul>
     *
     * Either way the screen shows dark on light. Choosing the wrong one shows a negative, which
     * many phone apps cannot read. When the module count is odd, the lower half of the last line
     * is left to the background (outside the quiet zone). Every line is equally long, trailing
     * spaces included.
     *
     * <p>Thread-safe.
     *
     * @param text the text to encode, normally an otpauth URI
     * @param background the terminal's background colour
     * @return the lines of half blocks, each ended by {@code '\n'}
     * @throws InvalidQrTextException if the text is null, empty, holds an unpaired surrogate or
     *     does not fit a QR code at this error-correction level
     * @throws NullPointerException if background is null
     */
    public String terminal(String text, TerminalBackground background) {
        Objects.requireNonNull(background, "background");
        return terminal(encode(text), background == TerminalBackground.DARK);
    }

    /** Returns the options, never a text. */
    @Override
    public String toString() {
        return "QrCode[errorCorrection=" + errorCorrection + ", quietZone=" + quietZone + ", moduleSize="
                + moduleSize + "]";
    }

    /** Encodes once; the matrix is {@code [y][x]}, 1 for dark, without quiet zone. */
    private byte[][] encode(String text) {
        if (text == null) {
            throw new InvalidQrTextException("QR code text must not be null");
        }
        int length = text.length();
        if (length == 0) {
            throw new InvalidQrTextException("QR code text must not be empty");
        }
        if (length > MAX_CHARS) {
            throw new InvalidQrTextException(
                    "QR code text of " + length + " chars is longer than any QR code holds (" + MAX_CHARS + ")");
        }
        boolean ascii = true;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                ascii = false;
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    throw new InvalidQrTextException("QR code text holds an unpaired surrogate at index " + i);
                }
            }
        }
        try {
            // ASCII: no hint, so no ECI header; zxing picks numeric, alphanumeric or byte mode.
            return Encoder.encode(text, errorCorrection.zxingLevel(), ascii ? null : UTF_8)
                    .getMatrix()
                    .getArray();
        } catch (WriterException e) {
            throw new InvalidQrTextException("QR code text of " + length + " chars does not fit a QR code at error"
                    + " correction " + errorCorrection, e);
        }
    }

    private String svg(byte[][] modules) {
        int n = modules.length;
        int side = n + 2 * quietZone;
        int pixels = side * moduleSize;
        // About one run per four modules, about fifteen characters per run.
        StringBuilder svg = new StringBuilder(320 + n * n * 4);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(pixels)
                .append("\" height=\"").append(pixels)
                .append("\" viewBox=\"0 0 ").append(side).append(' ').append(side)
                .append("\" shape-rendering=\"crispEdges\"><rect width=\"").append(side)
                .append("\" height=\"").append(side)
                .append("\" fill=\"#fff\"/><path fill=\"#000\" d=\"");
        for (int y = 0; y < n; y++) {
            int top = y + quietZone;
            darkRuns(modules[y], (start, end) -> svg.append('M').append(start + quietZone).append(' ').append(top)
                    .append('h').append(end - start).append("v1h-").append(end - start).append('z'));
        }
        return svg.append("\"/></svg>\n").toString();
    }

    /** Receives one run of dark modules of a row, modules {@code start} (inclusive) to {@code end}. */
    @FunctionalInterface
    interface RunSink {
        void run(int start, int end);
    }

    /** Calls {@code sink} for each maximal run of dark (non-zero) modules of a row, left to right. */
    static void darkRuns(byte[] row, RunSink sink) {
        int x = 0;
        while (x < row.length) {
            if (row[x] == 0) {
                x++;
                continue;
            }
            int start = x;
            while (x < row.length && row[x] != 0) {
                x++;
            }
            sink.run(start, x);
        }
    }

    private String terminal(byte[][] modules, boolean drawLight) {
        int n = modules.length;
        int side = n + 2 * quietZone;
        int lines = (side + 1) / 2;
        StringBuilder out = new StringBuilder(lines * (side + 1));
        for (int line = 0; line < lines; line++) {
            int top = 2 * line;
            for (int x = 0; x < side; x++) {
                // A half is lit (drawn by the glyph) when its module has the colour opposite the background.
                boolean upper = lit(modules, top, x, drawLight);
                boolean lower = top + 1 < side && lit(modules, top + 1, x, drawLight);
                out.append(upper ? (lower ? '█' : '▀') : (lower ? '▄' : ' '));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Tells whether the module at padded coordinates (y, x) is drawn by a glyph. */
    private boolean lit(byte[][] modules, int y, int x, boolean drawLight) {
        int n = modules.length;
        int my = y - quietZone;
        int mx = x - quietZone;
        boolean dark = my >= 0 && my < n && mx >= 0 && mx < n && modules[my][mx] != 0;
        return dark != drawLight;
    }

    private static String dataUri(String prefix, byte[] bytes) {
        byte[] base64 = Base64.getEncoder().encode(bytes);
        return new StringBuilder(prefix.length() + base64.length)
                .append(prefix)
                .append(new String(base64, StandardCharsets.ISO_8859_1))
                .toString();
    }

    /**
     * The background colour of the terminal a {@link QrCode#terminal(String, TerminalBackground)}
     * rendering is printed on.
     *
     * <p>Immutable and thread-safe.
     */
    public enum TerminalBackground {

        /** Light text on a dark background: glyphs draw the light modules and the quiet zone. */
        DARK,

        /** Dark text on a light background: glyphs draw the dark modules. */
        LIGHT
    }

    /**
     * Builds a {@link QrCode}. Each setter checks its value at once and may be called once.
     *
     * <p>Not thread-safe: use a builder from one thread; the {@link QrCode} it builds is
     * immutable and thread-safe.
     */
    public static final class Builder {

        private ErrorCorrection errorCorrection;
        private int quietZone = -1;
        private int moduleSize = -1;

        private Builder() {}

        /**
         * Sets the error-correction level; {@link ErrorCorrection#M} if not set.
         *
         * @param level the level
         * @return this builder
         * @throws NullPointerException if level is null
         * @throws IllegalStateException if the level was already set
         */
        public Builder errorCorrection(ErrorCorrection level) {
            Objects.requireNonNull(level, "errorCorrection");
            if (errorCorrection != null) {
                throw new IllegalStateException("errorCorrection was already set to " + errorCorrection);
            }
            errorCorrection = level;
            return this;
        }

        /**
         * Sets the quiet zone, the light margin on each side of the symbol, in modules; {@value
         * #DEFAULT_QUIET_ZONE} if not set.
         *
         * @param modules the margin, from {@value #MIN_QUIET_ZONE} to {@value #MAX_QUIET_ZONE}
         * @return this builder
         * @throws IllegalArgumentException if modules is out of range
         * @throws IllegalStateException if the quiet zone was already set
         */
        public Builder quietZone(int modules) {
            if (modules < MIN_QUIET_ZONE || modules > MAX_QUIET_ZONE) {
                throw new IllegalArgumentException("quietZone must be " + MIN_QUIET_ZONE + " to " + MAX_QUIET_ZONE
                        + " modules, not " + modules);
            }
            if (quietZone != -1) {
                throw new IllegalStateException("quietZone was already set to " + quietZone);
            }
            quietZone = modules;
            return this;
        }

        /**
         * Sets the size of one module in PNG pixels (and in the SVG's width and height); {@value
         * #DEFAULT_MODULE_SIZE} if not set. The terminal rendering ignores it.
         *
         * @param pixels pixels per module, from 1 to {@value #MAX_MODULE_SIZE}
         * @return this builder
         * @throws IllegalArgumentException if pixels is out of range
         * @throws IllegalStateException if the module size was already set
         */
        public Builder moduleSize(int pixels) {
            if (pixels < 1 || pixels > MAX_MODULE_SIZE) {
                throw new IllegalArgumentException("moduleSize must be 1 to " + MAX_MODULE_SIZE + " pixels, not "
                        + pixels);
            }
            if (moduleSize != -1) {
                throw new IllegalStateException("moduleSize was already set to " + moduleSize);
            }
            moduleSize = pixels;
            return this;
        }

        /**
         * Returns a renderer with the options set so far, defaults for the rest. May be called
         * again; options set afterwards do not change renderers already built.
         *
         * @return the immutable, thread-safe renderer
         */
        public QrCode build() {
            return new QrCode(
                    errorCorrection == null ? ErrorCorrection.M : errorCorrection,
                    quietZone == -1 ? DEFAULT_QUIET_ZONE : quietZone,
                    moduleSize == -1 ? DEFAULT_MODULE_SIZE : moduleSize);
        }

        /** Returns the options set so far. */
        @Override
        public String toString() {
            return "QrCode.Builder[errorCorrection=" + errorCorrection + ", quietZone=" + quietZone
                    + ", moduleSize=" + moduleSize + "]";
        }
    }
}
