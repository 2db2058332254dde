package com.cogniforge.gateway.bench;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A non-blocking load driver for streaming chat: keeps {@code concurrency} streams open until
 * {@code count} have run or the duration bound is reached, and reports client-side time to first
 * token (p50/p90/p99/max), stream time, tokens per second and errors by kind. Given the upstream's
 * own URL, it runs the same workload straight against the upstream first, in the same run, and
 * prints the gateway-to-direct ratios. JDK only (one {@link HttpClient}, a selector thread and no
 * thread per stream), so it runs from {@code target/test-classes}.
 *
 * <pre>
 * java -cp target/test-classes com.cogniforge.gateway.bench.LoadDriver \
 *     --url http://127.0.0.1:8080 --kind openai --concurrency 100 --count 2000 --duration 60 \
 *     --direct http://127.0.0.1:9000/v1 --warmup 200 --max-tokens 20
 * </pre>
 *
 * <ul>
 *   <li>{@code --url}: the gateway's base URL; {@code --kind openai} posts to {@code
 *       /v1/chat/completions}, {@code --kind native} to {@code /api/v1/stream/chat} (SSE events).
 *   <li>{@code --direct}: an OpenAI-compatible base URL (what {@code LLM_BASE_URL} holds, e.g.
 *       {@code http://127.0.0.1:9000/v1}); the direct phase always speaks OpenAI.
 *   <li>{@code --extra}: JSON fields added to each request body, e.g. {@code
 *       '"bench_ttft_ms":30000'} (passed through to the upstream by the gateway).
 *   <li>{@code --same-prompt true}: every request asks the same thing (cache hits); else each
 *       request's prompt is unique.
 *   <li>{@code --rate}: most new streams per second (0: as fast as slots free up).
 *   <li>{@code --direct-only true}: only the direct phase (a script can then measure the gateway's
 *       CPU around a gateway-only run).
 *   <li>{@code --peer}: another gateway's base URL (it must serve {@code POST
 *       /v1/chat/completions}), run as a third target; {@code --peer-headers "name: value,..."} are
 *       sent with its requests (for Portkey, the provider and the custom host).
 *   <li>{@code --reps N}: the targets take turns N times, each turn a measured phase.
 *   <li>{@code --gateway-pid}, {@code --peer-pid}: each measured phase of that target also reports
 *       the process's CPU seconds and peak RSS ({@code /proc}; {@code --clock-ticks}, default 100,
 *       is {@code getconf CLK_TCK}).
 * </ul>
 *
 * Each phase ends with one machine-readable line, {@code RESULT {json}}, and a run with {@code
 * --direct} with {@code RATIO {json}}. Progress goes to standard error once a second.
 */
public final class LoadDriver {

  /** What to run. */
  public record Config(
      URI url,
      String kind,
      int concurrency,
      int count,
      Duration duration,
      URI direct,
      int warmup,
      int maxTokens,
      String extra,
      boolean samePrompt,
      int rate,
      Duration timeout,
      String label,
      boolean progress,
      boolean gateway,
      URI peer,
      Map<String, String> peerHeaders,
      int reps,
      long gatewayPid,
      long peerPid,
      int clockTicks) {

    /** Without a peer, repetitions or process figures (as before the peer came in). */
    public Config(
        URI url,
        String kind,
        int concurrency,
        int count,
        Duration duration,
        URI direct,
        int warmup,
        int maxTokens,
        String extra,
        boolean samePrompt,
        int rate,
        Duration timeout,
        String label,
        boolean progress,
        boolean gateway) {
      this(
          url,
          kind,
          concurrency,
          count,
          duration,
          direct,
          warmup,
          maxTokens,
          extra,
          samePrompt,
          rate,
          timeout,
          label,
          progress,
          gateway,
          null,
          Map.of(),
          1,
          0,
          0,
          100);
    }

    static Config parse(String[] args) {
      BenchUpstream.Args a = new BenchUpstream.Args(args);
      String direct = a.text("--direct", "");
      String peer = a.text("--peer", "");
      return new Config(
          URI.create(a.text("--url", "http://127.0.0.1:8080")),
          a.text("--kind", "openai"),
          a.integer("--concurrency", 10),
          a.integer("--count", 100),
          Duration.ofSeconds(a.integer("--duration", 60)),
          direct.isEmpty() ? null : URI.create(direct),
          a.integer("--warmup", 0),
          a.integer("--max-tokens", 20),
          a.text("--extra", ""),
          Boolean.parseBoolean(a.text("--same-prompt", "false")),
          a.integer("--rate", 0),
          Duration.ofSeconds(a.integer("--timeout", 60)),
          a.text("--label", "run"),
          true,
          !Boolean.parseBoolean(a.text("--direct-only", "false")),
          peer.isEmpty() ? null : URI.create(peer),
          headers(a.text("--peer-headers", "")),
          a.integer("--reps", 1),
          Long.parseLong(a.text("--gateway-pid", "0")),
          Long.parseLong(a.text("--peer-pid", "0")),
          a.integer("--clock-ticks", 100));
    }

    /** {@code "name: value,name: value"} (values may hold colons, not commas). */
    static Map<String, String> headers(String list) {
      Map<String, String> headers = new TreeMap<>();
      for (String one : list.split(",")) {
        int colon = one.indexOf(':');
        if (colon > 0) {
          headers.put(one.substring(0, colon).trim(), one.substring(colon + 1).trim());
        }
      }
      return headers;
    }
  }

  /**
   * Where one phase sends its streams: the upstream itself ({@code direct}), the gateway, or the
   * peer gateway; {@code pid} (0: none) is the process whose CPU time and RSS the phase reports.
   */
  record Target(String name, URI uri, boolean nativeSse, Map<String, String> headers, long pid) {}

  /** The figures of one phase (through the gateway, or direct). */
  public record Result(
      String label,
      String target,
      int concurrency,
      int started,
      int ok,
      Map<String, Integer> errors,
      double[] ttftMs,
      double[] streamMs,
      long tokens,
      double seconds,
      double[] serverTtftMs,
      int cacheHits,
      int rep,
      double cpuSeconds,
      long rssPeakKb) {

    public int failed() {
      return errors.values().stream().mapToInt(Integer::intValue).sum();
    }

    public double tokensPerSecond() {
      return seconds > 0 ? tokens / seconds : 0;
    }

    public double ttft(int percentile) {
      return percentile(ttftMs, percentile);
    }

    public double stream(int percentile) {
      return percentile(streamMs, percentile);
    }

    public double serverTtft(int percentile) {
      return percentile(serverTtftMs, percentile);
    }

    public String json() {
      StringBuilder out = new StringBuilder(400).append('{');
      field(out, "label", '"' + label + '"');
      field(out, "target", '"' + target + '"');
      field(out, "concurrency", concurrency);
      field(out, "started", started);
      field(out, "ok", ok);
      StringBuilder errorJson = new StringBuilder("{");
      errors.forEach(
          (kind, n) ->
              errorJson
                  .append(errorJson.length() > 1 ? "," : "")
                  .append('"')
                  .append(kind)
                  .append("\":")
                  .append(n));
      field(out, "errors", errorJson.append('}'));
      for (int p : new int[] {50, 90, 99, 100}) {
        field(out, "ttft_p" + p + "_ms", round(ttft(p)));
      }
      field(out, "stream_p50_ms", round(stream(50)));
      field(out, "stream_p99_ms", round(stream(99)));
      field(out, "tokens", tokens);
      field(out, "seconds", round(seconds));
      field(out, "tokens_per_s", round(tokensPerSecond()));
      field(out, "server_ttft_p50_ms", round(serverTtft(50)));
      field(out, "server_ttft_p99_ms", round(serverTtft(99)));
      field(out, "cache_hits", cacheHits);
      field(out, "rep", rep);
      if (rssPeakKb > 0) {
        field(out, "cpu_s", round(cpuSeconds));
        field(out, "rss_peak_kb", rssPeakKb);
      }
      return out.append('}').toString();
    }

    private static void field(StringBuilder out, String name, Object value) {
      out.append(out.length() > 1 ? "," : "").append('"').append(name).append("\":").append(value);
    }
  }

  private final Config config;
  private final HttpClient client;

  public LoadDriver(Config config) {
    this.config = config;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  public static void main(String[] args) throws Exception {
    // With two cores the common pool gets one thread, and CompletableFuture then starts a thread
    // per asynchronous step (which the HttpClient takes): give the pool two threads instead.
    String parallelism = "java.util.concurrent.ForkJoinPool.common.parallelism";
    if (System.getProperty(parallelism) == null) {
      System.setProperty(
          parallelism, String.valueOf(Math.max(2, Runtime.getRuntime().availableProcessors() - 1)));
    }
    Config config = Config.parse(args);
    LoadDriver driver = new LoadDriver(config);
    List<Result> results = driver.runAll();
    for (Result result : results) {
      print(result);
    }
    if (results.size() == 2 && config.peer() == null) {
      Result direct = results.get(0);
      Result gateway = results.get(1);
      String ratio =
          String.format(
              Locale.ROOT,
              "{\"label\":\"%s\",\"concurrency\":%d,\"added_ttft_p50_ms\":%.3f,"
                  + "\"added_ttft_p99_ms\":%.3f,\"tokens_per_s_ratio\":%.4f}",
              config.label(),
              config.concurrency(),
              gateway.ttft(50) - direct.ttft(50),
              gateway.ttft(99) - direct.ttft(99),
              direct.tokensPerSecond() > 0
                  ? gateway.tokensPerSecond() / direct.tokensPerSecond()
                  : 0);
      System.out.printf(
          Locale.ROOT,
          "added TTFT: p50 %.2f ms, p99 %.2f ms; tokens/s gateway/direct: %.1f%%%n",
          gateway.ttft(50) - direct.ttft(50),
          gateway.ttft(99) - direct.ttft(99),
          100 * gateway.tokensPerSecond() / Math.max(1e-9, direct.tokensPerSecond()));
      System.out.println("RATIO " + ratio);
    }
    System.exit(results.stream().allMatch(r -> r.failed() == 0) ? 0 : 1);
  }

  /**
   * The phases of every target: direct (if an upstream URL is given), the gateway (unless {@code
   * --direct-only}) and the peer gateway (if given), each warmed up before its first phase. With
   * {@code --reps N} the targets take turns N times, the order rotating by one each repetition
   * (direct, gateway, peer; gateway, peer, direct; ...), so that whatever else loads the machine
   * meanwhile falls on all of them alike. Results in the order run.
   */
  public List<Result> runAll() throws InterruptedException {
    List<Target> targets = new ArrayList<>();
    if (config.direct() != null) {
      URI uri = URI.create(config.direct().toString().replaceAll("/+$", "") + "/chat/completions");
      targets.add(new Target("direct", uri, false, Map.of(), 0));
    }
    if (config.gateway()) {
      boolean nativeSse = config.kind().equals("native");
      URI uri = config.url().resolve(nativeSse ? "/api/v1/stream/chat" : "/v1/chat/completions");
      targets.add(new Target("gateway", uri, nativeSse, Map.of(), config.gatewayPid()));
    }
    if (config.peer() != null) {
      URI uri = config.peer().resolve("/v1/chat/completions");
      targets.add(new Target("peer", uri, false, config.peerHeaders(), config.peerPid()));
    }
    List<Result> results = new ArrayList<>();
    Set<String> warm = new HashSet<>();
    for (int rep = 0; rep < Math.max(1, config.reps()); rep++) {
      for (int i = 0; i < targets.size(); i++) {
        Target target = targets.get((i + rep) % targets.size());
        if (config.warmup() > 0 && warm.add(target.name())) {
          run(target, config.warmup(), config.duration(), rep, false);
        }
        results.add(run(target, config.count(), config.duration(), rep, true));
      }
    }
    return results;
  }

  /**
   * One phase: {@code count} streams, at most {@code concurrency} at a time; {@code measured}: also
   * the CPU time and peak RSS of the target's process (sampled every 100 ms) over the phase.
   */
  Result run(Target target, int count, Duration bound, int rep, boolean measured)
      throws InterruptedException {
    ProcessWatch watch = measured && target.pid() > 0 ? new ProcessWatch(target.pid()) : null;
    try {
      return run(target, count, bound, rep, watch);
    } finally {
      if (watch != null) {
        watch.stop();
      }
    }
  }

  private Result run(Target target, int count, Duration bound, int rep, ProcessWatch watch)
      throws InterruptedException {
    URI uri = target.uri();
    boolean nativeSse = target.nativeSse();
    Semaphore slots = new Semaphore(config.concurrency());
    ConcurrentLinkedQueue<Long> ttft = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Long> streamTime = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Long> serverTtft = new ConcurrentLinkedQueue<>();
    Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
    LongAdder tokens = new LongAdder();
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger open = new AtomicInteger();
    AtomicInteger cacheHits = new AtomicInteger();
    List<CompletableFuture<?>> all = new ArrayList<>(count);
    long start = System.nanoTime();
    long deadline = start + bound.toNanos();
    long spacing = config.rate() > 0 ? 1_000_000_000L / config.rate() : 0;
    long lastProgress = start;
    int started = 0;
    String runId = Long.toHexString(System.nanoTime());
    for (int i = 0; i < count && System.nanoTime() < deadline; i++) {
      while (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
        if (System.nanoTime() >= deadline) {
          break;
        }
      }
      if (System.nanoTime() >= deadline) {
        break;
      }
      if (spacing > 0) {
        long due = start + i * spacing;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
      started++;
      Stream stream = new Stream(nativeSse, open, target.headers());
      all.add(
          stream
              .send(client, uri, body(config.samePrompt() ? "same" : runId + "-" + i))
              .whenComplete(
                  (outcome, error) -> {
                    slots.release();
                    String kind = error != null ? errorKind(error) : outcome;
                    if (kind == null) {
                      ok.incrementAndGet();
                      ttft.add(stream.firstTokenNanos - stream.startNanos);
                      streamTime.add(stream.endNanos - stream.startNanos);
                      if (stream.serverTtftMs >= 0) {
                        serverTtft.add(stream.serverTtftMs * 1_000_000);
                      }
                      if (stream.cached) {
                        cacheHits.incrementAndGet();
                      }
                    } else {
                      errors.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
                    }
                    tokens.add(stream.tokens);
                  }));
      if (config.progress() && System.nanoTime() - lastProgress > 1_000_000_000L) {
        lastProgress = System.nanoTime();
        progress(target.name(), start, started, open, ok, errors);
      }
    }
    CompletableFuture<Void> done = CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    long waitUntil = System.nanoTime() + config.timeout().toNanos();
    while (!done.isDone() && System.nanoTime() < waitUntil) {
      try {
        done.get(1, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException stillRunning) {
        if (config.progress()) {
          progress(target.name(), start, started, open, ok, errors);
        }
      } catch (java.util.concurrent.ExecutionException counted) {
        // each failure was counted by its stream
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = watch == null ? 0 : watch.cpuSeconds(config.clockTicks());
    long rssPeakKb = watch == null ? 0 : watch.rssPeakKb();
    int unfinished = 0;
    for (CompletableFuture<?> one : all) {
      if (!one.isDone()) {
        unfinished++;
        one.cancel(true);
      }
    }
    if (unfinished > 0) {
      errors.computeIfAbsent("unfinished", k -> new AtomicInteger()).addAndGet(unfinished);
    }
    Map<String, Integer> errorCounts = new TreeMap<>();
    errors.forEach((kind, n) -> errorCounts.put(kind, n.get()));
    return new Result(
        config.label(),
        target.name(),
        config.concurrency(),
        started,
        ok.get(),
        errorCounts,
        toMillis(ttft),
        toMillis(streamTime),
        tokens.sum(),
        seconds,
        toMillis(serverTtft),
        cacheHits.get(),
        rep,
        cpuSeconds,
        rssPeakKb);
  }

  private String body(String prompt) {
    return "{\"model\":\"openai/gpt-4o-mini\",\"stream\":true,\"max_tokens\":"
        + config.maxTokens()
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"load driver "
        + prompt
        + "\"}]"
        + (config.extra().isBlank() ? "" : "," + config.extra())
        + "}";
  }

  private static void progress(
      String target,
      long start,
      int started,
      AtomicInteger open,
      AtomicInteger ok,
      Map<String, AtomicInteger> errors) {
    int failed = errors.values().stream().mapToInt(AtomicInteger::get).sum();
    System.err.printf(
        Locale.ROOT,
        "progress %s t=%.1fs started=%d open=%d ok=%d failed=%d%n",
        target,
        (System.nanoTime() - start) / 1e9,
        started,
        open.get(),
        ok.get(),
        failed);
  }

  private static String errorKind(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof RuntimeException)
        && cause.getCause() != null
        && cause != cause.getCause()) {
      cause = cause.getCause();
    }
    if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException) {
      return "connect";
    }
    if (cause instanceof HttpTimeoutException) {
      return "timeout";
    }
    if (cause instanceof java.util.concurrent.CancellationException) {
      return "cancelled";
    }
    if (cause instanceof java.io.IOException) {
      return "io";
    }
    return cause.getClass().getSimpleName();
  }

  private static void print(Result r) {
    System.out.printf(
        Locale.ROOT,
        "%-8s %-10s conc %5d: ok %6d/%-6d ttft p50 %8.2f p90 %8.2f p99 %8.2f max %8.2f ms;"
            + " stream p50 %8.1f ms; %9.0f tokens/s; errors %s%n",
        r.target(),
        r.label(),
        r.concurrency(),
        r.ok(),
        r.started(),
        r.ttft(50),
        r.ttft(90),
        r.ttft(99),
        r.ttft(100),
        r.stream(50),
        r.tokensPerSecond(),
        r.errors());
    if (r.serverTtftMs().length > 0) {
      System.out.printf(
          Locale.ROOT,
          "         server-side TTFT (done event) p50 %.0f ms p99 %.0f ms; cache hits %d%n",
          r.serverTtft(50),
          r.serverTtft(99),
          r.cacheHits());
    }
    System.out.println("RESULT " + r.json());
  }

  private static double[] toMillis(ConcurrentLinkedQueue<Long> nanos) {
    double[] ms = nanos.stream().mapToDouble(n -> n / 1e6).toArray();
    Arrays.sort(ms);
    return ms;
  }

  static double percentile(double[] sorted, int percentile) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static String round(double value) {
    return Double.isNaN(value) ? "null" : String.format(Locale.ROOT, "%.3f", value);
  }

  /**
   * CPU time (user + system, {@code /proc/<pid>/stat}) and peak resident memory ({@code VmRSS} of
   * {@code /proc/<pid>/status}, sampled every 100 ms) of one process over a phase.
   */
  static final class ProcessWatch {
    private final long pid;
    private final long startTicks;
    private final AtomicLong rssPeakKb = new AtomicLong();
    private final ScheduledExecutorService sampler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "process-watch");
              thread.setDaemon(true);
              return thread;
            });
    private long endTicks = -1;

    ProcessWatch(long pid) {
      this.pid = pid;
      this.startTicks = cpuTicks(pid);
      sampler.scheduleAtFixedRate(this::sample, 0, 100, TimeUnit.MILLISECONDS);
    }

    void stop() {
      if (endTicks < 0) {
        endTicks = cpuTicks(pid);
        sampler.shutdownNow();
        sample();
      }
    }

    double cpuSeconds(int clockTicks) {
      stop();
      return startTicks < 0 || endTicks < 0 ? 0 : (endTicks - startTicks) / (double) clockTicks;
    }

    long rssPeakKb() {
      stop();
      return rssPeakKb.get();
    }

    private void sample() {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
          if (line.startsWith("VmRSS:")) {
            long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
            rssPeakKb.accumulateAndGet(kb, Math::max);
          }
        }
      } catch (java.io.IOException | RuntimeException gone) {
        // the process ended; keep what was seen
      }
    }

    /**
     * utime + stime, fields 14 and 15 of the stat line (counted after the command's parentheses).
     */
    static long cpuTicks(long pid) {
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      } catch (java.io.IOException | RuntimeException gone) {
        return -1;
      }
    }
  }

  /**
   * One streaming request: reads the response line by line and notes when the first token came, how
   * many came, and how it ended. Completes with {@code null} on a clean end, else with the kind of
   * error.
   */
  private final class Stream implements Flow.Subscriber<String> {
    private final boolean nativeSse;
    private final AtomicInteger open;
    private final CompletableFuture<String> outcome = new CompletableFuture<>();
    long startNanos;
    long firstTokenNanos;
    long endNanos;
    long serverTtftMs = -1;
    int tokens;
    boolean cached;
    private String event = "";
    private boolean finished;
    private boolean counted;
    private Flow.Subscription subscription;
    private final Map<String, String> headers;

    Stream(boolean nativeSse, AtomicInteger open, Map<String, String> headers) {
      this.nativeSse = nativeSse;
      this.open = open;
      this.headers = headers;
    }

    CompletableFuture<String> send(HttpClient client, URI uri, String body) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri)
              .timeout(config.timeout())
              .header("Content-Type", "application/json")
              .header("Accept", "text/event-stream")
              .POST(HttpRequest.BodyPublishers.ofString(body));
      headers.forEach(request::header);
      startNanos = System.nanoTime();
      client
          .sendAsync(
              request.build(),
              info -> {
                if (info.statusCode() != 200) {
                  outcome.complete("http_" + info.statusCode());
                  return HttpResponse.BodySubscribers.discarding();
                }
                open.incrementAndGet();
                counted = true;
                return HttpResponse.BodySubscribers.fromLineSubscriber(this);
              })
          .whenComplete(
              (response, error) -> {
                if (error != null) {
                  end(errorKind(error));
                }
              });
      return outcome;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      if (nativeSse) {
        nativeLine(line);
      } else {
        openAiLine(line);
      }
    }

    private void openAiLine(String line) {
      if (!line.startsWith("data: ")) {
        return;
      }
      if (line.startsWith("data: [DONE]")) {
        finished = true;
        return;
      }
      if (line.startsWith("data: {\"error\"")) {
        end("stream_error");
        return;
      }
      int content = line.indexOf("\"content\":\"");
      if (content >= 0 && line.charAt(content + 11) != '"') {
        token();
      }
    }

    private void nativeLine(String line) {
      if (line.startsWith("event: ")) {
        event = line.substring(7);
        return;
      }
      if (!line.startsWith("data: ")) {
        return;
      }
      switch (event) {
        case "token" -> token();
        case "meta" -> cached = line.contains("\"cached\":true");
        case "done" -> {
          finished = true;
          int at = line.indexOf("\"ttft_ms\":");
          if (at >= 0) {
            int from = at + 10;
            int to = from;
            while (to < line.length() && Character.isDigit(line.charAt(to))) {
              to++;
            }
            if (to > from) {
              serverTtftMs = Long.parseLong(line.substring(from, to));
            }
          }
        }
        case "error" -> end("stream_error");
        default -> {}
      }
    }

    private void token() {
      if (tokens++ == 0) {
        firstTokenNanos = System.nanoTime();
      }
    }

    @Override
    public void onError(Throwable error) {
      end("io");
    }

    @Override
    public void onComplete() {
      if (!finished) {
        end("incomplete");
      } else if (tokens == 0) {
        end("no_token");
      } else {
        end(null);
      }
    }

    private synchronized void end(String kind) {
      if (outcome.isDone()) {
        return;
      }
      endNanos = System.nanoTime();
      if (counted) {
        open.decrementAndGet();
        counted = false;
      }
      if (kind != null && subscription != null) {
        subscription.cancel();
      }
      outcome.complete(kind);
    }
  }
}
