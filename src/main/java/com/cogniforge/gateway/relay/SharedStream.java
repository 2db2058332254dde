package com.cogniforge.gateway.relay;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.providers.UpstreamDelta;
import java.util.ArrayList;
import java.util.List;

/**
 * Request coalescing: one upstream call's output fanned out to every client that asked the same
 * question while it was running. A client that joins late first gets everything sent so far, so
 * each one sees the complete stream from its first token. A client that leaves is dropped; the
 * upstream call is cancelled only when the last one has left ({@link #onClientGone}).
 *
 * <p>Writes happen under one lock so that a joining client's replay and the live tokens cannot
 * interleave. Late joiners are accepted while the replay buffer is under {@value #MAX_REPLAY_CHARS}
 * characters.
 */
final class SharedStream implements ClientStream {

  static final int MAX_REPLAY_CHARS = 256 * 1024;

  private final Object lock = new Object();
  private final List<ClientStream> members = new ArrayList<>();
  private ClientStream leader; // null until the call starts; followers may join before that
  private final List<Object> sent = new ArrayList<>(); // text, or an UpstreamDelta
  private int sentChars;
  private StreamStart start;
  private String providerFields;
  private boolean closedToJoiners;
  private boolean leaderLeft;
  private Runnable allGone;

  /** Attaches the client of the request that makes the call, when the call starts. */
  void lead(ClientStream leader) {
    synchronized (lock) {
      this.leader = leader;
      members.add(leader);
    }
    leader.onClientGone(() -> leave(leader));
  }

  /**
   * Adds a client that asked the same question: replays what was sent, then it gets the rest live.
   *
   * @return false when the stream has ended (or grew too long to replay): the caller must serve the
   *     client some other way
   */
  boolean join(ClientStream member) {
    synchronized (lock) {
      if (closedToJoiners) {
        return false;
      }
      members.add(member);
      member.onClientGone(() -> leave(member));
      if (start != null) {
        member.open(start);
      }
      if (providerFields != null) {
        member.providerFields(providerFields);
      }
      for (Object piece : sent) {
        boolean delivered =
            piece instanceof UpstreamDelta delta
                ? member.delta(delta)
                : member.token((String) piece);
        if (!delivered) {
          members.remove(member);
          break;
        }
      }
      return true;
    }
  }

  /** Whether the client that started the call was given up on for not reading. */
  @Override
  public boolean tooSlow() {
    synchronized (lock) {
      return leader != null && leader.tooSlow();
    }
  }

  /** Whether the client that started the call has left (the others may still be reading). */
  boolean leaderLeft() {
    synchronized (lock) {
      return leaderLeft;
    }
  }

  private void leave(ClientStream member) {
    Runnable callback = null;
    synchronized (lock) {
      members.remove(member);
      if (member == leader) {
        leaderLeft = true;
      }
      if (members.isEmpty() && leader != null && !closedToJoiners) {
        closedToJoiners = true;
        callback = allGone;
      }
    }
    if (callback != null) {
      callback.run(); // outside the lock: it cancels the upstream call
    }
  }

  @Override
  public void open(StreamStart start) {
    synchronized (lock) {
      this.start = start;
      for (ClientStream member : members) {
        member.open(start);
      }
    }
  }

  @Override
  public void providerFields(String members) {
    synchronized (lock) {
      this.providerFields = members;
      for (ClientStream member : this.members) {
        member.providerFields(members);
      }
    }
  }

  @Override
  public boolean token(String text) {
    synchronized (lock) {
      if (!closedToJoiners) {
        sentChars += text.length();
        if (sentChars > MAX_REPLAY_CHARS) {
          closedToJoiners = true; // too long to keep for late comers
          sent.clear();
        } else {
          sent.add(text);
        }
      }
      for (ClientStream member : List.copyOf(members)) {
        if (!member.token(text)) {
          members.remove(member); // (its gone-callback may have removed it already)
        }
      }
      if (members.isEmpty()) {
        closedToJoiners = true; // the call is about to be cancelled
      }
      return !members.isEmpty();
    }
  }

  @Override
  public boolean delta(UpstreamDelta delta) {
    synchronized (lock) {
      if (!closedToJoiners) {
        sentChars += delta.choiceJson() == null ? 0 : delta.choiceJson().length();
        if (sentChars > MAX_REPLAY_CHARS) {
          closedToJoiners = true;
          sent.clear();
        } else {
          sent.add(delta);
        }
      }
      for (ClientStream member : List.copyOf(members)) {
        if (!member.delta(delta)) {
          members.remove(member);
        }
      }
      if (members.isEmpty()) {
        closedToJoiners = true;
      }
      return !members.isEmpty();
    }
  }

  @Override
  public boolean heartbeat() {
    synchronized (lock) {
      for (ClientStream member : List.copyOf(members)) {
        if (!member.heartbeat()) {
          members.remove(member);
        }
      }
      if (members.isEmpty()) {
        closedToJoiners = true; // the call is about to be cancelled
      }
      return !members.isEmpty();
    }
  }

  @Override
  public void done(StreamSummary summary) {
    for (ClientStream member : end()) {
      member.done(summary);
    }
  }

  @Override
  public void fail(ApiError error) {
    for (ClientStream member : end()) {
      member.fail(error);
    }
  }

  private List<ClientStream> end() {
    synchronized (lock) {
      closedToJoiners = true;
      sent.clear();
      List<ClientStream> all = new ArrayList<>(members);
      members.clear();
      return all;
    }
  }

  @Override
  public void onClientGone(Runnable callback) {
    synchronized (lock) {
      this.allGone = callback;
    }
  }
}
