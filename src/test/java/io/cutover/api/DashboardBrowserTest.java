package io.cutover.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cutover.proxy.ProxyLifecycle;
import io.cutover.support.AdminApi;
import io.cutover.support.LoadClient;
import io.cutover.support.LoopbackInstance;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The dashboard in a real browser (Debian's chromium, driven through its chromedriver): a person
 * logs in, deploys a canary while a client that never retries keeps sending requests, watches the
 * split and the charts move, promotes it and sees it go live. Any error in the browser's console
 * fails it. Skips where chromium or chromedriver is not installed.
 */
@QuarkusTest
class DashboardBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  // One step at 20% that waits for promote; analysis never fails the test's light load.
  private static final String CANARY_BY_HAND =
      DeployableService.PATIENT_HEALTH
          + "deploy:\n"
          + "  canary: {steps: [{weight: 20, pause: 0}]}\n"
          + "  analysis: {min-requests: 1000000, inconclusive: promote}\n";

  @TestHTTPResource("/")
  URL dashboard;

  @Inject ProxyLifecycle proxy;

  @Test
  void aPersonWatchesACanaryInTheBrowserAndPromotesItThere() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER + ")");
    Vertx vertx = Vertx.vertx();
    try (DeployableService service = DeployableService.create("dash", CANARY_BY_HAND)) {
      String name = service.name();
      service.deployLive("v1");
      LoopbackInstance v2 = service.instance("v2");
      LoadClient load = LoadClient.start(vertx, proxy.port(), name + ".localhost", "/", 2);
      ChromeDriver browser = browser();
      try {
        browser.get(dashboard.toString());
        Page page = new Page(browser);

        page.visible(By.id("token")).sendKeys(AdminApi.token());
        browser.findElement(By.cssSelector("#login-form button")).click();
        String card = "article[data-service='" + name + "'] ";
        page.until(() -> page.text(card + "[data-live-version]").equals("v1"));
        page.until(() -> page.attribute(card + ".split div", "data-percent").equals("100"));
        page.until(() -> points(page, card, "v1") >= 2);

        // Deploy v2 as a canary from the page, confirming in its dialog.
        browser.findElement(By.cssSelector(card + "input[name=version]")).sendKeys("v2");
        browser
            .findElement(By.cssSelector(card + "select[name=strategy] option[value=canary]"))
            .click();
        browser
            .findElement(By.cssSelector(card + "input[name=targets]"))
            .sendKeys(DeployableService.target(v2));
        browser.findElement(By.cssSelector(card + "button[data-action=deploy]")).click();
        page.confirm("Deploy v2 to " + name + "?");

        // The split moves to 80/20 and the canary's line appears and grows in the charts.
        page.until(() -> page.text(card + "[data-release-status]").equals("paused"));
        page.until(
            () ->
                "20".equals(page.attribute(card + ".split div[data-version=v2]", "data-percent")));
        assertEquals("80", page.attribute(card + ".split div[data-version=v1]", "data-percent"));
        String before =
            page.attribute(card + "svg[data-chart=requestsPerSecond] polyline", "points");
        page.until(() -> points(page, card, "v2") >= 3);
        String after =
            page.attribute(card + "svg[data-chart=requestsPerSecond] polyline", "points");
        assertNotEquals(before, after, "the chart moved");
        page.until(
            () ->
                !browser
                    .findElements(By.cssSelector(card + "li[data-type='traffic.shifted']"))
                    .isEmpty());
        screenshot(browser, Path.of("target/dashboard.png"));

        // Promote, confirmed: the canary takes everything and the release goes live.
        page.until(
            () ->
                browser
                    .findElement(By.cssSelector(card + "button[data-action=promote]"))
                    .isEnabled());
        assertTrue(
            !browser.findElement(By.cssSelector(card + "button[data-action=resume]")).isEnabled(),
            "a release waiting at a step is promoted, not resumed");
        browser.findElement(By.cssSelector(card + "button[data-action=promote]")).click();
        page.confirm("Promote " + name + " #");
        page.until(() -> page.text(card + "[data-live-version]").equals("v2"));
        page.until(
            () ->
                !browser
                    .findElements(By.cssSelector(card + "li[data-type='release.live']"))
                    .isEmpty());
        page.until(
            () ->
                "100".equals(page.attribute(card + ".split div[data-version=v2]", "data-percent")));
        page.until(
            () ->
                browser.findElements(By.cssSelector("#history-rows tr td span.badge")).stream()
                    .anyMatch(badge -> badge.getText().equals("live")));
        screenshot(browser, Path.of("target/dashboard-live.png"));

        // A warning the test writes itself: the console is read, so the check below can fail.
        browser.executeScript("console.warn('dashboard test probe')");
        List<LogEntry> console = browser.manage().logs().get(LogType.BROWSER).getAll();
        assertTrue(
            console.stream().anyMatch(entry -> entry.getMessage().contains("dashboard test probe")),
            "the browser's console cannot be read: " + console);
        List<LogEntry> errors =
            console.stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .toList();
        assertEquals(List.of(), errors, "browser console errors");
      } finally {
        browser.quit();
        load.stop();
      }
      System.out.printf("dashboard: clients %s%n", load);
      assertTrue(load.ok() > 0, load.toString());
      assertEquals(0, load.non2xx() + load.connectionErrors(), load.toString());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static int points(Page page, String card, String version) {
    String count =
        page.attribute(
            card + "svg[data-chart=requestsPerSecond] polyline[data-version=" + version + "]",
            "data-points");
    return count == null ? 0 : Integer.parseInt(count);
  }

  private static ChromeDriver browser() {
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1360,1500");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  private static void screenshot(ChromeDriver browser, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
  }

  /** Reads and waits on the page; a node replaced between two reads is read again. */
  private record Page(ChromeDriver browser) {
    ConditionFactory await() {
      return org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions();
    }

    void until(Supplier<Boolean> condition) {
      await().until(condition::get);
    }

    WebElement visible(By by) {
      return await().until(() -> browser.findElement(by), WebElement::isDisplayed);
    }

    String text(String css) {
      return browser.findElement(By.cssSelector(css)).getText();
    }

    String attribute(String css, String name) {
      return browser.findElement(By.cssSelector(css)).getDomAttribute(name);
    }

    /** The confirm dialog is open with this title: confirm it. */
    void confirm(String titleStart) {
      until(() -> text("#confirm-title").startsWith(titleStart));
      browser.findElement(By.id("confirm-ok")).click();
      until(() -> !browser.findElement(By.id("confirm")).isDisplayed());
    }
  }
}
