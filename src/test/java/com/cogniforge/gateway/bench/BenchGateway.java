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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A running gateway as the hybrid benchmarks drive it: switch hybrid mode, stream a list of
 * requests at a fixed concurrency, count the simulated provider's calls, read back the phase's
 * usage records. JDK only.
 */
final class BenchGateway {

  final URI base;
  private final String admin;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  BenchGateway(URI base, String adminPassword) {
    this.base = base;
    this.admin =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8));
  }

  /** What one phase measured: client TTFTs (ns), provider calls, and its usage records (JSON). */
  record Phase(List<Long> ttftNanos, long providerCalls, String usage) {

    double ttftMs(int percentile) {
      return TtftProbe.percentile(ttftNanos, percentile) / 1e6;
    }

    double costUsd() {
      double cost = 0;
      Matcher costs = Pattern.compile("\"cost_usd\":([0-9.]+)").matcher(usage);
      while (costs.find()) {
        cost += Double.parseDouble(costs.group(1));
      }
      return cost;
    }

    long count(String fragment) {
      return usage.split(Pattern.quote(fragment), -1).length - 1;
    }
  }

  /** Streams every body to {@code /v1/chat/completions}, {@code concurrency} at a time. */
  Phase run(List<String> bodies, int concurrency) throws Exception {
    long callsBefore = providerCalls();
    Instant from = Instant.now();
    List<Long> ttft = Collections.synchronizedList(new ArrayList<>());
    Semaphore slots = new Semaphore(concurrency);
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (String body : bodies) {
      slots.acquire();
      all.add(
          TtftProbe.firstTokenNanos(client, base.resolve("/v1/chat/completions"), body)
              .thenAccept(ttft::add)
              .whenComplete((ok, error) -> slots.release()));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .exceptionally(error -> null)
        .get(10, TimeUnit.MINUTES);
    Thread.sleep(300); // the last usage records are written in batches
    Instant to = Instant.now().plusSeconds(1);
    long calls = providerCalls() - callsBefore;
    String usage =
        get(
            base.resolve(
                "/api/v1/usage?format=json&from="
                    + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8)
                    + "&to="
                    + URLEncoder.encode(to.toString(), StandardCharsets.UTF_8)),
            admin);
    if (ttft.size() != bodies.size()) {
      System.out.printf("  %d of %d streams failed%n", bodies.size() - ttft.size(), bodies.size());
    }
    return new Phase(ttft, calls, usage);
  }

  void setHybrid(boolean on) throws Exception {
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

  private long providerCalls() throws Exception {
    Matcher started =
        Pattern.compile("\"started\":(\\d+)").matcher(get(base.resolve("/sim/v1/stats"), null));
    return started.find() ? Long.parseLong(started.group(1)) : -1;
  }

  private String get(URI uri, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
  }
}
