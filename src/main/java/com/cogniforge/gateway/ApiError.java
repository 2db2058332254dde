package com.cogniforge.gateway;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A request the gateway answers with an error status and the OpenAI error JSON, whichever endpoint
 * it came to. The message is shown to the client: it must never hold a secret or the prompt.
 */
public final class ApiError extends RuntimeException {

  private final int status;
  private final String code;
  private final Long retryAfterSeconds;

  public ApiError(int status, String code, String message) {
    this(status, code, message, null);
  }

  public ApiError(int status, String code, String message, Long retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static ApiError badRequest(String code, String message) {
    return new ApiError(400, code, message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public Long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** Status, JSON content type and Retry-After on a response not yet committed. */
  public void applyTo(HttpServletResponse response) {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    if (retryAfterSeconds != null) {
      response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
    }
  }

  /** The whole answer: status, headers and the JSON body, on a response not yet committed. */
  public void writeTo(HttpServletResponse response) throws IOException {
    applyTo(response);
    response.getWriter().write(toJson());
  }

  public String toJson() {
    return body(getMessage(), typeOf(status), code);
  }

  /** OpenAI's error body: {@code {"error": {"message", "type", "param", "code"}}}. */
  public static String body(String message, String type, String code) {
    StringBuilder out =
        new StringBuilder(message.length() + 100).append("{\"error\":{\"message\":");
    JsonText.quote(out, message).append(",\"type\":");
    JsonText.quote(out, type).append(",\"param\":null,\"code\":");
    if (code == null) {
      return out.append("null}}").toString();
    }
    return JsonText.quote(out, code).append("}}").toString();
  }

  /** The OpenAI error type for an HTTP status. */
  public static String typeOf(int status) {
    return switch (status) {
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 429 -> "rate_limit_error";
      case 503 -> "service_unavailable";
      default -> status >= 500 ? "api_error" : "invalid_request_error";
    };
  }

  /**
   * The status a Messages API client gets: the same, except that a gateway that cannot serve now
   * (503: no provider or model available, shutting down) answers Anthropic's 529, the status its
   * SDKs know as "overloaded" and retry.
   */
  public int anthropicStatus() {
    return status == 503 ? 529 : status;
  }

  /** Anthropic's error type for this error's status. */
  public String anthropicType() {
    return switch (status) {
      case 401 -> "authentication_error";
      case 402 -> "billing_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      case 503, 529 -> "overloaded_error";
      case 504 -> "timeout_error";
      default -> status >= 500 ? "api_error" : "invalid_request_error";
    };
  }

  /**
   * Anthropic's error body, {@code {"type":"error","error":{"type","message"},"request_id"}}. It
   * has no code field: the gateway's code leads the message ({@code "model_not_found: ..."}).
   */
  public String toAnthropicJson(String requestId) {
    StringBuilder out =
        new StringBuilder(getMessage().length() + 120)
            .append("{\"type\":\"error\",\"error\":{\"type\":");
    JsonText.quote(out, anthropicType()).append(",\"message\":");
    JsonText.quote(out, code == null ? getMessage() : code + ": " + getMessage()).append('}');
    if (requestId != null) {
      JsonText.quote(out.append(",\"request_id\":"), requestId);
    }
    return out.append('}').toString();
  }

  /** The whole answer in Anthropic's shape, on a response not yet committed. */
  public void writeAnthropicTo(HttpServletResponse response, String requestId) throws IOException {
    applyTo(response);
    response.setStatus(anthropicStatus());
    response.getWriter().write(toAnthropicJson(requestId));
  }
}
