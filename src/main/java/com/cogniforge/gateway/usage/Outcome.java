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
  /** The gateway stopped (SIGTERM) before the stream ended and its grace period ran out. */
  INTERRUPTED,
  /**
   * The client's key was revoked (or expired) while it streamed; the upstream call was cancelled.
   */
  KEY_REVOKED
}
