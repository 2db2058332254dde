package com.cogniforge.gateway.usage;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Takes usage records off the streaming path: {@link #record} only queues, and a background task
 * writes the queue in batches, one transaction each. On shutdown the queue is written out, so no
 * record is lost by a clean stop.
 */
@ApplicationScoped
public class UsageRecorder {

  private static final Logger LOG = Logger.getLogger(UsageRecorder.class.getName());
  private static final int BATCH = 500;

  @Inject UsageStore store;

  @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
  ManagedScheduledExecutorService scheduler;

  private final ConcurrentLinkedQueue<UsageRecord> queue = new ConcurrentLinkedQueue<>();
  private final ReentrantLock writing = new ReentrantLock();
  private ScheduledFuture<?> writer;

  private Thread onJvmExit;

  @PostConstruct
  void start() {
    writer = scheduler.scheduleWithFixedDelay(this::flushSafely, 25, 25, TimeUnit.MILLISECONDS);
    // On SIGTERM, Payara Micro's shutdown races the JVM's other shutdown hooks: @PreDestroy may
    // come when the container already refuses transactions, or not at all. This hook writes what
    // is still queued over plain JDBC.
    onJvmExit = new Thread(this::stop, "usage-records-final-flush");
    Runtime.getRuntime().addShutdownHook(onJvmExit);
  }

  /**
   * Created at deployment, not at the first request: the first transaction starts the transaction
   * service (most of a second on a cold server), paid now rather than while the first records wait
   * to be written, where a stop soon after start-up would catch them.
   */
  void warmUp(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
    scheduler.execute(
        () -> {
          try {
            store.saveAll(List.of());
          } catch (RuntimeException notYet) {
            LOG.log(Level.WARNING, "usage store warm-up failed", notYet);
          }
        });
  }

  @PreDestroy
  void stop() {
    writer.cancel(false);
    if (Thread.currentThread() == onJvmExit) {
      writeDirectly();
    } else {
      flushSafely(); // an undeploy: the container is still there
      try {
        Runtime.getRuntime().removeShutdownHook(onJvmExit);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or has run
      }
    }
  }

  /**
   * At JVM exit the container may already refuse transactions, so the queue (and whatever the
   * periodic writer fails to write meanwhile) goes to the database over a JDBC connection of its
   * own. System.err, because the logging system may already be closed.
   */
  private void writeDirectly() {
    try {
      if (!writing.tryLock(5, TimeUnit.SECONDS)) {
        System.err.println("usage records: the writer is still busy at exit");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      List<UsageRecord> rest = new ArrayList<>();
      UsageRecord next;
      while ((next = queue.poll()) != null) {
        rest.add(next);
      }
      if (!rest.isEmpty()) {
        UsageRecordRows.insertAll(ConfigProvider.getConfig(), rest);
        System.err.println("usage records: " + rest.size() + " written at exit");
      }
    } catch (SQLException | RuntimeException failed) {
      System.err.println("usage records: writing at exit failed: " + failed);
    } finally {
      if (writing.isHeldByCurrentThread()) {
        writing.unlock();
      }
    }
  }

  /** Queues a record; never blocks the caller on the database. */
  public void record(UsageRecord record) {
    queue.add(record);
  }

  /** A periodic task that throws is never run again: this one logs and carries on. */
  private void flushSafely() {
    try {
      flush();
    } catch (RuntimeException | Error unexpected) {
      LOG.log(Level.SEVERE, "writing usage records failed; will retry", unexpected);
    }
  }

  /** Writes everything queued so far (reports call this so they include the latest requests). */
  public void flush() {
    writing.lock();
    List<UsageRecord> failed = new ArrayList<>();
    try {
      List<UsageRecord> batch = new ArrayList<>(BATCH);
      UsageRecord next;
      while ((next = queue.poll()) != null) {
        batch.add(next);
        if (batch.size() == BATCH) {
          save(batch, failed);
          batch = new ArrayList<>(BATCH);
        }
      }
      if (!batch.isEmpty()) {
        save(batch, failed);
      }
    } finally {
      queue.addAll(failed); // retried on the next round, e.g. once the database is back
      writing.unlock();
    }
  }

  /** Number of records waiting to be written. */
  public int pending() {
    return queue.size();
  }

  private void save(List<UsageRecord> batch, List<UsageRecord> failed) {
    try {
      store.saveAll(batch);
    } catch (RuntimeException batchFailed) {
      // Save one by one so that one bad record cannot take its batch with it.
      for (UsageRecord record : batch) {
        try {
          store.saveAll(List.of(record));
        } catch (RuntimeException recordFailed) {
          LOG.log(
              Level.SEVERE,
              "usage record of request " + record.requestId() + " could not be written; will retry",
              recordFailed);
          failed.add(record);
        }
      }
    }
  }
}
