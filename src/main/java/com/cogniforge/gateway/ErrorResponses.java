package com.cogniforge.gateway;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every error of the JAX-RS resources leaves as OpenAI-shaped JSON: our own {@link ApiError}s, the
 * framework's own (unknown path, wrong method, wrong media type) and, as a last resort, bugs.
 */
@Provider
public class ErrorResponses implements ExceptionMapper<Throwable> {

  private static final Logger LOG = Logger.getLogger(ErrorResponses.class.getName());

  @Override
  public Response toResponse(Throwable error) {
    ApiError api;
    if (error instanceof ApiError known) {
      api = known;
    } else if (error instanceof WebApplicationException web) {
      int status = web.getResponse().getStatus();
      api = new ApiError(status, codeFor(status), messageFor(status));
    } else {
      LOG.log(Level.SEVERE, "unexpected error", error);
      api = new ApiError(500, "internal_error", "the gateway failed unexpectedly");
    }
    return toResponse(api);
  }

  public static Response toResponse(ApiError api) {
    Response.ResponseBuilder response =
        Response.status(api.status())
            .type(MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8"))
            .entity(api.toJson());
    if (api.retryAfterSeconds() != null) {
      response.header("Retry-After", api.retryAfterSeconds());
    }
    return response.build();
  }

  private static String codeFor(int status) {
    return switch (status) {
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 406 -> "not_acceptable";
      case 415 -> "unsupported_media_type";
      default -> status >= 500 ? "internal_error" : "invalid_request";
    };
  }

  private static String messageFor(int status) {
    return switch (status) {
      case 404 -> "no such endpoint";
      case 405 -> "method not allowed on this endpoint";
      case 406 -> "cannot produce a response in the accepted media type";
      case 415 -> "send the request body as application/json";
      default -> "the request could not be processed (HTTP " + status + ")";
    };
  }
}
