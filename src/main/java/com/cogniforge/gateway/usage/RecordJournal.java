package com.cogniforge.gateway.usage;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The usage records not yet known to be in the database, in an append-only file under {@code
 * DATA_DIR}, so that {@code kill -9} does not lose the records of calls that ended while their
 * records waited in the {@link UsageWriter}'s queue (a few milliseconds normally, minutes while the
 * database is down).
 *
 * <p>One line per event: {@code R ref json} when a record is queued, {@code W ref} once its row is
 * committed (or set aside for good). {@code ref} is the gateway's own name for the record (this
 * process's tag and a sequence number), stored with the row too: a client may reuse its request id,
 * a ref it cannot choose. A start after a kill inserts the records whose row is missing ({@link
 * RecordRecovery}), asking the database rather than trusting the {@code W} lines alone.
 *
 * <p>Nothing here runs on a relay, timer or request thread: {@link #append} and {@link #written}
 * only queue (a bounded queue; a full one drops the line and counts it), one writer thread of its
 * own appends in batches. A plain {@code write(2)}, no {@code fsync}: after {@code kill -9} the
 * kernel still writes the page cache out. The file is rewritten with the records still unwritten at
 * start and whenever it has grown past twice its size after the last rewrite (16 MB at least), on
 * the writer thread.
 */
final class RecordJournal implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(RecordJournal.class.getName());
  private static final int QUEUE_LINES = 65_536;
  private static final long SMALLEST_REWRITE_BYTES = 16L << 20;

  /** A queued record (its line is made on the writer thread) or the name of a written one. */
  private record Event(UsageRecord record, String writtenRef) {}

  /** Wakes the writer thread to stop (an interrupt would close the file under a write). */
  private static final Event STOP = new Event(null, null);

  private final Path file;
  private final long smallestRewrite;
  private final String processTag = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  private final AtomicLong sequence = new AtomicLong();
  private final BlockingQueue<Event> queued = new ArrayBlockingQueue<>(QUEUE_LINES);
  private final AtomicLong dropped = new AtomicLong();
  private final Object fileLock = new Object();
  // Guarded by fileLock: the open file, its size, and this process's records in it not yet written.
  private FileChannel channel;
  private long size;
  private long rewriteAt;
  private final Set<String> unwritten = new HashSet<>();
  private final Thread writer;
  private volatile boolean closed;
  private volatile boolean failing;

  RecordJournal(Path file) {
    this(file, SMALLEST_REWRITE_BYTES);
  }

  /** With the size that triggers the first rewrite (tests make it small). */
  RecordJournal(Path file, long smallestRewrite) {
    this.file = file;
    this.smallestRewrite = smallestRewrite;
    this.rewriteAt = smallestRewrite;
    writer = new Thread(this::writeQueued, "usage-record-journal");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Names {@code record} and queues its line; never blocks. A record the queue cannot take keeps no
   * name (counted in {@link #dropped}): it is written to the database as before, only not safe from
   * a kill.
   */
  void append(UsageRecord record) {
    record.journalRef(processTag + "-" + Long.toString(sequence.incrementAndGet(), 36));
    if (!queued.offer(new Event(record, null))) {
      record.journalRef(null);
      dropped.incrementAndGet();
    }
  }

  /** Notes that these records' rows are committed (or set aside): their lines are no longer due. */
  void written(List<UsageRecord> records) {
    for (UsageRecord record : records) {
      String ref = record.journalRef();
      if (ref != null && ref.startsWith(processTag + "-")) {
        queued.offer(new Event(null, ref)); // a lost one only keeps a line until the next rewrite
      }
    }
  }

  /** Records (or written notes) the full queue refused since start. */
  long dropped() {
    return dropped.get();
  }

  /**
   * The records an earlier process journalled and did not note as written, by their names, oldest
   * first; lines cut short are skipped.
   */
  Map<String, UsageRecord> unfinished() {
    synchronized (fileLock) {
      try {
        writeQueuedLines();
        Map<String, String> lines = new LinkedHashMap<>();
        if (Files.exists(file)) {
          try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
              String[] f = line.split(" ", 3);
              if (f.length >= 2 && !f[1].startsWith(processTag + "-")) {
                if (f[0].equals("R") && f.length == 3) {
                  lines.put(f[1], f[2]);
                } else if (f[0].equals("W")) {
                  lines.remove(f[1]);
                }
              }
            }
          }
        }
        Map<String, UsageRecord> records = new LinkedHashMap<>();
        lines.forEach(
            (ref, json) -> {
              try {
                records.put(ref, RecordLines.record(ref, json));
              } catch (RuntimeException torn) {
                LOG.warning("usage record journal: a line cut short skipped (" + ref + ")");
              }
            });
        return records;
      } catch (IOException failed) {
        throw new UncheckedIOException("usage record journal " + file + " unreadable", failed);
      }
    }
  }

  /**
   * Rewrites the file with this process's unwritten records and, of the earlier processes' records,
   * those named in {@code stillMissing} (their rows could not be inserted yet).
   */
  void rewrite(Set<String> stillMissing) {
    synchronized (fileLock) {
      try {
        writeQueuedLines();
        rewriteLocked(stillMissing);
      } catch (IOException failed) {
        throw new UncheckedIOException("usage record journal " + file + " not rewritten", failed);
      }
    }
  }

  private void rewriteLocked(Set<String> alsoKeep) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path next = file.resolveSibling(file.getFileName() + ".next");
    try (BufferedWriter out = Files.newBufferedWriter(next, StandardCharsets.UTF_8)) {
      if (Files.exists(file)) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] f = line.split(" ", 3);
            if (f.length == 3
                && f[0].equals("R")
                && (unwritten.contains(f[1]) || alsoKeep.contains(f[1]))) {
              out.write(line);
              out.write('\n');
            }
          }
        }
      }
    }
    closeChannel();
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    size = Files.size(file);
    rewriteAt = Math.max(smallestRewrite, 2 * size);
  }

  /** The writer thread: waits for queued events and appends their lines in batches. */
  private void writeQueued() {
    while (!closed) {
      try {
        Event first = queued.poll(200, TimeUnit.MILLISECONDS);
        if (first == null || first == STOP) {
          continue;
        }
        List<Event> batch = new ArrayList<>();
        batch.add(first);
        queued.drainTo(batch, 1023);
        synchronized (fileLock) {
          write(batch);
          if (size >= rewriteAt) {
            writeQueuedLines(); // the W lines queued meanwhile: fewer records kept for nothing
            rewriteLocked(Set.of());
          }
        }
        if (failing) {
          failing = false;
          LOG.info("usage record journal writable again");
        }
      } catch (InterruptedException stop) {
        return;
      } catch (IOException | RuntimeException failed) {
        if (!failing) {
          failing = true;
          LOG.warning("usage record journal: lines lost (" + failed + ")");
        }
      }
    }
  }

  private void writeQueuedLines() throws IOException {
    List<Event> batch = new ArrayList<>();
    queued.drainTo(batch);
    if (!batch.isEmpty()) {
      write(batch);
    }
  }

  /** Appends the batch's lines; called holding fileLock. */
  private void write(List<Event> batch) throws IOException {
    StringBuilder lines = new StringBuilder();
    for (Event event : batch) {
      if (event == STOP) {
        continue;
      }
      if (event.record() != null) {
        String ref = event.record().journalRef();
        lines.append("R ").append(ref).append(' ').append(RecordLines.json(event.record()));
        unwritten.add(ref);
      } else {
        lines.append("W ").append(event.writtenRef());
        unwritten.remove(event.writtenRef());
      }
      lines.append('\n');
    }
    if (channel == null || !channel.isOpen()) { // an interrupted write closes the channel
      Files.createDirectories(file.toAbsolutePath().getParent());
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      size = channel.size();
    }
    ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
    size += bytes.remaining();
    while (bytes.hasRemaining()) {
      channel.write(bytes);
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
    queued.offer(STOP);
    try {
      writer.join(2_000); // it ends within one poll; its last batch reaches the file first
    } catch (InterruptedException stopping) {
      Thread.currentThread().interrupt();
    }
    synchronized (fileLock) {
      try {
        writeQueuedLines();
        closeChannel();
      } catch (IOException failed) {
        LOG.warning("usage record journal: last lines lost (" + failed + ")");
      }
    }
  }
}
