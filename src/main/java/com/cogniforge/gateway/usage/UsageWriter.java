package com.cogniforge.gateway.usage;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * The logic behind {@link UsageRecorder}, without the container. Records wait in a bounded queue (a
 * full queue drops and counts, it never blocks a stream); a round writes them in batches. A batch
 * the database refuses is halved until the refused rows are alone, so one bad row cannot sink the
 * others; a row refused {@code maxTries} times is set aside. When the database does not answer at
 * all, nothing is counted against the rows: the writer backs off and logs the outage once, and once
 * more when it is over.
 */
final class UsageWriter {

  static final int BATCH = 500;
  private static final Logger LOG = Logger.getLogger(UsageWriter.class.getName());
  private static final long FIRST_BACK_OFF = TimeUnit.MILLISECONDS.toNanos(250);
  private static final long LONGEST_BACK_OFF = TimeUnit.SECONDS.toNanos(30);

  /** A record with the number of times the database refused it. */
  private record Pending(UsageRecord record, int tries) {}

  private final RecordSink sink;
  private final int maxTries;
  private final int keepAside;
  private final LongSupplier nanoTime;
  private final Consumer<List<UsageRecord>> written;
  private final BlockingQueue<UsageRecord> queue;
  private final ReentrantLock writing = new ReentrantLock();
  private final Object progress = new Object();

  // Only touched while holding `writing`.
  private final Deque<Pending> retries = new ArrayDeque<>();
  private final Deque<UsageRecord> heldAside = new ArrayDeque<>();
  private long backOff;
  private long nextTryAt;
  private long downSince;
  private long droppedWhenDown;

  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong settled = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong setAside = new AtomicLong();
  private volatile int retrying;
  private volatile int held;
  private volatile boolean down;

  UsageWriter(RecordSink sink, int capacity, int maxTries, int keepAside, LongSupplier nanoTime) {
    this(sink, capacity, maxTries, keepAside, nanoTime, records -> {});
  }

  /**
   * As above, telling {@code written} of each batch once its rows are committed, and of each row
   * set aside (the {@link RecordJournal} no longer needs them).
   */
  UsageWriter(
      RecordSink sink,
      int capacity,
      int maxTries,
      int keepAside,
      LongSupplier nanoTime,
      Consumer<List<UsageRecord>> written) {
    this.written = written;
    this.sink = sink;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.maxTries = maxTries;
    this.keepAside = keepAside;
    this.nanoTime = nanoTime;
  }

  /** Queues a record, or drops and counts it when the queue is full. Never blocks. */
  boolean offer(UsageRecord record) {
    if (queue.offer(record)) {
      accepted.incrementAndGet();
      return true;
    }
    dropped.incrementAndGet();
    return false;
  }

  /**
   * One round of the background writer: writes what is queued, unless a round is already running or
   * the writer is backing off from an outage.
   */
  void writeDue() {
    if (!writing.tryLock()) {
      return;
    }
    try {
      if (!down || nanoTime.getAsLong() - nextTryAt >= 0) {
        writeQueued(sink);
      }
    } finally {
      writing.unlock();
      signalProgress();
    }
  }

  /**
   * Writes what is still queued into {@code other} (at JVM exit, when the container's store is
   * gone), regardless of back-off. Gives up if a round still holds the writer after {@code wait}.
   *
   * @return the records still unwritten (queued or retrying) afterwards
   */
  int writeRemaining(RecordSink other, Duration wait) throws InterruptedException {
    if (!writing.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS)) {
      return pending();
    }
    try {
      down = false; // one more try, whatever the running server's writer last saw
      writeQueued(other);
      return pending();
    } finally {
      writing.unlock();
      signalProgress();
    }
  }

  /**
   * Waits until the records queued before this call are written or set aside, at most {@code
   * limit}, and not at all while the database is down unless {@code evenWhenDown}. No database work
   * happens on the calling thread.
   *
   * @return whether they were
   */
  boolean awaitWritten(Duration limit, boolean evenWhenDown) throws InterruptedException {
    long target = accepted.get();
    long deadline = System.nanoTime() + limit.toNanos();
    synchronized (progress) {
      while (settled.get() < target) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || (down && !evenWhenDown)) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(progress, left);
      }
      return true;
    }
  }

  UsageBacklog backlog() {
    return new UsageBacklog(pending(), dropped.get(), setAside.get(), held, down);
  }

  /** The rows set aside and still in memory, oldest first (the newest {@code keepAside}). */
  List<UsageRecord> setAsideRows() {
    writing.lock();
    try {
      return List.copyOf(heldAside);
    } finally {
      writing.unlock();
    }
  }

  int pending() {
    return queue.size() + retrying;
  }

  private void writeQueued(RecordSink target) {
    // Each retry gets one try per round: rows refused again wait for the next round.
    int retriesThisRound = retries.size();
    List<Pending> refused = new ArrayList<>();
    List<String> setAsideNow = new ArrayList<>();
    try {
      while (true) {
        List<Pending> batch = new ArrayList<>(BATCH);
        while (retriesThisRound > 0 && batch.size() < BATCH) {
          batch.add(retries.pollFirst());
          retriesThisRound--;
        }
        UsageRecord next;
        while (batch.size() < BATCH && (next = queue.poll()) != null) {
          batch.add(new Pending(next, 0));
        }
        if (batch.isEmpty()) {
          upAgain();
          return;
        }
        RuntimeException failure = trySave(target, batch);
        if (failure != null && !reachable(target)) {
          for (int i = batch.size() - 1; i >= 0; i--) {
            retries.addFirst(batch.get(i)); // in order, ahead of what is left
          }
          wentDown(failure);
          return;
        }
        if (failure != null) {
          split(target, batch, failure, refused, setAsideNow);
        }
        upAgain();
      }
    } finally {
      retries.addAll(refused);
      retrying = retries.size();
      held = heldAside.size();
      if (!setAsideNow.isEmpty()) {
        LOG.warning(
            setAsideNow.size()
                + " usage record(s) refused "
                + maxTries
                + " times and set aside, e.g. request "
                + setAsideNow.get(0));
      }
    }
  }

  /** Halves a refused batch until each refused row is alone, writing every part that is fine. */
  private void split(
      RecordSink target,
      List<Pending> rows,
      RuntimeException failure,
      List<Pending> refused,
      List<String> setAsideNow) {
    if (rows.size() == 1) {
      Pending row = rows.get(0);
      if (row.tries() + 1 < maxTries) {
        refused.add(new Pending(row.record(), row.tries() + 1));
      } else {
        setAside(row.record(), failure, setAsideNow);
      }
      return;
    }
    int half = rows.size() / 2;
    for (List<Pending> part : List.of(rows.subList(0, half), rows.subList(half, rows.size()))) {
      RuntimeException partFailure = trySave(target, part);
      if (partFailure != null) {
        split(target, part, partFailure, refused, setAsideNow);
      }
    }
  }

  private RuntimeException trySave(RecordSink target, List<Pending> rows) {
    List<UsageRecord> records = new ArrayList<>(rows.size());
    for (Pending row : rows) {
      records.add(row.record());
    }
    try {
      target.saveAll(records);
      settled.addAndGet(rows.size());
      written.accept(records);
      return null;
    } catch (RuntimeException failed) {
      return failed;
    }
  }

  private static boolean reachable(RecordSink target) {
    try {
      return target.reachable();
    } catch (RuntimeException notReachable) {
      return false;
    }
  }

  private void setAside(UsageRecord record, RuntimeException failure, List<String> setAsideNow) {
    heldAside.addLast(record);
    if (heldAside.size() > keepAside) {
      heldAside.pollFirst(); // still counted; memory stays bounded
    }
    setAside.incrementAndGet();
    settled.incrementAndGet();
    written.accept(List.of(record)); // refused five times: a restart would not do better
    if (setAsideNow.isEmpty()) {
      setAsideNow.add(record.requestId() + ": " + rootCause(failure));
    } else {
      setAsideNow.add(record.requestId());
    }
  }

  private void wentDown(RuntimeException failure) {
    long now = nanoTime.getAsLong();
    if (!down) {
      down = true;
      downSince = now;
      droppedWhenDown = dropped.get();
      backOff = FIRST_BACK_OFF;
      LOG.warning(
          "usage records: the database does not answer ("
              + rootCause(failure)
              + "); "
              + pending()
              + " queued, retrying with back-off");
    } else {
      backOff = Math.min(backOff * 2, LONGEST_BACK_OFF);
    }
    nextTryAt = now + backOff;
  }

  private void upAgain() {
    if (down) {
      down = false;
      LOG.info(
          "usage records: the database answers again after "
              + TimeUnit.NANOSECONDS.toSeconds(nanoTime.getAsLong() - downSince)
              + " s; "
              + (dropped.get() - droppedWhenDown)
              + " dropped meanwhile (queue full)");
    }
  }

  private void signalProgress() {
    synchronized (progress) {
      progress.notifyAll();
    }
  }

  /** The innermost cause: the database's own words, not the container's wrappers. */
  private static String rootCause(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }
}
