package com.cogniforge.gateway.http;

import java.util.ArrayList;

/**
 * Flushes written during one batch of work on a thread, held until the batch ends and then done
 * once per response. A read from a provider often holds several events (under load the relay falls
 * a few milliseconds behind, and every event waiting in the socket comes in one read): each relayed
 * token used to cost the container a flush of its own (its filter chain, a write to the socket and,
 * on Grizzly, a fresh 8 KiB buffer). Within a batch, {@link NonBlockingWriter} queues the bytes in
 * the container's buffer and flushes them together when the batch ends, microseconds later. Writes
 * on threads outside a batch (timers, cache replays, the container's callbacks) flush at once, as
 * before.
 *
 * <p>Use it as {@code try (HeldFlushes batch = HeldFlushes.hold()) { ... }}. A batch inside a batch
 * on the same thread is part of the outer one.
 */
public final class HeldFlushes implements AutoCloseable {

  private static final ThreadLocal<HeldFlushes> CURRENT = ThreadLocal.withInitial(HeldFlushes::new);

  /** Returned for a batch opened inside another: closing it leaves the flushes to the outer one. */
  private static final HeldFlushes NESTED = new HeldFlushes();

  private final ArrayList<NonBlockingWriter> held = new ArrayList<>(2);
  private boolean active;

  private HeldFlushes() {}

  /** Starts holding this thread's flushes until the returned batch is closed. */
  public static HeldFlushes hold() {
    HeldFlushes batch = CURRENT.get();
    if (batch.active) {
      return NESTED;
    }
    batch.active = true;
    return batch;
  }

  /**
   * For a writer about to flush: true if a batch runs on this thread and has taken the flush over
   * (the writer is flushed when the batch ends); false if the writer should flush now.
   */
  static boolean defer(NonBlockingWriter writer) {
    HeldFlushes batch = CURRENT.get();
    if (!batch.active) {
      return false;
    }
    batch.held.add(writer);
    return true;
  }

  /** Ends the batch: every writer that held a flush flushes now. */
  @Override
  public void close() {
    if (this == NESTED || !active) {
      return;
    }
    active = false; // first: the writers' flushes below must not be held again
    while (!held.isEmpty()) { // popped one by one: a flush's callbacks may start a batch again
      held.remove(held.size() - 1).flushHeld();
    }
  }
}
