package com.cogniforge.gateway.relay;

import com.cogniforge.gateway.ApiError;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls in flight that identical requests may join (request coalescing), by cache key. A call is
 * registered when its request is admitted, before anything slow, so that a burst of identical
 * requests shares one upstream call; it leaves when its stream ends or its admission fails.
 */
public final class InFlight {

  private final ConcurrentHashMap<String, SharedStream> calls = new ConcurrentHashMap<>();

  /**
   * Either registers a new shared call under {@code key} (a {@link Lead}) or finds the running one.
   */
  public Registration register(String key) {
    SharedStream fresh = new SharedStream();
    SharedStream running = calls.putIfAbsent(key, fresh);
    return running != null ? new Join(key, running) : new Lead(key, fresh);
  }

  /** What {@link #register} found. */
  public sealed interface Registration permits Lead, Join {}

  /** This request makes the call; identical ones arriving meanwhile join it. */
  public record Lead(String key, SharedStream stream) implements Registration {}

  /** An identical request is making the call: this one joins it. */
  public record Join(String key, SharedStream stream) implements Registration {}

  /** Unregisters a call that will not be made; requests that joined it share its fate. */
  public void abandon(Lead lead, ApiError why) {
    if (calls.remove(lead.key(), lead.stream())) {
      lead.stream().fail(why);
    }
  }

  /** The call has ended: new identical requests make their own (or hit the cache). */
  void ended(Lead lead) {
    calls.remove(lead.key(), lead.stream());
  }

  int size() {
    return calls.size();
  }
}
