package com.cogniforge.gateway.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens N streams through the gateway whose provider (the simulated one) stays silent, holds them
 * open for a while so the gateway's threads and heap can be read, then closes them. JDK only.
 *
 * <pre>
 * java -cp target/test-classes com.cogniforge.gateway.bench.IdleStreams http://127.0.0.1:8080 1000 30
 * </pre>
 */
public final class IdleStreams {

  private IdleStreams() {}

  public static void main(String[] args) throws Exception {
    URI uri =
        URI.create(args.length > 0 ? args[0] : "http://127.0.0.1:8080")
            .resolve("/api/v1/stream/chat");
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int holdSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    CountDownLatch opened = new CountDownLatch(count);
    AtomicInteger failed = new AtomicInteger();
    List<Flow.Subscription> subscriptions = new ArrayList<>();
    List<CompletableFuture<?>> responses = new ArrayList<>();
    String body = "{\"q\":\"idle\",\"sim_ttft_ms\":" + (holdSeconds + 60) * 1000 + "}";
    for (int i = 0; i < count; i++) {
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      responses.add(
          client
              .sendAsync(
                  request,
                  HttpResponse.BodyHandlers.fromLineSubscriber(
                      new Flow.Subscriber<String>() {
                        private boolean counted;

                        @Override
                        public void onSubscribe(Flow.Subscription subscription) {
                          synchronized (subscriptions) {
                            subscriptions.add(subscription);
                          }
                          subscription.request(Long.MAX_VALUE);
                        }

                        @Override
                        public void onNext(String line) {
                          if (!counted && line.startsWith("event: meta")) {
                            counted = true;
                            opened.countDown();
                          }
                        }

                        @Override
                        public void onError(Throwable error) {
                          failed.incrementAndGet();
                        }

                        @Override
                        public void onComplete() {}
                      }))
              .exceptionally(
                  error -> {
                    failed.incrementAndGet();
                    opened.countDown();
                    return null;
                  }));
    }
    boolean all = opened.await(120, TimeUnit.SECONDS);
    System.out.printf(
        "open streams: %d of %d (failed %d)%s%n",
        count - opened.getCount(), count, failed.get(), all ? "" : " - timed out waiting");
    System.out.println("HOLDING " + holdSeconds + " s");
    System.out.flush();
    Thread.sleep(holdSeconds * 1000L);
    synchronized (subscriptions) {
      subscriptions.forEach(Flow.Subscription::cancel);
    }
    System.out.println("closed; failures during hold: " + failed.get());
  }
}
