package dev.twofa.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GrayImageTest {

    @Test
    void new_sizeAndValues_readsEachPixel() {
        GrayImage image = new GrayImage(3, 2, new byte[] {0, 1, 2, 3, 4, (byte) 255});

        assertThat(image.at(0, 0)).isZero();
        assertThat(image.at(2, 0)).isEqualTo(2);
        assertThat(image.at(0, 1)).isEqualTo(3);
        assertThat(image.at(2, 1)).isEqualTo(255);
        assertThat(image).hasToString("GrayImage[3x2]");
    }

    @Test
    void new_valuesNotWidthTimesHeight_isRefusedNamingTheSize() {
        assertThatThrownBy(() -> new GrayImage(3, 2, new byte[5])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("image of 3x2 needs 6 values, had 5");
    }

    @Test
    void new_emptyOrNegativeSize_isRefused() {
        assertThatThrownBy(() -> new GrayImage(0, 0, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GrayImage(0, 5, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GrayImage(5, 0, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GrayImage(-1, -1, new byte[1])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void new_widthTimesHeightOverflowingAnInt_isRefused() {
        assertThatThrownBy(() -> new GrayImage(65_536, 65_536, new byte[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("image of 65536x65536 needs 4294967296 values, had 0");
    }
}
