package com.cogniforge.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.bench.BenchUpstream;
import com.cogniforge.gateway.bench.LoadDriver;
import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A few seconds of the benchmark suite (scripts/bench) against a real gateway, so that the load
 * driver and the bench upstream cannot rot: the upstream in this JVM, the gateway started as
 * operators start it and pointed at it, and the driver's direct and gateway phases on both
 * streaming endpoints.
 */
class LoadDriverSmokeIT {

  private static final int STREAMS = 40;
  private static final int TOKENS = 8;

  @Test
  void driverMeasuresTheSameStreamsDirectlyAndThroughTheGateway() throws Exception {
    Path data =
        Files.createTempDirectory(Path.of(System.getProperty("it.target", "target")), "loadsmoke");
    try (BenchUpstream upstream = BenchUpstream.start(0, new BenchUpstream.Timing(5, 2, 100), 2);
        GatewayProcess gateway =
            GatewayProcess.start(
                GatewayProcess.freePort(),
                data,
                Map.of(
                    "LLM_BASE_URL", upstream.baseUrl(),
                    "OPENROUTER_API_KEY", "bench-upstream-needs-no-key",
                    "REQUIRE_API_KEY", "false",
                    "LLM_DAILY_BUDGET", "1000"))) {

      List<LoadDriver.Result> openAi =
          new LoadDriver(config(gateway.base, "openai", URI.create(upstream.baseUrl()))).runAll();
      assertEquals(List.of("direct", "gateway"), openAi.stream().map(r -> r.target()).toList());
      for (LoadDriver.Result result : openAi) {
        assertEquals(Map.of(), result.errors(), result.target() + ": " + result.json());
        assertEquals(STREAMS, result.ok(), result.json());
        assertEquals(STREAMS * TOKENS, result.tokens(), "max_tokens is honoured end to end");
        assertTrue(result.ttft(50) > 0 && result.ttft(99) >= result.ttft(50), result.json());
        assertTrue(result.tokensPerSecond() > 0, result.json());
      }

      LoadDriver.Result nativeSse =
          new LoadDriver(config(gateway.base, "native", null)).runAll().get(0);
      assertEquals(STREAMS, nativeSse.ok(), nativeSse.json());
      assertEquals(STREAMS * TOKENS, nativeSse.tokens());
      assertTrue(nativeSse.serverTtft(99) >= 0, "the done event's ttft_ms is read");

      // The machine-readable line scripts/bench collects is valid JSON with the figures.
      JsonObject line = JsonText.parseObject(nativeSse.json());
      assertEquals(STREAMS, line.getInt("ok"));
      assertTrue(line.getJsonNumber("ttft_p99_ms").doubleValue() > 0);
    }
  }

  private static LoadDriver.Config config(URI gateway, String kind, URI direct) {
    return new LoadDriver.Config(
        gateway,
        kind,
        8,
        STREAMS,
        Duration.ofSeconds(20),
        direct,
        4,
        TOKENS,
        "",
        false,
        0,
        Duration.ofSeconds(20),
        "smoke",
        false,
        true);
  }
}
