package com.cspmarket.system;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Chromium (Debian's {@code chromium} and {@code chromium-driver}, never a downloaded browser), headless, with
 * a fresh profile and its own downloads folder: one person at one desk.
 */
final class Browser implements AutoCloseable {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String DRIVER = "/usr/bin/chromedriver";

    private final ChromeDriver driver;
    private final Path profile;
    private final Path downloads;

    private Browser(ChromeDriver driver, Path profile, Path downloads) {
        this.driver = driver;
        this.profile = profile;
        this.downloads = downloads;
    }

    static Browser open() {
        if (!new File(CHROMIUM).canExecute() || !new File(DRIVER).canExecute()) {
            throw new IllegalStateException("Chromium is missing: the build installs Debian's chromium and chromium-driver"
                    + " (system-tests/ensure-tools, as root); or run: apt-get install -y chromium chromium-driver");
        }
        try {
            Path profile = Files.createTempDirectory("portal-browser-");
            Path downloads = Files.createTempDirectory("portal-downloads-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM);
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--window-size=1280,1000", "--user-data-dir=" + profile);
            options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                    "download.prompt_for_download", false));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(DRIVER)).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
            return new Browser(driver, profile, downloads);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Signs in at the identity provider's page, as a person would, and lands on the portal's start page. */
    Browser signIn(String portalUrl, String username) {
        driver.get(portalUrl + "/");
        await().atMost(Duration.ofSeconds(30)).until(() -> !driver.findElements(By.id("username")).isEmpty());
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys("demo");
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> driver.getCurrentUrl().startsWith(portalUrl)
                && !driver.findElements(By.cssSelector("header.top")).isEmpty());
        return this;
    }

    void go(String url) {
        driver.get(url);
    }

    String url() {
        return driver.getCurrentUrl();
    }

    WebElement find(String css) {
        try {
            return driver.findElement(By.cssSelector(css));
        } catch (org.openqa.selenium.NoSuchElementException e) {
            keepForDiagnosis();
            throw e;
        }
    }

    /** The page a step failed on, as HTML, next to the screenshots. */
    void keepForDiagnosis() {
        try {
            Path dir = TestSystem.root().resolve("system-tests/target/screenshots");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("failed-page.html"), driver.getCurrentUrl() + "\n" + driver.getPageSource());
        } catch (IOException | RuntimeException ignored) {
            // diagnosis only
        }
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    boolean has(String css) {
        return !driver.findElements(By.cssSelector(css)).isEmpty();
    }

    String text(String css) {
        return find(css).getText();
    }

    String pageText() {
        return find("body").getText();
    }

    void type(String css, String value) {
        WebElement field = find(css);
        field.clear();
        field.sendKeys(value);
    }

    void choose(String css, String visibleText) {
        new Select(find(css)).selectByVisibleText(visibleText);
    }

    /** Clicks what leads to another page, and waits until that page has replaced this one. */
    void click(String css) {
        navigating(() -> find(css).click());
    }

    void clickLink(String text) {
        navigating(() -> driver.findElement(By.linkText(text)).click());
    }

    /** Submits the form the field is in, and waits for the answer's page. */
    void submit(String css) {
        navigating(() -> find(css).submit());
    }

    /** Clicks what does not leave the page (a download, a copy button). */
    void clickStaying(String css) {
        find(css).click();
    }

    /**
     * Runs an action that loads another page and waits until the old page is gone and the new one loaded: reading
     * right after a click could otherwise read the old page.
     */
    void navigating(Runnable action) {
        WebElement before = driver.findElement(By.tagName("html"));
        action.run();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try {
                before.isEnabled();
                return false;
            } catch (org.openqa.selenium.StaleElementReferenceException gone) {
                return "complete".equals(script("return document.readyState"));
            }
        });
    }

    void refresh() {
        driver.navigate().refresh();
    }

    /** Sets an input's value as a date picker would (typing into one depends on the browser's locale). */
    void setValue(String css, String value) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1];", find(css), value);
    }

    Object script(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Every field a person fills in has a label (read out by a screen reader, clickable). */
    void assertLabelled() {
        Object unlabelled = script("return Array.from(document.querySelectorAll("
                + "'input:not([type=hidden]), select, textarea')).filter(e => e.labels.length === 0)"
                + ".map(e => e.name || e.id);");
        assertThat((List<?>) unlabelled).as("fields without a label on " + url()).isEmpty();
    }

    /** Types into a field and presses Enter, as someone using only the keyboard would, and waits for the page. */
    void typeAndEnter(String css, String value) {
        WebElement field = find(css);
        field.clear();
        navigating(() -> field.sendKeys(value, org.openqa.selenium.Keys.ENTER));
    }

    /** Nothing is wider than the window: no sideways scrolling. */
    void assertFitsWidth() {
        Number page = (Number) script("return document.documentElement.scrollWidth;");
        Number window = (Number) script("return window.innerWidth;");
        assertThat(page.intValue()).as("page width at %s px", window).isLessThanOrEqualTo(window.intValue());
    }

    /** The page as it looks, for the README (docs/screenshots) and for whoever reads a failed run. */
    void screenshot(String name) {
        try {
            Path dir = Path.of(System.getProperty("screenshots.dir",
                    TestSystem.root().resolve("system-tests/target/screenshots").toString()));
            Files.createDirectories(dir);
            Number height = (Number) script("return Math.max(document.body.scrollHeight, 600);");
            Dimension before = driver.manage().window().getSize();
            driver.manage().window().setSize(new Dimension(before.getWidth(), Math.min(height.intValue() + 140, 2400)));
            Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
            driver.manage().window().setSize(before);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file the browser downloaded, once it is complete. */
    Path awaitDownload(String suffix) {
        Path[] found = new Path[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (var files = Files.list(downloads)) {
                found[0] = files.filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst().orElse(null);
            }
            return found[0] != null;
        });
        return found[0];
    }

    @Override
    public void close() {
        driver.quit();
        for (Path dir : List.of(profile, downloads)) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException ignored) {
                // a temporary folder: the OS cleans it up too
            }
        }
    }
}
