package com.cogniforge.gateway.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cogniforge.gateway.ApiError;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SharedStreamTest {

  /** A client that records what it got and can be made to leave. */
  private static final class Recorder implements ClientStream {
    final List<String> got = new ArrayList<>();
    boolean open = true;
    Runnable gone;

    void leave() {
      open = false;
      gone.run();
    }

    @Override
    public void open(StreamStart start) {
      got.add("open:" + start.model());
    }

    @Override
    public boolean token(String text) {
      if (open) {
        got.add(text);
      }
      return open;
    }

    @Override
    public boolean delta(com.cogniforge.gateway.providers.UpstreamDelta delta) {
      if (open) {
        got.add("delta:" + delta.choiceJson());
      }
      return open;
    }

    @Override
    public boolean heartbeat() {
      return open;
    }

    @Override
    public void done(StreamSummary summary) {
      got.add("done");
    }

    @Override
    public void fail(ApiError error) {
      got.add("fail:" + error.code());
    }

    @Override
    public void onClientGone(Runnable callback) {
      gone = callback;
    }
  }

  private static SharedStream led(Recorder leader) {
    SharedStream shared = new SharedStream();
    shared.lead(leader);
    return shared;
  }

  @Test
  void aRequestThatJoinsBeforeTheCallStartsMissesNothing() {
    SharedStream shared = new SharedStream();
    Recorder early = new Recorder();
    assertTrue(shared.join(early));
    early.leave(); // leaving before the call starts does not end it: the leader is still to come
    Recorder second = new Recorder();
    assertTrue(shared.join(second));
    Recorder leader = new Recorder();
    shared.lead(leader);
    shared.open(start());
    shared.token("a");
    assertEquals(List.of("open:m/a", "a"), second.got);
    assertEquals(leader.got, second.got);
  }

  private static StreamStart start() {
    return new StreamStart("r1", "m/a", "FAST", "why", "p", 0, null, false, false, false);
  }

  @Test
  void aLateJoinerGetsEverythingFromTheStartThenTheRestLive() {
    Recorder leader = new Recorder();
    SharedStream shared = led(leader);
    shared.open(start());
    shared.token("a");
    shared.token("b");
    Recorder late = new Recorder();
    assertTrue(shared.join(late));
    shared.token("c");
    shared.done(new StreamSummary("stop", 1, 3, false, 0, 1L, 2L));
    assertEquals(List.of("open:m/a", "a", "b", "c", "done"), leader.got);
    assertEquals(leader.got, late.got);
    assertFalse(shared.join(new Recorder()), "closed once ended");
  }

  @Test
  void theUpstreamIsCancelledOnlyWhenTheLastClientLeaves() {
    Recorder leader = new Recorder();
    SharedStream shared = led(leader);
    AtomicInteger cancelled = new AtomicInteger();
    shared.onClientGone(cancelled::incrementAndGet);
    Recorder follower = new Recorder();
    shared.join(follower);
    leader.leave();
    assertEquals(0, cancelled.get());
    assertTrue(shared.leaderLeft());
    assertTrue(shared.token("x"), "someone is still reading");
    follower.leave();
    assertEquals(1, cancelled.get());
    assertFalse(shared.join(new Recorder()), "a call being cancelled takes no one new");
  }

  @Test
  void aFailureReachesEveryClient() {
    Recorder leader = new Recorder();
    SharedStream shared = led(leader);
    Recorder follower = new Recorder();
    shared.join(follower);
    shared.fail(new ApiError(502, "upstream_error", "broke", null));
    assertEquals(List.of("fail:upstream_error"), leader.got);
    assertEquals(List.of("fail:upstream_error"), follower.got);
  }

  @Test
  void aVeryLongAnswerStopsTakingJoiners() {
    SharedStream shared = led(new Recorder());
    shared.token("x".repeat(SharedStream.MAX_REPLAY_CHARS + 1));
    assertFalse(shared.join(new Recorder()));
  }
}
