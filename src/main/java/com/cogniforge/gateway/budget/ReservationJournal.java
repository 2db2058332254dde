package com.cogniforge.gateway.budget;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The reservations of the day in an append-only file under {@code DATA_DIR}, so that a gateway
 * killed with {@code kill -9} counts, when it starts again, what its unfinished calls may have
 * cost: the ledgers live in memory (or in the data grid) and the usage records of open or queued
 * calls die with the process.
 *
 * <p>One line per event: {@code R day ref requestId key usd millis endpoint model streamed} when a
 * call is admitted (the last four for its record if it is killed in flight; older lines end at
 * {@code usd}), {@code G day ref usd} when a hedge or a fallback resizes it, {@code S day ref usd}
 * when it is settled at what it cost, {@code O day generation} when the day's ledger was opened.
 * {@code ref} is this process's own name for the reservation (a client may reuse its request id).
 *
 * <p>Durability: a plain {@code write(2)} to the file, no {@code fsync}. After {@code kill -9} the
 * kernel still writes the page cache to disk; only a crash of the machine itself can lose the last
 * lines. The {@code R} line is written on the admission thread before the provider is called, and a
 * call whose line cannot be written is refused. {@code G} and {@code S} lines come from relay and
 * timer threads, which must never wait on a disk: they go through a bounded queue to one writer
 * thread. A lost {@code S} line (queue full, or a kill within the few milliseconds before it is
 * written) only makes a restart count that call at its worst case; a {@code G} line that cannot be
 * queued refuses the resize.
 *
 * <p>Size: the file holds about 150 bytes per admitted call of the day; it is rewritten (today's
 * reservations only, one or two lines each) when the day's ledger is opened: at start and at
 * midnight.
 */
final class ReservationJournal implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ReservationJournal.class.getName());
  private static final int QUEUE_LINES = 65_536;

  /**
   * One reservation of the day as the file tells it; {@code reservedAtMillis} 0 and the label's
   * endpoint and model null when the line was written before they were noted.
   */
  record Entry(
      CallLabel label, long reservedAtMillis, Long keyId, double worstUsd, Double settledUsd) {
    String requestId() {
      return label.requestId();
    }

    Entry grown(double usd) {
      return new Entry(label, reservedAtMillis, keyId, Math.max(worstUsd, usd), settledUsd);
    }

    Entry settled(double usd) {
      return new Entry(label, reservedAtMillis, keyId, worstUsd, usd);
    }

    /** What the call may have cost: what it was settled at, else the most it held. */
    double mayHaveCostUsd() {
      return settledUsd != null ? settledUsd : worstUsd;
    }

    /** Its usage record's name, {@code "requestId key"} as {@code UsageStore} groups them. */
    String recordKey() {
      return requestId() + " " + (keyId == null ? "-" : keyId);
    }
  }

  /**
   * One day's reservations in the file, by their names, and the generation of the ledger they were
   * last counted in (0: none noted).
   */
  record Replay(long day, Map<String, Entry> byRef, long generation) {
    List<Entry> entries() {
      return List.copyOf(byRef.values());
    }
  }

  private final Path file;
  private final Object fileLock = new Object();
  private FileChannel channel; // guarded by fileLock
  private final String processTag = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  private final AtomicLong sequence = new AtomicLong();
  private final BlockingQueue<String> queued = new ArrayBlockingQueue<>(QUEUE_LINES);
  private final AtomicLong dropped = new AtomicLong();
  private final Thread writer;
  private volatile boolean closed;
  private volatile boolean failing;

  ReservationJournal(Path file) {
    this.file = file;
    writer = new Thread(this::writeQueued, "reservation-journal");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Writes a new reservation's line on the calling (admission) thread.
   *
   * @return the reservation's name in the file
   * @throws UncheckedIOException when the line could not be written
   */
  String reserved(long day, CallLabel call, Long keyId, double usd) {
    String ref = processTag + "-" + Long.toString(sequence.incrementAndGet(), 36);
    String requestId = call.requestId();
    String id = requestId == null || requestId.isBlank() ? "-" : requestId.replaceAll("\\s", "_");
    String line =
        "R " + day + " " + ref + " " + id + " " + (keyId == null ? "-" : keyId) + " " + usd;
    try {
      synchronized (fileLock) {
        write(line + " " + labelFields(System.currentTimeMillis(), call) + "\n");
      }
    } catch (IOException failed) {
      throw new UncheckedIOException(failed);
    }
    return ref;
  }

  /** Queues a resize's line; false if the queue is full (the resize must then be refused). */
  boolean resized(long day, String ref, double usd) {
    return queued.offer("G " + day + " " + ref + " " + usd + "\n");
  }

  /** Queues a settlement's line; a full queue drops it (counted: that call counts its worst). */
  void settled(long day, String ref, double actualUsd) {
    if (!queued.offer("S " + day + " " + ref + " " + actualUsd + "\n")) {
      dropped.incrementAndGet();
    }
  }

  /** Settlement lines dropped because the queue was full. */
  long dropped() {
    return dropped.get();
  }

  /** Reads the day's reservations from the file (the day's ledger is being opened). */
  Replay read(long day) {
    synchronized (fileLock) {
      try {
        writeQueuedLines();
        Map<String, Entry> entries = new LinkedHashMap<>();
        long previousGeneration = 0;
        if (Files.exists(file)) {
          for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            try {
              if (f.length < 3 || Long.parseLong(f[1]) != day) {
                continue;
              }
              if (f[0].equals("R") && f.length != 6 && f.length != 10) {
                continue; // cut short: lines end at usd (older gateways) or carry the label
              }
              switch (f[0]) {
                case "R" ->
                    entries.put(
                        f[2],
                        new Entry(
                            f.length == 10
                                ? new CallLabel(f[3], text(f[7]), text(f[8]), f[9].equals("1"))
                                : CallLabel.of(f[3]),
                            f.length == 10 ? Long.parseLong(f[6]) : 0,
                            f[4].equals("-") ? null : Long.valueOf(f[4]),
                            Double.parseDouble(f[5]),
                            null));
                case "G" ->
                    entries.computeIfPresent(f[2], (ref, e) -> e.grown(Double.parseDouble(f[3])));
                case "S" ->
                    entries.computeIfPresent(f[2], (ref, e) -> e.settled(Double.parseDouble(f[3])));
                case "O" -> previousGeneration = Long.parseLong(f[2]);
                default -> {}
              }
            } catch (RuntimeException torn) {
              // a line cut short (a full disk): skip it
            }
          }
        }
        return new Replay(day, entries, previousGeneration);
      } catch (IOException failed) {
        throw new UncheckedIOException("reservation journal " + file + " unreadable", failed);
      }
    }
  }

  /**
   * Rewrites the file with the day's reservations alone and notes the ledger's {@code generation}:
   * a later start under the same generation knows the ledger still holds them.
   */
  void compact(Replay replay, long generation) {
    synchronized (fileLock) {
      try {
        writeQueuedLines();
        compact(replay.day(), generation, replay.byRef());
      } catch (IOException failed) {
        throw new UncheckedIOException("reservation journal " + file + " not rewritten", failed);
      }
    }
  }

  private void compact(long day, long generation, Map<String, Entry> entries) throws IOException {
    StringBuilder kept = new StringBuilder();
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      Entry entry = e.getValue();
      kept.append("R ").append(day).append(' ').append(e.getKey()).append(' ');
      kept.append(entry.requestId()).append(' ');
      kept.append(entry.keyId() == null ? "-" : entry.keyId()).append(' ');
      kept.append(entry.worstUsd()).append(' ');
      kept.append(labelFields(entry.reservedAtMillis(), entry.label())).append('\n');
      if (entry.settledUsd() != null) {
        kept.append("S ").append(day).append(' ').append(e.getKey()).append(' ');
        kept.append(entry.settledUsd()).append('\n');
      }
    }
    kept.append("O ").append(day).append(' ').append(generation).append('\n');
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path next = file.resolveSibling(file.getFileName() + ".next");
    Files.writeString(next, kept, StandardCharsets.UTF_8);
    closeChannel();
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** {@code millis endpoint model streamed}, the texts URL-encoded, {@code -} when unknown. */
  private static String labelFields(long millis, CallLabel call) {
    return millis
        + " "
        + word(call.endpoint())
        + " "
        + word(call.model())
        + " "
        + (call.streamed() ? "1" : "0");
  }

  private static String word(String text) {
    return text == null ? "-" : URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static String text(String word) {
    return word.equals("-") ? null : URLDecoder.decode(word, StandardCharsets.UTF_8);
  }

  private void write(String lines) throws IOException {
    if (channel == null || !channel.isOpen()) { // an interrupted write closes the channel
      Files.createDirectories(file.toAbsolutePath().getParent());
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }
    ByteBuffer bytes = ByteBuffer.wrap(lines.getBytes(StandardCharsets.UTF_8));
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
  }

  /** The writer thread: waits for queued lines and appends them in batches. */
  private void writeQueued() {
    while (!closed) {
      try {
        String first = queued.poll(1, TimeUnit.SECONDS);
        if (first == null) {
          continue;
        }
        StringBuilder batch = new StringBuilder(first);
        List<String> more = new ArrayList<>();
        queued.drainTo(more, 1024);
        more.forEach(batch::append);
        synchronized (fileLock) {
          write(batch.toString());
        }
        if (failing) {
          failing = false;
          LOG.info("reservation journal writable again");
        }
      } catch (InterruptedException stop) {
        return;
      } catch (IOException | RuntimeException failed) {
        if (!failing) {
          failing = true;
          LOG.warning("reservation journal: lines lost (" + failed + ")");
        }
      }
    }
  }

  private void writeQueuedLines() throws IOException {
    List<String> lines = new ArrayList<>();
    queued.drainTo(lines);
    if (!lines.isEmpty()) {
      write(String.join("", lines));
    }
  }

  private void closeChannel() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }

  /** Writes what is queued and closes the file (an orderly stop). */
  @Override
  public void close() {
    closed = true;
    writer.interrupt();
    synchronized (fileLock) {
      try {
        writeQueuedLines();
        closeChannel();
      } catch (IOException failed) {
        LOG.warning("reservation journal: last lines lost (" + failed + ")");
      }
    }
  }
}
