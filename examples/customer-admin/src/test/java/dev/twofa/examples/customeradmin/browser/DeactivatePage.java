package dev.twofa.examples.customeradmin.browser;

import org.openqa.selenium.By;

/** Deactivate: what goes with the method, and the deactivate button. */
final class DeactivatePage {

    private final Browser browser;

    DeactivatePage(Browser browser) {
        this.browser = browser;
    }

    String warning() {
        return browser.text(By.id("drop-warning"));
    }

    void deactivate() {
        browser.click(By.id("confirm-deactivate"));
    }
}
