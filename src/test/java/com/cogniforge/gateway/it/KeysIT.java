package com.cogniforge.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * Client keys on the deployed WAR with keys required: who gets in, what each key may do (rate,
 * budget, tiers, max_tokens), rotation and revocation, and what a key guesser meets.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeysIT {

  private static final String HELLO = "{\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]";

  @Deployment(testable = false)
  @TargetsContainer("keys")
  static WebArchive deployment() {
    return GatewayDeployment.war();
  }

  @ArquillianResource URL reported;

  private URI base() {
    return GatewayDeployment.loopback(reported);
  }

  /** Creates a key through the admin API; returns {key, id}. */
  private String[] createKey(String json) throws Exception {
    HttpResponse<String> created =
        Http.send(
            HttpRequest.newBuilder(base().resolve("api/v1/keys"))
                .header("Authorization", Http.basic(Http.ADMIN_USER, Http.ADMIN_PASSWORD))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    assertEquals(201, created.statusCode(), created.body());
    JsonObject body = Http.json(created.body());
    assertTrue(body.getString("key").startsWith("cfk_"));
    return new String[] {
      body.getString("key"), String.valueOf(body.getJsonObject("details").getInt("id"))
    };
  }

  private HttpResponse<String> admin(String method, String path, String json) throws Exception {
    return Http.send(
        HttpRequest.newBuilder(base().resolve(path))
            .header("Authorization", Http.basic(Http.ADMIN_USER, Http.ADMIN_PASSWORD))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  private HttpResponse<String> chat(String authorization, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base().resolve("v1/chat/completions"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return Http.send(request.build());
  }

  private static String code(HttpResponse<String> response) {
    return Http.json(response.body()).getJsonObject("error").getString("code");
  }

  @Test
  @Order(1)
  void withoutAValidKeyEveryClientApiAnswersTheSame401() throws Exception {
    HttpResponse<String> none = chat(null, HELLO + "}");
    assertEquals(401, none.statusCode());
    assertEquals("missing_api_key", code(none));
    String unknown = "Bearer cfk_" + "A".repeat(40);
    for (String authorization :
        List.of(
            unknown,
            "Bearer not-a-key",
            "Bearer ",
            "Basic YWRtaW46eA==",
            "cfk_" + "A".repeat(40))) {
      HttpResponse<String> refused = chat(authorization, HELLO + "}");
      assertEquals(401, refused.statusCode(), authorization);
      assertEquals("invalid_api_key", code(refused));
      assertEquals(
          "invalid API key",
          Http.json(refused.body()).getJsonObject("error").getString("message"),
          "no hint about which keys exist");
      assertTrue(
          refused.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Bearer"));
    }
    assertEquals(401, Http.get(base().resolve("v1/models")).statusCode());
    assertEquals(401, Http.get(base().resolve("api/v1/stream/chat?q=hi")).statusCode());
    assertEquals(401, Http.get(base().resolve("api/v1/keys")).statusCode(), "operator only");
  }

  @Test
  @Order(2)
  void aKeyWorksAndItsRequestsAreRecordedUnderIt() throws Exception {
    String[] key = createKey("{\"name\":\"تطبيق الفريق\"}");
    HttpResponse<String> ok = chat("Bearer " + key[0], HELLO + "}");
    assertEquals(200, ok.statusCode(), ok.body());
    SseCapture stream =
        SseCapture.send(
            HttpRequest.newBuilder(base().resolve("api/v1/stream/chat?q=hi"))
                .header("Authorization", "Bearer " + key[0])
                .build(),
            Duration.ofSeconds(30));
    assertEquals(200, stream.status, stream.body());
    String requestId = ok.headers().firstValue("X-Request-Id").orElseThrow();
    JsonObject record = Http.usageRecord(base(), requestId);
    assertEquals(Integer.parseInt(key[1]), record.getInt("client_key_id"));
    String csv = Http.admin(base().resolve("api/v1/usage?format=csv&key=" + key[1])).body();
    assertEquals(3, csv.lines().count(), csv);
    JsonObject listed = Http.json(Http.admin(base().resolve("api/v1/keys")).body());
    String text = listed.toString();
    assertFalse(text.contains(key[0]), "the secret is never listed");
    assertTrue(text.contains("تطبيق الفريق"));
    JsonObject report = Http.json(Http.admin(base().resolve("admin/reports/data?range=1h")).body());
    assertTrue(
        report.getJsonArray("keys").stream()
            .map(JsonObject.class::cast)
            .anyMatch(
                k ->
                    !k.isNull("client_key_id")
                        && k.getInt("client_key_id") == Integer.parseInt(key[1])
                        && k.getInt("requests") == 2),
        "reports group by key: " + report.getJsonArray("keys"));
  }

  @Test
  @Order(3)
  void aRevokedKeyStopsAtOnce() throws Exception {
    String[] key = createKey("{\"name\":\"to revoke\"}");
    assertEquals(200, chat("Bearer " + key[0], HELLO + "}").statusCode());
    assertEquals(200, admin("POST", "api/v1/keys/" + key[1] + "/revoke", "").statusCode());
    HttpResponse<String> revoked = chat("Bearer " + key[0], HELLO + "}");
    assertEquals(401, revoked.statusCode());
    assertEquals("invalid_api_key", code(revoked));
  }

  @Test
  @Order(3)
  void revokingAKeyEndsItsOpenStreamAtOnce() throws Exception {
    String[] key = createKey("{\"name\":\"revoked while streaming\"}");
    // About 9 s of tokens unless something ends it.
    HttpRequest request =
        HttpRequest.newBuilder(base().resolve("v1/chat/completions"))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + key[0])
            .header("X-Request-Id", "revoked-mid-stream")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"stream\":true,\"sim_tokens\":300,\"sim_inter_token_ms\":30,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"talk\"}]}"))
            .build();
    java.util.concurrent.CompletableFuture<SseCapture> stream =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                return SseCapture.send(request, Duration.ofSeconds(30));
              } catch (Exception failed) {
                throw new IllegalStateException(failed);
              }
            });
    Thread.sleep(1500);
    long revokedAt = System.nanoTime();
    assertEquals(200, admin("POST", "api/v1/keys/" + key[1] + "/revoke", "").statusCode());
    SseCapture ended = stream.get(30, java.util.concurrent.TimeUnit.SECONDS);
    long ms = (System.nanoTime() - revokedAt) / 1_000_000;
    assertTrue(ms < 3000, "the stream went on " + ms + " ms after the revocation");
    assertTrue(ended.body().contains("\"code\":\"key_revoked\""), ended.body());
    assertFalse(ended.body().contains("[DONE]"), ended.body());
    JsonObject record = Http.usageRecord(base(), "revoked-mid-stream");
    assertEquals("key_revoked", record.getString("outcome"));
    assertEquals("key_revoked", record.getString("error_code"));
  }

  @Test
  @Order(4)
  void rotationKeepsTheOldKeyForItsGracePeriodOnly() throws Exception {
    String[] old = createKey("{\"name\":\"rotating\",\"max_tokens\":12}");
    HttpResponse<String> rotated =
        admin("POST", "api/v1/keys/" + old[1] + "/rotate", "{\"grace_seconds\":2}");
    assertEquals(201, rotated.statusCode(), rotated.body());
    JsonObject fresh = Http.json(rotated.body());
    assertEquals(12, fresh.getJsonObject("details").getInt("max_tokens"), "limits carried over");
    assertEquals(200, chat("Bearer " + fresh.getString("key"), HELLO + "}").statusCode());
    assertEquals(200, chat("Bearer " + old[0], HELLO + "}").statusCode(), "within the grace");
    Thread.sleep(2_500);
    assertEquals(401, chat("Bearer " + old[0], HELLO + "}").statusCode(), "after the grace");
    assertEquals(200, chat("Bearer " + fresh.getString("key"), HELLO + "}").statusCode());
  }

  @Test
  @Order(5)
  void noMoreThanTheRateLimitPassesUnderConcurrency() throws Exception {
    String[] key = createKey("{\"name\":\"five a minute\",\"requests_per_minute\":5}");
    ExecutorService clients = Executors.newFixedThreadPool(20);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      answers.add(
          clients.submit(
              () -> {
                go.await();
                return chat("Bearer " + key[0], HELLO + "}");
              }));
    }
    go.countDown();
    int passed = 0;
    for (Future<HttpResponse<String>> answer : answers) {
      HttpResponse<String> response = answer.get();
      if (response.statusCode() == 200) {
        passed++;
      } else {
        assertEquals(429, response.statusCode(), response.body());
        assertEquals("rate_limit_exceeded", code(response));
        long retry = Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retry >= 1 && retry <= 60, "Retry-After " + retry);
      }
    }
    clients.shutdown();
    assertEquals(5, passed);
  }

  @Test
  @Order(6)
  void aKeysBudgetStopsThatKeyOnly() throws Exception {
    // sim/fast costs $10 per million tokens either way: each request reserves about $0.0003.
    String[] small = createKey("{\"name\":\"small budget\",\"daily_budget_usd\":\"0.001\"}");
    String[] other = createKey("{\"name\":\"other\"}");
    String body = "{\"max_tokens\":20,\"messages\":[{\"role\":\"user\",\"content\":\"spend\"}]}";
    int served = 0;
    HttpResponse<String> last = null;
    for (int i = 0; i < 10; i++) {
      last = chat("Bearer " + small[0], body);
      if (last.statusCode() != 200) {
        break;
      }
      served++;
    }
    assertTrue(served >= 2 && served < 10, "served " + served);
    assertEquals(429, last.statusCode());
    assertEquals("key_budget_exhausted", code(last));
    assertTrue(last.headers().firstValue("Retry-After").isPresent());
    assertEquals(200, chat("Bearer " + other[0], body).statusCode(), "other keys are not affected");
    JsonObject listed = Http.json(Http.admin(base().resolve("api/v1/keys")).body());
    double spent =
        listed.getJsonArray("keys").stream()
            .map(JsonObject.class::cast)
            .filter(k -> k.getString("name").equals("small budget"))
            .findFirst()
            .orElseThrow()
            .getJsonNumber("spent_today_usd")
            .doubleValue();
    assertTrue(spent > 0 && spent <= 0.001 + 1e-9, "spent " + spent);
  }

  @Test
  @Order(7)
  void aKeyLimitedToNanoCannotReachHigherTiers() throws Exception {
    String[] key = createKey("{\"name\":\"nano only\",\"allowed_tiers\":[\"NANO\"]}");
    String bearer = "Bearer " + key[0];
    HttpResponse<String> genius =
        chat(bearer, "{\"tier\":\"GENIUS\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertEquals(403, genius.statusCode(), genius.body());
    assertEquals("model_not_allowed", code(genius));
    HttpResponse<String> named =
        chat(
            bearer,
            "{\"model\":\"sim/genius\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertEquals(403, named.statusCode());
    HttpResponse<String> routed = chat(bearer, HELLO + "}");
    assertEquals(200, routed.statusCode(), routed.body());
    assertEquals("sim/nano", routed.headers().firstValue("X-CogniForge-Model").orElseThrow());
    assertTrue(
        routed.headers().firstValue("X-CogniForge-Route-Reason").orElseThrow().contains("API key"));
  }

  @Test
  @Order(8)
  void maxTokensIsCappedAndSizeLimitsAreClear() throws Exception {
    String[] key = createKey("{\"name\":\"short answers\",\"max_tokens\":5}");
    String bearer = "Bearer " + key[0];
    HttpResponse<String> tooMany =
        chat(bearer, "{\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertEquals(400, tooMany.statusCode());
    assertEquals("max_tokens_too_large", code(tooMany));
    HttpResponse<String> capped = chat(bearer, HELLO + "}");
    assertEquals(200, capped.statusCode());
    assertEquals(
        5, Http.json(capped.body()).getJsonObject("usage").getInt("completion_tokens"), "capped");

    StringBuilder messages = new StringBuilder("{\"messages\":[");
    for (int i = 0; i < 51; i++) {
      messages.append(i == 0 ? "" : ",").append("{\"role\":\"user\",\"content\":\"m\"}");
    }
    HttpResponse<String> long51 = chat(bearer, messages.append("]}").toString());
    assertEquals(400, long51.statusCode());
    assertEquals("too_many_messages", code(long51));
    HttpResponse<String> huge =
        chat(
            bearer,
            "{\"messages\":[{\"role\":\"user\",\"content\":\"" + "word ".repeat(8000) + "\"}]}");
    assertEquals(400, huge.statusCode());
    assertEquals("prompt_too_large", code(huge));
  }

  @Test
  @Order(8)
  void optionsThatChooseModelsPassOnlyForTheKeysAllowedThem() throws Exception {
    String body =
        "{\"models\":[\"sim/genius\"],\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
    String[] plain = createKey("{\"name\":\"plain\"}");
    HttpResponse<String> refused = chat("Bearer " + plain[0], body);
    assertEquals(400, refused.statusCode(), refused.body());
    assertEquals("option_not_allowed", code(refused));

    String[] router = createKey("{\"name\":\"router\",\"allowed_options\":[\"models\"]}");
    HttpResponse<String> passed = chat("Bearer " + router[0], body);
    assertEquals(200, passed.statusCode(), passed.body());
    HttpResponse<String> other =
        chat(
            "Bearer " + router[0],
            "{\"provider\":{\"order\":[\"x\"]},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertEquals(400, other.statusCode(), "only the options the key lists: " + other.body());
    JsonObject shown =
        Http.json(admin("GET", "api/v1/keys", "").body()).getJsonArray("keys").stream()
            .map(JsonValue::asJsonObject)
            .filter(k -> String.valueOf(k.getInt("id")).equals(router[1]))
            .findFirst()
            .orElseThrow();
    assertEquals("models", shown.getJsonArray("allowed_options").getString(0), shown.toString());
  }

  @Test
  @Order(9)
  void theAdminApiChecksWhatItIsGiven() throws Exception {
    for (String bad :
        List.of(
            "{}",
            "{\"name\":\"\"}",
            "{\"name\":\"x\",\"allowed_tiers\":[\"ULTRA\"]}",
            "{\"name\":\"x\",\"daily_budget_usd\":-1}",
            "{\"name\":\"x\",\"requests_per_minute\":0}",
            "{\"name\":\"x\",\"allowed_models\":[\"<script>\"]}",
            "{\"name\":\"x\",\"allowed_options\":[\"temperature\"]}",
            "not json")) {
      HttpResponse<String> refused = admin("POST", "api/v1/keys", bad);
      assertEquals(400, refused.statusCode(), bad + " -> " + refused.body());
    }
    assertEquals(404, admin("POST", "api/v1/keys/999999/revoke", "").statusCode());
  }

  private HttpResponse<String> call(String method, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base().resolve(path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return Http.send(request.build());
  }

  @Test
  @Order(10)
  void theRouteExplanationNeedsAKeyOrTheOperatorAndReadsABoundedBody() throws Exception {
    String[] key = createKey("{\"name\":\"router\"}");
    assertEquals(401, call("GET", "api/v1/route?q=x", null).statusCode());
    assertEquals(
        200,
        call("GET", "api/v1/route?q=x", null, "Authorization", "Bearer " + key[0]).statusCode());
    assertEquals(
        200,
        call(
                "GET",
                "api/v1/route?q=x",
                null,
                "Authorization",
                Http.basic(Http.ADMIN_USER, Http.ADMIN_PASSWORD))
            .statusCode());
    String huge = "{\"q\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}";
    HttpResponse<String> tooLarge =
        call(
            "POST",
            "api/v1/route",
            huge,
            "Authorization",
            "Bearer " + key[0],
            "Content-Type",
            "application/json");
    assertEquals(413, tooLarge.statusCode(), tooLarge.body());
  }

  @Test
  @Order(11)
  void theMetricsWithTheSpendAreForTheOperatorOnly() throws Exception {
    String[] key = createKey("{\"name\":\"curious\"}");
    HttpResponse<String> asClient =
        call("GET", "api/v1/stream/metrics", null, "Authorization", "Bearer " + key[0]);
    assertEquals(403, asClient.statusCode(), asClient.body());
    assertEquals(401, call("GET", "api/v1/stream/metrics", null).statusCode());
    HttpResponse<String> asOperator = Http.admin(base().resolve("api/v1/stream/metrics"));
    assertEquals(200, asOperator.statusCode(), asOperator.body());
  }

  @Test
  @Order(12)
  void aCrossSiteRequestCannotUseTheBrowsersCachedBasicCredentials() throws Exception {
    String basic = Http.basic(Http.ADMIN_USER, Http.ADMIN_PASSWORD);
    for (String[] browser :
        List.of(
            new String[] {"Origin", "https://evil.example"},
            new String[] {"Sec-Fetch-Site", "cross-site"})) {
      HttpResponse<String> forged =
          call(
              "POST",
              "api/v1/keys",
              "{\"name\":\"forged\"}",
              "Authorization",
              basic,
              "Content-Type",
              "application/json",
              browser[0],
              browser[1]);
      assertEquals(403, forged.statusCode(), browser[0] + ": " + forged.body());
      assertEquals("cross_site_request", code(forged));
    }
    HttpResponse<String> sameOrigin =
        call(
            "POST",
            "api/v1/keys",
            "{\"name\":\"same origin\"}",
            "Authorization",
            basic,
            "Content-Type",
            "application/json",
            "Origin",
            "http://127.0.0.1:" + base().getPort());
    assertEquals(201, sameOrigin.statusCode(), sameOrigin.body());
  }

  @Test
  @Order(13)
  void theSimulatedProviderAnswersOnlyTheGatewayOutsideDevelopmentMode() throws Exception {
    String[] key = createKey("{\"name\":\"sim user\"}");
    HttpResponse<String> direct =
        call(
            "POST",
            "sim/v1/chat/completions",
            HELLO + ",\"sim_tokens\":5}",
            "Content-Type",
            "application/json");
    assertEquals(404, direct.statusCode(), direct.body());
    assertEquals(404, call("GET", "sim/v1/stats", null).statusCode());
    assertEquals(
        404,
        call(
                "POST",
                "sim/v1/chat/completions",
                HELLO + "}",
                "Content-Type",
                "application/json",
                "Authorization",
                "Bearer " + key[0])
            .statusCode(),
        "a client key is not the gateway's");
    assertEquals(200, chat("Bearer " + key[0], HELLO + "}").statusCode(), "the gateway still is");
  }

  @Test
  @Order(14)
  void wrongPasswordsForOneUserLockItOutFromEveryAddress() throws Exception {
    String wrong = Http.basic("operator2", "wrong");
    for (int i = 0; i < 6; i++) {
      assertEquals(
          401,
          call("GET", "api/v1/keys", null, "Authorization", wrong, "X-Real-IP", "10.8.0." + i)
              .statusCode());
    }
    HttpResponse<String> locked =
        call("GET", "api/v1/keys", null, "Authorization", wrong, "X-Real-IP", "10.8.1.1");
    assertEquals(429, locked.statusCode(), "a seventh address meets the user's lock-out");
  }

  @Test
  @Order(15)
  void parallelWrongPasswordsAreMostlyRefusedBeforeTheHash() throws Exception {
    String wrong = Http.basic("operator3", "wrong");
    ExecutorService pool = Executors.newFixedThreadPool(20);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> statuses = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      statuses.add(
          pool.submit(
              () -> {
                go.await();
                return call(
                        "GET", "api/v1/keys", null, "Authorization", wrong, "X-Real-IP", "10.8.2.1")
                    .statusCode();
              }));
    }
    go.countDown();
    int checked = 0;
    for (Future<Integer> status : statuses) {
      checked += status.get() == 401 ? 1 : 0;
    }
    pool.shutdown();
    assertTrue(checked <= 6, checked + " of 20 parallel guesses reached the password hash");
  }

  @Test
  @Order(16)
  void cachedAnswersAreNotSharedBetweenKeys() throws Exception {
    String a = "Bearer " + createKey("{\"name\":\"tenant a\"}")[0];
    String b = "Bearer " + createKey("{\"name\":\"tenant b\"}")[0];
    String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"only tenant a asks\"}]}";
    assertEquals(
        200, admin("PATCH", "api/v1/settings", "{\"ENABLE_HYBRID_STREAMING\":true}").statusCode());
    try {
      assertEquals("MISS", cacheHeader(chat(a, body)));
      assertEquals("HIT", cacheHeader(chat(a, body)));
      assertEquals("MISS", cacheHeader(chat(b, body)), "CACHE_SCOPE=key: b never sees a's answer");
    } finally {
      assertEquals(
          200,
          admin("PATCH", "api/v1/settings", "{\"ENABLE_HYBRID_STREAMING\":false}").statusCode());
    }
  }

  private static String cacheHeader(HttpResponse<String> response) {
    assertEquals(200, response.statusCode(), response.body());
    return response.headers().firstValue("X-CogniForge-Cache").orElseThrow();
  }

  @Test
  @Order(98)
  void behindATrustedProxyEachClientIsThrottledOnItsOwn() throws Exception {
    String[] key = createKey("{\"name\":\"behind nginx\"}");
    for (int i = 0; i < 6; i++) {
      assertEquals(401, modelsVia("10.9.9.9", "cfk_" + "x".repeat(40)).statusCode());
    }
    assertEquals(
        429,
        modelsVia("10.9.9.9", "cfk_" + "y".repeat(40)).statusCode(),
        "the guessing client is locked out");
    assertEquals(
        200,
        modelsVia("10.9.9.9", key[0]).statusCode(),
        "a valid key from the same address (a NAT, another tenant) is never refused");
    assertEquals(
        200,
        modelsVia("10.9.9.10", key[0]).statusCode(),
        "another client behind the same proxy is not locked out");
  }

  /** GET /v1/models as NGINX on loopback forwards it for client {@code address}. */
  private HttpResponse<String> modelsVia(String address, String key) throws Exception {
    return Http.send(
        HttpRequest.newBuilder(base().resolve("v1/models"))
            .header("Authorization", "Bearer " + key)
            .header("X-Real-IP", address)
            .build());
  }

  @Test
  @Order(99)
  void guessingKeysIsSlowedDown() throws Exception {
    String[] key = createKey("{\"name\":\"real\"}");
    HttpResponse<String> last = null;
    for (int i = 0; i < 6; i++) {
      last = chat("Bearer cfk_" + String.valueOf(i).repeat(40), HELLO + "}");
    }
    assertEquals(401, last.statusCode(), "the sixth failure is still a plain 401");
    HttpResponse<String> locked = chat("Bearer cfk_" + "7".repeat(40), HELLO + "}");
    assertEquals(429, locked.statusCode(), locked.body());
    assertEquals("too_many_invalid_keys", code(locked));
    assertEquals(
        200, chat("Bearer " + key[0], HELLO + "}").statusCode(), "the valid key is not locked out");
  }
}
