package com.cogniforge.gateway.usage;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Takes usage records off the streaming path: {@link #record} only queues, and a background task
 * writes the queue in batches (see {@link UsageWriter} for what happens when the database refuses a
 * row or does not answer). Nobody else waits on the database for it: pages that want the latest
 * requests wait a bounded time for the writer, and not at all while the database is down.
 */
@ApplicationScoped
public class UsageRecorder {

  private static final Logger LOG = Logger.getLogger(UsageRecorder.class.getName());

  /** How long a page waits for the requests that finished a moment ago. */
  private static final Duration FRESH_ENOUGH = Duration.ofSeconds(1);

  @Inject UsageStore store;

  @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
  ManagedScheduledExecutorService scheduler;

  /** Records held while the database is down; beyond that they are dropped and counted. */
  @Inject
  @ConfigProperty(name = "USAGE_QUEUE_CAPACITY", defaultValue = "100000")
  int capacity;

  /** Where the {@link RecordJournal} lives ({@code usage-records.journal}). */
  @Inject
  @ConfigProperty(name = "DATA_DIR", defaultValue = "./data")
  String dataDir;

  /** How long after a failed recovery (the database did not answer) the writer tries again. */
  private static final long RECOVERY_RETRY_NANOS = TimeUnit.SECONDS.toNanos(30);

  private RecordJournal journal;
  private UsageWriter writer;
  private ScheduledFuture<?> writing;
  private Thread onJvmExit;
  private volatile boolean recovered;
  private long nextRecoveryAt; // guarded by this

  /**
   * How long records gather before a write. Each round is a transaction and a container task (its
   * context set-up included), and embedded H2 rewrites its chunk metadata and the changed pages of
   * six B-trees per commit, nearly whatever the rows: at 25 ms that was a sixth of the gateway's
   * CPU at 100 streams, at 500 ms still 17% at 240 one-token requests a second, at 2 s 10% (JFR,
   * docs/BENCHMARKS.md). The journal keeps the records durable meanwhile, budgets are counted in
   * memory, and readers of the records first write what is queued ({@link #catchUp}).
   */
  private static final long WRITE_EVERY_MILLIS = 2000;

  @PostConstruct
  void start() {
    journal = new RecordJournal(Path.of(dataDir, "usage-records.journal"));
    writer =
        new UsageWriter(
            new ContainerSink(store), capacity, 5, 1000, System::nanoTime, journal::written);
    writing =
        scheduler.scheduleWithFixedDelay(
            this::writeDue, WRITE_EVERY_MILLIS, WRITE_EVERY_MILLIS, TimeUnit.MILLISECONDS);
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
            recoverJournal();
          } catch (RuntimeException notYet) {
            LOG.log(Level.WARNING, "usage store warm-up failed", notYet);
          }
        });
  }

  /**
   * Inserts the records a killed process left in the journal, once; the budget calls it before it
   * rebuilds the day's spend from the records, so that they count as records, not as unrecorded
   * reservations. If the database does not answer, the writer tries again every 30 s.
   */
  public synchronized void recoverJournal() {
    if (recovered) {
      return;
    }
    nextRecoveryAt = System.nanoTime() + RECOVERY_RETRY_NANOS;
    try {
      RecordRecovery.recover(journal, new StoreRows(store));
      recovered = true;
    } catch (RuntimeException notNow) {
      LOG.warning("usage record journal not replayed yet (tried again in 30 s): " + notNow);
    }
  }

  @PreDestroy
  void stop() {
    writing.cancel(false);
    try {
      finish();
    } finally {
      journal.close();
    }
  }

  private void finish() {
    if (Thread.currentThread() == onJvmExit) {
      writeDirectly();
    } else {
      flush(Duration.ofSeconds(10)); // an undeploy: the container is still there
      try {
        Runtime.getRuntime().removeShutdownHook(onJvmExit);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or has run
      }
    }
  }

  /**
   * At JVM exit the container may already refuse transactions, so what is still queued goes to the
   * database over a JDBC connection of its own, batch by batch like the running writer, so a
   * refused row keeps only itself out. System.err, because the logging system may be closed.
   */
  private void writeDirectly() {
    try {
      Config config = ConfigProvider.getConfig();
      int left = writer.writeRemaining(new JdbcSink(config), Duration.ofSeconds(5));
      UsageBacklog backlog = writer.backlog();
      if (left > 0 || backlog.setAside() > 0 || backlog.dropped() > 0) {
        System.err.println(
            "usage records at exit: "
                + left
                + " unwritten, "
                + backlog.setAside()
                + " set aside, "
                + backlog.dropped()
                + " dropped since start");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException failed) {
      System.err.println("usage records: writing at exit failed: " + failed);
    }
  }

  /**
   * Queues a record for the journal (safe from a kill once its line is written, within
   * milliseconds) and for the database; never blocks the caller (a full queue drops and counts it).
   */
  public void record(UsageRecord record) {
    journal.append(record);
    writer.offer(record);
  }

  /**
   * For pages that show the latest requests: waits up to a second for the records queued so far to
   * be written, and not at all while the database is down (they show what is there).
   */
  public void catchUp() {
    if (writer.pending() > 0) {
      scheduler.execute(this::writeDue); // a round now, not at the next tick (up to 2 s away)
    }
    try {
      writer.awaitWritten(FRESH_ENOUGH, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Waits until every record queued so far is written (or set aside), at most {@code limit}: for
   * the drain before a stop. The writing itself stays on the writer's thread.
   *
   * @return whether they all were
   */
  public boolean flush(Duration limit) {
    try {
      return writer.awaitWritten(limit, true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Number of records waiting to be written. */
  public int pending() {
    return writer.pending();
  }

  /** What is waiting, dropped or set aside, for the status page and the metrics. */
  public UsageBacklog backlog() {
    return writer.backlog();
  }

  /** A periodic task that throws is never run again: this one logs and carries on. */
  private void writeDue() {
    try {
      if (!recovered && dueForRecovery()) {
        recoverJournal();
      }
      writer.writeDue();
    } catch (RuntimeException | Error unexpected) {
      LOG.log(Level.SEVERE, "writing usage records failed; will retry", unexpected);
    }
  }

  private synchronized boolean dueForRecovery() {
    return System.nanoTime() - nextRecoveryAt >= 0;
  }

  /** The container's store as the journal's recovery sees it. */
  private record StoreRows(UsageStore store) implements RecordRecovery.Rows {
    @Override
    public Set<String> journalled(Collection<String> refs) {
      return store.journalled(refs);
    }

    @Override
    public void saveAll(List<UsageRecord> records) {
      store.saveAll(records);
    }
  }

  /** The container's store: one transaction per call. */
  private record ContainerSink(UsageStore store) implements RecordSink {
    @Override
    public void saveAll(List<UsageRecord> records) {
      store.saveAll(records);
    }

    @Override
    public boolean reachable() {
      return store.reachable();
    }
  }

  /** A JDBC connection of its own per call, for the exit. */
  private record JdbcSink(Config config) implements RecordSink {
    @Override
    public void saveAll(List<UsageRecord> records) {
      try {
        UsageRecordRows.insertAll(config, records);
      } catch (SQLException refused) {
        throw new IllegalStateException(refused);
      }
    }

    @Override
    public boolean reachable() {
      return UsageRecordRows.reachable(config);
    }
  }
}
