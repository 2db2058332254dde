package com.cogniforge.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} with two long streams in flight: their usage records die with the process, and
 * the restarted gateway must still count what they may have cost, so that a third request the
 * budget cannot cover once they are counted is refused.
 */
class KillNineIT {

  /** $10 per million tokens: a call capped at 10,000 tokens reserves about $0.1001. */
  private static final Map<String, String> ENV =
      Map.of(
          "LLM_DAILY_BUDGET", "0.25",
          "FAST_MODEL", "sim/metered",
          "MODEL_PRICES", "sim/metered=10:10",
          "SIM_TTFT_MS", "20",
          "SIM_INTER_TOKEN_MS", "100",
          "SIM_TOKENS", "600");

  private static final String BODY =
      "{\"model\":\"sim/metered\",\"max_tokens\":10000,\"stream\":true,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"a long answer please\"}]}";

  @Test
  void aRestartAfterKillNineCountsTheStreamsThatWereInFlight() throws Exception {
    Path data =
        Files.createTempDirectory(Path.of(System.getProperty("it.target", "target")), "kill9");
    int port = GatewayProcess.freePort();
    HttpClient client = HttpClient.newHttpClient();
    try (GatewayProcess gateway = GatewayProcess.start(port, data, ENV)) {
      for (String id : new String[] {"long-1", "long-2"}) {
        client.sendAsync(
            HttpRequest.newBuilder(gateway.base.resolve("v1/chat/completions"))
                .header("Content-Type", "application/json")
                .header("X-Request-Id", id)
                .POST(HttpRequest.BodyPublishers.ofString(BODY))
                .build(),
            HttpResponse.BodyHandlers.discarding());
      }
      Http.awaitJson(
          gateway.base.resolve("api/v1/stream/metrics"),
          json -> json.getInt("open_streams") == 2,
          Duration.ofSeconds(15));
      Thread.sleep(500); // a few tokens streamed: the provider is billing both calls
      gateway.kill();
    }

    try (GatewayProcess restarted = GatewayProcess.start(port, data, ENV)) {
      JsonObject budget =
          Http.json(Http.get(restarted.base.resolve("api/v1/route?q=x")).body())
              .getJsonObject("budget");
      double counted =
          budget.getJsonNumber("spent_usd").doubleValue()
              + budget.getJsonNumber("reserved_usd").doubleValue();
      // Only the status and a refusal's body: an admitted stream would run for a minute.
      HttpResponse<java.io.InputStream> third =
          client.send(
              HttpRequest.newBuilder(restarted.base.resolve("v1/chat/completions"))
                  .header("Content-Type", "application/json")
                  .header("X-Request-Id", "third")
                  .POST(HttpRequest.BodyPublishers.ofString(BODY))
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      String thirdBody;
      try (java.io.InputStream body = third.body()) {
        thirdBody = third.statusCode() == 429 ? new String(body.readAllBytes()) : "(streaming)";
      }
      System.out.printf(
          "after kill -9 with two streams of worst case ~$0.1001 each in flight: $%.6f counted,"
              + " a third request answered %d%n",
          counted, third.statusCode());
      assertEquals(429, third.statusCode(), "a third request the budget cannot cover");
      assertEquals(
          "budget_exhausted", Http.json(thirdBody).getJsonObject("error").getString("code"));
      assertTrue(counted >= 0.2, "the two killed streams count at their worst case: " + counted);
    }
  }
}
