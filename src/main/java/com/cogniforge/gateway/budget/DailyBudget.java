package com.cogniforge.gateway.budget;

import com.cogniforge.gateway.ApiError;
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
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The day's spending against {@code LLM_DAILY_BUDGET} (USD per UTC day). Each call reserves its
 * worst-case cost before it starts and settles the actual cost when it ends, so the sum of what is
 * spent and what is reserved never exceeds the budget. The day's spend is rebuilt from the usage
 * records when the gateway starts, so a restart does not reset it.
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

  private long day = -1;
  private double spentUsd;
  private double reservedUsd;
  private String cutoffsSource;
  private Map<Tier, Double> cutoffs;

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

  public synchronized Snapshot snapshot() {
    rollOver();
    return new Snapshot(budgetUsd(), spentUsd, reservedUsd, highestTier(), secondsToMidnight());
  }

  /** The most expensive tier the remaining budget still allows. */
  public synchronized Tier highestTier() {
    rollOver();
    double budgetUsd = budgetUsd();
    double remainingShare = budgetUsd <= 0 ? 0 : (budgetUsd - spentUsd - reservedUsd) / budgetUsd;
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

  /** Sets aside {@code amountUsd}, or returns empty if that would overrun the budget. */
  public synchronized Optional<Reservation> tryReserve(double amountUsd) {
    rollOver();
    if (spentUsd + reservedUsd + amountUsd > budgetUsd() + 1e-12) {
      return Optional.empty();
    }
    reservedUsd += amountUsd;
    return Optional.of(new Reservation(day, amountUsd));
  }

  /** Changes a reservation (a fallback to a model of another price); false if it cannot grow. */
  public synchronized boolean resize(Reservation reservation, double amountUsd) {
    rollOver();
    if (reservation.keyId() != null && !keyBudgets.resize(reservation, amountUsd)) {
      return false;
    }
    double delta = amountUsd - reservation.amountUsd();
    if (reservation.day() == day) {
      if (delta > 0 && spentUsd + reservedUsd + delta > budgetUsd() + 1e-12) {
        return false;
      }
      reservedUsd += delta;
    }
    reservation.resize(amountUsd);
    return true;
  }

  /** Ends a reservation with what the call actually cost. */
  public synchronized void settle(Reservation reservation, double actualUsd) {
    if (!reservation.settle()) {
      return;
    }
    if (reservation.keyId() != null) {
      keyBudgets.settle(reservation, actualUsd);
    }
    rollOver();
    if (reservation.day() == day) {
      reservedUsd = Math.max(0, reservedUsd - reservation.amountUsd());
    }
    spentUsd += actualUsd; // a call that started yesterday is paid from today's budget
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

  private void rollOver() {
    long today = LocalDate.now(ZoneOffset.UTC).toEpochDay();
    if (today != day) {
      Instant start = LocalDate.ofEpochDay(today).atStartOfDay().toInstant(ZoneOffset.UTC);
      double recorded = usage.costSince(start);
      if (day >= 0) {
        reservedUsd = 0; // yesterday's open reservations settle into today's spend
      }
      spentUsd = recorded;
      day = today;
      LOG.info(
          String.format(
              Locale.ROOT,
              "budget for %s: $%.2f, $%.6f already spent",
              LocalDate.ofEpochDay(today),
              budgetUsd(),
              recorded));
    }
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
    if (!source.equals(cutoffsSource)) {
      Map<Tier, Double> parsed = new EnumMap<>(Tier.class);
      for (String entry : source.split(",")) {
        String[] parts = entry.split(":");
        if (parts.length == 2) {
          Tier.parse(parts[0]).ifPresent(tier -> parsed.put(tier, Double.parseDouble(parts[1])));
        }
      }
      cutoffs = parsed;
      cutoffsSource = source;
    }
    return cutoffs;
  }
}
