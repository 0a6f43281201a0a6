package dev.twofa.totp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PercentCodecTest {

    @Test
    void encode_spaceAndReserved_becomeUpperCaseEscapes() {
        assertThat(PercentCodec.encode("a b+c:d/é~-._")).isEqualTo("a%20b%2Bc%3Ad%2F%C3%A9~-._");
        assertThat(PercentCodec.encode("😀")).isEqualTo("%F0%9F%98%80");
    }

    @Test
    void decode_escapesAndPlus_followRfc3986() {
        assertThat(PercentCodec.decode("a%20b+c%3ad")).isEqualTo("a b+c:d");
        assertThat(PercentCodec.decode("%F0%9F%98%80")).isEqualTo("😀");
    }

    @Test
    void decode_malformed_isRefused() {
        assertThatThrownBy(() -> PercentCodec.decode("%2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PercentCodec.decode("%G0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PercentCodec.decode("%C3")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PercentCodec.decode("%ED%A0%80")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PercentCodec.decode("é")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encode_charactersNextToTheUnreservedRanges_areEscaped() {
        assertThat(PercentCodec.encode("@AZ[`az{/09:")).isEqualTo("%40AZ%5B%60az%7B%2F09%3A");
        assertThat(PercentCodec.encode("-._~,^}")).isEqualTo("-._~%2C%5E%7D");
    }

    @Test
    void decode_escapesWithZeroAndLowerCaseFDigits_areRead() {
        assertThat(PercentCodec.decode("%0A%40")).isEqualTo("\n@");
        assertThat(PercentCodec.decode("%c3%af")).isEqualTo("\u00ef");
        assertThat(PercentCodec.decode("%f0%9f%98%80")).isEqualTo("😀");
    }

    @Test
    void decode_escapeWithNonAsciiHexDigits_isRefused() {
        // Character.digit reads fullwidth digits as hex digits; an escape takes ASCII only.
        assertThatThrownBy(() -> PercentCodec.decode("%\uFF14\uFF10"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed percent escape");
        assertThatThrownBy(() -> PercentCodec.decode("%4\uFF10"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed percent escape");
        assertThatThrownBy(() -> PercentCodec.decode("%\uFF144"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed percent escape");
    }

    @Test
    void decode_rawCharacters_asciiIsKeptAndTheFirstNonAsciiRefused() {
        assertThat(PercentCodec.decode("\u007f")).isEqualTo("\u007f");
        assertThatThrownBy(() -> PercentCodec.decode("\u0080"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("raw non-ASCII");
    }
}
