package com.cogniforge.gateway.cluster;

/** A 64-bit counter every instance of the cluster sees; it starts at 0. */
public interface SharedCounter {

  long get();

  long addAndGet(long delta);

  boolean compareAndSet(long expected, long value);
}
