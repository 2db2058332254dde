package com.cogniforge.gateway.relay;

import com.cogniforge.gateway.cache.CachedAnswer;
import com.cogniforge.gateway.routing.RouteDecision;
import com.cogniforge.gateway.usage.Outcome;
import com.cogniforge.gateway.usage.UsageRecord;
import java.time.Instant;
import java.util.List;

/**
 * An answer from the response cache, streamed to the client like a live one (the {@code meta} event
 * says {@code cached: true}): no provider call, no cost, and a usage record marked as a cache hit.
 * The pieces go out as they came from the provider, grouped by {@code STREAMING_CHUNK_SIZE}.
 */
final class CachedReplay implements ChatStream {

  private final StreamRelay relay;
  private final RequestInfo info;
  private final ChatInput input;
  private final RouteDecision route;
  private final CachedAnswer answer;
  private final Instant startedAt = Instant.now();
  private final long startNanos = System.nanoTime();

  CachedReplay(
      StreamRelay relay,
      RequestInfo info,
      ChatInput input,
      RouteDecision route,
      CachedAnswer answer) {
    this.relay = relay;
    this.info = info;
    this.input = input;
    this.route = route;
    this.answer = answer;
  }

  @Override
  public RouteDecision route() {
    return route;
  }

  @Override
  public boolean cached() {
    return true;
  }

  @Override
  public void start(ClientStream client) {
    relay.metrics.streamOpened();
    String tier = route.tier() == null ? null : route.tier().name();
    Outcome outcome = Outcome.OK;
    Long ttftMs = null;
    try {
      client.open(
          new StreamStart(
              info.requestId(),
              answer.model(),
              tier,
              route.reason() + "; answered from the response cache",
              "cache",
              startedAt.getEpochSecond(),
              null,
              true,
              false,
              false));
      int chunk = relay.settings.chunkSize();
      List<String> pieces = answer.pieces();
      for (int i = 0; i < pieces.size() && outcome == Outcome.OK; i += chunk) {
        String text = String.join("", pieces.subList(i, Math.min(pieces.size(), i + chunk)));
        if (ttftMs == null) {
          ttftMs = (System.nanoTime() - startNanos) / 1_000_000;
        }
        if (!client.token(text)) {
          outcome = Outcome.CLIENT_CANCELLED;
        }
      }
      if (outcome == Outcome.OK) {
        client.done(
            new StreamSummary(
                answer.finishReason(),
                answer.promptTokens(),
                answer.completionTokens(),
                false,
                0,
                ttftMs,
                (System.nanoTime() - startNanos) / 1_000_000));
      }
    } catch (RuntimeException clientGone) {
      outcome = Outcome.CLIENT_CANCELLED;
    } finally {
      relay.metrics.streamClosed();
      relay.book(
          new UsageRecord(
                  startedAt,
                  info.requestId(),
                  info.endpoint(),
                  input.stream(),
                  input.request().model(),
                  answer.model(),
                  "cache",
                  answer.promptTokens(),
                  outcome == Outcome.OK ? answer.completionTokens() : 0,
                  false,
                  0,
                  ttftMs,
                  (System.nanoTime() - startNanos) / 1_000_000,
                  outcome,
                  outcome == Outcome.OK ? null : "client_disconnected",
                  tier,
                  route.reason() + "; cache hit",
                  answer.model() + ":cache")
              .forClientKey(info.clientKeyId())
              .asCacheHit());
    }
  }
}
