package dev.twofa.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Round trips of random otpauth-like texts through the renderings and zxing's reader. */
class QrCodePropertiesTest {

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /**
     * Any Unicode scalar value: ASCII, Latin, CJK, right-to-left, emoji (supplementary planes),
     * controls. Surrogate code points are not scalar values and are shifted out of their range.
     */
    private static Gen<String> unicode(int minCodePoints, int maxCodePoints) {
        Gen<Integer> codePoint = integers().between(0, 0x10FFFF - 0x800)
                .map(cp -> cp >= Character.MIN_SURROGATE ? cp + 0x800 : cp);
        Gen<Integer> biased = integers().between(0, 3).zip(codePoint, integers().between(0x20, 0x7E),
                (pick, any, ascii) -> pick == 0 ? any : pick == 1 ? 0x80 + any % 0x780 : ascii);
        return lists().of(biased).ofSizeBetween(minCodePoints, maxCodePoints).map(QrCodePropertiesTest::toText);
    }

    private static String toText(List<Integer> codePoints) {
        StringBuilder text = new StringBuilder();
        codePoints.forEach(text::appendCodePoint);
        return text.toString();
    }

    private static Gen<String> otpauthLike() {
        Gen<String> base32 = lists().of(integers().between(0, 31).map(i -> (int) "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".charAt(i)))
                .ofSizeBetween(16, 103)
                .map(QrCodePropertiesTest::toText);
        return unicode(1, 30).zip(unicode(1, 40), base32,
                (issuer, account, secret) -> "otpauth://totp/" + issuer + ":" + account + "?secret=" + secret
                        + "&issuer=" + issuer);
    }

    @Test
    void pngAndSvg_randomUnicodeOtpauthText_decodeToExactText() {
        QrCode qr = QrCode.defaults();
        qt().withExamples(60).forAll(otpauthLike()).checkAssert(text -> {
            assertThat(QrDecoding.decode(QrDecoding.parseSvg(qr.svg(text)).grid())).isEqualTo(text);
            assertThat(QrDecoding.decode(QrDecoding.modules(QrDecoding.parsePng(qr.png(text)).pixels(), 6)))
                    .isEqualTo(text);
            assertThat(QrDecoding.decodeWithImageIo(qr.png(text), qr.moduleSize())).isEqualTo(text);
        });
    }

    @Test
    void everyRendering_randomTextAndOptions_showsSameGridWithQuietZone() {
        qt().withExamples(60)
                .forAll(unicode(1, 60), arbitrary().enumValues(ErrorCorrection.class),
                        integers().between(QrCode.MIN_QUIET_ZONE, 8), integers().between(1, 4))
                .checkAssert((text, level, quietZone, moduleSize) -> {
                    QrCode qr = QrCode.builder().errorCorrection(level).quietZone(quietZone).moduleSize(moduleSize).build();
                    boolean[][] svg = QrDecoding.parseSvg(qr.svg(text)).grid();
                    boolean[][] png = QrDecoding.modules(QrDecoding.parsePng(qr.png(text)).pixels(), moduleSize);
                    boolean[][] terminal = QrDecoding.parseTerminal(
                            qr.terminal(text, QrCode.TerminalBackground.LIGHT), QrCode.TerminalBackground.LIGHT);

                    assertThat(png).isDeepEqualTo(svg);
                    assertThat(terminal).isDeepEqualTo(svg);
                    assertThat(QrDecoding.quietZone(svg)).isEqualTo(quietZone);
                    assertThat(QrDecoding.decode(terminal)).isEqualTo(text);
                });
    }
}
