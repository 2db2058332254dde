package com.cogniforge.gateway.resilience;

import java.time.Duration;

/**
 * The monitor's knobs (environment variables of the same names).
 *
 * @param window how far back figures and health look ({@code QUALITY_WINDOW_SECONDS})
 * @param healthThreshold below this health a model's circuit opens ({@code
 *     CIRCUIT_HEALTH_THRESHOLD})
 * @param minRequests calls in the window before health may open the circuit ({@code
 *     CIRCUIT_MIN_REQUESTS})
 * @param openFor how long an open circuit keeps the model out before a probe ({@code
 *     CIRCUIT_OPEN_SECONDS})
 */
public record QualityPolicy(
    Duration window, double healthThreshold, int minRequests, Duration openFor) {}
