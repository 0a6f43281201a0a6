package dev.twofa.examples.customeradmin.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.By;

/** The Outbox page: the SMS sent to the customer's numbers, newest first. */
final class OutboxPage {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    private final Browser browser;

    private OutboxPage(Browser browser) {
        this.browser = browser;
    }

    static OutboxPage open(Browser browser) {
        browser.go("/outbox");
        return new OutboxPage(browser);
    }

    /** Returns the code in the newest SMS. */
    String newestCode() {
        return codeIn(browser.text(By.cssSelector("#messages li:first-child .sms-text")));
    }

    static String codeIn(String text) {
        Matcher m = CODE.matcher(text);
        assertThat(m.find()).as("a 6-digit code in the SMS").isTrue();
        return m.group(1);
    }
}
