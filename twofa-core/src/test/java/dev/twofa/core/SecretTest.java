package dev.twofa.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretTest {

    private static final byte[] BYTES = {1, 2, 3, 4, 5};

    @Test
    void copyOf_andBytes_copyInAndOut() {
        byte[] in = BYTES.clone();
        Secret secret = Secret.copyOf(in);
        in[0] = 99;
        byte[] out = secret.bytes();
        out[1] = 99;
        assertThat(secret.bytes()).containsExactly(BYTES);
        assertThat(secret.length()).isEqualTo(5);
    }

    @Test
    void copyOf_nullOrEmpty_isRefused() {
        assertThatThrownBy(() -> Secret.copyOf(null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Secret.copyOf(new byte[0])).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void copyTo_writesTheBytesAtTheOffsetOnly() {
        Secret secret = Secret.copyOf(BYTES);
        byte[] target = new byte[9];
        java.util.Arrays.fill(target, (byte) -1);
        secret.copyTo(target, 2);
        assertThat(target).containsExactly(-1, -1, 1, 2, 3, 4, 5, -1, -1);
        byte[] exact = new byte[5];
        secret.copyTo(exact, 0);
        assertThat(exact).containsExactly(BYTES);
    }

    @Test
    void copyTo_withoutRoom_isRefusedAndWritesNothing() {
        Secret secret = Secret.copyOf(BYTES);
        byte[] target = new byte[6];
        assertThatThrownBy(() -> secret.copyTo(target, 2))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no room for 5 bytes at offset 2");
        assertThatThrownBy(() -> secret.copyTo(target, -1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> secret.copyTo(new byte[4], 0)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> secret.copyTo(null, 0)).isInstanceOf(InvalidInputException.class);
        assertThat(target).containsOnly(0);
    }

    @Test
    void equalsHashCodeAndToString_neverShowTheBytes() {
        Secret a = Secret.copyOf(new byte[] {(byte) 0xAB, (byte) 0xCD});
        assertThat(a).isEqualTo(Secret.copyOf(new byte[] {(byte) 0xAB, (byte) 0xCD}));
        assertThat(a).isNotEqualTo(Secret.copyOf(new byte[] {(byte) 0xAB, (byte) 0xCE}));
        assertThat(a.hashCode()).isEqualTo(2);
        assertThat(a.toString()).isEqualTo("Secret[2 bytes, redacted]").doesNotContain("AB", "ab", "-85");
    }
}
