package com.cogniforge.gateway.budget;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.JsonDocuments;
import com.cogniforge.gateway.catalogue.ModelCatalogue;
import com.cogniforge.gateway.cluster.Cluster;
import com.cogniforge.gateway.cluster.SharedCounter;
import com.cogniforge.gateway.routing.Tier;
import com.cogniforge.gateway.settings.GatewaySettings;
import com.cogniforge.gateway.settings.Setting;
import com.cogniforge.gateway.usage.Outcome;
import com.cogniforge.gateway.usage.UsageRecord;
import com.cogniforge.gateway.usage.UsageRecorder;
import com.cogniforge.gateway.usage.UsageStore;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The day's spending against {@code LLM_DAILY_BUDGET} (USD per UTC day). Each call reserves its
 * worst-case cost before it starts and settles the actual cost when it ends, so the sum of what is
 * spent and what is reserved never exceeds the budget. The day's spend is rebuilt from the usage
 * records when the day's ledger is first needed, so a restart does not reset it. The ledger lives
 * in the {@link Cluster}: shared by every instance of a cluster, in memory on a single node.
 */
@ApplicationScoped
public class DailyBudget {

  private static final Logger LOG = Logger.getLogger(DailyBudget.class.getName());

  @Inject PriceTable prices;
  @Inject KeyBudgets keyBudgets;
  @Inject UsageStore usage;

  /** Replays the records a kill left in its journal before the day's spend is read; null: tests. */
  @Inject UsageRecorder records;

  /**
   * The budget ({@code LLM_DAILY_BUDGET}), the tier cut-offs ({@code BUDGET_DOWNGRADE_THRESHOLDS}:
   * a tier is used only while at least its share of the budget is left) and what happens once it is
   * spent ({@code BUDGET_EXHAUSTED_MODE}: {@code reject}, HTTP 429, or {@code nano}) can change at
   * run time: they are read from here on each decision.
   */
  @Inject GatewaySettings settings;

  /** Completion tokens reserved for a request that sets no {@code max_tokens}. */
  @Inject
  @ConfigProperty(name = "DEFAULT_MAX_TOKENS", defaultValue = "1024")
  int defaultMaxTokens;

  @Inject Cluster cluster;

  /** Where the {@link ReservationJournal} lives ({@code reservations.journal}). */
  @Inject
  @ConfigProperty(name = "DATA_DIR", defaultValue = "./data")
  String dataDir;

  /** Today's reservations on disk, for a restart after {@code kill -9}; null: not kept (tests). */
  private ReservationJournal journal;

  /** The UTC day comes from here; tests move it across midnight ({@link #clock(Clock)}). */
  private Clock clock = Clock.systemUTC();

  /** Ledger amounts are whole nano-dollars in shared counters: exact sums, one round trip each. */
  static final double UNIT_USD = 1e-9;

  private volatile Cutoffs cutoffs = new Cutoffs("", Map.of());
  private volatile Ledger ledger;

  /** The downgrade cut-offs and the setting value they were parsed from. */
  private record Cutoffs(String source, Map<Tier, Double> byTier) {}

  /**
   * One UTC day's ledger: {@code committed} is spent plus reserved (what a reservation is checked
   * against), {@code spent} what calls cost. {@code lastCommitted} is this instance's latest
   * reading, good enough for choosing the highest tier without a round trip.
   */
  private static final class Ledger {
    final long day;
    final SharedCounter committed;
    final SharedCounter spent;
    volatile long lastCommitted;
    volatile long readAtNanos;

    Ledger(long day, SharedCounter committed, SharedCounter spent) {
      this.day = day;
      this.committed = committed;
      this.spent = spent;
    }

    long seen(long committedUnits) {
      lastCommitted = committedUnits;
      readAtNanos = System.nanoTime();
      return committedUnits;
    }
  }

  /** What the budget looks like now. */
  public record Snapshot(
      double budgetUsd,
      double spentUsd,
      double reservedUsd,
      Tier highestTier,
      long resetsInSeconds) {
    public double remainingUsd() {
      return Math.max(0, budgetUsd - spentUsd - reservedUsd);
    }

    public String toJson() {
      return JsonDocuments.toJson(BudgetFigures.of(this));
    }
  }

  /** A budget on the given settings and ledger, outside a container (unit tests, tools). */
  public static DailyBudget of(GatewaySettings settings, UsageStore usage, Cluster cluster) {
    DailyBudget budget = new DailyBudget();
    budget.settings = settings;
    budget.usage = usage;
    budget.cluster = cluster;
    budget.defaultMaxTokens = 1024;
    budget.prices = PriceTable.of(settings, ModelCatalogue.of(""));
    budget.keyBudgets = new KeyBudgets();
    budget.keyBudgets.usage = usage;
    return budget;
  }

  @PostConstruct
  void openJournal() {
    journal = new ReservationJournal(Path.of(dataDir, "reservations.journal"));
  }

  @PreDestroy
  void closeJournal() {
    if (journal != null) {
      journal.close();
    }
  }

  /** Keeps reservations in {@code journal} (tests). */
  void journal(ReservationJournal journal) {
    this.journal = journal;
  }

  /** Counts days by {@code clock}, in this budget and its keys' ledgers (tests). */
  void clock(Clock clock) {
    this.clock = clock;
    if (keyBudgets != null) {
      keyBudgets.clock = clock;
    }
  }

  /** The prices this budget counts in. */
  public PriceTable prices() {
    return prices;
  }

  private double budgetUsd() {
    return Double.parseDouble(settings.value(Setting.LLM_DAILY_BUDGET));
  }

  public Snapshot snapshot() {
    Ledger today = today();
    long committed = today.seen(today.committed.get());
    long spent = today.spent.get();
    return new Snapshot(
        budgetUsd(),
        spent * UNIT_USD,
        Math.max(0, committed - spent) * UNIT_USD,
        highestTier(committed * UNIT_USD),
        secondsToMidnight());
  }

  /** The most expensive tier the remaining budget still allows. */
  public Tier highestTier() {
    Ledger today = today();
    long committed = today.lastCommitted;
    if (System.nanoTime() - today.readAtNanos > 500_000_000L) {
      committed = today.seen(today.committed.get()); // refreshed at most twice a second
    }
    return highestTier(committed * UNIT_USD);
  }

  private Tier highestTier(double committedUsd) {
    double budgetUsd = budgetUsd();
    double remainingShare = budgetUsd <= 0 ? 0 : (budgetUsd - committedUsd) / budgetUsd;
    Tier allowed = Tier.NANO;
    for (Tier tier : Tier.values()) {
      if (remainingShare >= cutoffs().getOrDefault(tier, 0.0)) {
        allowed = tier;
      }
    }
    return allowed;
  }

  public boolean nanoWhenExhausted() {
    return settings.value(Setting.BUDGET_EXHAUSTED_MODE).equals("nano");
  }

  /** The completion cap of a request that sets none and whose key sets none. */
  public int defaultMaxTokens() {
    return defaultMaxTokens;
  }

  /** Worst-case cost of a call: every prompt token plus the completion cap, at list price. */
  public double worstCase(String model, int promptTokens, Integer maxTokens) {
    return prices.cost(model, promptTokens, maxTokens != null ? maxTokens : defaultMaxTokens);
  }

  /**
   * Sets aside {@code amountUsd}, or returns empty if that would overrun the budget. The amount is
   * added first and taken back if the total passed the budget, so instances sharing the ledger can
   * never overrun it together; near the limit, a request may be refused because another one's
   * addition was still counted for an instant.
   */
  public Optional<Reservation> tryReserve(double amountUsd) {
    Ledger today = today();
    long units = units(amountUsd);
    long committed = today.seen(today.committed.addAndGet(units));
    if (committed > units(budgetUsd())) {
      today.seen(today.committed.addAndGet(-units));
      return Optional.empty();
    }
    return Optional.of(new Reservation(today.day, amountUsd));
  }

  /**
   * Sets aside {@code amountUsd} in the gateway's ledger and, for a client key, in the key's too:
   * within its own daily budget ({@code keyLimitUsd}, when not null) and within the {@link
   * ReservationCaps} every key has. Both or neither. This class owns both ledgers from here to
   * {@link #settle}.
   *
   * @throws ApiError {@code budget_exhausted}, {@code key_budget_exhausted}, {@code
   *     key_reservation_cap} or {@code key_budget_share}
   */
  public Reservation reserve(double amountUsd, Long keyId, Double keyLimitUsd) {
    return reserve(CallLabel.of(null), amountUsd, keyId, keyLimitUsd);
  }

  /**
   * As {@link #reserve(double, Long, Double)}, and journals the reservation (with the request's id,
   * which its usage record will carry) before returning: the caller calls the provider only after
   * that, so a restart after {@code kill -9} counts it. A reservation that cannot be journalled is
   * taken back and the request refused ({@code budget_journal_unavailable}, 503).
   */
  public Reservation reserve(String requestId, double amountUsd, Long keyId, Double keyLimitUsd) {
    return reserve(CallLabel.of(requestId), amountUsd, keyId, keyLimitUsd);
  }

  /**
   * As {@link #reserve(String, double, Long, Double)}, noting the call's endpoint and model too: a
   * call killed in flight then gets a usage record with them after the restart.
   */
  public Reservation reserve(CallLabel call, double amountUsd, Long keyId, Double keyLimitUsd) {
    Reservation reservation = tryReserve(amountUsd).orElseThrow(this::exhausted);
    if (keyId != null) {
      try {
        keyBudgets.reserve(reservation, keyId, keyLimitUsd, amountUsd, caps());
      } catch (ApiError refused) {
        settle(reservation, 0);
        throw refused;
      }
    }
    if (journal != null) {
      try {
        reservation.journalled(journal.reserved(reservation.day(), call, keyId, amountUsd));
      } catch (UncheckedIOException failed) {
        settle(reservation, 0);
        LOG.warning("reservation journal not writable, request refused: " + failed.getCause());
        throw new ApiError(
            503,
            "budget_journal_unavailable",
            "the gateway cannot record budget reservations now; try again later",
            5L);
      }
    }
    return reservation;
  }

  /** What one key may hold in open reservations, as the settings and today's spend say now. */
  private ReservationCaps caps() {
    Ledger today = today();
    return new ReservationCaps(
        Double.parseDouble(settings.value(Setting.KEY_RESERVATION_CAP_USD)),
        Double.parseDouble(settings.value(Setting.KEY_RESERVATION_SHARE)),
        budgetUsd() - today.spent.get() * UNIT_USD);
  }

  /** Whether {@code amountUsd} would fit in today's budget now (no reservation is made). */
  public boolean couldCover(double amountUsd) {
    Ledger today = today();
    return today.seen(today.committed.get()) + units(amountUsd) <= units(budgetUsd());
  }

  /**
   * Changes a reservation (a fallback to a model of another price, a hedge's second call); false if
   * it cannot grow, or if the call was already settled: a resize racing the settlement must not
   * leave its amount in the ledger until midnight.
   */
  public boolean resize(Reservation reservation, double amountUsd) {
    synchronized (reservation) {
      if (reservation.settled()) {
        return false;
      }
      String ref = reservation.journalRef();
      if (ref != null
          && amountUsd > reservation.amountUsd()
          && !journal.resized(reservation.day(), ref, amountUsd)) {
        return false; // a growth a restart could not see is not allowed
      }
      Ledger today = today();
      long delta = units(amountUsd) - units(reservation.amountUsd());
      boolean counted = reservation.day() == today.day;
      if (counted && delta != 0) {
        long committed = today.seen(today.committed.addAndGet(delta));
        if (delta > 0 && committed > units(budgetUsd())) {
          today.seen(today.committed.addAndGet(-delta));
          return false;
        }
      }
      if (reservation.keyId() != null
          && !keyBudgets.resize(
              reservation, amountUsd, amountUsd > reservation.keyAmountUsd() ? caps() : null)) {
        if (counted && delta != 0) {
          today.seen(today.committed.addAndGet(-delta));
        }
        return false;
      }
      reservation.resize(amountUsd);
      return true;
    }
  }

  /** Ends a reservation with what the call actually cost; a second settlement changes nothing. */
  public void settle(Reservation reservation, double actualUsd) {
    synchronized (reservation) {
      if (!reservation.settle()) {
        return;
      }
      if (reservation.keyId() != null) {
        keyBudgets.settle(reservation, actualUsd);
      }
      Ledger today = today();
      // A call that started yesterday is paid from today's budget; its reservation was yesterday's.
      long release = reservation.day() == today.day ? units(reservation.amountUsd()) : 0;
      long actual = units(actualUsd);
      today.seen(today.committed.addAndGet(actual - release));
      today.spent.addAndGet(actual);
      if (reservation.journalRef() != null) {
        journal.settled(reservation.day(), reservation.journalRef(), actualUsd);
      }
    }
  }

  private static long units(double usd) {
    return Math.round(usd / UNIT_USD);
  }

  /** Today's ledger, opened (by the first instance of the cluster to need it) if it is new. */
  private Ledger today() {
    Ledger current = ledger;
    long day = currentDay();
    return current != null && current.day == day ? current : open(day);
  }

  /**
   * Opens a day's ledger: the first instance to need it adds what the usage records already say was
   * spent that day, so a restart does not reset the budget.
   */
  private synchronized Ledger open(long day) {
    Ledger current = ledger;
    if (current != null && current.day == day) {
      return current;
    }
    String prefix = "cogniforge-budget-" + LocalDate.ofEpochDay(day) + "-";
    Ledger opened =
        new Ledger(day, cluster.counter(prefix + "committed"), cluster.counter(prefix + "spent"));
    // 0: nobody opened the day yet; 1: an instance is adding the recorded spend; 2: open.
    SharedCounter state = cluster.counter(prefix + "opened");
    // Names this opening of the day's ledger: a journal noting the same one is still counted in it.
    SharedCounter generation = cluster.counter(prefix + "generation");
    Instant start = LocalDate.ofEpochDay(day).atStartOfDay().toInstant(ZoneOffset.UTC);
    if (records != null) {
      records.recoverJournal(); // records a kill left queued count as records, not reservations
    }
    if (state.compareAndSet(0, 1)) {
      generation.compareAndSet(0, ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
      double recorded = usage.costSince(start);
      opened.committed.addAndGet(units(recorded));
      opened.spent.addAndGet(units(recorded));
      double unsettled = replayJournal(day, start, generation.get(), opened);
      state.compareAndSet(1, 2);
      LOG.info(
          String.format(
              Locale.ROOT,
              "budget for %s: $%.2f, $%.6f already spent, $%.6f more in calls a stop left"
                  + " unrecorded",
              LocalDate.ofEpochDay(day),
              budgetUsd(),
              recorded,
              unsettled));
    } else {
      awaitOpened(state);
      double unsettled = replayJournal(day, start, generation.get(), opened);
      if (unsettled > 0) {
        LOG.info(
            String.format(
                Locale.ROOT, "budget: $%.6f added for calls a stop left unrecorded", unsettled));
      }
    }
    opened.seen(opened.committed.get());
    ledger = opened;
    return opened;
  }

  /**
   * Counts the day's journalled reservations whose usage records are missing (the process that made
   * them was killed): each at what it was settled at, else at the most it held. The key ledgers of
   * this instance count them always; the day's ledger only if it was opened anew since (a data grid
   * that outlived the process still holds them). Returns what was added.
   */
  private double replayJournal(long day, Instant start, long generation, Ledger opened) {
    if (journal == null) {
      return 0;
    }
    ReservationJournal.Replay replay = journal.read(day);
    Map<String, Double> mayHaveCost = new HashMap<>();
    Map<String, Long> keyOf = new HashMap<>();
    Set<String> requestIds = new HashSet<>();
    for (ReservationJournal.Entry entry : replay.entries()) {
      mayHaveCost.merge(entry.recordKey(), entry.mayHaveCostUsd(), Double::sum);
      if (entry.keyId() != null) {
        keyOf.put(entry.recordKey(), entry.keyId());
      }
      requestIds.add(entry.requestId());
    }
    Map<String, Double> recorded =
        requestIds.isEmpty() ? Map.of() : usage.costByRequest(start, requestIds);
    double unrecorded = 0;
    Map<Long, Double> byKey = new HashMap<>();
    for (Map.Entry<String, Double> call : mayHaveCost.entrySet()) {
      double missing = Math.max(0, call.getValue() - recorded.getOrDefault(call.getKey(), 0.0));
      unrecorded += missing;
      Long keyId = keyOf.get(call.getKey());
      if (keyId != null && missing > 0) {
        byKey.merge(keyId, missing, Double::sum);
      }
    }
    // Once their records are written, a key's ledger (opened later, from the records) sees them:
    // carried as well, they would count twice. At start no key's ledger is open yet.
    boolean nowRecorded = recordKilledCalls(replay, recorded, mayHaveCost, start);
    keyBudgets.carry(day, nowRecorded ? Map.of() : byKey);
    double added = 0;
    if (replay.generation() != generation) {
      opened.committed.addAndGet(units(unrecorded));
      opened.spent.addAndGet(units(unrecorded));
      added = unrecorded;
    }
    // Calls whose records show all they may have cost need no line any more.
    replay
        .byRef()
        .values()
        .removeIf(e -> recorded.getOrDefault(e.recordKey(), 0.0) >= mayHaveCost.get(e.recordKey()));
    journal.compact(replay, generation);
    return added;
  }

  /**
   * Gives each call of the journal that has no usage record one, at what the budget counts it at,
   * so that the records and the budget agree: outcome {@code interrupted}, error {@code
   * gateway_killed} for a call killed in flight (at its worst case), {@code record_lost} for one
   * settled whose record did not survive (at what it was settled at). Per request id and key, as
   * the budget matches them: where some records of the pair landed, one record holds the rest. The
   * next start finds them and adds none; if the database refuses them now, the next start tries
   * again (the budget counts the calls either way).
   *
   * @return whether every missing record is now written
   */
  private boolean recordKilledCalls(
      ReservationJournal.Replay replay,
      Map<String, Double> recorded,
      Map<String, Double> mayHaveCost,
      Instant dayStart) {
    Map<String, List<ReservationJournal.Entry>> byPair = new HashMap<>();
    for (ReservationJournal.Entry entry : replay.entries()) {
      byPair.computeIfAbsent(entry.recordKey(), k -> new ArrayList<>()).add(entry);
    }
    List<UsageRecord> missing = new ArrayList<>();
    byPair.forEach(
        (pair, entries) -> {
          double found = recorded.getOrDefault(pair, 0.0);
          double unrecorded = mayHaveCost.get(pair) - found;
          if (units(unrecorded) <= 0) {
            return;
          }
          if (found == 0) {
            entries.forEach(e -> missing.add(killedCallRecord(e, e.mayHaveCostUsd(), dayStart)));
          } else {
            missing.add(killedCallRecord(entries.get(entries.size() - 1), unrecorded, dayStart));
          }
        });
    if (missing.isEmpty()) {
      return true;
    }
    try {
      usage.saveAll(missing);
      LOG.warning(
          missing.size()
              + " usage record(s) written for calls a kill left unrecorded (outcome interrupted)");
      return true;
    } catch (RuntimeException refused) {
      LOG.warning("records of killed calls not written (the next start tries again): " + refused);
      return false;
    }
  }

  private static UsageRecord killedCallRecord(
      ReservationJournal.Entry entry, double costUsd, Instant dayStart) {
    CallLabel call = entry.label();
    Instant at =
        entry.reservedAtMillis() > 0 ? Instant.ofEpochMilli(entry.reservedAtMillis()) : dayStart;
    return UsageRecord.builder(
            at.isBefore(dayStart) ? dayStart : at,
            call.requestId(),
            call.endpoint() == null ? "unknown" : call.endpoint())
        .request(call.streamed(), null)
        .clientKey(entry.keyId())
        .served(call.model(), null, null)
        .tokens(0, 0, true)
        .cost(costUsd)
        .timing(null, 0)
        .outcome(Outcome.INTERRUPTED, entry.settledUsd() == null ? "gateway_killed" : "record_lost")
        .build();
  }

  /** Waits (at most 10 s, in case the opener died) while another instance opens the day. */
  private static void awaitOpened(SharedCounter state) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (state.get() == 1 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Opens today's ledger at deployment, before any request could reserve from it. */
  void openAtStart(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
    try {
      today();
    } catch (RuntimeException notYet) {
      LOG.warning("budget ledger not opened at start (the first request will): " + notYet);
    }
  }

  private long currentDay() {
    return LocalDate.now(clock.withZone(ZoneOffset.UTC)).toEpochDay();
  }

  /** The error a request gets when nothing can be reserved for it. */
  public ApiError exhausted() {
    return new ApiError(
        429,
        "budget_exhausted",
        String.format(
            Locale.ROOT,
            "the daily LLM budget of $%.2f is spent; it resets at 00:00 UTC",
            budgetUsd()),
        secondsToMidnight());
  }

  private long secondsToMidnight() {
    return secondsToMidnightUtc();
  }

  static long secondsToMidnightUtc() {
    Instant now = Instant.now();
    Instant midnight =
        LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    return Math.max(1, Duration.between(now, midnight).toSeconds());
  }

  /** The cut-offs in force, parsed again only when the setting changed (values are checked). */
  private Map<Tier, Double> cutoffs() {
    String source = settings.value(Setting.BUDGET_DOWNGRADE_THRESHOLDS);
    Cutoffs current = cutoffs;
    if (!source.equals(current.source())) {
      Map<Tier, Double> parsed = new EnumMap<>(Tier.class);
      for (String entry : source.split(",")) {
        String[] parts = entry.split(":");
        if (parts.length == 2) {
          Tier.parse(parts[0]).ifPresent(tier -> parsed.put(tier, Double.parseDouble(parts[1])));
        }
      }
      current = new Cutoffs(source, parsed);
      cutoffs = current;
    }
    return current.byTier();
  }
}
