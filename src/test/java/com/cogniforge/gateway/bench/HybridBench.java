package com.cogniforge.gateway.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    URI base = URI.create(args[0]);
    String admin =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("admin:" + args[1]).getBytes(StandardCharsets.UTF_8));
    int requests = args.length > 2 ? Integer.parseInt(args[2]) : 300;
    int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    double repeatShare = args.length > 4 ? Double.parseDouble(args[4]) : 0.5;
    int pool = args.length > 5 ? Integer.parseInt(args[5]) : 20;
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    System.out.printf(
        "requests per phase: %d, concurrency: %d, repeated prompts: %.0f%% from a pool of %d%n",
        requests, concurrency, repeatShare * 100, pool);
    System.out.println(
        "hybrid  ttft_p50_ms  ttft_p99_ms  provider_calls  cache_hits  coalesced  cost_usd");
    for (String phase : new String[] {"off", "on"}) {
      setHybrid(client, base, admin, phase.equals("on"));
      // The same sequence of prompts in both phases; unique ones carry the phase so none repeat.
      Random random = new Random(42);
      List<String> prompts = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        prompts.add(
            random.nextDouble() < repeatShare
                ? "popular question " + random.nextInt(pool)
                : "unique question " + phase + " " + i);
      }
      long callsBefore = providerCalls(client, base);
      Instant from = Instant.now();
      List<Long> ttft = Collections.synchronizedList(new ArrayList<>());
      Semaphore slots = new Semaphore(concurrency);
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (String prompt : prompts) {
        slots.acquire();
        all.add(
            TtftProbe.firstTokenNanos(
                    client, base.resolve("/v1/chat/completions"), String.format(BODY, prompt))
                .thenAccept(ttft::add)
                .whenComplete((ok, error) -> slots.release()));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
          .exceptionally(error -> null)
          .get(10, TimeUnit.MINUTES);
      Thread.sleep(300); // the last usage records are written in batches
      Instant to = Instant.now().plusSeconds(1);
      long calls = providerCalls(client, base) - callsBefore;
      String usage =
          get(
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
      // Coalesced requests are booked as cache hits with provider "coalesced": told apart here.
      long coalesced = usage.split("\"provider\":\"coalesced\"", -1).length - 1;
      long hits = usage.split("\"cache_hit\":true", -1).length - 1 - coalesced;
      System.out.printf(
          "%-6s  %11.1f  %11.1f  %14d  %10d  %9d  %8.6f%n",
          phase,
          TtftProbe.percentile(ttft, 50) / 1e6,
          TtftProbe.percentile(ttft, 99) / 1e6,
          calls,
          hits,
          coalesced,
          cost);
      if (ttft.size() != requests) {
        System.out.printf("  %d of %d streams failed%n", requests - ttft.size(), requests);
      }
    }
    setHybrid(client, base, admin, false);
  }

  static void setHybrid(HttpClient client, URI base, String admin, boolean on) throws Exception {
    HttpResponse<String> answer =
        client.send(
            HttpRequest.newBuilder(base.resolve("/api/v1/settings"))
                .header("Authorization", admin)
                .header("Content-Type", "application/json")
                .method(
                    "PATCH",
                    HttpRequest.BodyPublishers.ofString("{\"ENABLE_HYBRID_STREAMING\":" + on + "}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new IllegalStateException("settings: " + answer.statusCode() + " " + answer.body());
    }
  }

  static long providerCalls(HttpClient client, URI base) throws Exception {
    Matcher started =
        Pattern.compile("\"started\":(\\d+)")
            .matcher(get(client, base.resolve("/sim/v1/stats"), null));
    return started.find() ? Long.parseLong(started.group(1)) : -1;
  }

  static String get(HttpClient client, URI uri, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
  }
}
