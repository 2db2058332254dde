package com.cogniforge.gateway;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** What a class logs during a test, kept off the console; close it to restore the logger. */
public final class CapturedLog implements AutoCloseable {

  private final Logger logger;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private CapturedLog(Class<?> owner) {
    logger = Logger.getLogger(owner.getName());
    logger.addHandler(handler);
    logger.setUseParentHandlers(false);
  }

  public static CapturedLog of(Class<?> owner) {
    return new CapturedLog(owner);
  }

  /** Every record so far, in order (records may still arrive from other threads). */
  public List<LogRecord> records() {
    return records;
  }

  @Override
  public void close() {
    logger.removeHandler(handler);
    logger.setUseParentHandlers(true);
  }
}
