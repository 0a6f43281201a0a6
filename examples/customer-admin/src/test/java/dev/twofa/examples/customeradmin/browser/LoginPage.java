package dev.twofa.examples.customeradmin.browser;

import org.openqa.selenium.By;

/** The login page: user name and password. */
final class LoginPage {

    private final Browser browser;

    private LoginPage(Browser browser) {
        this.browser = browser;
    }

    static LoginPage open(Browser browser) {
        browser.go("/login");
        return new LoginPage(browser);
    }

    static LoginPage current(Browser browser) {
        return new LoginPage(browser);
    }

    /** Types the password and submits: a real browser POST through Spring Security's form login. */
    LoginPage logIn(String user, String password) {
        browser.type(By.id("username"), user);
        browser.type(By.id("password"), password);
        browser.click(By.id("login"));
        return this;
    }

    String message() {
        return browser.text(By.cssSelector("main .notice, main .error"));
    }
}
