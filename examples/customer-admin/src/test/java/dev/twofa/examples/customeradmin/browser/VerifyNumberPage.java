package dev.twofa.examples.customeradmin.browser;

import org.openqa.selenium.By;

/** Verify Number: Send Code, then the code from the SMS. */
final class VerifyNumberPage {

    private final Browser browser;

    VerifyNumberPage(Browser browser) {
        this.browser = browser;
    }

    VerifyNumberPage sendCode() {
        browser.click(By.id("send-code"));
        return this;
    }

    String sentMessage() {
        return browser.text(By.id("sent"));
    }

    void confirm(String code) {
        browser.type(By.id("code"), code);
        browser.click(By.id("confirm-code"));
    }
}
