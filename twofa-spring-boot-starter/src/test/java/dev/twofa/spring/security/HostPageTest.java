package dev.twofa.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.spring.security.Browser.Page;
import dev.twofa.testkit.AuthenticatorApp;
import dev.twofa.testkit.TwoFactorTestKit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A host's own second-step page: it gets the {@link SecondStepView} and posts to the starter's URL. */
@SpringBootTest(classes = HostPageApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HostPageTest {

    @LocalServerPort
    int port;

    @Autowired
    TwoFactorTestKit kit;

    @Test
    void hostPage_appUser_sentToTheHostsPageWithTheView() {
        enableApp("host-1");
        Browser browser = new Browser(port);
        browser.open("/page");

        Page second = browser.follow(browser.loginWithPassword("host-1"));

        assertThat(second.url()).endsWith("/verify");
        assertThat(second.body()).contains("LOGIN TOTP Enter the code shown in your authenticator app. | null | null")
                .contains("remember false").contains("post " + TwoFactorConfigurer.DEFAULT_URL);
    }

    @Test
    void hostPage_wrongThenRightCode_messageOnTheHostsPageThenThePage() {
        AuthenticatorApp app = enableApp("host-2");
        Browser browser = new Browser(port);
        browser.open("/page");
        browser.follow(browser.loginWithPassword("host-2"));

        Page wrong = browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL,
                Map.of("code", TwoFactorLoginTest.wrong(app.currentCode()))));

        assertThat(wrong.url()).endsWith("/verify");
        assertThat(wrong.body()).contains("| That code is not right. Check the code and try again. You have 9 tries left. | 9 |");
        Page page = browser.follow(browser.post(TwoFactorConfigurer.DEFAULT_URL, Map.of("code", app.currentCode())));
        assertThat(page.body()).isEqualTo("page of host-2");
    }

    @Test
    void hostPage_defaultUrlGet_redirectsToTheHostsPage() {
        enableApp("host-3");
        Browser browser = new Browser(port);
        browser.open("/page");
        browser.follow(browser.loginWithPassword("host-3"));

        Page page = browser.get(TwoFactorConfigurer.DEFAULT_URL);

        assertThat(page.location()).endsWith("/verify");
    }

    private AuthenticatorApp enableApp(String user) {
        return KitBeans.enableApp(kit, user);
    }
}
