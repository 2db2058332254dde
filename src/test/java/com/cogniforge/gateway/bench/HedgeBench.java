package com.cogniforge.gateway.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Hedged requests off versus on: the FAST tier's first model answers a few prompts only after a
 * long tail TTFT (the simulated provider's {@code SIM_TAIL_*} settings), its second model is
 * healthy. The same unique prompts (no cache) go through {@code "tier":"fast"} with hybrid
 * streaming off, then on; for each phase: client TTFT p50/p90/p99/max, provider calls, hedges and
 * cost. JDK only.
 *
 * <pre>
 * java -cp target/test-classes com.cogniforge.gateway.bench.HedgeBench BASE ADMIN_PASSWORD \
 *     [requests=400] [concurrency=10]
 * </pre>
 */
public final class HedgeBench {

  private static final String BODY =
      "{\"tier\":\"fast\",\"cache\":false,\"stream\":true,\"max_tokens\":16,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}";

  private HedgeBench() {}

  public static void main(String[] args) throws Exception {
    BenchGateway gateway = new BenchGateway(URI.create(args[0]), args[1]);
    int requests = args.length > 2 ? Integer.parseInt(args[2]) : 400;
    int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      bodies.add(String.format(BODY, "hedge question " + i));
    }

    System.out.printf(
        "requests per phase: %d, concurrency: %d, tier FAST (first model has a slow tail)%n",
        requests, concurrency);
    System.out.println(
        "hedging  ttft_p50_ms  ttft_p90_ms  ttft_p99_ms  ttft_max_ms  provider_calls  hedges"
            + "  cost_usd");
    for (String phase : new String[] {"off", "on"}) {
      gateway.setHybrid(phase.equals("on"));
      BenchGateway.Phase result = gateway.run(bodies, concurrency);
      System.out.printf(
          "%-7s  %11.1f  %11.1f  %11.1f  %11.1f  %14d  %6d  %8.6f%n",
          phase,
          result.ttftMs(50),
          result.ttftMs(90),
          result.ttftMs(99),
          result.ttftMs(100),
          result.providerCalls(),
          result.count(":hedge_lost"),
          result.costUsd());
    }
    gateway.setHybrid(false);
  }
}
