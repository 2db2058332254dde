package com.cogniforge.gateway.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Hybrid streaming off versus on under the same workload: streaming requests of which a share
 * repeats prompts from a small popular pool (the rest are unique), at a fixed concurrency. For each
 * phase it reports the client's TTFT p50/p99, the provider calls made (the simulated provider's own
 * count) and the cost and cache hits from the usage records. JDK only.
 *
 * <pre>
 * java -cp target/test-classes com.cogniforge.gateway.bench.HybridBench BASE ADMIN_PASSWORD \
 *     [requests=300] [concurrency=10] [repeatShare=0.5] [pool=20]
 * </pre>
 */
public final class HybridBench {

  private static final String BODY =
      "{\"model\":\"openai/gpt-4o-mini\",\"stream\":true,\"max_tokens\":16,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}";

  private HybridBench() {}

  public static void main(String[] args) throws Exception {
    BenchGateway gateway = new BenchGateway(URI.create(args[0]), args[1]);
    int requests = args.length > 2 ? Integer.parseInt(args[2]) : 300;
    int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    double repeatShare = args.length > 4 ? Double.parseDouble(args[4]) : 0.5;
    int pool = args.length > 5 ? Integer.parseInt(args[5]) : 20;

    System.out.printf(
        "requests per phase: %d, concurrency: %d, repeated prompts: %.0f%% from a pool of %d%n",
        requests, concurrency, repeatShare * 100, pool);
    System.out.println(
        "hybrid  ttft_p50_ms  ttft_p99_ms  provider_calls  cache_hits  coalesced  cost_usd");
    for (String phase : new String[] {"off", "on"}) {
      gateway.setHybrid(phase.equals("on"));
      // The same sequence of prompts in both phases; unique ones carry the phase so none repeat.
      Random random = new Random(42);
      List<String> bodies = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        String prompt =
            random.nextDouble() < repeatShare
                ? "popular question " + random.nextInt(pool)
                : "unique question " + phase + " " + i;
        bodies.add(String.format(BODY, prompt));
      }
      BenchGateway.Phase result = gateway.run(bodies, concurrency);
      // Coalesced requests are booked as cache hits with provider "coalesced": told apart here.
      long coalesced = result.count("\"provider\":\"coalesced\"");
      System.out.printf(
          "%-6s  %11.1f  %11.1f  %14d  %10d  %9d  %8.6f%n",
          phase,
          result.ttftMs(50),
          result.ttftMs(99),
          result.providerCalls(),
          result.count("\"cache_hit\":true") - coalesced,
          coalesced,
          result.costUsd());
    }
    gateway.setHybrid(false);
  }
}
