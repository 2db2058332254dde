package com.cogniforge.gateway.resilience;

/** A model's circuit breaker. */
public enum CircuitState {
  /** Healthy enough: the router uses the model. */
  CLOSED,
  /** Health fell below the threshold: the router skips the model until the open time is over. */
  OPEN,
  /** The open time is over: one real request probes the model; its result closes or reopens. */
  HALF_OPEN
}
