package com.cogniforge.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.util.logging.Logger;

/**
 * Makes the gateway's logging asynchronous while the application is deployed: the per-request log
 * line is written on relay threads, and a slow or blocked standard output (a full pipe, a stalled
 * log shipper) would otherwise hold every relay and timer thread on the console handler's lock.
 * Done here rather than in the server's logging configuration so it holds on any server.
 */
@ApplicationScoped
public class GatewayLogging {

  /** Held here: the log manager keeps loggers only weakly, and with them their handlers. */
  private static final Logger GATEWAY = Logger.getLogger("com.cogniforge.gateway");

  /** Records waiting for a slow output; beyond that they are dropped and counted. */
  static final int QUEUE = 10_000;

  private AsyncLogHandler handler;

  void install(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
    if (handler == null) {
      handler = AsyncLogHandler.install(GATEWAY, QUEUE);
    }
  }

  void uninstall(@Observes @BeforeDestroyed(ApplicationScoped.class) Object undeploying) {
    if (handler != null) {
      handler.uninstall();
      handler = null;
    }
  }

  /** Log records dropped since deployment because the output could not keep up. */
  public long dropped() {
    return handler == null ? 0 : handler.dropped();
  }
}
