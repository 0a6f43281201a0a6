package dev.twofa.spring.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.util.HtmlUtils;

/**
 * The default second-step page, written as one HTML string like Spring Security's default login
 * page: every value escaped, the CSRF token as a hidden field, no script.
 *
 * <p>Thread-safety: stateless; thread-safe.
 */
final class SecondStepPage {

    private SecondStepPage() {
    }

    static String render(SecondStepView view, HttpServletRequest request) {
        String title = view.mode() == SecondStepView.Mode.LOGIN ? "One more step to sign in" : "Confirm it is you";
        String csrf = csrfField(request);
        String action = esc(view.postUrl());
        StringBuilder html = new StringBuilder(2048)
                .append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(title)).append("</title>\n")
                .append("<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}")
                .append("label,input,button{display:block;margin:.5rem 0}input[type=text]{font-size:1.25rem;width:100%}")
                .append(".message{color:#a40000}label.check{display:flex;gap:.5rem}label.check input{margin:0}</style>\n")
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
                    .append(csrf).append("<button type=\"submit\">Send a new code</button>\n</form>\n");
        }
        if (view.recoveryCodeOffered()) {
            html.append("<form method=\"post\" action=\"").append(action).append("\">\n")
                    .append("<label for=\"recoveryCode\">Lost your phone? Enter one of your recovery codes</label>\n")
                    .append("<input type=\"text\" id=\"recoveryCode\" name=\"recoveryCode\" autocomplete=\"off\"")
                    .append(" autocapitalize=\"off\" spellcheck=\"false\" required>\n")
                    .append(csrf).append("<button type=\"submit\">Use recovery code</button>\n</form>\n");
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
