package dev.twofa.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.Method;
import dev.twofa.spring.security.SecondStepView.Mode;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.DefaultCsrfToken;

class SecondStepPageTest {

    private static final String POST = "/app/login/second-step";

    @Test
    void render_valuesWithMarkup_escaped() {
        SecondStepView view = new SecondStepView(Mode.LOGIN, Method.SMS, "+420 *** *** 456",
                "Enter <b>it</b>", "<script>alert(1)</script>", 3, true, true, true, true, "/x\"><script>");

        String html = SecondStepPage.render(view, request(), null);

        assertThat(html).doesNotContain("<script").doesNotContain("<b>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;").contains("Enter &lt;b&gt;it&lt;/b&gt;")
                .contains("action=\"/x&quot;&gt;&lt;script&gt;\"");
    }

    @Test
    void render_everyForm_carriesTheCsrfToken() {
        SecondStepView view = new SecondStepView(Mode.LOGIN, Method.SMS, null, "Enter the code.", null, null, true,
                true, true, true, POST);

        String html = SecondStepPage.render(view, request(), null);

        assertThat(html.split("<form", -1)).hasSize(4);
        assertThat(html.split("name=\"_csrf\" value=\"token-value\"", -1)).hasSize(4);
        assertThat(html).contains("name=\"code\"").contains("name=\"resend\"").contains("name=\"recoveryCode\"")
                .contains("name=\"rememberDevice\"").contains("autocomplete=\"one-time-code\"");
    }

    @Test
    void render_locked_messageWithoutAnyForm() {
        SecondStepView view = new SecondStepView(Mode.LOGIN, Method.TOTP, null, "Enter the code.", null, null, true,
                true, false, true, POST).locked("Blocked for now.");

        String html = SecondStepPage.render(view, request(), null);

        assertThat(html).contains("Blocked for now.").doesNotContain("<form").doesNotContain("<input");
    }

    @Test
    void render_withLogout_logOutFormWithCsrfToken() {
        SecondStepView view = new SecondStepView(Mode.LOGIN, Method.TOTP, null, "Enter the code.", null, null, true,
                true, false, true, POST).locked("Blocked for now.");

        String html = SecondStepPage.render(view, request(), "/app/logout");

        assertThat(html).contains("<form class=\"logout\" method=\"post\" action=\"/app/logout\">\n"
                + "<input type=\"hidden\" name=\"_csrf\" value=\"token-value\">\n<button type=\"submit\">Log out</button>");
    }

    @Test
    void render_anyView_noInlineStyleOrScriptStylesheetLinked() {
        SecondStepView view = new SecondStepView(Mode.LOGIN, Method.SMS, null, "Enter the code.", null, null, true,
                true, true, true, POST);

        String html = SecondStepPage.render(view, request(), "/app/logout");

        assertThat(html).doesNotContain("<style").doesNotContain("style=").doesNotContain("<script")
                .contains("<link rel=\"stylesheet\" href=\"" + POST + ".css\">");
    }

    @Test
    void render_confirmMode_titleAsksToConfirm() {
        SecondStepView view = new SecondStepView(Mode.CONFIRM, Method.TOTP, null, "Enter the code.", null, null, true,
                true, false, false, POST);

        String html = SecondStepPage.render(view, request(), null);

        assertThat(html).contains("<h1>Confirm it is you</h1>").doesNotContain("rememberDevice")
                .doesNotContain("TOTP").doesNotContain("step-up");
    }

    private static MockHttpServletRequest request() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", POST);
        request.setAttribute(CsrfToken.class.getName(), new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "token-value"));
        return request;
    }
}
