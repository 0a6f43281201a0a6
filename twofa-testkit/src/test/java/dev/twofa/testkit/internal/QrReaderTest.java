package dev.twofa.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each way {@link QrReader} tries is needed: images that only the finder-pattern detection reads,
 * and symbols it misses at their own size but reads at half or one and a half times that size.
 */
class QrReaderTest {

    private static final String READS_AT_ITS_SIZE = "otpauth://totp/Shop:alice?secret=JBSWY3DPEHPK3PXP&issuer=Shop";
    /** A symbol zxing's detector misses at its own size (found by trying many). */
    private static final String MISSED_AT_ITS_SIZE = "otpauth://totp/Shop:user151?secret=42C3V7OUSGAOP&issuer=Shop";

    /**
     * The QR code of {@code text}, {@code module} pixels per module, with a quiet zone of 4
     * modules and a dark mark in its top left corner: a stray mark outside the symbol, so the
     * pure-barcode reading (which takes the dark pixels' bounding box as the symbol) cannot read it.
     */
    private static GrayImage withStrayMark(String text, int module) throws WriterException {
        BitMatrix m = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                Map.of(EncodeHintType.MARGIN, 4, EncodeHintType.CHARACTER_SET, "UTF-8"));
        int w = m.getWidth() * module;
        byte[] pixels = new byte[w * w];
        for (int y = 0; y < w; y++) {
            for (int x = 0; x < w; x++) {
                boolean dark = m.get(x / module, y / module) || (x < module && y < module);
                pixels[y * w + x] = (byte) (dark ? 0 : 255);
            }
        }
        return new GrayImage(w, w, pixels);
    }

    @Test
    void read_strayMarkOutsideTheSymbol_readsItByTheFinderPatterns() throws Exception {
        assertThat(QrReader.read(withStrayMark(READS_AT_ITS_SIZE, 4))).isEqualTo(READS_AT_ITS_SIZE);
    }

    @Test
    void read_symbolMissedAtItsSize_readsItAtHalfTheSize() throws Exception {
        assertThat(QrReader.read(withStrayMark(MISSED_AT_ITS_SIZE, 4))).isEqualTo(MISSED_AT_ITS_SIZE);
    }

    @Test
    void read_symbolMissedAtItsSizeAndTooSmallAtHalf_readsItAtOneAndAHalfTimesTheSize() throws Exception {
        assertThat(QrReader.read(withStrayMark(MISSED_AT_ITS_SIZE, 3))).isEqualTo(MISSED_AT_ITS_SIZE);
    }

    @Test
    void read_noSymbol_isRefusedNamingTheSize() {
        byte[] white = new byte[40 * 30];
        Arrays.fill(white, (byte) 255);

        assertThatThrownBy(() -> QrReader.read(new GrayImage(40, 30, white)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no readable QR code in the 40x30 image");
    }

    @Test
    void read_imageTooSmallToRescale_isRefused() {
        assertThatThrownBy(() -> QrReader.read(new GrayImage(1, 1, new byte[] {0})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no readable QR code in the 1x1 image");
    }
}
