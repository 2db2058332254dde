package com.cogniforge.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator console and the admin APIs over HTTP against the deployed WAR: who may see them,
 * what a settings change does, how reports, usage export and language behave. The browser view of
 * the same pages is {@code ConsoleBrowserIT}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

  @Deployment(testable = false)
  @TargetsContainer("console")
  static WebArchive deployment() {
    return GatewayDeployment.war();
  }

  @ArquillianResource URL reported;

  private URI base() {
    return GatewayDeployment.loopback(reported);
  }

  private ConsoleSession loggedIn() throws Exception {
    ConsoleSession session = new ConsoleSession(base());
    HttpResponse<String> login = session.login(Http.ADMIN_PASSWORD);
    assertEquals(302, login.statusCode(), login.body());
    return session;
  }

  /** The settings in force, as the form posts them (an unticked checkbox sends nothing). */
  private Map<String, String> currentForm() throws Exception {
    JsonObject settings =
        Http.json(Http.admin(base().resolve("api/v1/settings")).body()).getJsonObject("settings");
    Map<String, String> form = new HashMap<>();
    for (String name : settings.keySet()) {
      String value = settings.getJsonObject(name).getString("value");
      if (!value.equals("false")) {
        form.put(name, value);
      }
    }
    return form;
  }

  private String setting(String name) throws Exception {
    return Http.json(Http.admin(base().resolve("api/v1/settings")).body())
        .getJsonObject("settings")
        .getJsonObject(name)
        .getString("value");
  }

  private HttpResponse<String> chatWithKey(String key) throws Exception {
    return Http.send(
        HttpRequest.newBuilder(base().resolve("v1/chat/completions"))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
            .build());
  }

  private HttpResponse<String> chat(String body) throws Exception {
    return Http.post(base().resolve("v1/chat/completions"), "application/json", body);
  }

  @Test
  @Order(1)
  void theConsoleAndAdminApisNeedTheOperatorButChatDoesNot() throws Exception {
    ConsoleSession anonymous = new ConsoleSession(base());
    HttpResponse<String> page = anonymous.get("admin/settings?x=1");
    assertEquals(302, page.statusCode());
    assertTrue(
        page.headers()
            .firstValue("Location")
            .orElseThrow()
            .endsWith("/admin/login?next=%2Fadmin%2Fsettings%3Fx%3D1"),
        page.headers().toString());
    assertEquals(302, anonymous.get("admin/").statusCode());
    assertEquals(302, anonymous.get("admin/reports/data").statusCode());

    for (String api : List.of("api/v1/usage", "api/v1/usage?format=csv", "api/v1/settings")) {
      HttpResponse<String> refused = Http.get(base().resolve(api));
      assertEquals(401, refused.statusCode(), api);
      assertEquals(
          "authentication_required",
          Http.json(refused.body()).getJsonObject("error").getString("code"));
      assertTrue(
          refused.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Basic"));
    }
    HttpResponse<String> wrong =
        Http.send(
            HttpRequest.newBuilder(base().resolve("api/v1/usage"))
                .header("Authorization", Http.basic("admin", "not-the-password"))
                .build());
    assertEquals(401, wrong.statusCode());
    assertEquals(
        "invalid_credentials", Http.json(wrong.body()).getJsonObject("error").getString("code"));
    assertEquals(200, Http.admin(base().resolve("api/v1/usage")).statusCode());

    assertEquals(200, Http.get(base().resolve("v1/models")).statusCode(), "clients need no login");
    HttpResponse<String> login = anonymous.get("admin/login");
    assertEquals(200, login.statusCode());
    assertTrue(login.body().contains("name=\"password\""));
  }

  @Test
  @Order(2)
  void loginGivesAFreshSessionAndLogoutEndsIt() throws Exception {
    ConsoleSession session = new ConsoleSession(base());
    session.get("admin/login");
    String before = session.sessionId().orElseThrow();
    HttpResponse<String> wrong =
        session.post("admin/login", Map.of("user", "admin", "password", "guess"), true);
    assertEquals(401, wrong.statusCode());
    assertTrue(wrong.body().contains("Wrong user name or password."));
    assertFalse(wrong.body().contains("guess"), "the password is never echoed");

    HttpResponse<String> ok = session.login(Http.ADMIN_PASSWORD);
    assertEquals(302, ok.statusCode());
    assertTrue(ok.headers().firstValue("Location").orElseThrow().endsWith("/admin/status"));
    assertNotEquals(before, session.sessionId().orElseThrow(), "session id changes at login");

    HttpResponse<String> status = session.get("admin/status");
    assertEquals(200, status.statusCode());
    assertTrue(status.body().contains("id=\"spend\""));
    assertTrue(status.body().contains("Not set"), "no provider key in this set-up");
    Map<String, List<String>> headers = status.headers().map();
    assertTrue(headers.get("content-security-policy").get(0).contains("script-src 'self'"));
    assertEquals("nosniff", headers.get("x-content-type-options").get(0));
    assertEquals("DENY", headers.get("x-frame-options").get(0));
    assertEquals("no-store", headers.get("cache-control").get(0));

    HttpResponse<String> out = session.post("admin/login/out", Map.of(), true);
    assertEquals(302, out.statusCode());
    assertEquals(302, session.get("admin/status").statusCode(), "logged out");
  }

  @Test
  @Order(99)
  void theStatusPageShowsEachModelsLiveQualityInBothLanguages() throws Exception {
    HttpResponse<String> answer =
        chat(
            "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"quality\"}]}");
    assertEquals(200, answer.statusCode(), answer.body());
    ConsoleSession session = loggedIn();
    String english = session.get("admin/status?lang=en").body();
    assertTrue(english.contains("id=\"model-quality\""), english);
    assertTrue(english.contains(">openai/gpt-4o-mini</td>"), "the model that served is listed");
    assertTrue(english.contains("Closed (in use)"));
    assertTrue(english.contains("This instance alone"), "no cluster in this set-up");
    assertTrue(
        english.contains("0 dropped (queue full), 0 set aside (refused by the database)"),
        "the usage records not written");
    String arabic = session.get("admin/status?lang=ar").body();
    assertTrue(arabic.contains("مغلقة (قيد الاستخدام)"), "circuit state in Arabic");
    assertTrue(arabic.contains("نُحّيت (رفضتها قاعدة البيانات)"), "the backlog in Arabic");
    assertTrue(arabic.contains("جودة النماذج الآن"));
    session.get("admin/status?lang=en");
  }

  @Test
  @Order(3)
  void aFormWithoutTheCsrfTokenChangesNothing() throws Exception {
    ConsoleSession session = loggedIn();
    session.get("admin/settings");
    Map<String, String> form = currentForm();
    form.put("LLM_DAILY_BUDGET", "3");
    HttpResponse<String> forged = session.post("admin/settings", form, false);
    assertEquals(403, forged.statusCode());
    assertNotEquals("3", setting("LLM_DAILY_BUDGET"));
  }

  @Test
  @Order(4)
  void invalidValuesAreExplainedNextToTheirFieldAndNothingIsSaved() throws Exception {
    ConsoleSession session = loggedIn();
    session.get("admin/settings");
    String budget = setting("LLM_DAILY_BUDGET");
    Map<String, String> form = currentForm();
    form.put("LLM_DAILY_BUDGET", "-5");
    form.put("BUDGET_DOWNGRADE_THRESHOLDS", "ULTRA:0.5");
    form.put("FAST_MODEL", " ");
    form.put("SMART_MODEL", "sim/smart-changed"); // valid, but must not be saved alone
    HttpResponse<String> refused = session.post("admin/settings", form, true);
    assertEquals(400, refused.statusCode());
    String page = refused.body();
    assertTrue(page.contains("id=\"error-LLM_DAILY_BUDGET\""), page);
    assertTrue(page.contains("The budget cannot be negative."));
    assertTrue(page.contains("Unknown tier &quot;ULTRA&quot;"), page);
    assertTrue(page.contains("id=\"error-FAST_MODEL\""));
    assertTrue(page.contains("value=\"-5\""), "the operator's input is kept for correction");
    assertEquals(budget, setting("LLM_DAILY_BUDGET"));
    assertNotEquals("sim/smart-changed", setting("SMART_MODEL"));
  }

  @Test
  @Order(5)
  void aSavedSettingAppliesToTheNextRequestAndIsAudited() throws Exception {
    ConsoleSession session = loggedIn();
    session.get("admin/settings");
    Map<String, String> form = currentForm();
    form.put("FAST_MODEL", "sim/console-fast, sim/console-backup");
    form.put("MODEL_PRICES", "sim/console-fast=1:2");
    HttpResponse<String> saved = session.post("admin/settings", form, true);
    assertEquals(302, saved.statusCode(), saved.body());

    HttpResponse<String> answer =
        chat("{\"tier\":\"FAST\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
    assertEquals(200, answer.statusCode(), answer.body());
    assertEquals(
        "sim/console-fast", answer.headers().firstValue("X-CogniForge-Model").orElseThrow());
    assertTrue(Http.get(base().resolve("v1/models")).body().contains("sim/console-backup"));

    String page = session.get("admin/settings").body();
    assertTrue(page.contains("Settings saved."));
    Matcher audit =
        Pattern.compile("<table id=\"audit\">(.*?)</table>", Pattern.DOTALL).matcher(page);
    assertTrue(audit.find(), page);
    assertTrue(audit.group(1).contains("sim/console-fast,sim/console-backup"));
    assertTrue(audit.group(1).contains(">admin<"));
    assertTrue(audit.group(1).contains("FAST tier models"));
    JsonObject api =
        Http.json(Http.admin(base().resolve("api/v1/settings")).body()).getJsonObject("settings");
    assertEquals("console", api.getJsonObject("FAST_MODEL").getString("source"));
    assertEquals("environment", api.getJsonObject("NANO_MODEL").getString("source"));
  }

  @Test
  @Order(6)
  void theSettingsApiChecksAndAppliesLikeTheConsole() throws Exception {
    HttpRequest.Builder patch =
        HttpRequest.newBuilder(base().resolve("api/v1/settings"))
            .header("Authorization", Http.basic(Http.ADMIN_USER, Http.ADMIN_PASSWORD))
            .header("Content-Type", "application/json");
    HttpResponse<String> ok =
        Http.send(
            patch
                .copy()
                .method(
                    "PATCH", HttpRequest.BodyPublishers.ofString("{\"STREAMING_CHUNK_SIZE\":4}"))
                .build());
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals("4", setting("STREAMING_CHUNK_SIZE"));

    HttpResponse<String> bad =
        Http.send(
            patch
                .copy()
                .method(
                    "PATCH",
                    HttpRequest.BodyPublishers.ofString(
                        "{\"LLM_DAILY_BUDGET\":-1,\"STREAMING_CHUNK_SIZE\":8}"))
                .build());
    assertEquals(400, bad.statusCode());
    JsonObject error = Http.json(bad.body()).getJsonObject("error");
    assertEquals("invalid_settings", error.getString("code"));
    assertEquals(
        "The budget cannot be negative.",
        error.getJsonObject("fields").getString("LLM_DAILY_BUDGET"));
    assertEquals("4", setting("STREAMING_CHUNK_SIZE"), "all or nothing");

    for (String body : List.of("{\"NO_SUCH\":1}", "{\"LLM_DAILY_BUDGET\":[1]}", "{", "[]")) {
      HttpResponse<String> refused =
          Http.send(
              patch.copy().method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build());
      assertEquals(400, refused.statusCode(), body + " -> " + refused.body());
    }

    ConsoleSession session = loggedIn(); // cookie only: the CSRF header is required
    HttpResponse<String> noToken =
        session.send(
            HttpRequest.newBuilder(base().resolve("api/v1/settings"))
                .header("Content-Type", "application/json")
                .method(
                    "PATCH", HttpRequest.BodyPublishers.ofString("{\"STREAMING_CHUNK_SIZE\":2}")));
    assertEquals(403, noToken.statusCode());
    session.get("admin/settings");
    HttpResponse<String> withToken =
        session.send(
            HttpRequest.newBuilder(base().resolve("api/v1/settings"))
                .header("Content-Type", "application/json")
                .header("X-CSRF-Token", session.csrf())
                .method(
                    "PATCH", HttpRequest.BodyPublishers.ofString("{\"STREAMING_CHUNK_SIZE\":2}")));
    assertEquals(200, withToken.statusCode(), withToken.body());
  }

  @Test
  @Order(7)
  void usageFiltersExportTheFilteredSetAndEscapeWhatClientsSent() throws Exception {
    for (String tier : List.of("NANO", "NANO", "GENIUS")) {
      assertEquals(
          200,
          chat("{\"tier\":\""
                  + tier
                  + "\",\"messages\":[{\"role\":\"user\",\"content\":\"مرحبا\"}]}")
              .statusCode());
    }
    HttpResponse<String> hostile =
        chat(
            "{\"model\":\"<script>alert(1)</script>\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertEquals(404, hostile.statusCode(), "unknown model: recorded as rejected");

    ConsoleSession session = loggedIn();
    String all = session.get("admin/usage").body();
    assertTrue(all.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "escaped in the table");
    assertFalse(all.contains("<script>alert(1)"), "never as markup");

    String nano = session.get("admin/usage?tier=NANO").body();
    String nanoRows = nano.substring(nano.indexOf("<tbody>"));
    int count = nanoRows.split("class=\"mono\"", -1).length - 1; // one request id per row
    assertEquals(2, count, nano);
    assertFalse(nanoRows.contains(">GENIUS<"));

    HttpResponse<String> csv = session.get("api/v1/usage?format=csv&tier=NANO");
    assertEquals(200, csv.statusCode());
    List<String> lines = csv.body().lines().toList();
    assertEquals(3, lines.size(), csv.body());
    assertTrue(lines.get(0).startsWith("id,created_at,"));
    assertTrue(lines.stream().skip(1).allMatch(l -> l.contains(",NANO,")), csv.body());
    HttpResponse<String> rejected =
        Http.admin(base().resolve("api/v1/usage?format=csv&outcome=rejected"));
    assertTrue(
        rejected.body().contains("'<script>alert(1)</script>")
            || rejected.body().contains("<script>alert(1)</script>"));
    assertEquals(400, Http.admin(base().resolve("api/v1/usage?tier=ULTRA")).statusCode());
    assertEquals(400, Http.admin(base().resolve("api/v1/usage?outcome=great")).statusCode());
    assertEquals(400, session.get("admin/usage?from=yesterday").statusCode());
  }

  @Test
  @Order(8)
  void reportsCountWhatHappened() throws Exception {
    ConsoleSession session = loggedIn();
    JsonObject before = Http.json(session.get("admin/reports/data?range=1h").body());
    for (int i = 0; i < 3; i++) {
      assertEquals(
          200,
          chat("{\"tier\":\"SMART\",\"messages\":[{\"role\":\"user\",\"content\":\"report "
                  + i
                  + "\"}]}")
              .statusCode());
    }
    JsonObject after = Http.json(session.get("admin/reports/data?range=1h").body());
    long requests = after.getJsonObject("totals").getJsonNumber("requests").longValue();
    assertEquals(
        before.getJsonObject("totals").getJsonNumber("requests").longValue() + 3, requests);
    assertEquals(60, after.getJsonArray("series").size(), "one bucket a minute");
    long summed =
        after.getJsonArray("series").stream()
            .mapToLong(b -> ((JsonObject) b).getJsonNumber("requests").longValue())
            .sum();
    assertEquals(requests, summed);
    assertTrue(
        after.getJsonObject("totals").getJsonObject("ttft_ms").getJsonNumber("p50").longValue()
            > 0);
    assertTrue(
        after.getJsonArray("models").stream()
            .map(JsonObject.class::cast)
            .anyMatch(
                m ->
                    m.getString("model").equals("anthropic/claude-3.5-sonnet")
                        && m.getString("tier").equals("SMART")
                        && m.getJsonNumber("health").doubleValue() > 0),
        after.toString());
    String page = session.get("admin/reports?range=7d").body();
    assertTrue(page.contains("id=\"model-health\""));
    assertTrue(page.contains("/webjars/echarts/5.3.1/dist/echarts.common.min.js"));
    assertEquals(200, session.get("webjars/echarts/5.3.1/dist/echarts.common.min.js").statusCode());
    assertEquals(404, session.get("webjars/../WEB-INF/web.xml.js").statusCode());
  }

  @Test
  @Order(9)
  void arabicIsRightToLeftAndRemembered() throws Exception {
    ConsoleSession session = loggedIn();
    String arabic = session.get("admin/status?lang=ar").body();
    assertTrue(arabic.contains("<html lang=\"ar\" dir=\"rtl\">"), arabic.substring(0, 200));
    assertTrue(arabic.contains("الإعدادات"));
    String remembered = session.get("admin/settings").body();
    assertTrue(remembered.contains("dir=\"rtl\""));
    assertTrue(remembered.contains("الميزانية اليومية"));
    assertTrue(
        session.get("admin/settings?lang=en").body().contains("<html lang=\"en\" dir=\"ltr\">"));
    HttpResponse<String> login =
        Http.send(
            HttpRequest.newBuilder(base().resolve("admin/login"))
                .header("Accept-Language", "ar-EG,ar;q=0.9,en;q=0.5")
                .build());
    assertTrue(login.body().contains("dir=\"rtl\""), "the browser's language decides first");
  }

  @Test
  @Order(10)
  void theNginxPagePointsAtThisGateway() throws Exception {
    ConsoleSession session = loggedIn();
    String page = session.get("admin/nginx").body();
    assertTrue(page.contains("server 127.0.0.1:" + base().getPort() + " max_fails=3"), page);
    assertTrue(page.contains("proxy_buffering off;"));
    assertTrue(
        session.get("admin/nginx?upstream=10.1.2.3:9000").body().contains("server 10.1.2.3:9000 "));
    String hostile = session.get("admin/nginx?upstream=a;include%20/etc/passwd").body();
    assertFalse(hostile.contains("include /etc/passwd"));
    assertTrue(hostile.contains("not a host:port"));
  }

  @Test
  @Order(11)
  void testConnectionMakesAOneTokenCall() throws Exception {
    ConsoleSession session = loggedIn();
    session.get("admin/status");
    long started = Http.json(Http.get(base().resolve("sim/v1/stats")).body()).getInt("started");
    HttpResponse<String> test = session.post("admin/status/test", Map.of(), true);
    assertEquals(302, test.statusCode());
    String page = session.get("admin/status").body();
    assertTrue(page.contains("Connected: simulated answered"), page);
    assertEquals(
        started + 1, Http.json(Http.get(base().resolve("sim/v1/stats")).body()).getInt("started"));
  }

  @Test
  @Order(12)
  void keysAreCreatedShownOnceAndRevokedFromTheConsole() throws Exception {
    ConsoleSession session = loggedIn();
    String page = session.get("admin/keys").body();
    assertTrue(page.contains("id=\"anonymous-allowed\""), "development mode says so loudly");
    HttpResponse<String> created =
        session.post(
            "admin/keys",
            Map.of("name", "<b>team</b>", "requests_per_minute", "100", "allowed_tiers", "FAST"),
            true);
    assertEquals(201, created.statusCode(), created.body());
    Matcher secret =
        Pattern.compile("id=\"new-key\">(cfk_[A-Za-z0-9_-]{40})<").matcher(created.body());
    assertTrue(secret.find(), created.body());
    assertTrue(created.body().contains("&lt;b&gt;team&lt;/b&gt;"), "names are escaped");
    String key = secret.group(1);
    String again = session.get("admin/keys").body();
    assertFalse(again.contains(key), "the secret is shown once");
    assertTrue(again.contains(key.substring(0, 12) + "…"), "its prefix identifies it");

    HttpResponse<String> served = chatWithKey(key);
    assertEquals(200, served.statusCode(), served.body());

    Matcher id = Pattern.compile("data-key-id=\"(\\d+)\"").matcher(again);
    assertTrue(id.find());
    HttpResponse<String> bad =
        session.post(
            "admin/keys/limits", Map.of("id", id.group(1), "requests_per_minute", "0"), true);
    assertEquals(400, bad.statusCode());
    assertTrue(bad.body().contains("requests_per_minute"));
    HttpResponse<String> revoked =
        session.post("admin/keys/revoke", Map.of("id", id.group(1)), true);
    assertEquals(302, revoked.statusCode());
    HttpResponse<String> refused = chatWithKey(key);
    assertEquals(
        401, refused.statusCode(), "a revoked cfk_ key is refused even in development mode");
    HttpResponse<String> sdkPlaceholder =
        Http.send(
            HttpRequest.newBuilder(base().resolve("v1/models"))
                .header("Authorization", "Bearer sk-not-needed")
                .build());
    assertEquals(200, sdkPlaceholder.statusCode(), "an SDK's placeholder key is ignored here");
    assertTrue(
        session.get("admin/settings").body().contains("CLIENT_KEY " + id.group(1)), "audited");
  }

  @Test
  @Order(99)
  void repeatedWrongPasswordsLockTheClientOut() throws Exception {
    ConsoleSession session = new ConsoleSession(base());
    session.get("admin/login");
    HttpResponse<String> last = null;
    for (int i = 0; i < 6; i++) {
      last = session.post("admin/login", Map.of("user", "admin", "password", "guess" + i), true);
    }
    assertEquals(429, last.statusCode(), last.body());
    assertTrue(last.headers().firstValue("Retry-After").isPresent());
    HttpResponse<String> right = session.login(Http.ADMIN_PASSWORD);
    assertEquals(429, right.statusCode(), "locked: even the right password waits");
    HttpResponse<String> basic = Http.admin(base().resolve("api/v1/usage"));
    assertEquals(429, basic.statusCode(), "the API shares the lock-out");
    Thread.sleep(2_500);
    assertEquals(302, session.login(Http.ADMIN_PASSWORD).statusCode());
  }
}
