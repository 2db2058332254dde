package com.cogniforge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class PeriodicJobTest {

  private boolean databaseDown;

  private void reload() {
    if (databaseDown) {
      throw new IllegalStateException("connection refused");
    }
  }

  @Test
  void anOutageIsLoggedOnceAndItsEndOnce() {
    List<LogRecord> logged = new ArrayList<>();
    Logger log = Logger.getLogger(PeriodicJob.class.getName());
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            logged.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    log.addHandler(capture);
    log.setUseParentHandlers(false);
    try {
      PeriodicJob job = new PeriodicJob("reloading settings", this::reload, Runnable::run);
      databaseDown = true;
      for (int i = 0; i < 5; i++) {
        job.tick();
      }
      databaseDown = false;
      job.tick();
      job.tick();
      assertEquals(
          List.of(Level.WARNING, Level.INFO), logged.stream().map(LogRecord::getLevel).toList());
    } finally {
      log.removeHandler(capture);
      log.setUseParentHandlers(true);
    }
  }
}
