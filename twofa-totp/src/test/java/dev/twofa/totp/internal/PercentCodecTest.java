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
}
