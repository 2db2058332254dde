package com.cogniforge.gateway.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class LatencyWindowTest {

  @Test
  void emptyWindowHasNoPercentiles() {
    LatencyWindow.Percentiles p = new LatencyWindow(8).percentiles();
    assertEquals(0, p.samples());
    assertNull(p.p50());
  }

  @Test
  void nearestRankPercentiles() {
    LatencyWindow window = new LatencyWindow(1000);
    for (int i = 100; i >= 1; i--) {
      window.add(i);
    }
    LatencyWindow.Percentiles p = window.percentiles();
    assertEquals(100, p.samples());
    assertEquals(50L, p.p50());
    assertEquals(95L, p.p95());
    assertEquals(99L, p.p99());
  }

  @Test
  void oldSamplesLeaveTheWindow() {
    LatencyWindow window = new LatencyWindow(4);
    for (long v : new long[] {1000, 1000, 1000, 1000, 1, 2, 3, 4}) {
      window.add(v);
    }
    assertEquals(4L, window.percentiles().p99());
    assertEquals(4, window.percentiles().samples());
  }
}
