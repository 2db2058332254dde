package com.cogniforge.gateway.relay;

import com.cogniforge.gateway.cache.CachedAnswer;
import com.cogniforge.gateway.providers.UpstreamChunk;
import com.cogniforge.gateway.providers.UpstreamDelta;
import com.cogniforge.gateway.providers.UpstreamFailure;
import com.cogniforge.gateway.routing.RouteDecision;
import com.cogniforge.gateway.usage.Outcome;
import java.time.Instant;
import java.util.List;

/**
 * An answer from the response cache, streamed to the client like a live one (the {@code meta} event
 * says {@code cached: true}): no provider call, no cost, and a usage record marked as a cache hit.
 * The pieces go out as they came from the provider, grouped by {@code STREAMING_CHUNK_SIZE}.
 */
final class CachedReplay implements ChatStream {

  private final Admitted request;
  private final CachedAnswer answer;
  private final RelayServices services;
  private final Instant startedAt = Instant.now();
  private final long startNanos = System.nanoTime();

  CachedReplay(Admitted request, CachedAnswer answer, RelayServices services) {
    this.request = request;
    this.answer = answer;
    this.services = services;
  }

  /** A stored choice: it was decoded once already, so it decodes again. */
  private static UpstreamDelta decode(String choiceJson) {
    try {
      return UpstreamChunk.decodeChoice(choiceJson);
    } catch (UpstreamFailure impossible) {
      throw new IllegalStateException("a cached chunk no longer decodes", impossible);
    }
  }

  @Override
  public RouteDecision route() {
    return request.route();
  }

  @Override
  public boolean cached() {
    return true;
  }

  @Override
  public void start(ClientStream client) {
    services.books().streamOpened();
    Outcome outcome = Outcome.OK;
    Long ttftMs = null;
    try {
      client.open(
          new StreamStart(
              request.info().requestId(),
              answer.model(),
              request.tierName(),
              request.route().reason() + "; answered from the response cache",
              "cache",
              startedAt.getEpochSecond(),
              null,
              true,
              false,
              false));
      int chunk = services.options().get().chunkSize();
      List<String> pieces = answer.pieces();
      int i = 0;
      while (i < pieces.size() && outcome == Outcome.OK) {
        if (ttftMs == null) {
          ttftMs = (System.nanoTime() - startNanos) / 1_000_000;
        }
        boolean delivered;
        if (answer.isRaw(i)) {
          delivered = client.delta(decode(pieces.get(i)));
          i++;
        } else {
          int end = i + 1; // text pieces up to the chunk size or the next raw piece
          while (end < pieces.size() && end - i < chunk && !answer.isRaw(end)) {
            end++;
          }
          delivered = client.token(String.join("", pieces.subList(i, end)));
          i = end;
        }
        if (!delivered) {
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
      services.books().streamClosed();
      services
          .books()
          .book(
              request
                  .usage(startedAt)
                  .served(answer.model(), "cache", request.tierName())
                  .route(request.route().reason() + "; cache hit", answer.model() + ":cache")
                  .tokens(
                      answer.promptTokens(),
                      outcome == Outcome.OK ? answer.completionTokens() : 0,
                      false)
                  .timing(ttftMs, (System.nanoTime() - startNanos) / 1_000_000)
                  .outcome(outcome, outcome == Outcome.OK ? null : "client_disconnected")
                  .cacheHit()
                  .build(),
              request.info().clientKey());
    }
  }
}
