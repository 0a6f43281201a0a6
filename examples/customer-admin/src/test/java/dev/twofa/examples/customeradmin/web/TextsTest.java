package dev.twofa.examples.customeradmin.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.Expired;
import dev.twofa.core.InvalidPhoneNumberException;
import dev.twofa.core.LockedOut;
import dev.twofa.core.Method;
import dev.twofa.core.PhoneNumber;
import dev.twofa.core.Refused;
import dev.twofa.core.Rejected;
import dev.twofa.core.SendResult;
import dev.twofa.core.SmsNotSent;
import dev.twofa.core.SmsNumberWithdrawn;
import dev.twofa.core.Throttled;
import dev.twofa.core.VerifyResult;
import jakarta.servlet.http.Cookie;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class TextsTest {

    private static final Pattern JARGON = Pattern.compile("(?i)\\btotp\\b|step[- ]?up|(?<!two-)factor|\\bmfa\\b|\\b2fa\\b");
    private static final Instant NOW = Instant.parse("2026-12-01T11:00:00Z");

    private static CustomerTime prague() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setCookies(new Cookie(CustomerTime.COOKIE, "Europe%2FPrague"));
        return CustomerTime.of(request, NOW);
    }

    @Test
    void everyOutcome_describedInPlainLanguage_withoutJargon() {
        Texts texts = new Texts(prague());
        List<String> all = new ArrayList<>();
        for (Refused.Refusal r : Refused.Refusal.values()) {
            for (Method m : new Method[] {null, Method.SMS, Method.TOTP}) {
                all.add(texts.describe(new Refused(r, m, "core's own message")));
            }
        }
        for (Rejected.Reason r : Rejected.Reason.values()) {
            all.add(texts.describe(new Rejected(r, 3)));
        }
        for (SmsNotSent.Reason r : SmsNotSent.Reason.values()) {
            all.add(texts.describe(new SmsNotSent(r, NOW.plusSeconds(60))));
        }
        for (InvalidPhoneNumberException.Reason r : InvalidPhoneNumberException.Reason.values()) {
            all.add(Texts.numberError(new InvalidPhoneNumberException(r, "x")));
        }
        all.add(texts.describe((VerifyResult) new LockedOut(Instant.MAX)));
        all.add(texts.describe((SendResult) new LockedOut(Instant.MAX)));
        all.add(texts.describe((SendResult) new SmsNumberWithdrawn("+420 *** *** 456")));
        all.add(texts.describe((VerifyResult) new Throttled(NOW.plusSeconds(8))));
        all.add(texts.describe((VerifyResult) new Expired()));

        assertThat(all).allSatisfy(t -> assertThat(JARGON.matcher(t).find()).as(t).isFalse())
                .allSatisfy(t -> assertThat(t).doesNotContain("core's own message").endsWith("."));
    }

    @Test
    void refusal_whileSmsActive_namesTheActiveMethod() {
        String text = new Texts(prague()).describe(new Refused(Refused.Refusal.METHOD_ACTIVE, Method.SMS, "m"));

        assertThat(text).contains("Login via SMS is active").contains("deactivate login via SMS");
    }

    @Test
    void time_inTheBrowsersZone_isLocalWithTheZoneNamed() {
        assertThat(prague().format(NOW.plusSeconds(300))).isEqualTo("12:05 (Central European Time)");
        assertThat(prague().format(NOW.plusSeconds(86_400))).isEqualTo("2 Dec 2026, 12:00 (Central European Time)");
    }

    @Test
    void time_withoutOrWithBadZoneCookie_usesTheServersZone() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setCookies(new Cookie(CustomerTime.COOKIE, "Mars%2FOlympus"));

        assertThat(CustomerTime.of(request, NOW).zone()).isEqualTo(ZoneId.systemDefault());
    }

    @Test
    void number_shownGroupedInTheInternationalFormat() {
        assertThat(Texts.grouped(new PhoneNumber("+420601123456"))).isEqualTo("+420 601 123 456");
        assertThat(Texts.grouped(new PhoneNumber("+447700900123"))).isEqualTo("+44 7700 900123");
    }

    @Test
    void manualKey_groupedInFours() {
        assertThat(SecurityController.groupsOfFour("MFJC-EFDK BPHADNDDJ")).isEqualTo("MFJC EFDK BPHA DNDD J");
    }
}
