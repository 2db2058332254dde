package com.cogniforge.gateway;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A blocking job (a reload from the database) that the timer only triggers: it runs on a worker,
 * one run at a time. A periodic trigger while it runs is skipped; a {@link #runSoon} while it runs
 * makes it run once more afterwards, so a change notified meanwhile is not missed.
 */
public final class PeriodicJob {

  private static final Logger LOG = Logger.getLogger(PeriodicJob.class.getName());

  private final String what;
  private final Runnable task;
  private final Executor workers;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean again = new AtomicBoolean();

  /** Failed runs in a row; only the worker touches it, one run at a time. */
  private int failures;

  PeriodicJob(String what, Runnable task, Executor workers) {
    this.what = what;
    this.task = task;
    this.workers = workers;
  }

  /** The timer's trigger: starts a run unless one is running. Never blocks. */
  void tick() {
    start();
  }

  /** Runs the job as soon as a worker is free, or once more after the run in progress. */
  public void runSoon() {
    again.set(true);
    start();
  }

  private boolean start() {
    if (!running.compareAndSet(false, true)) {
      return false;
    }
    try {
      workers.execute(this::runWhileWanted);
      return true;
    } catch (RejectedExecutionException shuttingDown) {
      running.set(false);
      return false;
    }
  }

  private void runWhileWanted() {
    do {
      again.set(false);
      try {
        task.run();
        if (failures > 0) {
          LOG.info(what + " works again after " + failures + " failed run(s)");
          failures = 0;
        }
      } catch (RuntimeException failed) {
        // One line per outage, not one every period while the database is away.
        if (failures++ == 0) {
          LOG.log(Level.WARNING, what + " failed; keeping the last values until it works", failed);
        }
      }
    } while (again.get());
    running.set(false);
    // A runSoon between the last check and here found the job running: honour it.
    if (again.get()) {
      runSoon();
    }
  }
}
