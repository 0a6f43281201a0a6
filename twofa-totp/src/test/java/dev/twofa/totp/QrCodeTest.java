package dev.twofa.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.Result;
import com.google.zxing.ResultMetadataType;
import dev.twofa.core.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class QrCodeTest {

    static final String URI = "otpauth://totp/Example%20Hosting:alice%40example.com"
            + "?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Example%20Hosting";

    /** A recognizable secret, to show that no message or text repeats the input. */
    private static final String CANARY = "CANARYSECRETQ7Z4";

    @BeforeAll
    static void headless() {
        // ImageIO is used by the test only, to read the PNG as an independent decoder would.
        System.setProperty("java.awt.headless", "true");
    }

    // ---- every rendering decodes back to exactly the URI (SECURITY.md 31)

    @Test
    void svg_typicalUri_decodesToExactUri() {
        String svg = QrCode.defaults().svg(URI);

        assertThat(QrDecoding.decode(QrDecoding.parseSvg(svg).grid())).isEqualTo(URI);
    }

    @Test
    void png_typicalUri_decodesWithImageIoToExactUri() {
        byte[] png = QrCode.defaults().png(URI);

        assertThat(QrDecoding.decodeWithImageIo(png, QrCode.DEFAULT_MODULE_SIZE)).isEqualTo(URI);
    }

    @Test
    void png_typicalUri_decodesWithOwnInflaterToExactUri() {
        byte[] png = QrCode.defaults().png(URI);

        QrDecoding.Png parsed = QrDecoding.parsePng(png);
        boolean[][] grid = QrDecoding.modules(parsed.pixels(), QrCode.DEFAULT_MODULE_SIZE);

        assertThat(QrDecoding.decode(grid)).isEqualTo(URI);
    }

    @Test
    void png_ownDecoderAndImageIo_seeTheSamePixels() {
        byte[] png = QrCode.builder().moduleSize(3).build().png(URI);

        assertThat(QrDecoding.imageIoPixels(png)).isDeepEqualTo(QrDecoding.parsePng(png).pixels());
    }

    @ParameterizedTest
    @EnumSource(QrCode.TerminalBackground.class)
    void terminal_eitherBackground_decodesToExactUri(QrCode.TerminalBackground background) {
        String terminal = QrCode.defaults().terminal(URI, background);

        assertThat(QrDecoding.decode(QrDecoding.parseTerminal(terminal, background))).isEqualTo(URI);
    }

    @Test
    void terminal_noBackgroundGiven_drawsForDarkBackground() {
        assertThat(QrCode.defaults().terminal(URI)).isEqualTo(QrCode.defaults().terminal(URI, QrCode.TerminalBackground.DARK));
    }

    @Test
    void terminal_darkBackground_drawsQuietZoneAsFullBlocks() {
        String[] lines = QrCode.defaults().terminal(URI).split("\n");

        // First two lines are four light module rows: full blocks light up on a dark background.
        assertThat(lines[0]).matches("█+");
        assertThat(lines[1]).matches("█+");
        assertThat(lines[2]).startsWith("████").endsWith("████");
    }

    @Test
    void terminal_lightBackground_drawsQuietZoneAsSpaces() {
        String[] lines = QrCode.defaults().terminal(URI, QrCode.TerminalBackground.LIGHT).split("\n");

        assertThat(lines[0]).isBlank();
        assertThat(lines[1]).isBlank();
        assertThat(lines[2]).startsWith("    ").endsWith("    ");
    }

    @Test
    void terminal_darkAndLightBackground_areNegativesOfEachOther() {
        String dark = QrCode.defaults().terminal(URI, QrCode.TerminalBackground.DARK);
        String light = QrCode.defaults().terminal(URI, QrCode.TerminalBackground.LIGHT);

        assertThat(QrDecoding.parseTerminal(dark, QrCode.TerminalBackground.DARK))
                .isDeepEqualTo(QrDecoding.parseTerminal(light, QrCode.TerminalBackground.LIGHT));
        assertThat(dark).isNotEqualTo(light);
    }

    @Test
    void terminal_nullBackground_throwsNullPointer() {
        assertThatThrownBy(() -> QrCode.defaults().terminal(URI, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("background");
    }

    @Test
    void dataUris_typicalUri_holdBase64OfPngAndSvg() {
        QrCode qr = QrCode.defaults();

        byte[] png = QrDecoding.dataUriBytes(qr.pngDataUri(URI), "data:image/png;base64,");
        byte[] svg = QrDecoding.dataUriBytes(qr.svgDataUri(URI), "data:image/svg+xml;base64,");

        assertThat(png).isEqualTo(qr.png(URI));
        assertThat(new String(svg, StandardCharsets.UTF_8)).isEqualTo(qr.svg(URI));
        assertThat(QrDecoding.decodeWithImageIo(png, QrCode.DEFAULT_MODULE_SIZE)).isEqualTo(URI);
    }

    // ---- the renderings agree with zxing's own writer, module for module

    static Stream<QrCode> renderers() {
        return Stream.of(
                QrCode.defaults(),
                QrCode.builder().errorCorrection(ErrorCorrection.L).moduleSize(1).build(),
                QrCode.builder().errorCorrection(ErrorCorrection.Q).quietZone(5).moduleSize(3).build(),
                QrCode.builder().errorCorrection(ErrorCorrection.H).quietZone(QrCode.MAX_QUIET_ZONE)
                        .moduleSize(QrCode.MAX_MODULE_SIZE).build());
    }

    @ParameterizedTest
    @MethodSource("renderers")
    void allRenderings_anyOptions_matchZxingWriterModuleForModule(QrCode qr) {
        boolean[][] expected = QrDecoding.zxingWriterGrid(URI, qr.errorCorrection(), qr.quietZone());

        QrDecoding.Svg svg = QrDecoding.parseSvg(qr.svg(URI));
        boolean[][] png = QrDecoding.modules(QrDecoding.parsePng(qr.png(URI)).pixels(), qr.moduleSize());

        assertThat(svg.grid()).isDeepEqualTo(expected);
        assertThat(svg.width()).isEqualTo(expected.length * qr.moduleSize());
        assertThat(png).isDeepEqualTo(expected);
        for (QrCode.TerminalBackground background : QrCode.TerminalBackground.values()) {
            assertThat(QrDecoding.parseTerminal(qr.terminal(URI, background), background)).isDeepEqualTo(expected);
        }
        assertThat(QrDecoding.decode(expected)).isEqualTo(URI);
    }

    @ParameterizedTest
    @EnumSource(ErrorCorrection.class)
    void svg_eachErrorCorrection_decodesWithThatLevel(ErrorCorrection level) {
        QrCode qr = QrCode.builder().errorCorrection(level).build();

        Result result = QrDecoding.decodeResult(QrDecoding.parseSvg(qr.svg(URI)).grid());

        assertThat(result.getText()).isEqualTo(URI);
        assertThat(result.getResultMetadata().get(ResultMetadataType.ERROR_CORRECTION_LEVEL)).isEqualTo(level.name());
    }

    // ---- quiet zone of at least four modules in every rendering

    @ParameterizedTest
    @ValueSource(ints = {QrCode.MIN_QUIET_ZONE, 7, QrCode.MAX_QUIET_ZONE})
    void everyRendering_configuredQuietZone_hasExactlyThatLightMargin(int quietZone) {
        QrCode qr = QrCode.builder().quietZone(quietZone).moduleSize(2).build();

        QrDecoding.Png png = QrDecoding.parsePng(qr.png(URI));
        QrDecoding.Svg svg = QrDecoding.parseSvg(qr.svg(URI));
        String dark = qr.terminal(URI, QrCode.TerminalBackground.DARK);
        String light = qr.terminal(URI, QrCode.TerminalBackground.LIGHT);

        assertThat(QrDecoding.quietZone(QrDecoding.modules(png.pixels(), 2))).isEqualTo(quietZone);
        assertThat(QrDecoding.quietZone(png.pixels())).isEqualTo(quietZone * 2);
        assertThat(QrDecoding.quietZone(svg.grid())).isEqualTo(quietZone);
        assertThat(svg.runs()).allSatisfy(run -> assertThat(Math.min(run[0], run[1])).isGreaterThanOrEqualTo(quietZone));
        assertThat(QrDecoding.quietZone(QrDecoding.parseTerminal(dark, QrCode.TerminalBackground.DARK)))
                .isEqualTo(quietZone);
        assertThat(QrDecoding.quietZone(QrDecoding.parseTerminal(light, QrCode.TerminalBackground.LIGHT)))
                .isEqualTo(quietZone);
    }

    @Test
    void defaults_anyText_quietZoneOfFourModules() {
        QrCode qr = QrCode.defaults();

        assertThat(QrDecoding.quietZone(QrDecoding.parseSvg(qr.svg(URI)).grid())).isEqualTo(4);
        assertThat(QrDecoding.quietZone(QrDecoding.modules(QrDecoding.parsePng(qr.png(URI)).pixels(), 6))).isEqualTo(4);
        assertThat(QrDecoding.quietZone(QrDecoding.parseTerminal(qr.terminal(URI), QrCode.TerminalBackground.DARK)))
                .isEqualTo(4);
    }

    // ---- output format

    @Test
    void svg_typicalUri_isOnePathWithRunsMergedPerRow() {
        String svg = QrCode.defaults().svg(URI);
        QrDecoding.Svg parsed = QrDecoding.parseSvg(svg);

        assertThat(svg).containsOnlyOnce("<path").contains("shape-rendering=\"crispEdges\"")
                .contains("viewBox=\"0 0 " + parsed.viewBoxSide() + " " + parsed.viewBoxSide() + "\"");
        // Runs are maximal: a run never touches the next one in its row.
        List<int[]> runs = parsed.runs();
        for (int i = 1; i < runs.size(); i++) {
            int[] previous = runs.get(i - 1);
            int[] run = runs.get(i);
            if (run[1] == previous[1]) {
                assertThat(run[0]).isGreaterThan(previous[0] + previous[2]);
            } else {
                assertThat(run[1]).isGreaterThan(previous[1]);
            }
        }
    }

    @Test
    void png_typicalUri_isOneBitGrayscaleWithOneIdat() {
        QrCode qr = QrCode.builder().moduleSize(5).build();

        QrDecoding.Png png = QrDecoding.parsePng(qr.png(URI));

        assertThat(png.chunkTypes()).containsExactly("IHDR", "IDAT", "IEND");
        assertThat(png.bitDepth()).isEqualTo(1);
        assertThat(png.colourType()).isZero();
        assertThat(png.width()).isEqualTo(png.height()).isEqualTo(QrDecoding.parseSvg(qr.svg(URI)).viewBoxSide() * 5);
    }

    @Test
    void png_typicalUri_isSmall() {
        // One bit per pixel and repeated scanlines deflate to well under a kilobyte per 10k pixels.
        assertThat(QrCode.defaults().png(URI).length).isLessThan(2_000);
    }

    @Test
    void terminal_typicalUri_usesHalfBlocksAndTwoModuleRowsPerLine() {
        String terminal = QrCode.defaults().terminal(URI);
        int side = QrDecoding.parseSvg(QrCode.defaults().svg(URI)).viewBoxSide();

        assertThat(terminal).matches("[█▀▄ \n]+");
        assertThat(terminal.split("\n")).hasSize((side + 1) / 2).allSatisfy(line -> assertThat(line).hasSize(side));
    }

    // ---- texts: Unicode, limits, refusals without echoing the text

    @ParameterizedTest
    @ValueSource(strings = {
        "otpauth://totp/B\u00e4ckerei%20M\u00fcller:j\u00fcrgen@example.com?secret=JBSWY3DPEHPK3PXP&issuer=B\u00e4ckerei",
        "otpauth://totp/\u6771\u4eac:\u7530\u4e2d?secret=JBSWY3DPEHPK3PXP&issuer=\u6771\u4eac",
        "otpauth://totp/\ud83d\udd10 Vault:\u0627\u0644\u0639\u0631\u0628\u064a\u0629?secret=JBSWY3DPEHPK3PXP",
        "\u00ff\u00e9",
        "ABCDEF0123456789 $%*+-./:",
        "0123456789",
        "x"
    })
    void everyRendering_unicodeOrModeEdgeText_decodesToExactText(String text) {
        QrCode qr = QrCode.defaults();

        assertThat(QrDecoding.decode(QrDecoding.parseSvg(qr.svg(text)).grid())).isEqualTo(text);
        assertThat(QrDecoding.decodeWithImageIo(qr.png(text), qr.moduleSize())).isEqualTo(text);
        assertThat(QrDecoding.decode(QrDecoding.parseTerminal(qr.terminal(text), QrCode.TerminalBackground.DARK)))
                .isEqualTo(text);
    }

    @Test
    void svg_symbolZxingsDetectorMissesAtEveryScale_stillDecodesToExactText() {
        // Found by QrCodePropertiesTest: zxing's finder-pattern detector misses this symbol at
        // every scale; read module by module, it holds exactly the text.
        String part = "\uD800\uDD53\u0000\uD800\uDC4A\u0000\u0080\u0000\u0000\u0000\u0000\u0000\u0801\u0802\u0000";
        String text = "otpauth://totp/" + part + ":\u0000\uD800\uDC01\u0000\u0000\u0000\u0000\u0000\uD800\uDC3D"
                + "\uD800\uDC15\u0000\u0000\u0000\u0080\u0080\u0080\u0080" + "\u0000".repeat(11) + "?secret="
                + "A".repeat(103) + "&issuer=" + part;

        assertThat(QrDecoding.decode(QrDecoding.parseSvg(QrCode.defaults().svg(text)).grid())).isEqualTo(text);
    }

    @Test
    void svg_largestByteTextAtLevelM_decodesToExactText() {
        // Version 40-M holds 2331 bytes in byte mode.
        String text = "otpauth://totp/x?secret=" + "a".repeat(2331 - 24);

        assertThat(QrDecoding.decode(QrDecoding.parseSvg(QrCode.defaults().svg(text)).grid())).isEqualTo(text);
    }

    @Test
    void svg_oneByteOverCapacity_throwsInvalidQrTextWithoutText() {
        String text = "otpauth://totp/x?secret=" + CANARY + "a".repeat(2332 - 24 - CANARY.length());

        assertThatThrownBy(() -> QrCode.defaults().svg(text))
                .isInstanceOf(InvalidQrTextException.class)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("does not fit")
                .hasMessageContaining("error correction M")
                .hasMessageNotContaining(CANARY)
                .hasMessageNotContaining("otpauth");
    }

    @Test
    void png_textLongerThanAnyQrCode_throwsInvalidQrTextWithoutText() {
        String text = CANARY.repeat(1000);

        assertThatThrownBy(() -> QrCode.defaults().png(text))
                .isInstanceOf(InvalidQrTextException.class)
                .hasMessageContaining("longer than any QR code")
                .hasMessageNotContaining(CANARY);
    }

    @Test
    void svg_longestTextAnyQrCodeHolds_decodesAndOneCharacterMoreIsRefused() {
        // Version 40-L holds 7089 digits in numeric mode: the most any QR code holds.
        QrCode low = QrCode.builder().errorCorrection(ErrorCorrection.L).build();
        String digits = "1234567890".repeat(709).substring(0, 7089);

        assertThat(QrDecoding.decode(QrDecoding.parseSvg(low.svg(digits)).grid())).isEqualTo(digits);
        assertThatThrownBy(() -> low.svg(digits + "1"))
                .isInstanceOf(InvalidQrTextException.class)
                .hasMessage("QR code text of 7090 chars is longer than any QR code holds (7089)");
    }

    @Test
    void errorCorrectionH_textFittingOnlyAtM_throwsInvalidQrText() {
        String text = "a".repeat(2000);

        assertThat(QrCode.defaults().svg(text)).isNotEmpty();
        assertThatThrownBy(() -> QrCode.builder().errorCorrection(ErrorCorrection.H).build().svg(text))
                .isInstanceOf(InvalidQrTextException.class)
                .hasMessageContaining("error correction H");
    }

    @Test
    void anyRendering_nullText_throwsInvalidQrText() {
        QrCode qr = QrCode.defaults();

        assertThatThrownBy(() -> qr.svg(null)).isInstanceOf(InvalidQrTextException.class).hasMessageContaining("null");
        assertThatThrownBy(() -> qr.png(null)).isInstanceOf(InvalidQrTextException.class);
        assertThatThrownBy(() -> qr.pngDataUri(null)).isInstanceOf(InvalidQrTextException.class);
        assertThatThrownBy(() -> qr.svgDataUri(null)).isInstanceOf(InvalidQrTextException.class);
        assertThatThrownBy(() -> qr.terminal(null)).isInstanceOf(InvalidQrTextException.class);
    }

    @Test
    void anyRendering_emptyText_throwsInvalidQrText() {
        assertThatThrownBy(() -> QrCode.defaults().svg(""))
                .isInstanceOf(InvalidQrTextException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> QrCode.defaults().terminal("", QrCode.TerminalBackground.LIGHT))
                .isInstanceOf(InvalidQrTextException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\ud800b", "a\udc00", "\ud83d", "\udd10\ud83d"})
    void svg_unpairedSurrogate_throwsInvalidQrTextWithoutText(String bad) {
        String text = "otpauth://totp/" + CANARY + bad;

        assertThatThrownBy(() -> QrCode.defaults().svg(text))
                .isInstanceOf(InvalidQrTextException.class)
                .hasMessageContaining("unpaired surrogate")
                .hasMessageNotContaining(CANARY);
    }

    // ---- options

    @Test
    void defaults_options_areMFourAndSix() {
        QrCode qr = QrCode.defaults();

        assertThat(qr.errorCorrection()).isEqualTo(ErrorCorrection.M);
        assertThat(qr.quietZone()).isEqualTo(QrCode.DEFAULT_QUIET_ZONE).isEqualTo(4);
        assertThat(qr.moduleSize()).isEqualTo(QrCode.DEFAULT_MODULE_SIZE).isEqualTo(6);
        assertThat(QrCode.builder().build().toString()).isEqualTo(qr.toString());
    }

    @Test
    void builderToString_showsTheOptionsSetSoFar() {
        QrCode.Builder builder = QrCode.builder().errorCorrection(ErrorCorrection.L).moduleSize(3);

        assertThat(builder.toString()).startsWith("QrCode.Builder[errorCorrection=L, quietZone=")
                .endsWith(", moduleSize=3]");
    }

    @Test
    void toString_anyRenderer_showsOptionsOnly() {
        QrCode qr = QrCode.builder().errorCorrection(ErrorCorrection.Q).quietZone(5).moduleSize(2).build();
        qr.svg(URI);

        assertThat(qr).hasToString("QrCode[errorCorrection=Q, quietZone=5, moduleSize=2]");
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 3, 17, Integer.MAX_VALUE})
    void builder_quietZoneOutOfRange_throwsIllegalArgumentNamingValue(int modules) {
        assertThatThrownBy(() -> QrCode.builder().quietZone(modules))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("quietZone")
                .hasMessageEndingWith("not " + modules);
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 33, Integer.MAX_VALUE})
    void builder_moduleSizeOutOfRange_throwsIllegalArgumentNamingValue(int pixels) {
        assertThatThrownBy(() -> QrCode.builder().moduleSize(pixels))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("moduleSize")
                .hasMessageEndingWith("not " + pixels);
    }

    @Test
    void builder_nullErrorCorrection_throwsNullPointer() {
        assertThatThrownBy(() -> QrCode.builder().errorCorrection(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("errorCorrection");
    }

    @Test
    void builder_optionSetTwice_throwsIllegalState() {
        assertThatThrownBy(() -> QrCode.builder().errorCorrection(ErrorCorrection.L).errorCorrection(ErrorCorrection.H))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("errorCorrection");
        assertThatThrownBy(() -> QrCode.builder().quietZone(4).quietZone(5))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("quietZone");
        assertThatThrownBy(() -> QrCode.builder().moduleSize(4).moduleSize(5))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("moduleSize");
    }

    @Test
    void builder_builtTwice_givesEqualIndependentRenderers() {
        QrCode.Builder builder = QrCode.builder().quietZone(6);

        QrCode first = builder.build();
        QrCode second = builder.moduleSize(2).build();

        assertThat(first.moduleSize()).isEqualTo(QrCode.DEFAULT_MODULE_SIZE);
        assertThat(second.moduleSize()).isEqualTo(2);
        assertThat(first.quietZone()).isEqualTo(second.quietZone()).isEqualTo(6);
    }

    @Test
    void moduleSize_one_givesOnePixelPerModule() {
        QrCode qr = QrCode.builder().moduleSize(1).build();

        QrDecoding.Png png = QrDecoding.parsePng(qr.png(URI));

        assertThat(png.pixels()).isDeepEqualTo(QrDecoding.parseSvg(qr.svg(URI)).grid());
    }

    // ---- thread-safety: one renderer shared by many threads

    @Test
    void sharedRenderer_manyThreads_rendersSameOutputAsOneThread() throws Exception {
        QrCode qr = QrCode.builder().errorCorrection(ErrorCorrection.Q).moduleSize(3).build();
        int threads = 8;
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            texts.add(URI.replace("alice", "user" + i));
        }
        List<String> svgs = texts.stream().map(qr::svg).toList();
        List<byte[]> pngs = texts.stream().map(qr::png).toList();
        List<String> terminals = texts.stream().map(qr::terminal).toList();
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                results.add(pool.submit(() -> {
                    start.await();
                    int checked = 0;
                    for (int round = 0; round < 20; round++) {
                        int i = (offset + round) % texts.size();
                        assertThat(qr.svg(texts.get(i))).isEqualTo(svgs.get(i));
                        assertThat(qr.png(texts.get(i))).isEqualTo(pngs.get(i));
                        assertThat(qr.terminal(texts.get(i))).isEqualTo(terminals.get(i));
                        checked++;
                    }
                    return checked;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(20);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(QrDecoding.decode(QrDecoding.parseSvg(svgs.get(3)).grid())).isEqualTo(texts.get(3));
    }
}
