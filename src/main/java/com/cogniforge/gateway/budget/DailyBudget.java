package com.cogniforge.gateway.budget;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.cluster.Cluster;
import com.cogniforge.gateway.routing.Tier;
import com.cogniforge.gateway.settings.GatewaySettings;
import com.cogniforge.gateway.settings.Setting;
import com.cogniforge.gateway.usage.UsageStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
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

  /** The shared ledger: per UTC day, {spent, reserved} in USD. */
  static final String LEDGER = "cogniforge-budget";

  private volatile Cutoffs cutoffs = new Cutoffs("", Map.of());

  /** The downgrade cut-offs and the setting value they were parsed from. */
  private record Cutoffs(String source, Map<Tier, Double> byTier) {}

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
      return String.format(
          Locale.ROOT,
          "{\"daily_usd\":%s,\"spent_usd\":%.8f,\"reserved_usd\":%.8f,\"remaining_usd\":%.8f,"
              + "\"highest_tier\":\"%s\",\"resets_in_seconds\":%d}",
          budgetUsd,
          spentUsd,
          reservedUsd,
          remainingUsd(),
          highestTier,
          resetsInSeconds);
    }
  }

  private double budgetUsd() {
    return Double.parseDouble(settings.value(Setting.LLM_DAILY_BUDGET));
  }

  public Snapshot snapshot() {
    double[] ledger = today();
    return new Snapshot(
        budgetUsd(), ledger[0], ledger[1], highestTier(ledger), secondsToMidnight());
  }

  /** The most expensive tier the remaining budget still allows. */
  public Tier highestTier() {
    return highestTier(today());
  }

  private Tier highestTier(double[] ledger) {
    double budgetUsd = budgetUsd();
    double remainingShare = budgetUsd <= 0 ? 0 : (budgetUsd - ledger[0] - ledger[1]) / budgetUsd;
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

  /** Worst-case cost of a call: every prompt token plus the completion cap, at list price. */
  public double worstCase(String model, int promptTokens, Integer maxTokens) {
    return prices.cost(model, promptTokens, maxTokens != null ? maxTokens : defaultMaxTokens);
  }

  /**
   * Sets aside {@code amountUsd}, or returns empty if that would overrun the budget. In a cluster
   * the check and the reservation are one atomic step on the shared ledger, so instances together
   * cannot overrun it either.
   */
  public Optional<Reservation> tryReserve(double amountUsd) {
    long day = currentDay();
    double limit = budgetUsd() + 1e-12;
    double[] after =
        ledger(
            day,
            l -> l[0] + l[1] + amountUsd > limit ? null : new double[] {l[0], l[1] + amountUsd});
    return after == null ? Optional.empty() : Optional.of(new Reservation(day, amountUsd));
  }

  /** Changes a reservation (a fallback to a model of another price); false if it cannot grow. */
  public boolean resize(Reservation reservation, double amountUsd) {
    double delta = amountUsd - reservation.amountUsd();
    boolean counted = reservation.day() == currentDay();
    if (counted) {
      double limit = budgetUsd() + 1e-12;
      double[] after =
          ledger(
              reservation.day(),
              l ->
                  delta > 0 && l[0] + l[1] + delta > limit
                      ? null
                      : new double[] {l[0], Math.max(0, l[1] + delta)});
      if (after == null) {
        return false;
      }
    }
    if (reservation.keyId() != null && !keyBudgets.resize(reservation, amountUsd)) {
      if (counted) {
        ledger(reservation.day(), l -> new double[] {l[0], Math.max(0, l[1] - delta)});
      }
      return false;
    }
    reservation.resize(amountUsd);
    return true;
  }

  /** Ends a reservation with what the call actually cost. */
  public void settle(Reservation reservation, double actualUsd) {
    if (!reservation.settle()) {
      return;
    }
    if (reservation.keyId() != null) {
      keyBudgets.settle(reservation, actualUsd);
    }
    long day = currentDay();
    // A call that started yesterday is paid from today's budget; its reservation was yesterday's.
    double release = reservation.day() == day ? reservation.amountUsd() : 0;
    ledger(day, l -> new double[] {l[0] + actualUsd, Math.max(0, l[1] - release)});
  }

  private double[] today() {
    long day = currentDay();
    return cluster.read(LEDGER, String.valueOf(day), () -> opening(day));
  }

  private double[] ledger(long day, UnaryOperator<double[]> change) {
    return cluster.update(LEDGER, String.valueOf(day), () -> opening(day), change);
  }

  /**
   * A day's ledger when it is first needed (by any instance of the cluster): what the usage records
   * already say was spent that day, so a restart does not reset it, and nothing reserved.
   */
  private double[] opening(long day) {
    Instant start = LocalDate.ofEpochDay(day).atStartOfDay().toInstant(ZoneOffset.UTC);
    double recorded = usage.costSince(start);
    LOG.info(
        String.format(
            Locale.ROOT,
            "budget for %s: $%.2f, $%.6f already spent",
            LocalDate.ofEpochDay(day),
            budgetUsd(),
            recorded));
    return new double[] {recorded, 0};
  }

  private static long currentDay() {
    return LocalDate.now(ZoneOffset.UTC).toEpochDay();
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
