package com.cogniforge.gateway;

import com.cogniforge.gateway.providers.OpenAiWire;
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
    return OpenAiWire.error(getMessage(), OpenAiWire.errorType(status), code);
  }
}
