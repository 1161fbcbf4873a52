package org.fengqiao.gateway.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium for the whole test JVM, started by the first browser test and quit when the
 * JVM ends: starting a browser costs seconds, and the tests sign in afresh anyway. It is Debian's
 * {@code chromium} driven through Debian's {@code chromium-driver} (the versions match by
 * construction); nothing is downloaded (Selenium Manager never runs: both paths are given).
 *
 * <p>Without them, a run under CI ({@code CI=true}, as {@code .ci/run} is run) fails: the browser
 * tests are part of what CI shows, and {@code .ci/run} installs both. On a developer's machine the
 * browser tests are skipped with a message saying what to install, so the rest of the suite runs.
 */
final class ConsoleBrowser {

    static final Path CHROMIUM = firstExisting(System.getProperty("gateway.test.chromium"),
            "/usr/bin/chromium", "/usr/bin/chromium-browser");
    static final Path CHROMEDRIVER = firstExisting(System.getProperty("gateway.test.chromedriver"),
            "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static WebDriver driver;

    private ConsoleBrowser() {
    }

    /** The shared browser, with no cookies left from the test before. */
    static synchronized WebDriver get() {
        if (driver == null) {
            String missing = CHROMIUM == null ? "chromium" : CHROMEDRIVER == null ? "chromium-driver" : null;
            if (missing != null) {
                String message = "The console's browser tests need Debian's chromium and chromium-driver"
                        + " (apt-get install -y chromium chromium-driver); " + missing + " is not installed";
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    Assertions.fail(message);
                }
                Assumptions.abort(message);
            }
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            // --no-sandbox: CI runs as root, where Chromium refuses its sandbox.
            options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                    "--window-size=1400,1000", "--lang=zh-CN");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
            driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            WebDriver started = driver;
            Runtime.getRuntime().addShutdownHook(new Thread(started::quit, "console-browser-quit"));
        }
        driver.manage().deleteAllCookies();
        return driver;
    }

    /** Signs in on the console's sign-in page as a handler, with its development password. */
    static void signIn(WebDriver browser, String base, String handlerId) {
        browser.get(base + "console/");
        // Not signed in: the console sends the browser to its sign-in page.
        wait(browser).until(ExpectedConditions.urlContains("/console/sign-in"));
        browser.findElement(By.id("j_username")).sendKeys(handlerId);
        browser.findElement(By.id("j_password")).sendKeys("dev-" + handlerId);
        browser.findElement(By.id("sign-in")).click();
        wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("rows")));
    }

    static WebDriverWait wait(WebDriver browser) {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    /** A screenshot of the page as it is now, as target/screenshots/{name}.png. */
    static void screenshot(WebDriver browser, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new IllegalStateException("could not write the screenshot " + name, e);
        }
    }

    private static Path firstExisting(String configured, String... candidates) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return List.of(candidates).stream().map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
    }
}
