package com.cogniforge.gateway.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    URI base = URI.create(args[0]);
    String admin =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("admin:" + args[1]).getBytes(StandardCharsets.UTF_8));
    int requests = args.length > 2 ? Integer.parseInt(args[2]) : 400;
    int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    System.out.printf(
        "requests per phase: %d, concurrency: %d, tier FAST (first model has a slow tail)%n",
        requests, concurrency);
    System.out.println(
        "hedging  ttft_p50_ms  ttft_p90_ms  ttft_p99_ms  ttft_max_ms  provider_calls  hedges"
            + "  cost_usd");
    for (String phase : new String[] {"off", "on"}) {
      HybridBench.setHybrid(client, base, admin, phase.equals("on"));
      long callsBefore = HybridBench.providerCalls(client, base);
      Instant from = Instant.now();
      List<Long> ttft = Collections.synchronizedList(new ArrayList<>());
      Semaphore slots = new Semaphore(concurrency);
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        slots.acquire();
        all.add(
            TtftProbe.firstTokenNanos(
                    client,
                    base.resolve("/v1/chat/completions"),
                    String.format(BODY, "hedge question " + i))
                .thenAccept(ttft::add)
                .whenComplete((ok, error) -> slots.release()));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
          .exceptionally(error -> null)
          .get(10, TimeUnit.MINUTES);
      Thread.sleep(300); // the last usage records are written in batches
      Instant to = Instant.now().plusSeconds(1);
      long calls = HybridBench.providerCalls(client, base) - callsBefore;
      String usage =
          HybridBench.get(
              client,
              base.resolve(
                  "/api/v1/usage?format=json&from="
                      + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8)
                      + "&to="
                      + URLEncoder.encode(to.toString(), StandardCharsets.UTF_8)),
              admin);
      double cost = 0;
      Matcher costs = Pattern.compile("\"cost_usd\":([0-9.]+)").matcher(usage);
      while (costs.find()) {
        cost += Double.parseDouble(costs.group(1));
      }
      long hedges = usage.split(":hedge_lost", -1).length - 1;
      System.out.printf(
          "%-7s  %11.1f  %11.1f  %11.1f  %11.1f  %14d  %6d  %8.6f%n",
          phase,
          TtftProbe.percentile(ttft, 50) / 1e6,
          TtftProbe.percentile(ttft, 90) / 1e6,
          TtftProbe.percentile(ttft, 99) / 1e6,
          TtftProbe.percentile(ttft, 100) / 1e6,
          calls,
          hedges,
          cost);
      if (ttft.size() != requests) {
        System.out.printf("  %d of %d streams failed%n", requests - ttft.size(), requests);
      }
    }
    HybridBench.setHybrid(client, base, admin, false);
  }
}
