package com.cogniforge.gateway.resilience;

import com.cogniforge.gateway.routing.Tier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * When to send a backup request and whether one may be sent. The delay is the model's observed p95
 * TTFT (its tier's target until {@value #MIN_SAMPLES} calls are seen), kept between {@code
 * HEDGE_DELAY_MIN_MS} and {@code HEDGE_DELAY_MAX_MS}: only the slowest 5% get a twin. A token
 * bucket (bursts of at most 50 x the share) caps hedges at {@code HEDGE_MAX_SHARE} of the requests
 * that could hedge, so an overloaded provider is not sent twice the traffic just when it is slow.
 */
@ApplicationScoped
public class Hedging {

  static final int MIN_SAMPLES = 20;

  @Inject QualityMonitor quality;

  @Inject
  @ConfigProperty(name = "HEDGE_DELAY_MIN_MS", defaultValue = "150")
  long minDelayMs;

  @Inject
  @ConfigProperty(name = "HEDGE_DELAY_MAX_MS", defaultValue = "3000")
  long maxDelayMs;

  @Inject
  @ConfigProperty(name = "HEDGE_MAX_SHARE", defaultValue = "0.1")
  double maxShare;

  private double credits;

  /** A policy outside a container (unit tests, tools). */
  public static Hedging of(
      QualityMonitor quality, long minDelayMs, long maxDelayMs, double maxShare) {
    Hedging hedging = new Hedging();
    hedging.quality = quality;
    hedging.minDelayMs = minDelayMs;
    hedging.maxDelayMs = maxDelayMs;
    hedging.maxShare = maxShare;
    return hedging;
  }

  /** How long to wait for {@code model}'s first token before sending the backup. */
  public long delayMs(String model, Tier tier) {
    long fallback = tier == null ? maxDelayMs : tier.ttftTargetMs();
    long observed = quality.ttftP95(model, MIN_SAMPLES).orElse(fallback);
    return Math.max(minDelayMs, Math.min(maxDelayMs, observed));
  }

  /** Counts a request that could hedge: each one earns {@code HEDGE_MAX_SHARE} of a hedge. */
  public synchronized void eligible() {
    credits = Math.min(Math.max(1.0, 50 * maxShare), credits + maxShare);
  }

  /** Takes one hedge from the bucket; false when hedges already reached their share. */
  public synchronized boolean tryHedge() {
    if (credits < 1.0 - 1e-9) { // ten 0.1 shares add up to 0.999...
      return false;
    }
    credits -= 1.0;
    return true;
  }
}
