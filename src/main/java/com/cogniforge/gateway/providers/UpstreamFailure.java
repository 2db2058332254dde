package com.cogniforge.gateway.providers;

/**
 * Why an upstream call failed, in terms a client can act on. The message is safe to show: it never
 * holds the provider key or the prompt.
 */
public final class UpstreamFailure extends Exception {

  /** The kinds of failure, each with the error code and HTTP status the client sees. */
  public enum Kind {
    CONNECT_FAILED("upstream_unavailable", 502),
    REJECTED_REQUEST("upstream_bad_request", 400),
    AUTH_FAILED("upstream_auth_failed", 502),
    RATE_LIMITED("upstream_rate_limited", 429),
    SERVER_ERROR("upstream_error", 502),
    FIRST_TOKEN_TIMEOUT("upstream_timeout", 504),
    STALLED("upstream_stalled", 504),
    CLOSED_EARLY("upstream_closed", 502),
    MALFORMED_CHUNK("upstream_malformed_chunk", 502),
    /** A line, event or JSON answer beyond the sizes the gateway buffers. */
    OVERSIZED("upstream_too_large", 502),
    STREAM_ERROR("upstream_error", 502),
    /**
     * The request holds something the provider's wire format cannot carry (the adapter refuses
     * rather than drop it); another provider of the same model may still serve it.
     */
    UNTRANSLATABLE("unsupported_by_provider", 400);

    private final String code;
    private final int clientStatus;

    Kind(String code, int clientStatus) {
      this.code = code;
      this.clientStatus = clientStatus;
    }

    public String code() {
      return code;
    }

    public int clientStatus() {
      return clientStatus;
    }
  }

  private final Kind kind;
  private final int upstreamStatus;
  private final Long retryAfterSeconds;

  public UpstreamFailure(Kind kind, String message) {
    this(kind, message, 0, null);
  }

  public UpstreamFailure(Kind kind, String message, int upstreamStatus, Long retryAfterSeconds) {
    super(message, null, false, false);
    this.kind = kind;
    this.upstreamStatus = upstreamStatus;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Classifies a non-200 answer of the provider. */
  public static UpstreamFailure fromStatus(int status, String detail, Long retryAfterSeconds) {
    Kind kind =
        switch (status) {
          case 429 -> Kind.RATE_LIMITED;
          case 401, 403 -> Kind.AUTH_FAILED;
          case 400, 404, 413, 422 -> Kind.REJECTED_REQUEST;
          default -> Kind.SERVER_ERROR;
        };
    // The provider's words on a refused credential are about our key: the client gets none of them.
    String shown =
        kind == Kind.AUTH_FAILED ? "the provider refused the gateway's credentials" : detail;
    String message = "provider answered HTTP " + status + (shown.isEmpty() ? "" : ": " + shown);
    return new UpstreamFailure(kind, message, status, retryAfterSeconds);
  }

  /**
   * Whether another provider of the same model may serve after this failure, before any token:
   * everything but a request the provider found wrong (another would too) or an oversized answer. A
   * 404 is the provider not knowing the model, which another may.
   */
  public boolean worthAnotherProvider() {
    return switch (kind) {
      case REJECTED_REQUEST -> upstreamStatus == 404;
      case OVERSIZED -> false;
      default -> true;
    };
  }

  public Kind kind() {
    return kind;
  }

  public String code() {
    return kind.code();
  }

  public int clientStatus() {
    return kind.clientStatus();
  }

  /** The provider's HTTP status, or 0 when it gave none. */
  public int upstreamStatus() {
    return upstreamStatus;
  }

  /** Seconds the provider asked us to wait, or {@code null}. */
  public Long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
