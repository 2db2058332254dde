package com.cogniforge.gateway.conversations;

import com.cogniforge.gateway.GatewayExecutors;
import com.cogniforge.gateway.PeriodicJob;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps Responses API answers for {@code previous_response_id}, {@code GET} and {@code DELETE}.
 *
 * <p>{@link #save} never blocks: the row waits in memory ({@code pending}) and a worker writes it.
 * Lookups read that memory first, so a client that chains its next request the moment it has the
 * previous answer finds it although the row may not be written yet; no lookup waits for a write.
 * (Another instance of a cluster sees it once written, a few milliseconds later.) At most {@link
 * #MAX_PENDING} rows wait: beyond that, while the database is slow or down, an answer is not stored
 * and a warning says so, rather than memory growing without bound.
 *
 * <p>A lookup or a delete that must reach the database runs on a worker and is given up after
 * {@link #DATABASE_WAIT}: a hung database (frozen, or unreachable without a reset) would otherwise
 * hold the request's HTTP thread for as long as it hangs, and enough held threads stop every
 * endpoint, not only this one. The caller gets an exception ({@code store_unavailable}, 503).
 *
 * <p>Rows live {@code RESPONSES_RETENTION_DAYS} (default 30); an hourly job on a worker deletes the
 * expired ones (expired rows are never returned meanwhile).
 */
@ApplicationScoped
public class StoredResponses {

  private static final Logger LOG = Logger.getLogger(StoredResponses.class.getName());

  static final int MAX_PENDING = 10_000;

  /** How long a request waits for the database to find or delete a stored response. */
  static final Duration DATABASE_WAIT = Duration.ofSeconds(5);

  @Inject ResponseStore store;
  @Inject GatewayExecutors executors;

  @Resource(lookup = "java:comp/DefaultManagedExecutorService")
  ManagedExecutorService workers;

  @Inject
  @ConfigProperty(name = "RESPONSES_RETENTION_DAYS", defaultValue = "30")
  int retentionDays;

  private final ConcurrentHashMap<String, StoredResponse> pending = new ConcurrentHashMap<>();
  private final Queue<StoredResponse> queue = new ConcurrentLinkedQueue<>();
  private final Set<String> deletedWhilePending = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicInteger failuresInARow = new AtomicInteger();
  private PeriodicJob purge;

  @PostConstruct
  void start() {
    if (retentionDays < 1) {
      throw new IllegalStateException("RESPONSES_RETENTION_DAYS must be at least 1");
    }
    purge = executors.every(3600, "purging expired stored responses", this::purgeExpired);
    purge.runSoon();
  }

  /** Created at deployment, so the purge runs even before the first Responses request. */
  void onDeploy(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
    retention(); // touches the bean
  }

  /** How long a stored response is kept. */
  public Duration retention() {
    return Duration.ofDays(retentionDays);
  }

  /**
   * Stores an answer; never blocks (the caller may be a relay thread).
   *
   * @return false if too many answers wait to be written and this one was not kept
   */
  public boolean save(
      String id,
      Long clientKeyId,
      String model,
      String status,
      String inputItems,
      String responseJson) {
    if (pending.size() >= MAX_PENDING) {
      LOG.warning(
          "stored responses: "
              + MAX_PENDING
              + " wait to be written (is the database down?); response "
              + id
              + " is not stored");
      return false;
    }
    Instant now = Instant.now();
    StoredResponse row =
        new StoredResponse(
            id,
            clientKeyId,
            now,
            now.plus(retention()),
            model == null ? "" : model,
            status,
            inputItems,
            responseJson);
    pending.put(id, row);
    queue.add(row);
    drainSoon();
    return true;
  }

  /** The response if {@code clientKeyId} may see it and it has not expired. */
  public Optional<StoredResponse> find(String id, Long clientKeyId) {
    StoredResponse waiting = pending.get(id);
    if (waiting != null && !deletedWhilePending.contains(id)) {
      return waiting.visibleTo(clientKeyId) ? Optional.of(waiting) : Optional.empty();
    }
    return withinWait(workers, DATABASE_WAIT, () -> store.find(id, clientKeyId, Instant.now()));
  }

  /** Deletes the response if {@code clientKeyId} may see it; returns whether there was one. */
  public boolean delete(String id, Long clientKeyId) {
    StoredResponse waiting = pending.get(id);
    if (waiting != null) {
      if (!waiting.visibleTo(clientKeyId) || !deletedWhilePending.add(id)) {
        return false;
      }
      // The writer skips it, or deletes it right after writing it if it was being written.
      withinWait(workers, DATABASE_WAIT, () -> store.delete(id, clientKeyId));
      return true;
    }
    return withinWait(workers, DATABASE_WAIT, () -> store.delete(id, clientKeyId));
  }

  /**
   * Runs {@code call} on {@code workers} and waits at most {@code wait} for it. A call still
   * running then is left to finish on its worker (a JDBC read cannot be interrupted) and the caller
   * gets an {@link IllegalStateException}; a call that failed rethrows its failure.
   */
  static <T> T withinWait(ExecutorService workers, Duration wait, Callable<T> call) {
    Future<T> running;
    try {
      running = workers.submit(call);
    } catch (RejectedExecutionException shuttingDown) {
      throw new IllegalStateException("stored responses: no worker to reach the database");
    }
    try {
      return running.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException hung) {
      running.cancel(false); // one still queued behind hung ones never starts
      throw new IllegalStateException(
          "stored responses: the database did not answer within " + wait.toMillis() + " ms");
    } catch (ExecutionException failed) {
      if (failed.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(failed.getCause());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      running.cancel(false);
      throw new IllegalStateException("stored responses: interrupted while waiting", interrupted);
    }
  }

  /** How many answers wait to be written. */
  public int pending() {
    return pending.size();
  }

  private void drainSoon() {
    if (!draining.compareAndSet(false, true)) {
      return;
    }
    try {
      workers.execute(this::drain);
    } catch (RejectedExecutionException shuttingDown) {
      draining.set(false);
    }
  }

  private void drain() {
    try {
      StoredResponse row;
      while ((row = queue.poll()) != null) {
        write(row);
      }
    } finally {
      draining.set(false);
      if (!queue.isEmpty()) {
        drainSoon(); // one came between the last poll and the reset
      }
    }
  }

  private void write(StoredResponse row) {
    String id = row.id();
    try {
      if (!deletedWhilePending.contains(id)) {
        store.save(row);
        if (failuresInARow.getAndSet(0) > 0) {
          LOG.info("stored responses: writing works again");
        }
        if (deletedWhilePending.contains(id)) {
          store.delete(id, row.clientKeyId()); // deleted while it was being written
        }
      }
    } catch (RuntimeException failed) {
      if (failuresInARow.getAndIncrement() == 0) {
        LOG.log(Level.WARNING, "stored responses: writing response " + id + " failed", failed);
      }
    } finally {
      pending.remove(id);
      deletedWhilePending.remove(id);
    }
  }

  private void purgeExpired() {
    int purged = store.purge(Instant.now());
    if (purged > 0) {
      LOG.info("stored responses: purged " + purged + " expired");
    }
  }
}
