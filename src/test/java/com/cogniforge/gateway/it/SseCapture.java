package com.cogniforge.gateway.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * A test client that records a whole streamed response line by line, each line with the time it
 * arrived, and parses it as Server-Sent Events. Independent of the gateway's own SSE code on
 * purpose.
 */
public final class SseCapture {

  /** One received line and when it arrived (nanoseconds since the request was sent). */
  public record Line(String text, long atNanos) {}

  /** One parsed event; comments are events named {@code "comment"} with the comment as data. */
  public record Event(String name, String id, String data, long atNanos) {}

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  public final int status;
  public final HttpHeaders headers;
  public final List<Line> lines;
  public final long sentNanos;

  private SseCapture(int status, HttpHeaders headers, List<Line> lines, long sentNanos) {
    this.status = status;
    this.headers = headers;
    this.lines = lines;
    this.sentNanos = sentNanos;
  }

  public static SseCapture get(URI uri) throws Exception {
    return send(HttpRequest.newBuilder(uri).GET().build(), Duration.ofSeconds(30));
  }

  public static SseCapture post(URI uri, String json) throws Exception {
    return send(
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        Duration.ofSeconds(30));
  }

  /** Sends and waits (bounded) for the whole response. */
  public static SseCapture send(HttpRequest request, Duration limit) throws Exception {
    List<Line> lines = Collections.synchronizedList(new ArrayList<>());
    long sent = System.nanoTime();
    CompletableFuture<HttpResponse<Void>> response =
        CLIENT.sendAsync(
            request,
            HttpResponse.BodyHandlers.fromLineSubscriber(
                new Flow.Subscriber<String>() {
                  @Override
                  public void onSubscribe(Flow.Subscription subscription) {
                    subscription.request(Long.MAX_VALUE);
                  }

                  @Override
                  public void onNext(String line) {
                    lines.add(new Line(line, System.nanoTime() - sent));
                  }

                  @Override
                  public void onError(Throwable throwable) {}

                  @Override
                  public void onComplete() {}
                }));
    HttpResponse<Void> done = response.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    return new SseCapture(done.statusCode(), done.headers(), List.copyOf(lines), sent);
  }

  public String body() {
    StringBuilder text = new StringBuilder();
    for (Line line : lines) {
      text.append(line.text()).append('\n');
    }
    return text.toString();
  }

  public List<Event> events() {
    List<Event> events = new ArrayList<>();
    String name = null;
    String id = null;
    StringBuilder data = null;
    for (Line line : lines) {
      String text = line.text();
      if (text.isEmpty()) {
        if (data != null) {
          events.add(
              new Event(name == null ? "message" : name, id, data.toString(), line.atNanos()));
        }
        name = null;
        id = null;
        data = null;
      } else if (text.startsWith(":")) {
        events.add(new Event("comment", null, text.substring(1).trim(), line.atNanos()));
      } else if (text.startsWith("event:")) {
        name = text.substring(6).trim();
      } else if (text.startsWith("id:")) {
        id = text.substring(3).trim();
      } else if (text.startsWith("data:")) {
        String value = text.substring(5);
        value = value.startsWith(" ") ? value.substring(1) : value;
        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
      }
    }
    return events;
  }

  public List<Event> events(String name) {
    return events().stream().filter(e -> e.name().equals(name)).toList();
  }
}
