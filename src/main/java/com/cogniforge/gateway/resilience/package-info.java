/**
 * Staying fast when models are not: live quality of each model (latency, throughput and errors over
 * a sliding window, a health score), circuit breakers that keep routes away from a failing model
 * until a probe shows it recovered, and the hedging policy (when a backup call may be sent).
 */
package com.cogniforge.gateway.resilience;
