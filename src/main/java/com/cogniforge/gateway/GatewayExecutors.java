package com.cogniforge.gateway;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The few threads that drive every open stream. Nothing here blocks per stream: the relay threads
 * run the HTTP client's callbacks (one chunk at a time) and the timer thread fires heartbeats and
 * time-outs, so thousands of streams share a handful of threads.
 */
@ApplicationScoped
public class GatewayExecutors {

  private static final Logger LOG = Logger.getLogger(GatewayExecutors.class.getName());

  @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
  ManagedThreadFactory containerThreads;

  private ExecutorService relay;
  private ScheduledExecutorService timers;

  @PostConstruct
  void start() {
    int relayThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
    relay = Executors.newFixedThreadPool(relayThreads, named("gateway-relay"));
    ScheduledThreadPoolExecutor timerPool =
        new ScheduledThreadPoolExecutor(1, named("gateway-timer"));
    // Cancelled heartbeats and time-outs must not pile up in the queue until their due time.
    timerPool.setRemoveOnCancelPolicy(true);
    timers = timerPool;
  }

  @PreDestroy
  void stop() {
    relay.shutdown();
    timers.shutdownNow();
    try {
      relay.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs upstream I/O callbacks and relays chunks to clients. */
  public ExecutorService relay() {
    return relay;
  }

  /** Heartbeats, time-outs and other short timed tasks; never block on it. */
  /**
   * Runs {@code task} every {@code seconds} on the timer thread, for reloading what another
   * instance may have changed in the shared database. A failure is logged and the task runs again
   * next time: the last values loaded stay in force meanwhile.
   */
  public void every(long seconds, String what, Runnable task) {
    timers.scheduleWithFixedDelay(
        () -> {
          try {
            task.run();
          } catch (RuntimeException failed) {
            LOG.log(Level.WARNING, what + " failed; keeping the last values", failed);
          }
        },
        seconds,
        seconds,
        TimeUnit.SECONDS);
  }

  public ScheduledExecutorService timers() {
    return timers;
  }

  /** A thread with the application's context (class loader, naming), for one-off work. */
  public Thread newThread(Runnable task, String name) {
    Thread thread = containerThreads.newThread(task);
    thread.setName(name);
    return thread;
  }

  private ThreadFactory named(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return task -> {
      Thread thread = containerThreads.newThread(task);
      thread.setName(prefix + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
