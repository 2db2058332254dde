package com.cogniforge.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The daily budget on a real gateway: 200 concurrent requests against a tiny budget, then a restart
 * on the same data that must remember the day's spend.
 */
class BudgetIT {

  /** $10 per million tokens either way, so each request costs about $0.0003. */
  private static final Map<String, String> ENV =
      Map.of(
          "LLM_DAILY_BUDGET", "0.002",
          "FAST_MODEL", "sim/metered",
          "MODEL_PRICES", "sim/metered=10:10",
          "SIM_TTFT_MS", "20",
          "SIM_INTER_TOKEN_MS", "2",
          "SIM_TOKENS", "20");

  private static final String BODY =
      "{\"model\":\"sim/metered\",\"max_tokens\":20,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"count my cost please\"}]}";

  /** The budget must hold on either database: the embedded H2 and PostgreSQL. */
  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void concurrentRequestsStayWithinTheBudgetAcrossARestart(String database) throws Exception {
    Path data =
        Files.createTempDirectory(Path.of(System.getProperty("it.target", "target")), "budget");
    int port = GatewayProcess.freePort();
    Map<String, String> env = new java.util.HashMap<>(ENV);
    if (database.equals("postgres")) {
      env.put("DATABASE_DATASOURCE", "org.postgresql.ds.PGSimpleDataSource");
      env.put("DATABASE_URL", TestPostgres.url(TestPostgres.createDatabase("budget")));
      env.put("DATABASE_USER", "gateway");
      env.put("DATABASE_PASSWORD", "gateway");
    }
    List<HttpResponse<String>> answers = new ArrayList<>();
    double spentBeforeRestart;
    try (GatewayProcess gateway = GatewayProcess.start(port, data, env)) {
      ExecutorService clients = Executors.newFixedThreadPool(200);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<HttpResponse<String>>> futures = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        Callable<HttpResponse<String>> call =
            () -> {
              go.await();
              return Http.post(
                  gateway.base.resolve("v1/chat/completions"), "application/json", BODY);
            };
        futures.add(clients.submit(call));
      }
      go.countDown();
      for (Future<HttpResponse<String>> f : futures) {
        answers.add(f.get(60, TimeUnit.SECONDS));
      }
      clients.shutdown();

      long ok = answers.stream().filter(a -> a.statusCode() == 200).count();
      long refused = answers.stream().filter(a -> a.statusCode() == 429).count();
      assertEquals(200, ok + refused, "only 200 or 429 expected");
      assertTrue(ok >= 1 && refused >= 150, ok + " served, " + refused + " refused");
      HttpResponse<String> refusal =
          answers.stream().filter(a -> a.statusCode() == 429).findFirst().orElseThrow();
      assertEquals(
          "budget_exhausted", Http.json(refusal.body()).getJsonObject("error").getString("code"));
      long retryAfter = Long.parseLong(refusal.headers().firstValue("retry-after").orElseThrow());
      assertTrue(retryAfter > 0 && retryAfter <= 86_400);

      double served =
          answers.stream()
              .filter(a -> a.statusCode() == 200)
              .mapToDouble(a -> cost(Http.json(a.body())))
              .sum();
      double oneReservation = (8 + 20 + 20) * 10 / 1_000_000.0; // prompt estimate + cap, generous
      System.out.printf(
          "budget race (%s): %d served, %d refused, spent $%.6f of $0.002 (one reservation"
              + " ~$%.6f)%n",
          database, ok, refused, served, oneReservation);
      assertTrue(served <= 0.002 + oneReservation, "spent " + served);

      spentBeforeRestart = spent(gateway);
      assertEquals(served, spentBeforeRestart, 1e-9);
      // Every request left its record (the export writes out what is still queued).
      JsonObject usage = Http.json(Http.admin(gateway.base.resolve("api/v1/usage")).body());
      assertEquals(200, usage.getJsonArray("records").size());
    }

    try (GatewayProcess restarted = GatewayProcess.start(port, data, env)) {
      assertEquals(spentBeforeRestart, spent(restarted), 1e-9, "spend survives the restart");
      HttpResponse<String> more =
          Http.post(restarted.base.resolve("v1/chat/completions"), "application/json", BODY);
      assertEquals(429, more.statusCode(), more.body());
    }

    // The operator's other choice: once the budget is spent, serve from NANO only.
    Map<String, String> nanoOnly = new java.util.HashMap<>(env);
    nanoOnly.put("BUDGET_EXHAUSTED_MODE", "nano");
    nanoOnly.put("NANO_MODEL", "sim/pennies");
    nanoOnly.put("MODEL_PRICES", "sim/metered=10:10;sim/pennies=0.01:0.01");
    try (GatewayProcess restarted = GatewayProcess.start(port, data, nanoOnly)) {
      HttpResponse<String> downgraded =
          Http.post(restarted.base.resolve("v1/chat/completions"), "application/json", BODY);
      assertEquals(200, downgraded.statusCode(), downgraded.body());
      assertEquals("sim/pennies", Http.json(downgraded.body()).getString("model"));
      assertEquals("NANO", downgraded.headers().firstValue("x-cogniforge-tier").orElseThrow());
      assertTrue(
          downgraded
              .headers()
              .firstValue("x-cogniforge-route-reason")
              .orElseThrow()
              .contains("budget spent: NANO only"));
    }
  }

  /** A client that sets no cap still gets one upstream: the default the budget reserved for. */
  @org.junit.jupiter.api.Test
  void anUpstreamThatWouldTalkForeverIsCutAtTheReservedCap() throws Exception {
    Path data =
        Files.createTempDirectory(Path.of(System.getProperty("it.target", "target")), "cap");
    Map<String, String> env = new java.util.HashMap<>(ENV);
    env.put("LLM_DAILY_BUDGET", "1");
    env.put("DEFAULT_MAX_TOKENS", "30");
    try (GatewayProcess gateway = GatewayProcess.start(GatewayProcess.freePort(), data, env)) {
      HttpResponse<String> answer =
          Http.post(
              gateway.base.resolve("v1/chat/completions"),
              "application/json",
              "{\"model\":\"sim/metered\",\"sim_tokens\":100000,\"sim_inter_token_ms\":0,"
                  + "\"messages\":[{\"role\":\"user\",\"content\":\"talk forever\"}]}");
      assertEquals(200, answer.statusCode(), answer.body());
      JsonObject completion = Http.json(answer.body());
      assertEquals(30, completion.getJsonObject("usage").getInt("completion_tokens"));
      assertEquals(
          "length", completion.getJsonArray("choices").getJsonObject(0).getString("finish_reason"));
      int prompt = completion.getJsonObject("usage").getInt("prompt_tokens");
      double reserved = (prompt + 30) * 10 / 1_000_000.0;
      assertTrue(spent(gateway) <= reserved + 1e-9, "settled within the reservation");
    }
  }

  private static double cost(JsonObject completion) {
    JsonObject usage = completion.getJsonObject("usage");
    return (usage.getInt("prompt_tokens") + usage.getInt("completion_tokens")) * 10 / 1_000_000.0;
  }

  private static double spent(GatewayProcess gateway) throws Exception {
    JsonObject route = Http.json(Http.get(gateway.base.resolve("api/v1/route?q=x")).body());
    return route.getJsonObject("budget").getJsonNumber("spent_usd").doubleValue();
  }
}
