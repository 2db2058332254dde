package com.cogniforge.gateway.relay;

import com.cogniforge.gateway.cache.CachedAnswer;
import com.cogniforge.gateway.providers.UpstreamChunk;
import com.cogniforge.gateway.providers.UpstreamDelta;
import com.cogniforge.gateway.providers.UpstreamFailure;
import com.cogniforge.gateway.routing.RouteDecision;
import com.cogniforge.gateway.usage.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An answer from the response cache, streamed to the client like a live one (the {@code meta} event
 * says {@code cached: true}): no provider call, no cost, and a usage record marked as a cache hit.
 * The pieces go out as they came from the provider, grouped by {@code STREAMING_CHUNK_SIZE}, and
 * only as fast as the client takes them ({@link ClientStream#awaitRoom}): a client that does not
 * read holds about its buffer limit, not the whole answer.
 *
 * <p>A replay takes turns: after {@value #PIECES_PER_TURN} pieces it continues on {@link
 * RelayServices#workers}, behind whatever else waits there. A socket takes megabytes before it
 * reports no room (2.8 MB into the kernel's buffer on loopback), and a hundred replays to clients
 * that do not read, each writing its megabytes in one go on a container thread, kept every thread
 * busy and a normal client waiting for 20 s.
 */
final class CachedReplay implements ChatStream {

  /** About 40 KB of OpenAI chunks, a few milliseconds of work. */
  static final int PIECES_PER_TURN = 256;

  private final Admitted request;
  private final CachedAnswer answer;
  private final RelayServices services;
  private final Instant startedAt = Instant.now();
  private final long startNanos = System.nanoTime();
  private final AtomicBoolean finished = new AtomicBoolean();
  private ClientStream client;
  // Where the replay stands; pump() runs on one thread at a time, handing over through awaitRoom.
  private volatile int next;
  private volatile Long ttftMs;

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
    this.client = client;
    services.books().streamOpened();
    client.onClientGone(() -> finish(Outcome.CLIENT_CANCELLED));
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
      if (answer.providerFields() != null) {
        client.providerFields(answer.providerFields());
      }
    } catch (RuntimeException clientGone) {
      finish(Outcome.CLIENT_CANCELLED);
      return;
    }
    pump();
  }

  /**
   * Sends pieces while the client has room and the turn lasts, then returns; the client calls it
   * again when it has room (on a container thread), the workers when its next turn comes. Only one
   * call runs at a time: the next is registered only when this one stops.
   */
  private void pump() {
    try {
      int chunk = services.options().get().chunkSize();
      List<String> pieces = answer.pieces();
      int turnEnds = next + PIECES_PER_TURN;
      while (next < pieces.size()) {
        if (finished.get()) {
          return;
        }
        if (next >= turnEnds) {
          services.workers().execute(this::pump); // the next turn, after others had theirs
          return;
        }
        if (!client.awaitRoom(this::pump)) {
          return; // resumed when the client has read some of what it holds
        }
        if (ttftMs == null) {
          ttftMs = (System.nanoTime() - startNanos) / 1_000_000;
        }
        boolean delivered;
        int i = next;
        if (answer.isRaw(i)) {
          delivered = client.delta(decode(pieces.get(i)));
          next = i + 1;
        } else {
          int end = i + 1; // text pieces up to the chunk size or the next raw piece
          while (end < pieces.size() && end - i < chunk && !answer.isRaw(end)) {
            end++;
          }
          delivered = client.token(String.join("", pieces.subList(i, end)));
          next = end;
        }
        if (!delivered) {
          finish(Outcome.CLIENT_CANCELLED);
          return;
        }
      }
      if (!finished.get()) {
        client.done(
            new StreamSummary(
                answer.finishReason(),
                answer.promptTokens(),
                answer.completionTokens(),
                false,
                0,
                ttftMs,
                (System.nanoTime() - startNanos) / 1_000_000,
                0,
                answer.reasoningTokens(),
                0));
        finish(Outcome.OK);
      }
    } catch (RuntimeException clientGone) {
      finish(Outcome.CLIENT_CANCELLED);
    }
  }

  /** Closes the books once, however the replay ended. */
  private void finish(Outcome outcome) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
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
                .usageDetails(0, outcome == Outcome.OK ? answer.reasoningTokens() : 0)
                .timing(ttftMs, (System.nanoTime() - startNanos) / 1_000_000)
                .outcome(outcome, outcome == Outcome.OK ? null : ClientStream.goneCode(client))
                .cacheHit()
                .build(),
            request.info().clientKey());
  }
}
