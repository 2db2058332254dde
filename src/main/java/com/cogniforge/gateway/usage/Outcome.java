package com.cogniforge.gateway.usage;

/** How a chat request ended. */
public enum Outcome {
  /** The provider finished and the client got everything. */
  OK,
  /** The provider failed, timed out or sent garbage. */
  UPSTREAM_ERROR,
  /** The client went away first; the upstream call was cancelled. */
  CLIENT_CANCELLED,
  /** The gateway refused the request (bad input, unknown model, no provider, shutting down). */
  REJECTED,
  /**
   * The gateway stopped before the call ended: a SIGTERM whose grace period ran out ({@code
   * gateway_shutting_down}), or a kill whose next start wrote the record from the journals ({@code
   * gateway_killed} at the call's worst case, {@code record_lost}).
   */
  INTERRUPTED,
  /**
   * The client's key was revoked (or expired) while it streamed; the upstream call was cancelled.
   */
  KEY_REVOKED
}
