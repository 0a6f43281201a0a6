package dev.twofa.examples.customeradmin.browser;

import org.openqa.selenium.By;

/** The second step of the login (and the confirm-again page): a code, or a recovery code. */
final class SecondStepPage {

    private final Browser browser;

    SecondStepPage(Browser browser) {
        this.browser = browser;
    }

    String prompt() {
        return browser.text(By.id("prompt"));
    }

    SecondStepPage enterCode(String code) {
        browser.type(By.id("code"), code);
        return this;
    }

    SecondStepPage rememberThisDevice() {
        browser.toggle(By.id("remember"));
        return this;
    }

    void submit() {
        browser.click(By.id("submit-code"));
    }

    void sendCode() {
        browser.click(By.id("resend"));
    }

    void useRecoveryCode(String code) {
        browser.toggle(By.cssSelector("details.recovery summary"));
        browser.type(By.id("recoveryCode"), code);
        browser.click(By.id("submit-recovery"));
    }

    /** Returns the error under the code field. */
    String fieldError() {
        return browser.text(By.cssSelector(".field-error"));
    }

    boolean locked() {
        return browser.has(By.id("locked"));
    }

    String lockMessage() {
        return browser.text(By.id("locked"));
    }

    int formsInMain() {
        return browser.driver().findElements(By.cssSelector("main form")).size();
    }
}
