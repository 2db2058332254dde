package com.cogniforge.gateway.relay;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.cache.CachedAnswer;
import com.cogniforge.gateway.keys.ClientKey;
import com.cogniforge.gateway.providers.ChatMessage;
import com.cogniforge.gateway.providers.ChatRequest;
import com.cogniforge.gateway.providers.UpstreamDelta;
import com.cogniforge.gateway.providers.UpstreamListener;
import com.cogniforge.gateway.resilience.Hedging;
import com.cogniforge.gateway.resilience.QualityMonitor;
import com.cogniforge.gateway.resilience.QualityPolicy;
import com.cogniforge.gateway.routing.RouteDecision;
import com.cogniforge.gateway.routing.Tier;
import com.cogniforge.gateway.routing.TierModels;
import com.cogniforge.gateway.settings.GatewaySettings;
import com.cogniforge.gateway.settings.Setting;
import com.cogniforge.gateway.usage.UsageRecord;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

/**
 * The streaming engine outside any server: a scripted upstream, a recording client, books and a
 * budget that remember what they were told. FAST is {@code m/a, m/b}; SMART is {@code m/c}.
 */
final class EngineFixture implements AutoCloseable {

  final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  final ScriptedUpstream upstream = new ScriptedUpstream();
  final RecordingBooks books = new RecordingBooks();
  final FakeBudget budget = new FakeBudget();
  final MapAnswers answers = new MapAnswers();
  final TierModels tiers =
      TierModels.of(
          GatewaySettings.withValues(
              Map.of(Setting.FAST_MODEL, "m/a,m/b", Setting.SMART_MODEL, "m/c")));
  final QualityMonitor quality =
      QualityMonitor.withPolicy(
          new QualityPolicy(Duration.ofMinutes(5), 0.5, 100, Duration.ofSeconds(30)), tiers);
  RelayOptions options = new RelayOptions(false, 1, Duration.ofSeconds(15));
  long hedgeDelayMs = 3000;
  final InFlight inFlight = new InFlight();
  final OpenStreams open = new OpenStreams();

  /** Where long work continues after its turn (a replay): run by the test, one turn at a time. */
  final java.util.ArrayDeque<Runnable> turns = new java.util.ArrayDeque<>();

  /**
   * Where streams end their client's response: at once, on the ending thread, unless a test says.
   */
  java.util.concurrent.Executor ends = Runnable::run;

  /** Runs the waiting turns, and the turns they hand on, until none is left. */
  void runTurns() {
    for (Runnable next = turns.poll(); next != null; next = turns.poll()) {
      next.run();
    }
  }

  RelayServices services() {
    return new RelayServices(
        timers,
        turns::add,
        task -> ends.execute(task),
        () -> options,
        tiers,
        Hedging.of(quality, hedgeDelayMs, hedgeDelayMs, 1.0),
        quality,
        answers,
        books,
        inFlight,
        open);
  }

  static Admitted request(RouteDecision route) {
    return request(route, null);
  }

  /** A request sent with {@code key} (null: anonymous). */
  static Admitted request(RouteDecision route, ClientKey key) {
    return request(route, key, null);
  }

  /** A request with the completion cap {@code maxTokens} (null: none). */
  static Admitted request(RouteDecision route, ClientKey key, Integer maxTokens) {
    ChatRequest chat =
        new ChatRequest(
            null,
            List.of(new ChatMessage("user", "hello")),
            maxTokens,
            JsonValue.EMPTY_JSON_OBJECT);
    return new Admitted(
        new RequestInfo("req_test", RequestInfo.OPENAI, "http://127.0.0.1", key, false),
        new ChatInput(chat, true, true, null, true),
        route,
        10);
  }

  static RouteDecision fast() {
    return new RouteDecision(Tier.FAST, List.of("m/a", "m/b", "m/c"), "tier FAST requested", null);
  }

  /** A stream whose request has the completion cap {@code maxTokens}. */
  RelayedStream relayedWithCap(RouteDecision route, int maxTokens) {
    return new RelayedStream(
        request(route, null, maxTokens), "test", upstream, budget, null, services());
  }

  RelayedStream relayed(RouteDecision route, InFlight.Lead lead) {
    return new RelayedStream(request(route), "test", upstream, budget, lead, services());
  }

  /** A stream for client key {@code keyId}, sharing this fixture's open streams. */
  RelayedStream relayedFor(long keyId) {
    ClientKey key =
        new ClientKey(
            keyId,
            "key " + keyId,
            "cfk_prefix" + keyId,
            new byte[16],
            new byte[32],
            java.time.Instant.now(),
            null,
            null,
            com.cogniforge.gateway.keys.KeyLimits.NONE);
    return new RelayedStream(request(fast(), key), "test", upstream, budget, null, services());
  }

  @Override
  public void close() {
    timers.shutdownNow();
  }

  /** Waits up to 5 s for a condition that another thread makes true. */
  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(2);
    }
  }

  /** Calls as they were made, by model; the test plays the provider's side. */
  static final class ScriptedUpstream implements Upstream {
    final List<ScriptedCall> calls = new CopyOnWriteArrayList<>();

    @Override
    public Upstream.Call call(String model, UpstreamListener listener) {
      ScriptedCall call = new ScriptedCall(model, listener);
      calls.add(call);
      return call;
    }

    /** The latest call to {@code model}. */
    ScriptedCall last(String model) {
      for (int i = calls.size() - 1; i >= 0; i--) {
        if (calls.get(i).model.equals(model)) {
          return calls.get(i);
        }
      }
      throw new AssertionError("no call to " + model + " in " + calls);
    }

    long callsTo(String model) {
      return calls.stream().filter(c -> c.model.equals(model)).count();
    }
  }

  static final class ScriptedCall implements Upstream.Call {
    final String model;
    final UpstreamListener listener;
    volatile boolean cancelled;

    ScriptedCall(String model, UpstreamListener listener) {
      this.model = model;
      this.listener = listener;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }

    @Override
    public String toString() {
      return model + (cancelled ? " (cancelled)" : "");
    }
  }

  /** What the client received, one line per frame. */
  static class RecordingClient implements ClientStream {
    final List<String> frames = new CopyOnWriteArrayList<>();
    final List<StreamStart> starts = new CopyOnWriteArrayList<>();
    final List<UpstreamDelta> deltas = new CopyOnWriteArrayList<>();
    volatile StreamSummary summary;
    volatile ApiError error;
    volatile boolean gone;
    volatile Runnable onGone;

    @Override
    public void open(StreamStart start) {
      starts.add(start);
      frames.add("open " + start.model());
    }

    @Override
    public void providerFields(String members) {
      frames.add("fields " + members);
    }

    @Override
    public boolean token(String text) {
      if (gone) {
        return false;
      }
      frames.add("token " + text);
      room--;
      return true;
    }

    @Override
    public boolean delta(UpstreamDelta delta) {
      if (gone) {
        return false;
      }
      deltas.add(delta);
      frames.add("delta " + delta.choiceJson());
      return true;
    }

    @Override
    public boolean heartbeat() {
      frames.add("heartbeat");
      return !gone;
    }

    @Override
    public void done(StreamSummary summary) {
      this.summary = summary;
      frames.add("done " + summary.finishReason());
    }

    @Override
    public void fail(ApiError error) {
      this.error = error;
      frames.add("fail " + error.code());
    }

    @Override
    public void onClientGone(Runnable callback) {
      this.onGone = callback;
    }

    /** The client disconnects: the server notices on its own. */
    void leave() {
      gone = true;
      onGone.run();
    }

    // A client socket's room, in frames: awaitRoom() says wait once it has taken that many.
    volatile int room = Integer.MAX_VALUE;
    volatile Runnable resume;
    volatile boolean tooSlow;

    @Override
    public boolean awaitRoom(Runnable resume) {
      if (room > 0) {
        return true;
      }
      this.resume = resume;
      return false;
    }

    @Override
    public boolean tooSlow() {
      return tooSlow;
    }

    /** The client read what it held: it has room for {@code frames} more. */
    void makeRoom(int frames) {
      room = frames;
      Runnable waiting = resume;
      resume = null;
      if (waiting != null) {
        waiting.run();
      }
    }

    /** The writer gave up on a client that stopped reading. */
    void giveUp() {
      tooSlow = true;
      leave();
    }
  }

  static final class RecordingBooks implements Books {
    final List<UsageRecord> records = new CopyOnWriteArrayList<>();
    volatile int open;
    volatile int hedges;

    @Override
    public synchronized void streamOpened() {
      open++;
    }

    @Override
    public synchronized void streamClosed() {
      open--;
    }

    @Override
    public synchronized void hedged() {
      hedges++;
    }

    @Override
    public void book(UsageRecord record, ClientKey key) {
      records.add(record);
    }

    UsageRecord only() {
      if (records.size() != 1) {
        throw new AssertionError("expected one record, got " + records.size());
      }
      return records.get(0);
    }
  }

  /**
   * $1 per prompt token ($0.25 if cached) and $2 per completion token of any model; worst case $100
   * a model.
   */
  static class FakeBudget implements StreamBudget {
    volatile double reserved = 100;
    volatile boolean mayGrow = true;
    final List<Double> settled = new CopyOnWriteArrayList<>();

    @Override
    public double worstCase(String model) {
      return 100;
    }

    @Override
    public double cost(
        String model,
        int promptTokens,
        int cachedPromptTokens,
        int cacheWriteTokens,
        int completionTokens) {
      // Reads at a quarter, writes at 1.25 times the input price: each visible in the cost.
      return promptTokens
          - 0.75 * cachedPromptTokens
          + 0.25 * cacheWriteTokens
          + 2.0 * completionTokens;
    }

    @Override
    public double reservedUsd() {
      return reserved;
    }

    @Override
    public boolean resize(double usd) {
      if (usd > reserved && !mayGrow) {
        return false;
      }
      reserved = usd;
      return true;
    }

    @Override
    public void settle(double actualUsd) {
      settled.add(actualUsd);
    }
  }

  static final class MapAnswers implements Answers {
    final Map<String, CachedAnswer> stored = new ConcurrentHashMap<>();

    @Override
    public Optional<CachedAnswer> get(String key) {
      return Optional.ofNullable(stored.get(key));
    }

    @Override
    public void put(String key, CachedAnswer answer) {
      stored.put(key, answer);
    }
  }
}
