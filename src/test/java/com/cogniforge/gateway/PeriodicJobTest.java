package com.cogniforge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
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
    try (CapturedLog log = CapturedLog.of(PeriodicJob.class)) {
      PeriodicJob job = new PeriodicJob("reloading settings", this::reload, Runnable::run);
      databaseDown = true;
      for (int i = 0; i < 5; i++) {
        job.tick();
      }
      databaseDown = false;
      job.tick();
      job.tick();
      assertEquals(
          List.of(Level.WARNING, Level.INFO),
          log.records().stream().map(LogRecord::getLevel).toList());
    }
  }
}
