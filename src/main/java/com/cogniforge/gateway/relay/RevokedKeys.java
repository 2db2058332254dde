package com.cogniforge.gateway.relay;

import com.cogniforge.gateway.keys.KeysWithdrawn;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * Ends the open streams of keys that stopped working: a revoked key must not keep streaming (and
 * spending) for as long as its client cares to read.
 */
@ApplicationScoped
public class RevokedKeys {

  private static final Logger LOG = Logger.getLogger(RevokedKeys.class.getName());

  @Inject Relay relay;

  void withdrawn(@Observes KeysWithdrawn keys) {
    int ended = relay.services().open().endStreamsOf(keys.keyIds());
    if (ended > 0) {
      LOG.info(() -> "ended " + ended + " open stream(s) of revoked key(s) " + keys.keyIds());
    }
  }
}
