package com.cogniforge.gateway.relay;

import com.cogniforge.gateway.keys.ClientKey;
import com.cogniforge.gateway.usage.UsageRecord;

/**
 * Where finished requests are accounted: the usage record, the live metrics, the key's rate
 * counters and the one log line per request.
 */
public interface Books {

  void streamOpened();

  void streamClosed();

  /** A backup call was sent because the first model was slow to answer. */
  void hedged();

  /** Books a finished (or refused) request made with {@code key} (null: anonymous). */
  void book(UsageRecord record, ClientKey key);
}
