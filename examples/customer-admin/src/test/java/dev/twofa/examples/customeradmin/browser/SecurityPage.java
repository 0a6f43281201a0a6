package dev.twofa.examples.customeradmin.browser;

import org.openqa.selenium.By;

/** Profile &gt; Security, with the seed's buttons. */
final class SecurityPage {

    private final Browser browser;

    SecurityPage(Browser browser) {
        this.browser = browser;
    }

    static SecurityPage open(Browser browser) {
        browser.go("/security");
        return new SecurityPage(browser);
    }

    String status() {
        return browser.text(By.id("status"));
    }

    String number() {
        return browser.text(By.id("number"));
    }

    String pendingNumber() {
        return browser.text(By.id("pending-number"));
    }

    void changeNumber() {
        browser.click(By.id("change-number"));
    }

    String numberState() {
        return browser.text(By.id("number-state"));
    }

    String recoveryCodesLeft() {
        return browser.text(By.id("recovery-left"));
    }

    String notice() {
        return browser.text(By.cssSelector("main .notice"));
    }

    String smsNotice() {
        return browser.text(By.cssSelector("#sms .notice"));
    }

    String appError() {
        return browser.text(By.id("app-error"));
    }

    String devices() {
        return browser.text(By.id("devices"));
    }

    NumberForm addNumber() {
        browser.click(By.id("add-number"));
        return new NumberForm(browser);
    }

    VerifyNumberPage verifyNumber() {
        browser.click(By.id("verify-number"));
        return new VerifyNumberPage(browser);
    }

    RecoveryCodesPage enableAuthentication() {
        browser.click(By.id("enable-sms"));
        return new RecoveryCodesPage(browser);
    }

    void connectDevice() {
        browser.click(By.id("connect-device"));
    }

    void deactivate() {
        browser.click(By.id("deactivate"));
    }

    void forgetFirstDevice() {
        browser.click(By.cssSelector("#devices form button"));
    }

    void logOut() {
        browser.click(By.cssSelector("header form button"));
    }
}
