package com.cogniforge.gateway.usage;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

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

  @PostConstruct
  void start() {
    writer = scheduler.scheduleWithFixedDelay(this::flush, 100, 100, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    writer.cancel(false);
    flush();
  }

  /** Queues a record; never blocks the caller on the database. */
  public void record(UsageRecord record) {
    queue.add(record);
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
