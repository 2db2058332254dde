package com.cogniforge.gateway;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The few threads that drive every open stream. Nothing here blocks per stream: the relay threads
 * run the HTTP client's callbacks (one chunk at a time) and the timer thread fires heartbeats and
 * time-outs, so thousands of streams share a handful of threads.
 */
@ApplicationScoped
public class GatewayExecutors {

  @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
  ManagedThreadFactory containerThreads;

  private ExecutorService relay;
  private ScheduledExecutorService timers;
  private ExecutorService background;
  private ExecutorService ends;

  @PostConstruct
  void start() {
    int relayThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
    relay = Executors.newFixedThreadPool(relayThreads, named("gateway-relay"));
    ScheduledThreadPoolExecutor timerPool =
        new ScheduledThreadPoolExecutor(1, named("gateway-timer"));
    // Cancelled heartbeats and time-outs must not pile up in the queue until their due time.
    timerPool.setRemoveOnCancelPolicy(true);
    timers = timerPool;
    // Database reloads: each job runs once at a time, so two threads are enough for all of them.
    background = Executors.newFixedThreadPool(2, named("gateway-reload"));
    // Ending a client's response may never return (see ends()): a pool that starts a thread when
    // none is idle, so that one stuck end cannot hold up the others.
    ends = Executors.newCachedThreadPool(named("gateway-end"));
  }

  @PreDestroy
  void stop() {
    relay.shutdown();
    timers.shutdownNow();
    background.shutdownNow();
    ends.shutdown();
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

  /**
   * Runs {@code task} every {@code seconds}, for reloading what another instance may have changed
   * in the shared database. The timer only triggers it: the task runs on a worker of its own, one
   * run at a time (a run still going when the next is due is not started again), because the timer
   * thread drives every stream's heartbeats and time-outs and a hung database must not freeze them.
   * A failure is logged and the task runs again next time: the last values loaded stay in force
   * meanwhile.
   *
   * @return the job, to run it at once as well (a change notified by another instance)
   */
  public PeriodicJob every(long seconds, String what, Runnable task) {
    return every(Duration.ofSeconds(seconds), what, task);
  }

  PeriodicJob every(Duration period, String what, Runnable task) {
    PeriodicJob job = new PeriodicJob(what, task, background);
    long millis = period.toMillis();
    timers.scheduleWithFixedDelay(job::tick, millis, millis, TimeUnit.MILLISECONDS);
    return job;
  }

  /**
   * Where relayed streams end their client's response. Completing a response can block for good
   * inside the container: Grizzly's HTTP/2 takes a stream's lock, then the connection's, to close a
   * stream, while the thread reading the client's GOAWAY takes them the other way round, and the
   * JDK HttpClient sends one the moment the last frame of a spare h2c connection arrives. Done on
   * the relay threads, which also read every provider response, two such ends stopped every stream.
   */
  public Executor ends() {
    return ends;
  }

  /** Heartbeats, time-outs and other short timed tasks; never block on it. */
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
