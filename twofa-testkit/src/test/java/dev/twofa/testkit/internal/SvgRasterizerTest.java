package dev.twofa.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import dev.twofa.totp.QrCode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SvgRasterizerTest {

    private static final String URI = "otpauth://totp/Example%20Hosting:alice%40example.com"
            + "?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Example%20Hosting";

    @Test
    void paint_qrCodeSvg_readsBackTheText() {
        assertThat(QrReader.readSvg(QrCode.defaults().svg(URI))).isEqualTo(URI);
    }

    @Test
    void paint_squareWithAHole_fillsByTheNonzeroRuleSampledAtPixelCentres() {
        // An outer square drawn clockwise and an inner one drawn anticlockwise: a frame.
        String svg = "<svg viewBox=\"0 0 10 10\"><path d=\"M0 0H10V10H0Z M3 3V7H7V3Z\" fill=\"#000\"/></svg>";

        GrayImage image = SvgRasterizer.paint(svg);

        int scale = image.width() / 10;
        assertThat(image.width()).isEqualTo(image.height()).isEqualTo(scale * 10);
        assertThat(image.at(scale, scale)).as("frame").isZero();
        assertThat(image.at(5 * scale, 5 * scale)).as("hole").isEqualTo(255);
        assertThat(image.at(10 * scale - 1, 10 * scale - 1)).as("last pixel of the frame").isZero();
        assertThat(image.at(3 * scale - 1, 5 * scale)).as("left of the hole").isZero();
        assertThat(image.at(3 * scale, 5 * scale)).as("first pixel of the hole").isEqualTo(255);
    }

    @Test
    void paint_relativeCommandsAndImplicitLineTos_drawTheSameShape() {
        String absolute = "<svg viewBox=\"0 0 4 4\"><path d=\"M1 1L3 1L3 3L1 3z\"/></svg>";
        String relative = "<svg viewBox=\"0 0 4 4\"><path d=\"m1,1 2,0 0,2 -2,0 z\"/></svg>";
        String hv = "<svg viewBox=\"0 0 4 4\"><path d=\"M1 1h2v2h-2Z\" fill=\"black\"/></svg>";

        GrayImage a = SvgRasterizer.paint(absolute);

        assertThat(SvgRasterizer.paint(relative).luminance()).isEqualTo(a.luminance());
        assertThat(SvgRasterizer.paint(hv).luminance()).isEqualTo(a.luminance());
        assertThat(a.at(0, 0)).isEqualTo(255);
        assertThat(a.at(a.width() / 2, a.height() / 2)).isZero();
    }

    @Test
    void paint_svgOfRectsWithoutViewBox_readsBackTheText() throws Exception {
        BitMatrix matrix = new QRCodeWriter().encode(URI, BarcodeFormat.QR_CODE, 0, 0, Map.of(EncodeHintType.MARGIN, 4));
        int scale = 5;
        StringBuilder svg = new StringBuilder("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(matrix.getWidth() * scale).append("px\" height='").append(matrix.getHeight() * scale)
                .append("'>\n<rect width=\"100%\" height=\"100%\" fill=\"none\"/>\n");
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                if (matrix.get(x, y)) {
                    svg.append("<rect x=\"").append(x * scale).append("\" y=\"").append(y * scale)
                            .append("\" width=\"").append(scale).append("\" height=\"").append(scale)
                            .append("\" fill=\"#111111\"/>\n");
                }
            }
        }
        svg.append("</svg>");

        assertThat(QrReader.readSvg(svg.toString())).isEqualTo(URI);
    }

    @Test
    void paint_unsupportedSvg_isRefusedSayingWhat() {
        assertThatThrownBy(() -> SvgRasterizer.paint("<html></html>")).hasMessageContaining("no <svg> element");
        assertThatThrownBy(() -> SvgRasterizer.paint("<svg><rect width=\"1\" height=\"1\"/></svg>"))
                .hasMessageContaining("neither a viewBox nor a width and height");
        assertThatThrownBy(() -> SvgRasterizer.paint("<svg viewBox=\"0 0 4 4\"><path d=\"M0 0C1 1 2 2 3 3Z\"/></svg>"))
                .hasMessageContaining("path command \"C\" is not supported");
        assertThatThrownBy(() -> SvgRasterizer.paint("<svg viewBox=\"0 0 4 4\"><g transform=\"scale(2)\"/></svg>"))
                .hasMessageContaining("transforms are not supported");
        assertThatThrownBy(() -> SvgRasterizer.paint("<svg viewBox=\"0 0 4 4\"><rect width=\"1\" height=\"1\" fill=\"red\"/></svg>"))
                .hasMessageContaining("fill \"red\" is not supported");
        assertThatThrownBy(() -> SvgRasterizer.paint("<svg viewBox=\"0 0 0 4\"></svg>"))
                .hasMessageContaining("positive width and height");
        assertThatThrownBy(() -> SvgRasterizer.paint("<svg viewBox=\"0 0 4 4\"><path d=\"3 3\"/></svg>"))
                .hasMessageContaining("number without a command");
        assertThatThrownBy(() -> SvgRasterizer.paint(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void read_imageWithoutAQrCode_isRefused_paintedAtAtMost8PixelsPerUnit() {
        assertThatThrownBy(() -> QrReader.readSvg("<svg viewBox=\"0 0 40 40\"><rect width=\"40\" height=\"40\" fill=\"#fff\"/></svg>"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no readable QR code in the 320x320 image");
    }

    @Test
    void paint_shapesOfEveryKind_paintExactlyThePixelsWhoseCentresTheyCover() {
        // 8 pixels per unit; the rect's edges pass exactly through pixel centres (2.5 / 8 = 0.3125).
        String svg = "<svg viewBox=\"0 0 4 2\">"
                + "<rect x=\"0.3125\" y=\"0.3125\" width=\"1\" height=\"1\" fill=\"#123456\"/>"
                + "<path d=\"M2 0 l1 1 L2 1 z\" fill=\"#abc\"/>"
                + "<path d=\"M0 1.5 h1 v0.5 h-1 M2 1.5 H3 V2 H2\"/>"
                + "<path d=\"M3.5 0 L4 1\" fill=\"black\"/>"
                + "</svg>";

        GrayImage image = SvgRasterizer.paint(svg);

        assertThat(image.width()).isEqualTo(32);
        assertThat(image.height()).isEqualTo(16);
        for (int py = 0; py < 16; py++) {
            for (int px = 0; px < 32; px++) {
                double cx = (px + 0.5) / 8;
                double cy = (py + 0.5) / 8;
                int expected = 255;
                if (cx >= 0.3125 && cx < 1.3125 && cy >= 0.3125 && cy < 1.3125) {
                    expected = (0x12 * 299 + 0x34 * 587 + 0x56 * 114) / 1000;
                } else if (cy < 1 && cx >= 2 && cx < 2 + cy) {
                    expected = (0xaa * 299 + 0xbb * 587 + 0xcc * 114) / 1000;
                } else if (cy >= 1.5 && (cx < 1 || cx >= 2 && cx < 3)) {
                    expected = 0;
                }
                assertThat(image.at(px, py)).as("pixel (%d, %d)", px, py).isEqualTo(expected);
            }
        }
    }

    @Test
    void paint_sizeFromWidthAndHeightOrALargeViewBox_aimsAtTheTargetSize() {
        assertThat(SvgRasterizer.paint("<svg width=\"4px\" height=\"2\"></svg>"))
                .extracting(GrayImage::width, GrayImage::height).containsExactly(32, 16);
        assertThat(SvgRasterizer.paint("<svg viewBox=\"0 0 1200 300\"></svg>"))
                .extracting(GrayImage::width, GrayImage::height).containsExactly(600, 150);
    }

    @Test
    void paint_badSizesAndAttributes_areRefusedSayingWhat() {
        assertThatThrownBy(() -> SvgRasterizer.paint("<svg viewBox=\"0 0 4 0\"></svg>"))
                .hasMessageContaining("positive width and height");
        assertThatThrownBy(() -> SvgRasterizer.paint("<svg width=\"4\"></svg>"))
                .hasMessageContaining("neither a viewBox nor a width and height");
        assertThatThrownBy(() -> SvgRasterizer.paint("<svg height=\"4\"></svg>"))
                .hasMessageContaining("neither a viewBox nor a width and height");
        assertThatThrownBy(() -> SvgRasterizer.paint("<svg width=\"0\" height=\"4\"></svg>"))
                .hasMessageContaining("width and height must be positive");
        assertThatThrownBy(() -> SvgRasterizer.paint("<svg width=\"4\" height=\"0\"></svg>"))
                .hasMessageContaining("width and height must be positive");
        assertThatThrownBy(() -> SvgRasterizer.paint("<svg viewBox=\"0 0 4 4\"><rect width=\"NaN\" height=\"1\"/></svg>"))
                .hasMessageContaining("\"NaN\" is not a number");
        assertThatThrownBy(() -> SvgRasterizer.paint("<svg viewBox=\"0 0 4 4\"><rect width=\"1\" height=\"Infinity\"/></svg>"))
                .hasMessageContaining("\"Infinity\" is not a number");
        assertThatThrownBy(() -> SvgRasterizer.paint("<svg viewBox=\"0 0 4 4\"><rect width=\"1\"/></svg>"))
                .hasMessageContaining("needs a width and a height");
        assertThatThrownBy(() -> SvgRasterizer.paint("<svg viewBox=\"0 0 4 4\"><path d=\"M 1\"/></svg>"))
                .hasMessageContaining("ends a command early");
        assertThatThrownBy(() -> SvgRasterizer.paint("<svg viewBox=\"0 0 4 4\"><path d=\"M0 0 L1 1 L0 1 Z 3\"/></svg>"))
                .hasMessageContaining("a number without a command");
        assertThatThrownBy(() -> SvgRasterizer.paint("<svg viewBox=\"0 0 4 4\"><rect width=\"1\" height=\"1\" "
                + "fill=\"abcdefghijklmnopqrstu\"/></svg>"))
                .hasMessageContaining("\"abcdefghijklmnopqrst...\" is not supported");
        assertThatThrownBy(() -> SvgRasterizer.paint("<svg viewBox=\"0 0 4 4\"><rect width=\"1\" height=\"1\" "
                + "fill=\"abcdefghijklmnopqrst\"/></svg>"))
                .hasMessageContaining("\"abcdefghijklmnopqrst\" is not supported");
    }
}
