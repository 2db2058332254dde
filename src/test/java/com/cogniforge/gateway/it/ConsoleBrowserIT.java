package com.cogniforge.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real headless Chromium against the deployed WAR: log in, change a setting and
 * see a chat obey it, read a field error, draw the report charts under the console's content
 * security policy, export the usage table as CSV, switch to Arabic, log out. Screenshots of the
 * main pages go to {@code target/screenshots/} (the README shows copies from docs/screenshots).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

  @Deployment(testable = false)
  @TargetsContainer("console-browser")
  static WebArchive deployment() {
    return GatewayDeployment.war();
  }

  private static Path workDir;
  private static Path downloads;
  private static ChromeDriver browser;
  private static WebDriverWait wait;

  @ArquillianResource URL reported;

  @BeforeAll
  static void startBrowser() throws IOException {
    workDir =
        Files.createTempDirectory(Path.of(System.getProperty("it.target", "target")), "browser");
    downloads = Files.createDirectories(workDir.resolve("downloads"));
    browser = Chromium.start(workDir.resolve("profile"), downloads);
    wait = new WebDriverWait(browser, Duration.ofSeconds(20));
  }

  @AfterAll
  static void stopBrowser() throws IOException {
    if (browser != null) {
      browser.quit();
    }
    try (Stream<Path> files = Files.walk(workDir.resolve("profile"))) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  private URI base() {
    return GatewayDeployment.loopback(reported);
  }

  private void open(String path) {
    browser.get(base().resolve(path).toString());
  }

  private static WebElement find(String css) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  private static void screenshot(String name, int height) throws IOException {
    browser.manage().window().setSize(new Dimension(1366, height));
    Path dir =
        Files.createDirectories(Path.of(System.getProperty("it.target", "target"), "screenshots"));
    Files.write(dir.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    browser.manage().window().setSize(new Dimension(1366, 1000));
  }

  private HttpResponse<String> chat(String tier) throws Exception {
    return Http.post(
        base().resolve("v1/chat/completions"),
        "application/json",
        "{\"tier\":\""
            + tier
            + "\",\"messages\":[{\"role\":\"user\",\"content\":\"browser test\"}]}");
  }

  @Test
  @Order(1)
  void anUnauthenticatedVisitEndsOnTheLoginForm() throws Exception {
    open("admin/settings");
    wait.until(ExpectedConditions.urlContains("/admin/login"));
    find("#user").sendKeys("admin");
    find("#password").sendKeys("wrong password");
    find("#login").click();
    assertEquals("Wrong user name or password.", find("#login-error").getText());
    screenshot("login", 800);
  }

  @Test
  @Order(2)
  void theOperatorChangesASettingAndTheNextChatObeysIt() throws Exception {
    open("admin/settings");
    find("#user").clear();
    find("#user").sendKeys(Http.ADMIN_USER);
    find("#password").sendKeys(Http.ADMIN_PASSWORD);
    find("#login").click();
    wait.until(ExpectedConditions.urlContains("/admin/settings"));

    WebElement fast = find("#FAST_MODEL");
    fast.clear();
    fast.sendKeys("sim/browser-fast, sim/browser-backup");
    WebElement routing = find("#ENABLE_INTELLIGENT_ROUTING");
    assertFalse(routing.isSelected());
    routing.click();
    find("#save-settings").click();
    assertEquals("Settings saved.", find(".flash.ok").getText());
    assertTrue(find("#ENABLE_INTELLIGENT_ROUTING").isSelected());
    assertTrue(find("#audit").getText().contains("sim/browser-fast,sim/browser-backup"));

    HttpResponse<String> answer = chat("FAST");
    assertEquals(200, answer.statusCode(), answer.body());
    assertEquals(
        "sim/browser-fast", answer.headers().firstValue("X-CogniForge-Model").orElseThrow());
    screenshot("settings", 2300);
  }

  @Test
  @Order(3)
  void anInvalidValueIsExplainedNextToItsField() {
    open("admin/settings");
    WebElement budget = find("#LLM_DAILY_BUDGET");
    budget.clear();
    budget.sendKeys("-1");
    find("#save-settings").click();
    assertEquals("The budget cannot be negative.", find("#error-LLM_DAILY_BUDGET").getText());
    assertTrue(find("#form-error").getText().startsWith("Nothing was saved"));
    WebElement field =
        browser.findElement(By.cssSelector("#LLM_DAILY_BUDGET")).findElement(By.xpath(".."));
    assertTrue(field.getAttribute("class").contains("invalid"));
  }

  @Test
  @Order(4)
  void theStatusPageTestsTheProvider() throws Exception {
    open("admin/status");
    assertEquals("On", find("#mode-routing").getText());
    find("#test-connection").click();
    assertTrue(find(".flash.ok").getText().startsWith("Connected: simulated answered"));
    screenshot("status", 1000);
  }

  @Test
  @Order(5)
  void reportsDrawTheirChartsUnderTheContentSecurityPolicy() throws Exception {
    for (String tier : List.of("NANO", "FAST", "FAST", "SMART", "GENIUS")) {
      assertEquals(200, chat(tier).statusCode());
    }
    browser.manage().logs().get(LogType.BROWSER); // reading drains what earlier pages logged
    open("admin/reports?range=1h");
    wait.until(ExpectedConditions.attributeToBe(By.id("charts"), "data-ready", "true"));
    for (String chart : List.of("chart-ttft", "chart-requests", "chart-spend", "chart-cache")) {
      assertFalse(
          browser.findElements(By.cssSelector("#" + chart + " canvas")).isEmpty(),
          chart + " drawn");
    }
    assertTrue(find("#model-health").getText().contains("sim/browser-fast"));
    for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
      assertFalse(
          entry.getMessage().contains("Content Security Policy")
              || entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue(),
          "browser console: " + entry.getMessage());
    }
    screenshot("reports", 1700);
  }

  @Test
  @Order(6)
  void theUsageTableFiltersAndItsCsvExportHasTheSameRows() throws Exception {
    open("admin/usage");
    new Select(find("#tier")).selectByValue("FAST");
    find("#apply-filters").click();
    wait.until(ExpectedConditions.urlContains("tier=FAST"));
    List<WebElement> rows = browser.findElements(By.cssSelector("#usage-table tbody tr"));
    assertTrue(rows.size() >= 3, "the FAST chats of the earlier tests");
    for (WebElement row : rows) {
      assertEquals("FAST", row.findElements(By.tagName("td")).get(5).getText());
    }
    screenshot("usage", 1000);

    find("#export-csv").click();
    Path csv = downloads.resolve("usage.csv");
    wait.until(d -> Files.exists(csv) && !Files.exists(downloads.resolve("usage.csv.crdownload")));
    List<String> lines = Files.readAllLines(csv);
    assertEquals(rows.size() + 1, lines.size(), String.join("\n", lines));
    assertTrue(lines.get(0).startsWith("id,created_at,request_id"));
    assertTrue(lines.stream().skip(1).allMatch(line -> line.contains(",FAST,")));
  }

  @Test
  @Order(7)
  void aKeyIsCreatedInTheFormAndShownOnce() throws Exception {
    open("admin/keys");
    find("#key-name").sendKeys("mobile app");
    find("#key-rpm").sendKeys("60");
    find("#key-budget").sendKeys("2.50");
    find("#key-tier-NANO").click();
    find("#key-tier-FAST").click();
    find("#create-key-button").click();
    String secret = find("#new-key").getText();
    assertTrue(secret.matches("cfk_[A-Za-z0-9_-]{40}"), secret);
    assertTrue(find("#keys-table").getText().contains("mobile app"));
    screenshot("keys", 1100);
    HttpResponse<String> answer =
        Http.send(
            java.net.http.HttpRequest.newBuilder(base().resolve("v1/chat/completions"))
                .header("Authorization", "Bearer " + secret)
                .header("Content-Type", "application/json")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"tier\":\"SMART\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"))
                .build());
    assertEquals(403, answer.statusCode(), "the key is limited to NANO and FAST");
    open("admin/keys");
    assertFalse(browser.getPageSource().contains(secret), "shown once only");
  }

  @Test
  @Order(8)
  void arabicIsRightToLeftOnEveryPage() throws Exception {
    open("admin/status");
    find("#lang-switch").click();
    wait.until(ExpectedConditions.attributeToBe(By.tagName("html"), "dir", "rtl"));
    assertEquals("ar", browser.findElement(By.tagName("html")).getAttribute("lang"));
    assertEquals("مفعّل", find("#mode-routing").getText());
    screenshot("status-ar", 1000);
    open("admin/settings");
    assertEquals("rtl", browser.findElement(By.tagName("html")).getAttribute("dir"));
    assertTrue(find("#section-budget legend").getText().contains("الميزانية"));
    screenshot("settings-ar", 1400);
    open("admin/reports?range=1h");
    wait.until(ExpectedConditions.attributeToBe(By.id("charts"), "data-ready", "true"));
    screenshot("reports-ar", 1000);
    find("#lang-switch").click();
    wait.until(ExpectedConditions.attributeToBe(By.tagName("html"), "dir", "ltr"));
  }

  @Test
  @Order(9)
  void loggingOutEndsTheSession() {
    open("admin/status");
    find("#logout").click();
    wait.until(ExpectedConditions.urlContains("/admin/login"));
    open("admin/status");
    wait.until(ExpectedConditions.urlContains("/admin/login?next="));
    assertTrue(browser.findElements(By.id("logout")).isEmpty());
  }
}
