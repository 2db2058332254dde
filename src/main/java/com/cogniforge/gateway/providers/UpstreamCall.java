package com.cogniforge.gateway.providers;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One streaming call to a provider: reads the response line by line as it arrives (no thread waits
 * on it), turns it into {@link UpstreamListener} calls, enforces the first-token and idle
 * time-outs, and can be cancelled at any moment, which closes the connection to the provider.
 */
public final class UpstreamCall implements Flow.Subscriber<String> {

  private static final Logger LOG = Logger.getLogger(UpstreamCall.class.getName());

  private final UpstreamListener listener;
  private final Duration firstTokenTimeout;
  private final Duration idleTimeout;
  private final UpstreamEventParser parser = new UpstreamEventParser();
  private final ProviderWire wire;
  private final StreamDecoder decoder;
  private final java.util.function.Consumer<UpstreamChunk> onChunk = this::onChunk;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final long startNanos = System.nanoTime();

  private volatile Flow.Subscription subscription;
  private volatile CompletableFuture<?> exchange;
  private volatile ScheduledFuture<?> watchdog;
  private volatile boolean sawToken;
  // Set while the client has not taken what was sent: no more is read from the provider until it
  // has (see batchDone and resume); the idle time-out does not run meanwhile.
  private final AtomicBoolean paused = new AtomicBoolean();
  private volatile long lastActivityNanos = startNanos;
  private String finishReason;

  UpstreamCall(
      ProviderWire wire,
      UpstreamListener listener,
      Duration firstTokenTimeout,
      Duration idleTimeout) {
    this.wire = wire;
    this.decoder = wire.decoder();
    this.listener = listener;
    this.firstTokenTimeout = firstTokenTimeout;
    this.idleTimeout = idleTimeout;
  }

  void start(HttpClient http, HttpRequest request, ScheduledExecutorService timers) {
    scheduleWatchdog(timers, firstTokenTimeout.toNanos());
    exchange =
        http.sendAsync(request, this::bodyFor)
            .whenComplete(
                (response, error) -> {
                  if (error != null) {
                    fail(classify(error));
                  }
                });
    if (ended.get()) {
      exchange.cancel(true); // cancelled while we were still starting
    }
  }

  /** Ends a call that never started: its request could not be written for the provider. */
  void failNow(UpstreamFailure failure) {
    fail(failure);
  }

  /** Stops the call and closes the provider connection; the listener hears nothing more. */
  public void cancel() {
    if (ended.compareAndSet(false, true)) {
      release();
    }
  }

  public boolean isEnded() {
    return ended.get();
  }

  private BodySubscriber<Void> bodyFor(HttpResponse.ResponseInfo info) {
    int status = info.statusCode();
    if (status != 200) {
      Long retryAfterHeader = retryAfterSeconds(info);
      return BodySubscribers.mapping(
          new CappedText(CappedText.MAX_ERROR_BYTES),
          body -> {
            // A truncated explanation is still one: the status decides the failure.
            Long retryAfter =
                retryAfterHeader != null
                    ? retryAfterHeader
                    : wire.retryAfterSeconds(body.text()); // Google's hint is in the body
            fail(UpstreamFailure.fromStatus(status, wire.errorMessage(body.text()), retryAfter));
            return null;
          });
    }
    String contentType = info.headers().firstValue("content-type").orElse("");
    if (contentType.startsWith("application/json")) {
      // A provider that ignores "stream": true answers with one complete JSON document.
      return BodySubscribers.mapping(
          new CappedText(UpstreamLines.MAX_LINE_BYTES),
          body -> {
            if (body.truncated()) {
              fail(
                  new UpstreamFailure(
                      UpstreamFailure.Kind.OVERSIZED,
                      "provider answered more than " + UpstreamLines.MAX_LINE_BYTES + " bytes"));
              return null;
            }
            onEventData(body.text());
            finishAtEnd();
            return null;
          });
    }
    return BodySubscribers.fromSubscriber(
        new UpstreamLines(this, UpstreamLines.MAX_LINE_BYTES, this::batchDone));
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    if (ended.get()) {
      subscription.cancel();
    } else {
      subscription.request(1); // one batch of buffers at a time: see batchDone
    }
  }

  /**
   * A batch of the provider's bytes has been read through: the next is asked for only when the
   * client has taken what it was sent, else when it has room again ({@link #resume}).
   */
  private void batchDone() {
    if (ended.get()) {
      return;
    }
    paused.set(true);
    if (listener.awaitRoom(this::resume)) {
      resume();
    }
  }

  private void resume() {
    if (paused.compareAndSet(true, false) && !ended.get()) {
      lastActivityNanos = System.nanoTime(); // the wait was the client's, not the provider's
      subscription.request(1);
    }
  }

  @Override
  public void onNext(String line) {
    if (ended.get()) {
      return;
    }
    lastActivityNanos = System.nanoTime();
    String data;
    try {
      data = parser.feed(line);
    } catch (UpstreamFailure oversized) {
      fail(oversized);
      return;
    }
    if (data != null) {
      onEventData(data);
    }
  }

  @Override
  public void onError(Throwable error) {
    if (error instanceof UpstreamFailure failure) {
      fail(failure); // a line too long
      return;
    }
    fail(
        new UpstreamFailure(
            UpstreamFailure.Kind.CLOSED_EARLY, "connection to the provider broke mid-stream"));
  }

  @Override
  public void onComplete() {
    String data = parser.finish();
    if (data != null) {
      onEventData(data);
    }
    finishAtEnd();
  }

  private void onEventData(String data) {
    if (ended.get()) {
      return;
    }
    boolean last;
    try {
      last = decoder.decode(data, onChunk);
    } catch (UpstreamFailure failure) {
      fail(failure);
      return;
    }
    if (last) {
      complete();
    }
  }

  private void onChunk(UpstreamChunk chunk) {
    if (ended.get()) {
      return;
    }
    if (chunk.model() != null && !chunk.model().isBlank()) {
      listener.onServedModel(chunk.model());
    }
    if (chunk.providerFields() != null) {
      listener.onProviderFields(chunk.providerFields());
    }
    if (chunk.error() != null) {
      fail(
          new UpstreamFailure(
              UpstreamFailure.Kind.STREAM_ERROR,
              "provider reported an error: " + ProviderErrors.clip(chunk.error())));
      return;
    }
    if (chunk.delta() != null) {
      sawToken = true;
      listener.onDelta(chunk.delta());
    } else if (chunk.text() != null && !chunk.text().isEmpty()) {
      sawToken = true;
      listener.onToken(chunk.text());
    }
    if (chunk.hasUsage()) {
      listener.onUsage(chunk.promptTokens(), chunk.completionTokens());
      if (chunk.cachedPromptTokens() >= 0 || chunk.reasoningTokens() >= 0) {
        listener.onUsageDetails(chunk.cachedPromptTokens(), chunk.reasoningTokens());
      }
      if (chunk.cacheWriteTokens() >= 0) {
        listener.onCacheWriteTokens(chunk.cacheWriteTokens());
      }
    }
    if (chunk.finishReason() != null) {
      finishReason = chunk.finishReason();
    }
  }

  private void finishAtEnd() {
    if (finishReason != null) {
      complete(); // some servers end with a finish reason but no [DONE]
    } else {
      fail(
          new UpstreamFailure(
              UpstreamFailure.Kind.CLOSED_EARLY, "provider closed the stream before it finished"));
    }
  }

  private void complete() {
    if (ended.compareAndSet(false, true)) {
      cancelWatchdog();
      try {
        listener.onComplete(finishReason == null ? "stop" : finishReason);
      } catch (RuntimeException bug) {
        LOG.log(Level.SEVERE, "ending a stream failed", bug); // the HTTP client would hide it
      }
    }
  }

  private void fail(UpstreamFailure failure) {
    if (ended.compareAndSet(false, true)) {
      release();
      try {
        listener.onFailure(failure);
      } catch (RuntimeException bug) {
        LOG.log(Level.SEVERE, "handling a provider failure failed", bug);
      }
    }
  }

  private void release() {
    cancelWatchdog();
    Flow.Subscription current = subscription;
    if (current != null) {
      current.cancel();
    }
    CompletableFuture<?> pending = exchange;
    if (pending != null) {
      pending.cancel(true); // aborts an exchange still waiting for headers (JDK 16+)
    }
  }

  private void cancelWatchdog() {
    ScheduledFuture<?> current = watchdog;
    if (current != null) {
      current.cancel(false);
    }
  }

  /**
   * One timer per call instead of one per chunk: it wakes at the earliest possible deadline and
   * re-arms itself for whatever time is left.
   */
  private void scheduleWatchdog(ScheduledExecutorService timers, long delayNanos) {
    watchdog = timers.schedule(() -> checkDeadlines(timers), delayNanos, TimeUnit.NANOSECONDS);
  }

  private void checkDeadlines(ScheduledExecutorService timers) {
    if (ended.get()) {
      return;
    }
    long now = System.nanoTime();
    if (!sawToken) {
      long left = firstTokenTimeout.toNanos() - (now - startNanos);
      if (left <= 0) {
        fail(
            new UpstreamFailure(
                UpstreamFailure.Kind.FIRST_TOKEN_TIMEOUT,
                "provider sent no token within " + firstTokenTimeout.toMillis() + " ms"));
      } else {
        scheduleWatchdog(timers, left);
      }
      return;
    }
    long left = idleTimeout.toNanos() - (now - lastActivityNanos);
    if (paused.get()) {
      left = idleTimeout.toNanos(); // waiting on the client, whose own write time-out applies
    }
    if (left <= 0) {
      fail(
          new UpstreamFailure(
              UpstreamFailure.Kind.STALLED,
              "provider sent nothing for " + idleTimeout.toMillis() + " ms"));
    } else {
      scheduleWatchdog(timers, left);
    }
  }

  private UpstreamFailure classify(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof UpstreamFailure failure) {
      return failure;
    }
    if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException) {
      return new UpstreamFailure(
          UpstreamFailure.Kind.CONNECT_FAILED, "could not connect to the provider");
    }
    if (cause instanceof HttpTimeoutException) {
      return new UpstreamFailure(
          UpstreamFailure.Kind.FIRST_TOKEN_TIMEOUT,
          "provider did not answer within " + firstTokenTimeout.toMillis() + " ms");
    }
    if (cause instanceof CancellationException) {
      return new UpstreamFailure(UpstreamFailure.Kind.CLOSED_EARLY, "call cancelled");
    }
    if (cause instanceof IOException && !sawToken) {
      return new UpstreamFailure(
          UpstreamFailure.Kind.CONNECT_FAILED, "connection to the provider failed");
    }
    return new UpstreamFailure(
        UpstreamFailure.Kind.CLOSED_EARLY, "connection to the provider broke mid-stream");
  }

  private static Long retryAfterSeconds(HttpResponse.ResponseInfo info) {
    String value = info.headers().firstValue("retry-after").orElse(null);
    if (value == null) {
      return null;
    }
    try {
      return Math.max(0, Long.parseLong(value.trim()));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
        return Math.max(0, Duration.between(ZonedDateTime.now(), at).toSeconds());
      } catch (RuntimeException unparseable) {
        return null;
      }
    }
  }
}
