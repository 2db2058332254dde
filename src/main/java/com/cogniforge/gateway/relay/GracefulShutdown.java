package com.cogniforge.gateway.relay;

import com.cogniforge.gateway.GatewayExecutors;
import com.cogniforge.gateway.usage.UsageRecorder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import sun.misc.Signal;

/**
 * SIGTERM drains the gateway before the server stops: new streams get 503, open ones may finish for
 * {@code SHUTDOWN_GRACE_SECONDS}, the rest end with an {@code error} event, every usage record is
 * written, and only then does the JVM (and Payara with it) shut down. Payara Micro's own reaction
 * to SIGTERM, a JVM shutdown hook, would stop the server at once in parallel with anything the
 * application tries, so the signal is taken here first.
 */
@ApplicationScoped
public class GracefulShutdown {

  private static final Logger LOG = Logger.getLogger(GracefulShutdown.class.getName());

  @Inject Relay relay;
  @Inject UsageRecorder usage;
  @Inject GatewayExecutors executors;

  @Inject
  @ConfigProperty(name = "SHUTDOWN_GRACE_SECONDS", defaultValue = "20")
  int graceSeconds;

  void install(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
    // The signal arrives on a JVM thread without the application's context, where even creating
    // a managed thread fails: the draining thread is made now and only started by the signal.
    Thread drain = executors.newThread(this::drainAndExit, "graceful-drain");
    try {
      Signal.handle(
          new Signal("TERM"),
          signal -> {
            if (drain.getState() == Thread.State.NEW) {
              drain.start();
            }
          });
    } catch (IllegalArgumentException | UnsupportedOperationException unavailable) {
      LOG.warning("SIGTERM cannot be handled here (" + unavailable + "): no graceful drain");
    }
  }

  private void drainAndExit() {
    LOG.info("SIGTERM: draining, open streams get up to " + graceSeconds + " s to finish");
    try {
      int interrupted = relay.drain(Duration.ofSeconds(graceSeconds));
      // Bounded: with the database down the rest goes to the exit hook's own connection.
      boolean written = usage.flush(Duration.ofSeconds(10));
      LOG.info(
          "drained: "
              + interrupted
              + " streams interrupted, usage records "
              + (written ? "written" : "not all written yet: " + usage.backlog()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException failed) {
      LOG.severe("draining failed: " + failed);
    } finally {
      System.exit(0); // runs the shutdown hooks: Payara stops now
    }
  }
}
