package com.cogniforge.gateway.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a running gateway's heap and threads from outside, with the JDK's {@code jcmd}, as an
 * operator would: what the gateway itself reports cannot show memory held below it, in the
 * container.
 */
final class JvmProbe {

  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
  private static final Pattern LIVE_THREADS = Pattern.compile("java\\.threads\\.live=(\\d+)");

  private final long pid;

  JvmProbe(long pid) {
    this.pid = pid;
  }

  /** Bytes of heap in use right after a full collection: what is really held. */
  long heapAfterFullGc() throws Exception {
    jcmd("GC.run");
    Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
    if (!used.find()) {
      throw new IllegalStateException("no heap figure from jcmd");
    }
    return Long.parseLong(used.group(1)) * 1024;
  }

  long liveThreads() throws Exception {
    Matcher live = LIVE_THREADS.matcher(jcmd("PerfCounter.print"));
    if (!live.find()) {
      throw new IllegalStateException("no thread count from jcmd");
    }
    return Long.parseLong(live.group(1));
  }

  private String jcmd(String command) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process process =
        new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command)
            .redirectErrorStream(true)
            .start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("jcmd " + command + " did not answer within 60 s");
    }
    return new String(output, StandardCharsets.UTF_8);
  }
}
