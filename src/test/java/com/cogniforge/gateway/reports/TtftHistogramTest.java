package com.cogniforge.gateway.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TtftHistogramTest {

  @Test
  void percentilesAreWithinFivePercentOfTheExactOnes() {
    TtftHistogram histogram = new TtftHistogram();
    long[] values = new long[10_000];
    Random random = new Random(7);
    for (int i = 0; i < values.length; i++) {
      values[i] = 20 + (long) Math.abs(random.nextGaussian() * 400);
      histogram.add(values[i]);
    }
    java.util.Arrays.sort(values);
    for (double q : new double[] {0.5, 0.95, 0.99}) {
      long exact = values[(int) Math.ceil(q * values.length) - 1];
      long approximate = histogram.percentile(q);
      assertTrue(
          Math.abs(approximate - exact) <= Math.max(1, exact * 0.05),
          "q" + q + ": " + approximate + " vs " + exact);
    }
    assertEquals(values.length, histogram.count());
  }

  @Test
  void edgeCases() {
    TtftHistogram histogram = new TtftHistogram();
    assertNull(histogram.percentile(0.5));
    histogram.add(0);
    assertEquals(0, histogram.percentile(0.99));
    histogram.add(10_000_000); // beyond the last bucket: reported as the maximum seen
    assertEquals(10_000_000, histogram.percentile(1.0));
  }
}
