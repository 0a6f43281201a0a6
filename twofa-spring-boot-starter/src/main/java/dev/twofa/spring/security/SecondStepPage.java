package dev.twofa.spring.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.util.HtmlUtils;

/**
 * The default second-step page, written as one HTML string like Spring Security's default login
 * page: every value escaped, the CSRF token as a hidden field, no script and no inline style (its
 * style sheet is served beside it), so a strict Content-Security-Policy ({@code default-src
 * 'self'}) holds.
 *
 * <p>Thread-safety: stateless; thread-safe.
 */
final class SecondStepPage {

    private SecondStepPage() {
    }

    /** The style sheet of the page, served at {@link #STYLESHEET_SUFFIX} after the page's URL (no inline style: a strict CSP holds). */
    static final String STYLESHEET = "body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}"
            + "label,input,button{display:block;margin:.5rem 0}input[type=text]{font-size:1.25rem;width:100%}"
            + ".message{color:#a40000}label.check{display:flex;gap:.5rem}label.check input{margin:0}"
            + "form.logout{margin-top:2rem}\n";

    /** Where the style sheet is served: the processing URL followed by {@value}. */
    static final String STYLESHEET_SUFFIX = ".css";

    /**
     * Writes the page; {@code logoutUrl} (context path included, or null when the chain has no
     * logout) gets a "Log out" form, the way out of a second step the customer cannot finish.
     */
    static String render(SecondStepView view, HttpServletRequest request, String logoutUrl) {
        String title = view.mode() == SecondStepView.Mode.LOGIN ? "One more step to sign in" : "Confirm it is you";
        String csrf = csrfField(request);
        String action = esc(view.postUrl());
        StringBuilder html = new StringBuilder(2048)
                .append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(title)).append("</title>\n")
                .append("<link rel=\"stylesheet\" href=\"").append(esc(view.postUrl() + STYLESHEET_SUFFIX))
                .append("\">\n")
                .append("</head>\n<body>\n<main>\n<h1>").append(esc(title)).append("</h1>\n")
                .append("<p class=\"instruction\">").append(esc(view.instruction())).append("</p>\n");
        if (view.message() != null) {
            html.append("<p class=\"message\" role=\"alert\">").append(esc(view.message())).append("</p>\n");
        }
        if (view.codeForm()) {
            html.append("<form method=\"post\" action=\"").append(action).append("\">\n")
                    .append("<label for=\"code\">Code</label>\n")
                    .append("<input type=\"text\" id=\"code\" name=\"code\" inputmode=\"numeric\"")
                    .append(" autocomplete=\"one-time-code\" required autofocus>\n");
            if (view.rememberDeviceOffered()) {
                html.append("<label class=\"check\"><input type=\"checkbox\" name=\"rememberDevice\" value=\"true\">")
                        .append(" Remember this device, so it does not ask for a code next time</label>\n");
            }
            html.append(csrf).append("<button type=\"submit\">Continue</button>\n</form>\n");
        }
        if (view.resendOffered()) {
            html.append("<form method=\"post\" action=\"").append(action).append("\">\n")
                    .append("<input type=\"hidden\" name=\"resend\" value=\"true\">\n")
                    .append(csrf).append("<button type=\"submit\">")
                    .append(view.codeForm() ? "Send a new code" : "Send code").append("</button>\n</form>\n");
        }
        if (view.recoveryCodeOffered()) {
            html.append("<form method=\"post\" action=\"").append(action).append("\">\n")
                    .append("<label for=\"recoveryCode\">Lost your phone? Enter one of your recovery codes</label>\n")
                    .append("<input type=\"text\" id=\"recoveryCode\" name=\"recoveryCode\" autocomplete=\"off\"")
                    .append(" autocapitalize=\"off\" spellcheck=\"false\" required>\n")
                    .append(csrf).append("<button type=\"submit\">Use recovery code</button>\n</form>\n");
        }
        if (logoutUrl != null) {
            html.append("<form class=\"logout\" method=\"post\" action=\"").append(esc(logoutUrl)).append("\">\n")
                    .append(csrf).append("<button type=\"submit\">Log out</button>\n</form>\n");
        }
        return html.append("</main>\n</body>\n</html>\n").toString();
    }

    private static String csrfField(HttpServletRequest request) {
        if (!(request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token)) {
            return "";
        }
        return "<input type=\"hidden\" name=\"" + esc(token.getParameterName()) + "\" value=\"" + esc(token.getToken())
                + "\">\n";
    }

    private static String esc(String text) {
        return HtmlUtils.htmlEscape(text, "UTF-8");
    }
}
