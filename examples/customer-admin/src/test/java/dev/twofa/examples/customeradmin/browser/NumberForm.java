package dev.twofa.examples.customeradmin.browser;

import org.openqa.selenium.By;

/** Add Number / Change number: the number field and Save. */
final class NumberForm {

    private final Browser browser;

    NumberForm(Browser browser) {
        this.browser = browser;
    }

    NumberForm type(String number) {
        browser.type(By.id("number"), number);
        return this;
    }

    void save() {
        browser.click(By.id("save"));
    }

    String hint() {
        return browser.text(By.id("number-hint"));
    }

    String fieldError() {
        return browser.text(By.id("number-error"));
    }

    String typedValue() {
        return browser.find(By.id("number")).getDomProperty("value");
    }

    /** Returns whether the error is placed right after the field's hint, inside the same form. */
    boolean errorFollowsField() {
        return browser.has(By.cssSelector("form #number ~ #number-error"));
    }
}
