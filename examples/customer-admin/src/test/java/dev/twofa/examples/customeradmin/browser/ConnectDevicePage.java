package dev.twofa.examples.customeradmin.browser;

import org.openqa.selenium.By;

/** Connect device: Display QR Code, the manual key, the code and Verify. */
final class ConnectDevicePage {

    private final Browser browser;

    ConnectDevicePage(Browser browser) {
        this.browser = browser;
    }

    ConnectDevicePage displayQrCode() {
        browser.toggle(By.id("display-qr"));
        return this;
    }

    /** Returns the QR code as painted on the screen (the browser's own picture of the image). */
    byte[] qrPicture() {
        return browser.picture(By.id("qr"));
    }

    String manualKey() {
        return browser.text(By.id("manual-key"));
    }

    String appLink() {
        return browser.find(By.id("otpauth-link")).getDomAttribute("href");
    }

    void verify(String code) {
        browser.type(By.id("code"), code);
        browser.click(By.id("verify"));
    }
}
