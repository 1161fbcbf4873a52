package org.fengqiao.gateway.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

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
    /** Where the browser saves what a page offers for download (an export), without asking. */
    static final Path DOWNLOADS = Path.of("target", "downloads").toAbsolutePath();

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
            try {
                Files.createDirectories(DOWNLOADS);
            } catch (IOException e) {
                throw new IllegalStateException("could not make " + DOWNLOADS, e);
            }
            options.setExperimentalOption("prefs", Map.of("download.default_directory", DOWNLOADS.toString(),
                    "download.prompt_for_download", false));
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

    /**
     * The file a click offers for download, once the browser has saved it whole: the first file in
     * {@link #DOWNLOADS} whose name starts with {@code prefix} and ends with {@code suffix}. Files of
     * that name from before are removed first, so the one found is the click's.
     */
    static Path download(WebDriver browser, String prefix, String suffix, Runnable click) {
        clearDownloads(prefix, suffix);
        click.run();
        // Chromium writes to <name>.crdownload and renames it to <name> when the download is complete.
        return wait(browser).until(b -> downloads(prefix, suffix).stream().findFirst().orElse(null));
    }

    /** Removes the downloaded files whose name starts with {@code prefix} and ends with {@code suffix}. */
    static void clearDownloads(String prefix, String suffix) {
        try {
            for (Path p : downloads(prefix, suffix)) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not clear " + DOWNLOADS, e);
        }
    }

    /** The downloaded files whose name starts with {@code prefix} and ends with {@code suffix}. */
    static List<Path> downloads(String prefix, String suffix) {
        try (Stream<Path> files = Files.list(DOWNLOADS)) {
            return files.filter(p -> named(p, prefix, suffix)).toList();
        } catch (IOException e) {
            throw new IllegalStateException("could not read " + DOWNLOADS, e);
        }
    }

    private static boolean named(Path file, String prefix, String suffix) {
        String name = file.getFileName().toString();
        return name.startsWith(prefix) && name.endsWith(suffix);
    }

    private static Path firstExisting(String configured, String... candidates) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return List.of(candidates).stream().map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
    }
}
