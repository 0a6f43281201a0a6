package dev.twofa.examples.customeradmin.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) at a desktop or a
 * 390 px wide phone viewport, in the customer's time zone, saving a full-page screenshot per step
 * under {@code target/screenshots/<viewport>/NN-step.png} and checking at each that the page has
 * no horizontal scroll. Without the browser a test using it is skipped (JUnit assumption) with the
 * command that installs it.
 *
 * <p>Not thread-safe: one per test, tests one at a time.
 */
final class Browser implements AutoCloseable {

    /** The command the skip message names. */
    static final String INSTALL = "install: apt-get install -y chromium chromium-driver";

    private static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));

    /** Words a customer page must not use ("two-factor authentication" is the seed's own term). */
    static final Pattern JARGON = Pattern.compile("(?i)\\btotp\\b|step[- ]?up|(?<!two-)factor|\\bmfa\\b|\\b2fa\\b");

    /** The two screen sizes every story runs on. */
    enum Viewport {
        DESKTOP("desktop", 1280, 900),
        PHONE("phone-390", 390, 844);

        final String directory;
        final int width;
        final int height;

        Viewport(String directory, int width, int height) {
            this.directory = directory;
            this.width = width;
            this.height = height;
        }
    }

    private final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Viewport viewport;
    private final String baseUrl;
    private final Path screenshots;
    private final Path profile;
    /** The last step number per screenshot directory in this test run (browsers may share one). */
    private static final Map<Path, AtomicInteger> STEPS = new HashMap<>();

    private Browser(Viewport viewport, String baseUrl, String zone, String screenshotSet) throws IOException {
        this.viewport = viewport;
        this.baseUrl = baseUrl;
        this.screenshots = Path.of("target", "screenshots", viewport.directory + screenshotSet);
        synchronized (STEPS) {
            if (!STEPS.containsKey(screenshots)) {
                deleteTree(screenshots); // the screenshots of an earlier run
                STEPS.put(screenshots, new AtomicInteger());
            }
        }
        Files.createDirectories(screenshots);
        this.profile = Files.createTempDirectory("customer-admin-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-gpu", "--user-data-dir=" + profile, "--lang=en-GB");
        if (viewport == Viewport.PHONE) {
            options.setExperimentalOption("mobileEmulation", Map.of(
                    "deviceMetrics", Map.of("width", viewport.width, "height", viewport.height, "pixelRatio", 2.0,
                            "mobile", true, "touch", true),
                    "userAgent", "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                            + "Chrome/156.0.0.0 Mobile Safari/537.36"));
        } else {
            options.addArguments("--window-size=" + viewport.width + "," + viewport.height);
        }
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", zone));
    }

    /**
     * Starts a browser; skips the test when Chromium or its driver is missing.
     *
     * @param screenshotSet a suffix of the screenshot directory ("" for the story)
     */
    static Browser open(Viewport viewport, String baseUrl, String zone, String screenshotSet) throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), INSTALL);
        return new Browser(viewport, baseUrl, zone, screenshotSet);
    }

    WebDriver driver() {
        return driver;
    }

    Viewport viewport() {
        return viewport;
    }

    /** Opens a path of the application. */
    void go(String path) {
        driver.get(baseUrl + path);
    }

    /** Returns the path of the current page, such as {@code /security}. */
    String path() {
        return URI.create(driver.getCurrentUrl()).getPath();
    }

    /** Checks that the browser is on the page with this path. */
    void assertAt(String expectedPath) {
        if (!path().equals(expectedPath)) {
            try {
                Files.writeString(screenshots.resolve("failure.html"), driver.getPageSource());
                Files.write(screenshots.resolve("failure.png"), driver.getScreenshotAs(OutputType.BYTES));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertThat(path()).as("page after the last step (title: %s, saved as failure.html)", driver.getTitle())
                .isEqualTo(expectedPath);
    }

    WebElement find(By by) {
        return driver.findElement(by);
    }

    boolean has(By by) {
        return !driver.findElements(by).isEmpty();
    }

    String text(By by) {
        return driver.findElement(by).getText();
    }

    /** Clicks a button or link that loads another page, and waits until the old page is gone. */
    void click(By by) {
        WebElement page = driver.findElement(By.tagName("html"));
        driver.findElement(by).click();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.until(d -> gone(page));
        wait.until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    /**
     * Returns whether the element's page was replaced. Chromium reports a replaced node either as
     * stale or as "Node with given id does not belong to the document".
     */
    private static boolean gone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException replaced) {
            return true;
        } catch (WebDriverException e) {
            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    /** Clicks something that changes the page in place (a checkbox, a details summary). */
    void toggle(By by) {
        driver.findElement(by).click();
    }

    /**
     * Types into a field; tries again while a redirect chain still replaces the page (the element
     * found a moment ago then no longer belongs to the document).
     */
    void type(By by, String text) {
        new WebDriverWait(driver, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class)
                .ignoring(WebDriverException.class).until(d -> {
                    WebElement e = d.findElement(by);
                    e.clear();
                    e.sendKeys(text);
                    return true;
                });
    }

    /**
     * Checks that the page fits the viewport's width and uses no jargon, then saves its full-page screenshot as the
     * next step.
     *
     * @param name the step, such as {@code login}
     * @return the file
     */
    Path screenshot(String name) {
        String text = driver.findElement(By.tagName("body")).getText();
        assertThat(JARGON.matcher(text).find()).as("jargon on %s at step %s: %s", path(), name, text).isFalse();
        long scrollWidth = ((Number) ((JavascriptExecutor) driver)
                .executeScript("return document.documentElement.scrollWidth")).longValue();
        assertThat(scrollWidth).as("page %s is wider than the %d px viewport (horizontal scroll) at step %s",
                path(), viewport.width, name).isLessThanOrEqualTo(viewport.width);
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
        double width = viewport.width; // the page fits it (checked above); the content size may leave out a scroll bar
        double height = Math.min(((Number) size.get("height")).doubleValue(), 6000);
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        Path file = screenshots.resolve(String.format("%02d-%s.png", STEPS.get(screenshots).incrementAndGet(), name));
        try {
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Returns the PNG of one element as the browser paints it. */
    byte[] picture(By by) {
        return driver.findElement(by).getScreenshotAs(OutputType.BYTES);
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
