package dev.twofa.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twofa.sms.PhoneNumbers.NumberType;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumbersBuilderTest {

    @ParameterizedTest
    @ValueSource(strings = {"XX", "CZE", "C", "", "1A", "ZZ", "001", "C\u0000"})
    void defaultRegion_notARegion_throwsIllegalArgumentExceptionNamingValue(String region) {
        assertThatThrownBy(() -> PhoneNumbers.builder().defaultRegion(region)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("defaultRegion takes ISO 3166-1 alpha-2 region codes such as CZ, was \"" + region + "\"");
    }

    @Test
    void allowRegions_longBadValue_messageShortened() {
        assertThatThrownBy(() -> PhoneNumbers.builder().allowRegions("CZ", "Czech Republic"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("allowRegions takes ISO 3166-1 alpha-2 region codes such as CZ, was \"Czech Re...\"");
    }

    @Test
    void allowRegions_badValueOfEightCharacters_shownWhole() {
        assertThatThrownBy(() -> PhoneNumbers.builder().allowRegions("Czechia!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("allowRegions takes ISO 3166-1 alpha-2 region codes such as CZ, was \"Czechia!\"");
    }

    @Test
    void setters_emptyOrNull_throw() {
        assertThatThrownBy(() -> PhoneNumbers.builder().allowRegions()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("allowRegions needs at least one region");
        assertThatThrownBy(() -> PhoneNumbers.builder().denyRegions()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("denyRegions needs at least one region");
        assertThatThrownBy(() -> PhoneNumbers.builder().allowNumberTypes()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("allowNumberTypes needs at least one type");
        assertThatThrownBy(() -> PhoneNumbers.builder().defaultRegion(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> PhoneNumbers.builder().allowRegions((String[]) null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> PhoneNumbers.builder().denyRegions("CZ", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> PhoneNumbers.builder().allowNumberTypes((NumberType[]) null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> PhoneNumbers.builder().allowNumberTypes(NumberType.MOBILE, null))
                .isInstanceOf(NullPointerException.class);
    }

    static Stream<Arguments> setters() {
        return Stream.of(
                Arguments.of("defaultRegion", (Consumer<PhoneNumbers.Builder>) b -> b.defaultRegion("CZ")),
                Arguments.of("allowRegions", (Consumer<PhoneNumbers.Builder>) b -> b.allowRegions("CZ")),
                Arguments.of("denyRegions", (Consumer<PhoneNumbers.Builder>) b -> b.denyRegions("DE")),
                Arguments.of("allowNumberTypes", (Consumer<PhoneNumbers.Builder>) b -> b.allowNumberTypes(NumberType.MOBILE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("setters")
    void setter_calledTwice_throwsIllegalStateException(String name, Consumer<PhoneNumbers.Builder> call) {
        PhoneNumbers.Builder b = PhoneNumbers.builder();
        call.accept(b);
        assertThatThrownBy(() -> call.accept(b)).isInstanceOf(IllegalStateException.class)
                .hasMessage(name + " was already set");
    }

    @Test
    void build_regionAllowedAndDenied_throwsIllegalStateException() {
        assertThatThrownBy(() -> PhoneNumbers.builder().allowRegions("CZ", "SK").denyRegions("sk").build())
                .isInstanceOf(IllegalStateException.class).hasMessage("region SK is both allowed and denied");
    }

    @Test
    void build_defaultRegionDenied_throwsIllegalStateException() {
        assertThatThrownBy(() -> PhoneNumbers.builder().defaultRegion("CZ").denyRegions("CZ").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("defaultRegion CZ is not allowed, so no national number could be read");
    }

    @Test
    void build_defaultRegionOutsideAllowList_throwsIllegalStateException() {
        assertThatThrownBy(() -> PhoneNumbers.builder().defaultRegion("CZ").allowRegions("SK").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("defaultRegion CZ is not allowed, so no national number could be read");
    }

    @Test
    void build_consistentSettings_built() {
        PhoneNumbers built = PhoneNumbers.builder().defaultRegion("CZ").allowRegions("CZ", "SK").denyRegions("DE")
                .allowNumberTypes(NumberType.MOBILE).build();

        assertThat(built.toString()).isEqualTo("PhoneNumbers[defaultRegion=CZ, allowedRegions=[CZ, SK], "
                + "deniedRegions=[DE], smsTypes=[MOBILE], nonGeographic=refused]");
        assertThat(PhoneNumbers.builder().defaultRegion("CZ").denyRegions("DE").build().parse("601 123 456").e164())
                .isEqualTo("+420601123456");
    }

    @Test
    void builder_toString_showsSettings() {
        assertThat(PhoneNumbers.builder().defaultRegion("CZ").toString()).contains("defaultRegion=CZ");
    }
}
