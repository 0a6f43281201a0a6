package dev.twofa.benchmarks;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import dev.samstevens.totp.code.HashingAlgorithm;
import dev.samstevens.totp.qr.QrData;
import dev.samstevens.totp.qr.ZxingPngQrGenerator;
import dev.twofa.totp.QrCode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * QR rendering of a typical provisioning URI, in microseconds per image: twofa's SVG, PNG, PNG
 * data URI and terminal text beside java-totp's {@code ZxingPngQrGenerator}, zxing-javase's
 * {@code MatrixToImageWriter} PNG, and zxing's bare {@code QRCodeWriter.encode} as the floor.
 *
 * <p>Same work where the peers allow it: twofa, the floor and {@code MatrixToImageWriter} encode
 * the same URI at the same error-correction level (M, twofa's default) and quiet zone (4
 * modules); the floor stops at zxing's module matrix ({@code BitMatrix}, width 0 = one pixel per
 * module), the others go on to an image of the same side in pixels (module count times twofa's
 * default {@value QrCode#DEFAULT_MODULE_SIZE} px). java-totp offers no way to pass a URI or a
 * level: it renders its own URI for the same issuer, account and secret (it appends algorithm,
 * digits and period) at zxing's default level L, into an image of the same side.
 *
 * <p>Targets: twofa's SVG within 1.2x the floor's time, twofa's PNG at most 0.3x
 * java-totp's. Not an API; the state is per thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(jvmArgsAppend = "-Djava.awt.headless=true")
public class QrBenchmark {

    /** The typical provisioning URI: issuer in label and parameter, 160-bit secret. */
    static final String URI = "otpauth://totp/Example%20Hosting:alice%40example.com"
            + "?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Example%20Hosting";

    private static final Map<EncodeHintType, Object> HINTS =
            Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4);

    private QrCode twofa;
    private QRCodeWriter writer;
    private ZxingPngQrGenerator javaTotp;
    private QrData javaTotpData;
    private int side;

    /** Builds the renderers and checks each produces an image of the same side. */
    @Setup
    public void setUp() throws Exception {
        System.setProperty("java.awt.headless", "true");
        twofa = QrCode.defaults();
        writer = new QRCodeWriter();
        side = pngWidth(twofa.png(URI));
        javaTotp = new ZxingPngQrGenerator();
        javaTotp.setImageSize(side);
        javaTotpData = new QrData.Builder()
                .label("Example Hosting:alice@example.com")
                .secret("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
                .issuer("Example Hosting")
                .algorithm(HashingAlgorithm.SHA1)
                .digits(6)
                .period(30)
                .build();
        if (zxingEncode().getWidth() * QrCode.DEFAULT_MODULE_SIZE != side
                || pngWidth(zxingJavasePng()) != side
                || pngWidth(javaTotpPng()) != side
                || !twofaSvg().contains("width=\"" + side + "\"")) {
            throw new AssertionError("renderers disagree on the image size " + side);
        }
    }

    private static int pngWidth(byte[] png) {
        return ByteBuffer.wrap(png, 16, 4).getInt();
    }

    /** The floor: zxing's encoder plus its one-pixel-per-module BitMatrix with quiet zone. */
    @Benchmark
    public BitMatrix zxingEncode() throws Exception {
        return writer.encode(URI, BarcodeFormat.QR_CODE, 0, 0, HINTS);
    }

    /** twofa's SVG document. */
    @Benchmark
    public String twofaSvg() {
        return twofa.svg(URI);
    }

    /** twofa's PNG bytes. */
    @Benchmark
    public byte[] twofaPng() {
        return twofa.png(URI);
    }

    /** twofa's PNG as a base64 data URI. */
    @Benchmark
    public String twofaPngDataUri() {
        return twofa.pngDataUri(URI);
    }

    /** twofa's terminal half blocks. */
    @Benchmark
    public String twofaTerminal() {
        return twofa.terminal(URI);
    }

    /** java-totp: QRCodeWriter at the image size, then MatrixToImageWriter through AWT and ImageIO. */
    @Benchmark
    public byte[] javaTotpPng() throws Exception {
        return javaTotp.generate(javaTotpData);
    }

    /** zxing-javase: QRCodeWriter at the image size, then MatrixToImageWriter through AWT and ImageIO. */
    @Benchmark
    public byte[] zxingJavasePng() throws Exception {
        BitMatrix matrix = writer.encode(URI, BarcodeFormat.QR_CODE, side, side, HINTS);
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        MatrixToImageWriter.writeToStream(matrix, "PNG", out);
        return out.toByteArray();
    }
}
