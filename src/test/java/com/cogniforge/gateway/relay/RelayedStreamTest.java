package com.cogniforge.gateway.relay;

import static com.cogniforge.gateway.relay.EngineFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cogniforge.gateway.CapturedLog;
import com.cogniforge.gateway.providers.UpstreamFailure;
import com.cogniforge.gateway.relay.EngineFixture.RecordingClient;
import com.cogniforge.gateway.relay.EngineFixture.ScriptedCall;
import com.cogniforge.gateway.usage.Outcome;
import com.cogniforge.gateway.usage.UsageRecord;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The relay engine without a server: upstream events in, client frames and records out. */
class RelayedStreamTest {

  private final EngineFixture engine = new EngineFixture();
  private final RecordingClient client = new RecordingClient();

  @AfterEach
  void stop() {
    engine.close();
  }

  private ScriptedCall started() {
    engine.relayed(EngineFixture.fast(), null).start(client);
    return engine.upstream.last("m/a");
  }

  private static UpstreamFailure serverError() {
    return new UpstreamFailure(UpstreamFailure.Kind.SERVER_ERROR, "provider answered HTTP 500");
  }

  @Test
  void tokensReachTheClientInOrderAndTheProviderUsageIsBookedAndSettled() {
    ScriptedCall call = started();
    call.listener.onToken("Hel");
    call.listener.onToken("lo");
    call.listener.onUsage(7, 2);
    call.listener.onComplete("stop");

    assertEquals(List.of("open m/a", "token Hel", "token lo", "done stop"), client.frames);
    assertEquals(7, client.summary.promptTokens());
    assertFalse(client.summary.usageEstimated());
    UsageRecord record = engine.books.only();
    assertEquals(Outcome.OK, record.outcome());
    assertEquals("m/a", record.servedModel());
    assertEquals("FAST", record.tier());
    assertEquals(7 + 2 * 2, record.costUsd(), 1e-9);
    assertEquals(List.of(11.0), engine.budget.settled, "settled once, at the actual cost");
    assertEquals(0, engine.books.open, "opened and closed once");
    assertEquals(0, engine.open.size());
  }

  @Test
  void cachedPromptAndReasoningTokensAreRecordedAndTheCachedOnesPricedApart() {
    ScriptedCall call = started();
    call.listener.onToken("thought");
    call.listener.onUsage(40, 12);
    call.listener.onUsageDetails(32, 9);
    call.listener.onComplete("stop");

    UsageRecord record = engine.books.only();
    assertEquals(32, record.cachedPromptTokens());
    assertEquals(9, record.reasoningTokens());
    double cost = (40 - 32) + 32 * 0.25 + 12 * 2; // reasoning is part of the completion
    assertEquals(cost, record.costUsd(), 1e-9);
    assertEquals(List.of(cost), engine.budget.settled);
    assertEquals(32, client.summary.cachedPromptTokens());
    assertEquals(9, client.summary.reasoningTokens());
  }

  @Test
  void aProviderThatIgnoresTheCapIsCutWellPastItAndTheAnswerEndsAsCapped() {
    engine.relayedWithCap(EngineFixture.fast(), 20).start(client);
    ScriptedCall call = engine.upstream.last("m/a");
    for (int i = 0; i < 200 && !call.cancelled; i++) {
      call.listener.onToken("word "); // about 2 tokens each by the estimate
    }
    assertTrue(call.cancelled, "the call is cut");
    assertEquals("length", client.summary.finishReason());
    UsageRecord record = engine.books.only();
    assertEquals(Outcome.OK, record.outcome());
    int allowed = 20 + 20 / 4 + RelayedStream.CAP_SLACK_TOKENS;
    assertTrue(
        record.completionTokens() > allowed && record.completionTokens() <= allowed + 2,
        "cut just past the slack: " + record.completionTokens());
  }

  @Test
  void anAnswerWithinItsCapIsNotCut() {
    engine.relayedWithCap(EngineFixture.fast(), 20).start(client);
    ScriptedCall call = engine.upstream.last("m/a");
    for (int i = 0; i < 12; i++) {
      call.listener.onToken("word ");
    }
    call.listener.onComplete("stop");
    assertFalse(call.cancelled);
    assertEquals("stop", client.summary.finishReason());
  }

  @Test
  void promptCacheWritesAreRecordedAndPricedApartFromReads() {
    ScriptedCall call = started();
    call.listener.onToken("hi");
    call.listener.onUsage(100, 10);
    call.listener.onUsageDetails(60, -1);
    call.listener.onCacheWriteTokens(30);
    call.listener.onComplete("stop");

    UsageRecord record = engine.books.only();
    assertEquals(30, record.cacheWriteTokens());
    assertEquals(60, record.cachedPromptTokens());
    double cost = 100 - 60 * 0.75 + 30 * 0.25 + 10 * 2;
    assertEquals(cost, record.costUsd(), 1e-9);
    assertEquals(List.of(cost), engine.budget.settled);
  }

  @Test
  void theProviderThatServedIsRecordedAndAFailoverIsAnnouncedAndLogged() {
    ScriptedCall call = started();
    call.listener.onProvider("alpha");
    call.listener.onProvider("beta"); // alpha failed before its first token
    call.listener.onToken("hi");
    call.listener.onComplete("stop");

    UsageRecord record = engine.books.only();
    assertEquals("beta", record.provider());
    assertEquals("m/a@alpha:failed_over,m/a:ok", record.attempts());
    assertEquals("beta", client.starts.get(client.starts.size() - 1).provider());
  }

  @Test
  void theModelTheProviderNamesIsRecordedAsServedAndTheRoutedOneKeepsTierAndAttempts() {
    ScriptedCall call = started();
    call.listener.onServedModel("m/a-2026-11-01");
    call.listener.onToken("hi");
    call.listener.onComplete("stop");

    UsageRecord record = engine.books.only();
    assertEquals("m/a-2026-11-01", record.servedModel());
    assertEquals("FAST", record.tier());
    assertEquals("m/a:ok", record.attempts());
  }

  @Test
  void theProvidersOwnTopLevelFieldsReachTheClientOnceBeforeTheFirstTokenAndLiveInTheCache() {
    InFlight.Lead lead = (InFlight.Lead) engine.inFlight.register("key-f");
    engine.relayed(EngineFixture.fast(), lead).start(client);
    ScriptedCall call = engine.upstream.last("m/a");
    String fields = "\"system_fingerprint\":\"fp_1\",\"service_tier\":\"default\"";
    call.listener.onProviderFields(fields);
    call.listener.onToken("a");
    call.listener.onToken("b");
    call.listener.onComplete("stop");

    assertEquals(
        List.of("open m/a", "fields " + fields, "token a", "token b", "done stop"), client.frames);
    assertEquals(fields, engine.answers.stored.get("key-f").providerFields());

    RecordingClient replayed = new RecordingClient();
    new CachedReplay(
            EngineFixture.request(EngineFixture.fast()),
            engine.answers.get("key-f").orElseThrow(),
            engine.services())
        .start(replayed);
    assertEquals(
        List.of("open m/a", "fields " + fields, "token a", "token b", "done stop"),
        replayed.frames);
  }

  @Test
  void withoutProviderUsageTheTokensAreEstimatedAndSaySo() {
    ScriptedCall call = started();
    call.listener.onToken("four");
    call.listener.onComplete("stop");

    UsageRecord record = engine.books.only();
    assertTrue(record.usageEstimated());
    assertEquals(10, record.promptTokens(), "the admission's estimate");
    assertEquals(1, record.completionTokens());
  }

  @Test
  void aFailureBeforeTheFirstTokenFallsBackToTheNextModel() {
    ScriptedCall first = started();
    first.listener.onFailure(serverError());
    ScriptedCall second = engine.upstream.last("m/b");
    second.listener.onToken("ok");
    second.listener.onComplete("stop");

    assertEquals(List.of("open m/a", "open m/b", "token ok", "done stop"), client.frames);
    assertEquals("m/a", client.starts.get(1).fallbackFrom());
    UsageRecord record = engine.books.only();
    assertEquals("m/b", record.servedModel());
    assertEquals("m/a:upstream_error,m/b:ok", record.attempts());
  }

  @Test
  void aCallThatTimedOutAfterTheProviderTookItIsPricedWithTheOneThatServed() {
    ScriptedCall first = started();
    first.listener.onFailure(
        new UpstreamFailure(UpstreamFailure.Kind.FIRST_TOKEN_TIMEOUT, "no first token in time"));
    assertEquals(10 + 100, engine.budget.reserved, 1e-9, "its cost stays reserved");
    ScriptedCall second = engine.upstream.last("m/b");
    second.listener.onToken("ok");
    second.listener.onUsage(7, 2);
    second.listener.onComplete("stop");

    UsageRecord record = engine.books.only();
    assertEquals("m/a:upstream_timeout,m/b:ok", record.attempts());
    // m/a's prompt (the admission's estimate, 10 tokens at $1) on top of m/b's 7 + 2 x 2
    assertEquals(10 + 11, record.costUsd(), 1e-9);
    assertEquals(List.of(21.0), engine.budget.settled);
  }

  @Test
  void aCallThatDiedAfterReportingUsageIsPricedAtWhatTheProviderCounted() {
    ScriptedCall first = started();
    first.listener.onUsage(12, 5);
    first.listener.onFailure(
        new UpstreamFailure(UpstreamFailure.Kind.SERVER_ERROR, "provider answered HTTP 500"));
    ScriptedCall second = engine.upstream.last("m/b");
    second.listener.onToken("ok");
    second.listener.onUsage(7, 2);
    second.listener.onComplete("stop");

    assertEquals(12 + 5 * 2 + 11, engine.books.only().costUsd(), 1e-9);
  }

  @Test
  void aCallRefusedWithAnErrorStatusCostsNothing() {
    ScriptedCall first = started();
    first.listener.onFailure(serverError());
    ScriptedCall second = engine.upstream.last("m/b");
    second.listener.onToken("ok");
    second.listener.onUsage(7, 2);
    second.listener.onComplete("stop");

    assertEquals(11, engine.books.only().costUsd(), 1e-9);
    assertEquals(List.of(11.0), engine.budget.settled);
  }

  @Test
  void whenEveryModelFailsEachBilledCallIsPricedOnce() {
    ScriptedCall first = started();
    first.listener.onFailure(
        new UpstreamFailure(UpstreamFailure.Kind.CLOSED_EARLY, "provider closed the stream"));
    engine
        .upstream
        .last("m/b")
        .listener
        .onFailure(
            new UpstreamFailure(UpstreamFailure.Kind.CLOSED_EARLY, "provider closed the stream"));
    engine
        .upstream
        .last("m/c")
        .listener
        .onFailure(
            new UpstreamFailure(UpstreamFailure.Kind.CLOSED_EARLY, "provider closed the stream"));

    UsageRecord record = engine.books.only();
    assertEquals(Outcome.UPSTREAM_ERROR, record.outcome());
    assertEquals(30, record.costUsd(), 1e-9, "three prompts of 10 tokens, none counted twice");
  }

  @Test
  void afterTheFirstTokenAFailureEndsTheStreamWithoutFallback() {
    ScriptedCall call = started();
    call.listener.onToken("par");
    call.listener.onFailure(serverError());

    assertEquals(List.of("open m/a", "token par", "fail upstream_error"), client.frames);
    assertEquals(0, engine.upstream.callsTo("m/b"));
    UsageRecord record = engine.books.only();
    assertEquals(Outcome.UPSTREAM_ERROR, record.outcome());
    assertEquals(1, engine.budget.settled.size());
  }

  @Test
  void aRequestTheProviderRefusedIsNotRetriedElsewhere() {
    started()
        .listener
        .onFailure(new UpstreamFailure(UpstreamFailure.Kind.REJECTED_REQUEST, "HTTP 400"));

    assertEquals(0, engine.upstream.callsTo("m/b"));
    assertEquals(400, client.error.status());
  }

  @Test
  void noFallbackWhenTheBudgetCannotHoldTheNextModel() {
    engine.budget.reserved = 50; // the next model's worst case (100) does not fit
    engine.budget.mayGrow = false;
    started().listener.onFailure(serverError());

    assertEquals(0, engine.upstream.callsTo("m/b"));
    assertEquals("upstream_error", client.error.code());
  }

  @Test
  void aRefusedConnectionIsRetriedOnceOnTheSameModel() {
    ScriptedCall first = started();
    first.listener.onFailure(
        new UpstreamFailure(UpstreamFailure.Kind.CONNECT_FAILED, "connection refused"));
    assertEquals(2, engine.upstream.callsTo("m/a"));
    engine
        .upstream
        .last("m/a")
        .listener
        .onFailure(new UpstreamFailure(UpstreamFailure.Kind.CONNECT_FAILED, "connection refused"));
    assertEquals(1, engine.upstream.callsTo("m/b"), "the second refusal falls back");
  }

  @Test
  void aClientThatLeavesMidStreamCancelsTheCallAndIsBookedAsCancelled() {
    ScriptedCall call = started();
    call.listener.onToken("one");
    client.leave();

    assertTrue(call.cancelled);
    UsageRecord record = engine.books.only();
    assertEquals(Outcome.CLIENT_CANCELLED, record.outcome());
    assertEquals("client_disconnected", record.errorCode());
    assertEquals(1, engine.budget.settled.size());
    // what the provider still sends after the cancel is ignored, and nothing is booked twice
    call.listener.onToken("late");
    call.listener.onComplete("stop");
    assertEquals(1, engine.books.records.size());
    assertFalse(client.frames.contains("token late"));
  }

  @Test
  void aClientTooSlowToReadEndsTheStreamCancelsTheCallAndIsBookedAsTooSlow() {
    ScriptedCall call = started();
    call.listener.onToken("one");
    client.giveUp();

    assertTrue(call.cancelled, "the provider call is cancelled");
    UsageRecord record = engine.books.only();
    assertEquals(Outcome.CLIENT_CANCELLED, record.outcome());
    assertEquals("client_too_slow", record.errorCode());
    assertEquals(1, engine.budget.settled.size());
    assertEquals(0, engine.books.open);
  }

  @Test
  void aClientThatCannotTakeATokenEndsTheStream() {
    ScriptedCall call = started();
    client.gone = true; // writes fail before the container reports the disconnect
    call.listener.onToken("lost");

    assertTrue(call.cancelled);
    assertEquals(Outcome.CLIENT_CANCELLED, engine.books.only().outcome());
  }

  @Test
  void aShutdownInterruptsOpenStreamsWithAnError() throws Exception {
    ScriptedCall call = started();
    assertEquals(1, engine.open.size());
    assertEquals(1, engine.open.drain(Duration.ZERO));

    assertTrue(call.cancelled);
    assertEquals("gateway_shutting_down", client.error.code());
    assertEquals(Outcome.INTERRUPTED, engine.books.only().outcome());
    assertTrue(engine.open.draining());
  }

  @Test
  void revokingAKeyEndsItsOpenStreamsAndCancelsTheirCalls() {
    RecordingClient other = new RecordingClient();
    engine.relayedFor(7).start(client);
    ScriptedCall revokedCall = engine.upstream.last("m/a");
    engine.relayedFor(8).start(other);
    ScriptedCall otherCall = engine.upstream.calls.get(1);
    revokedCall.listener.onToken("partial");

    assertEquals(1, engine.open.endStreamsOf(java.util.Set.of(7L)));

    assertTrue(revokedCall.cancelled, "the provider call is cancelled");
    assertEquals("key_revoked", client.error.code());
    assertEquals(401, client.error.status());
    UsageRecord record = engine.books.only();
    assertEquals(Outcome.KEY_REVOKED, record.outcome());
    assertEquals("key_revoked", record.errorCode());
    assertTrue(record.costUsd() > 10, "what it streamed is paid for: " + record.costUsd());
    assertEquals(List.of(record.costUsd()), engine.budget.settled);
    assertFalse(otherCall.cancelled, "another key's stream goes on");
    otherCall.listener.onToken("fine");
    otherCall.listener.onComplete("stop");
    assertEquals("done stop", other.frames.get(other.frames.size() - 1));
    assertEquals(0, engine.open.size());
  }

  @Test
  void aSlowFirstModelGetsAHedgeAndTheFasterTwinWins() throws Exception {
    engine.options = new RelayOptions(true, 1, Duration.ofSeconds(15));
    engine.hedgeDelayMs = 20;
    ScriptedCall primary = started();
    await(() -> engine.upstream.callsTo("m/b") == 1, "the hedge to m/b");
    ScriptedCall twin = engine.upstream.last("m/b");
    primary.listener.onUsage(10, -1);
    twin.listener.onToken("fast");
    twin.listener.onComplete("stop");

    assertTrue(primary.cancelled, "the slow call is cancelled");
    assertFalse(twin.cancelled);
    assertEquals(List.of("open m/a", "open m/b", "token fast", "done stop"), client.frames);
    assertTrue(client.starts.get(1).hedged());
    UsageRecord record = engine.books.only();
    assertEquals("m/a:hedge_lost,m/b:ok", record.attempts());
    // the loser's prompt was sent, so it is paid for: 10 prompt tokens at $1 on top
    assertEquals(10 + 2 + 10, record.costUsd(), 1e-9);
    assertEquals(1, engine.books.hedges);
    assertEquals(200, engine.budget.reserved, 1e-9, "both worst cases were reserved");
  }

  @Test
  void aHedgeThatLosesIsCancelledAndTheFirstModelServes() throws Exception {
    engine.options = new RelayOptions(true, 1, Duration.ofSeconds(15));
    engine.hedgeDelayMs = 20;
    ScriptedCall primary = started();
    await(() -> engine.upstream.callsTo("m/b") == 1, "the hedge to m/b");
    ScriptedCall twin = engine.upstream.last("m/b");
    primary.listener.onToken("first");
    twin.listener.onToken("too late");
    primary.listener.onComplete("stop");

    // the hedge's timer thread may still be starting the twin: it cancels it once started
    await(() -> twin.cancelled, "the losing twin to be cancelled");
    assertEquals(List.of("open m/a", "token first", "done stop"), client.frames);
    assertEquals("m/b:hedge_lost,m/a:ok", engine.books.only().attempts());
  }

  @Test
  void noHedgeWhenTheFirstTokenComesInTime() throws Exception {
    engine.options = new RelayOptions(true, 1, Duration.ofSeconds(15));
    engine.hedgeDelayMs = 50;
    ScriptedCall primary = started();
    primary.listener.onToken("quick");
    primary.listener.onComplete("stop");
    Thread.sleep(100);

    assertEquals(0, engine.upstream.callsTo("m/b"));
    assertEquals(0, engine.books.hedges);
  }

  @Test
  void aCacheableAnswerIsStoredAndIdenticalRequestsReadAlong() {
    InFlight.Lead lead = (InFlight.Lead) engine.inFlight.register("key-1");
    InFlight.Join join = (InFlight.Join) engine.inFlight.register("key-1");
    RecordingClient follower = new RecordingClient();
    engine.relayed(EngineFixture.fast(), lead).start(client);
    new CoalescedStream(EngineFixture.request(EngineFixture.fast()), join, engine.services())
        .start(follower);
    ScriptedCall call = engine.upstream.last("m/a");
    call.listener.onToken("shared");
    call.listener.onUsage(10, 1);
    call.listener.onComplete("stop");

    assertEquals(List.of("open m/a", "token shared", "done stop"), follower.frames);
    assertEquals(1, engine.upstream.calls.size(), "one upstream call for both");
    assertEquals(List.of("shared"), engine.answers.stored.get("key-1").pieces());
    assertEquals(0, engine.inFlight.size(), "the call is no longer joinable");
    assertEquals(2, engine.books.records.size());
    UsageRecord coalesced =
        engine.books.records.stream().filter(UsageRecord::cacheHit).findFirst().orElseThrow();
    assertEquals("coalesced", coalesced.provider());
    assertEquals(0, coalesced.costUsd());
  }

  @Test
  void aCachedAnswerReplaysWithoutAProviderCallOrCost() {
    engine.answers.put(
        "key-2",
        new com.cogniforge.gateway.cache.CachedAnswer(
            List.of("a", "b"), new java.util.BitSet(), "stop", 10, 2, 1, "m/a"));
    new CachedReplay(
            EngineFixture.request(EngineFixture.fast()),
            engine.answers.get("key-2").orElseThrow(),
            engine.services())
        .start(client);

    assertEquals(List.of("open m/a", "token a", "token b", "done stop"), client.frames);
    assertEquals(0, engine.upstream.calls.size());
    UsageRecord record = engine.books.only();
    assertTrue(record.cacheHit());
    assertEquals("cache", record.provider());
    assertEquals(0, record.costUsd());
    assertNull(record.errorCode());
    assertEquals(1, record.reasoningTokens(), "the replayed reasoning is reported again");
    assertEquals(1, client.summary.reasoningTokens());
  }

  private CachedReplay replayOf(List<String> pieces) {
    return new CachedReplay(
        EngineFixture.request(EngineFixture.fast()),
        new com.cogniforge.gateway.cache.CachedAnswer(pieces, "stop", 10, pieces.size(), "m/a"),
        engine.services());
  }

  @Test
  void aCacheReplayGoesOutOnlyAsFastAsTheClientTakesIt() {
    client.room = 3;
    replayOf(List.of("a", "b", "c", "d", "e", "f", "g")).start(client);
    assertEquals(List.of("open m/a", "token a", "token b", "token c"), client.frames);
    assertTrue(engine.books.records.isEmpty(), "still replaying");
    assertEquals(1, engine.books.open);

    client.makeRoom(3);
    assertEquals("token f", client.frames.get(client.frames.size() - 1));
    client.makeRoom(100);
    assertEquals("done stop", client.frames.get(client.frames.size() - 1));
    assertEquals(9, client.frames.size());
    UsageRecord record = engine.books.only();
    assertEquals(Outcome.OK, record.outcome());
    assertEquals(7, record.completionTokens());
    assertEquals(0, engine.books.open);
  }

  @Test
  void aLongReplayTakesTurnsWithOtherWork() {
    int turn = CachedReplay.PIECES_PER_TURN;
    replayOf(java.util.Collections.nCopies(2 * turn + 10, "x")).start(client);
    assertEquals(1 + turn, client.frames.size(), "one turn on the caller's thread, then it yields");
    assertEquals(1, engine.turns.size(), "its next turn waits behind other work");
    assertTrue(engine.books.records.isEmpty(), "still replaying");

    engine.turns.poll().run();
    assertEquals(1 + 2 * turn, client.frames.size(), "one more turn");
    engine.runTurns();
    assertEquals("done stop", client.frames.get(client.frames.size() - 1));
    assertEquals(2 * turn + 12, client.frames.size());
    assertEquals(Outcome.OK, engine.books.only().outcome());
  }

  @Test
  void aClientGivenUpOnDuringAReplayIsBookedOnceAsTooSlow() {
    client.room = 2;
    replayOf(List.of("a", "b", "c", "d")).start(client);
    client.giveUp();

    UsageRecord record = engine.books.only();
    assertEquals(Outcome.CLIENT_CANCELLED, record.outcome());
    assertEquals("client_too_slow", record.errorCode());
    assertTrue(record.cacheHit());
    assertEquals(0, engine.books.open);
    client.makeRoom(100); // a late wake-up sends nothing more and books nothing twice
    assertEquals(1, engine.books.records.size());
    assertFalse(client.frames.contains("token c"));
  }

  private static com.cogniforge.gateway.providers.UpstreamDelta choice(String json)
      throws UpstreamFailure {
    return com.cogniforge.gateway.providers.UpstreamChunk.decodeChoice(json);
  }

  private static final String CALL_A =
      "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\","
          + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]},\"finish_reason\":null}";
  private static final String CALL_B_AND_A =
      "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"type\":\"function\","
          + "\"function\":{\"name\":\"get_time\",\"arguments\":\"{}\"}},{\"index\":0,"
          + "\"function\":{\"arguments\":\"{\\\"city\\\":1}\"}}]},\"finish_reason\":null}";
  private static final String REASONING =
      "{\"index\":0,\"delta\":{\"reasoning_content\":\"two calls\"},\"finish_reason\":null}";

  @Test
  void toolCallAndReasoningDeltasReachTheClientInOrderAmongTokens() throws Exception {
    ScriptedCall call = started();
    call.listener.onDelta(choice(REASONING));
    call.listener.onToken("Checking.");
    call.listener.onDelta(choice(CALL_A));
    call.listener.onDelta(choice(CALL_B_AND_A));
    call.listener.onComplete("tool_calls");

    assertEquals(
        List.of(
            "open m/a",
            "delta " + REASONING,
            "token Checking.",
            "delta " + CALL_A,
            "delta " + CALL_B_AND_A,
            "done tool_calls"),
        client.frames);
    assertEquals(3, client.deltas.get(2).toolCalls().size() + 1);
    UsageRecord record = engine.books.only();
    assertEquals(Outcome.OK, record.outcome());
    assertTrue(record.completionTokens() >= 4, "deltas count as output");
  }

  @Test
  void aDeltaAloneWinsTheRaceAndStartsTheAnswer() throws Exception {
    engine.options = new RelayOptions(true, 4, Duration.ofSeconds(15));
    ScriptedCall call = started();
    call.listener.onToken("a");
    call.listener.onToken("b"); // waits in the batcher
    call.listener.onDelta(choice(CALL_A)); // flushes it first
    call.listener.onComplete("tool_calls");
    assertEquals(
        List.of("open m/a", "token a", "token b", "delta " + CALL_A, "done tool_calls"),
        client.frames);
  }

  @Test
  void toolCallsAreCachedRawAndReplayedAsFirstStreamed() throws Exception {
    InFlight.Lead lead = (InFlight.Lead) engine.inFlight.register("key-t");
    engine.relayed(EngineFixture.fast(), lead).start(client);
    ScriptedCall call = engine.upstream.last("m/a");
    call.listener.onDelta(choice(REASONING));
    call.listener.onToken("x");
    call.listener.onToken("y");
    call.listener.onDelta(choice(CALL_A));
    call.listener.onDelta(choice(CALL_B_AND_A));
    call.listener.onComplete("tool_calls");

    com.cogniforge.gateway.cache.CachedAnswer stored = engine.answers.stored.get("key-t");
    RecordingClient replayed = new RecordingClient();
    new CachedReplay(EngineFixture.request(EngineFixture.fast()), stored, engine.services())
        .start(replayed);
    assertEquals(
        List.of(
            "open m/a",
            "delta " + REASONING,
            "token x",
            "token y",
            "delta " + CALL_A,
            "delta " + CALL_B_AND_A,
            "done tool_calls"),
        replayed.frames);
    assertEquals(client.deltas, replayed.deltas);
  }

  /** A budget that cannot price the call: ending the stream throws halfway. */
  private static final class UnpricedBudget extends EngineFixture.FakeBudget {
    @Override
    public double cost(
        String model,
        int promptTokens,
        int cachedPromptTokens,
        int cacheWriteTokens,
        int completionTokens) {
      throw new IllegalStateException("no price for " + model);
    }
  }

  @Test
  void aFailureWhileEndingIsLoggedAndTheClientIsStillAnsweredAndTheRecordBooked() {
    try (CapturedLog log = CapturedLog.of(RelayedStream.class)) {
      UnpricedBudget budget = new UnpricedBudget();
      new RelayedStream(
              EngineFixture.request(EngineFixture.fast()),
              "test",
              engine.upstream,
              budget,
              null,
              engine.services())
          .start(client);
      ScriptedCall call = engine.upstream.last("m/a");
      call.listener.onToken("hi");
      call.listener.onComplete("stop"); // the HTTP client's thread: it would hide a throw

      assertEquals("done stop", client.frames.get(client.frames.size() - 1), "client answered");
      UsageRecord record = engine.books.only();
      assertEquals(Outcome.OK, record.outcome());
      assertEquals(100, record.costUsd(), 1e-9, "unpriced: booked at the most it held");
      assertEquals(List.of(100.0), budget.settled, "settled once, as booked");
      assertEquals(0, engine.open.size());
      assertEquals(0, engine.books.open);
      assertTrue(
          log.records().stream()
              .anyMatch(
                  r ->
                      r.getLevel() == java.util.logging.Level.SEVERE
                          && r.getThrown() instanceof IllegalStateException),
          "the failure is logged: " + log.records());
    }
  }

  @Test
  void aClientEndThatNeverReturnsHoldsUpNeitherTheRecordNorTheThreadThatReadsTheProvider()
      throws Exception {
    // Grizzly's HTTP/2 can deadlock completing a response: the client's done() never returns.
    java.util.concurrent.CountDownLatch stuck = new java.util.concurrent.CountDownLatch(1);
    RecordingClient hanging =
        new RecordingClient() {
          @Override
          public void done(StreamSummary summary) {
            super.done(summary);
            try {
              stuck.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    java.util.concurrent.ExecutorService ends =
        java.util.concurrent.Executors.newCachedThreadPool();
    engine.ends = ends;
    try {
      engine.relayed(EngineFixture.fast(), null).start(hanging);
      ScriptedCall call = engine.upstream.last("m/a");
      call.listener.onToken("hi");
      org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
          Duration.ofSeconds(2),
          () -> call.listener.onComplete("stop"),
          "the provider's thread is free to read other calls");

      assertEquals(Outcome.OK, engine.books.only().outcome(), "booked without waiting");
      await(() -> hanging.summary != null, "the client's end is under way");
      assertEquals(1, engine.open.size(), "open until its client is ended");
      stuck.countDown();
      await(() -> engine.open.size() == 0, "the stream closed once its end returned");
      assertEquals(0, engine.books.open);
    } finally {
      stuck.countDown();
      ends.shutdownNow();
    }
  }
}
