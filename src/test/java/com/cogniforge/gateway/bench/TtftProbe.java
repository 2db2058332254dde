package com.cogniforge.gateway.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Measures the time to first token the gateway adds: the same streaming request is sent, in
 * alternation, straight to the provider ({@code /sim/v1/chat/completions}) and through the gateway
 * ({@code /v1/chat/completions}, which relays to that provider), and the client-side TTFT of both
 * is compared. JDK only, so it runs from {@code target/test-classes} with no class path to build.
 *
 * <pre>
 * java -cp target/test-classes com.cogniforge.gateway.bench.TtftProbe http://127.0.0.1:8080 200 1
 * </pre>
 */
public final class TtftProbe {

  private static final String BODY =
      "{\"model\":\"openai/gpt-4o-mini\",\"stream\":true,"
          + "\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"ttft probe %d\"}]}";

  private TtftProbe() {}

  public static void main(String[] args) throws Exception {
    URI base = URI.create(args.length > 0 ? args[0] : "http://127.0.0.1:8080");
    int streams = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    // Warm-up: JIT, connection pools, class loading on both paths.
    run(client, base, 50, Math.min(concurrency, 8), new ArrayList<>(), new ArrayList<>());
    List<Long> direct = Collections.synchronizedList(new ArrayList<>());
    List<Long> gateway = Collections.synchronizedList(new ArrayList<>());
    run(client, base, streams, concurrency, direct, gateway);

    System.out.printf("streams per path: %d, concurrency: %d%n", streams, concurrency);
    System.out.println("path     p50_ms  p90_ms  p99_ms  max_ms");
    print("direct", direct);
    print("gateway", gateway);
    System.out.printf(
        "added TTFT: p50 %.2f ms, p99 %.2f ms%n",
        ms(percentile(gateway, 50) - percentile(direct, 50)),
        ms(percentile(gateway, 99) - percentile(direct, 99)));
  }

  private static void run(
      HttpClient client,
      URI base,
      int streams,
      int concurrency,
      List<Long> direct,
      List<Long> gateway)
      throws Exception {
    Semaphore slots = new Semaphore(concurrency);
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int i = 0; i < streams * 2; i++) {
      boolean viaGateway = i % 2 == 1;
      URI uri = base.resolve(viaGateway ? "/v1/chat/completions" : "/sim/v1/chat/completions");
      slots.acquire();
      CompletableFuture<Void> one =
          firstTokenNanos(client, uri, String.format(BODY, i / 2))
              .thenAccept(nanos -> (viaGateway ? gateway : direct).add(nanos))
              .whenComplete(
                  (ok, error) -> {
                    slots.release();
                    if (error != null) {
                      System.err.println("stream failed: " + error);
                    }
                  });
      all.add(one);
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
  }

  /** Time from sending the request to the first chunk that carries text. */
  static CompletableFuture<Long> firstTokenNanos(HttpClient client, URI uri, String body) {
    CompletableFuture<Long> firstToken = new CompletableFuture<>();
    long start = System.nanoTime();
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    client
        .sendAsync(
            request,
            HttpResponse.BodyHandlers.fromLineSubscriber(
                new Flow.Subscriber<String>() {
                  @Override
                  public void onSubscribe(Flow.Subscription subscription) {
                    subscription.request(Long.MAX_VALUE);
                  }

                  @Override
                  public void onNext(String line) {
                    if (!firstToken.isDone()
                        && line.contains("\"content\":\"")
                        && !line.contains("\"content\":\"\"")) {
                      firstToken.complete(System.nanoTime() - start);
                    }
                  }

                  @Override
                  public void onError(Throwable error) {
                    firstToken.completeExceptionally(error);
                  }

                  @Override
                  public void onComplete() {
                    firstToken.completeExceptionally(
                        new IllegalStateException("no token in " + uri));
                  }
                }))
        .whenComplete(
            (response, error) -> {
              if (error != null) {
                firstToken.completeExceptionally(error);
              }
            });
    return firstToken;
  }

  private static void print(String path, List<Long> samples) {
    System.out.printf(
        "%-8s %7.2f %7.2f %7.2f %7.2f%n",
        path,
        ms(percentile(samples, 50)),
        ms(percentile(samples, 90)),
        ms(percentile(samples, 99)),
        ms(percentile(samples, 100)));
  }

  static long percentile(List<Long> samples, int percentile) {
    List<Long> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index));
  }

  private static double ms(long nanos) {
    return nanos / 1_000_000.0;
  }
}
