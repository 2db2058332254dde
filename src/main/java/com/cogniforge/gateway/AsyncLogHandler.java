package com.cogniforge.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Takes a logger's records off the caller's thread: a relay or timer thread only puts the record in
 * a bounded queue, and one writer thread hands it to the handlers that were there before (the
 * logger's own and its parents', usually a console handler). When standard output is slow or
 * blocked, records beyond the queue are dropped and counted, and the writer says "N log records
 * dropped" once it can write again: losing log lines is better than stopping every stream.
 */
public final class AsyncLogHandler extends Handler {

  private static final long CLOSE_WAIT_MILLIS = 2000;

  private final Logger logger;
  private final Handler[] ownHandlers;
  private final boolean usedParentHandlers;
  private final List<Handler> targets;
  private final BlockingQueue<Queued> queue;
  private final AtomicLong dropped = new AtomicLong();
  private final Thread writer;
  private final String writerName;
  private long reported;
  private volatile boolean closing;

  private AsyncLogHandler(Logger logger, int capacity) {
    this.logger = logger;
    this.ownHandlers = logger.getHandlers();
    this.usedParentHandlers = logger.getUseParentHandlers();
    this.targets = handlersOf(logger);
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.writer = new Thread(this::writeLoop, "gateway-log-writer");
    this.writerName = writer.getName();
    writer.setDaemon(true);
  }

  /** A record and the name of the thread that logged it. */
  private record Queued(LogRecord record, String thread) {}

  /**
   * Puts an asynchronous handler in front of {@code logger}'s handlers and its parents': they are
   * taken off the logger (and parent handlers switched off) so each record is written once.
   */
  public static AsyncLogHandler install(Logger logger, int capacity) {
    AsyncLogHandler async = new AsyncLogHandler(logger, capacity);
    async.writer.start();
    for (Handler own : async.ownHandlers) {
      logger.removeHandler(own);
    }
    logger.addHandler(async);
    logger.setUseParentHandlers(false);
    return async;
  }

  /** Gives the logger its handlers back, then writes what is still queued (for a bounded time). */
  public void uninstall() {
    logger.removeHandler(this);
    for (Handler own : ownHandlers) {
      logger.addHandler(own);
    }
    logger.setUseParentHandlers(usedParentHandlers);
    close();
  }

  /** Records dropped since installation because the queue was full. */
  public long dropped() {
    return dropped.get();
  }

  @Override
  public void publish(LogRecord record) {
    if (closing || !isLoggable(record)) {
      return;
    }
    // Where the record comes from is found by walking the caller's stack: it must happen here.
    record.getSourceClassName();
    if (!queue.offer(new Queued(record, Thread.currentThread().getName()))) {
      dropped.incrementAndGet();
    }
  }

  @Override
  public void flush() {
    // The writer flushes the targets after each record it writes.
  }

  @Override
  public void close() {
    closing = true;
    writer.interrupt();
    try {
      writer.join(CLOSE_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void writeLoop() {
    try {
      while (!closing) {
        write(queue.take());
      }
    } catch (InterruptedException closed) {
      // closing: write what is left below
    }
    Queued rest;
    while ((rest = queue.poll()) != null) {
      write(rest);
    }
    reportDrops();
  }

  /**
   * The writer takes the logging thread's name while it writes the record: the server's formatter
   * prints the current thread's name, and "gateway-relay-2" says more than "gateway-log-writer".
   */
  private void write(Queued queued) {
    reportDrops();
    writer.setName(queued.thread());
    try {
      forward(queued.record());
    } finally {
      writer.setName(writerName);
    }
  }

  private void reportDrops() {
    long now = dropped.get();
    if (now > reported) {
      LogRecord drops = new LogRecord(Level.WARNING, (now - reported) + " log records dropped");
      drops.setLoggerName(logger.getName());
      drops.setSourceClassName(AsyncLogHandler.class.getName());
      drops.setSourceMethodName("publish");
      reported = now;
      forward(drops);
    }
  }

  private void forward(LogRecord record) {
    for (Handler target : targets) {
      try {
        if (target.isLoggable(record)) {
          target.publish(record);
        }
      } catch (RuntimeException broken) {
        reportError(null, broken, ErrorManager.WRITE_FAILURE);
      }
    }
  }

  /** The handlers a record of {@code logger} reached: its own and, up the tree, its parents'. */
  private static List<Handler> handlersOf(Logger logger) {
    List<Handler> handlers = new ArrayList<>();
    for (Logger at = logger; at != null; at = at.getParent()) {
      handlers.addAll(List.of(at.getHandlers()));
      if (!at.getUseParentHandlers()) {
        break;
      }
    }
    return List.copyOf(handlers);
  }
}
