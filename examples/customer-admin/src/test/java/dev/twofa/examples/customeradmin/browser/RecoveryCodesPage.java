package dev.twofa.examples.customeradmin.browser;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The recovery codes, shown once when a method is turned on. */
final class RecoveryCodesPage {

    private final Browser browser;

    RecoveryCodesPage(Browser browser) {
        this.browser = browser;
    }

    String headline() {
        return browser.text(By.id("headline"));
    }

    List<String> codes() {
        return browser.driver().findElements(By.cssSelector("#recovery-codes code")).stream().map(WebElement::getText).toList();
    }

    SecurityPage saved() {
        browser.click(By.id("done"));
        return new SecurityPage(browser);
    }
}
