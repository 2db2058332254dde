package com.cogniforge.gateway.api;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.admission.Admission;
import com.cogniforge.gateway.conversations.StoredResponse;
import com.cogniforge.gateway.conversations.StoredResponses;
import com.cogniforge.gateway.http.NonBlockingWriter;
import com.cogniforge.gateway.http.RequestBodies;
import com.cogniforge.gateway.relay.ChatInput;
import com.cogniforge.gateway.relay.ChatStream;
import com.cogniforge.gateway.relay.RequestInfo;
import com.cogniforge.gateway.settings.GatewaySettings;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * OpenAI's Responses API: {@code POST /v1/responses} (streamed or not), {@code GET} and {@code
 * DELETE /v1/responses/{id}}, so Codex and other Responses clients work through the gateway. The
 * request is translated into a Chat Completions request ({@link ResponsesRequest}) and admitted
 * like any other (routing, keys, budgets, cache, fallback, usage records with endpoint {@code
 * responses}); the answer is written back as Responses events or one Response object ({@link
 * ResponseOutput}). Stored answers ({@code store}, the default) live in {@link StoredResponses}.
 */
@WebServlet(
    urlPatterns = {"/v1/responses", "/v1/responses/*"},
    asyncSupported = true)
public class ResponsesServlet extends HttpServlet {

  private static final Logger LOG = Logger.getLogger(ResponsesServlet.class.getName());
  private static final Pattern RESPONSE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  @Inject Admission admission;
  @Inject GatewaySettings settings;
  @Inject StoredResponses stored;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    String path = request.getPathInfo();
    try {
      if (path == null || path.equals("/")) {
        if (!"POST".equals(request.getMethod())) {
          throw methodNotAllowed(response, "POST");
        }
        create(request, response);
        return;
      }
      String id = path.substring(1);
      if (!RESPONSE_ID.matcher(id).matches()) {
        throw new ApiError(404, "not_found", "no such endpoint");
      }
      switch (request.getMethod()) {
        case "GET" -> retrieve(request, response, id);
        case "DELETE" -> delete(request, response, id);
        default -> throw methodNotAllowed(response, "GET, DELETE");
      }
    } catch (ApiError error) {
      sendError(response, error);
    }
  }

  private void create(HttpServletRequest request, HttpServletResponse response) throws IOException {
    RequestInfo info = RequestInfo.of(request, RequestInfo.RESPONSES);
    response.setHeader("X-Request-Id", info.requestId());
    ResponsesRequest parsed;
    List<JsonObject> history;
    ChatInput input;
    try {
      parsed =
          ResponsesRequest.parse(
              RequestBodies.read(request.getInputStream(), settings.maxRequestBytes()));
      history = history(parsed.previousResponseId(), info.clientKeyId());
      input = parsed.chatInput(history, ProviderOptions.allowed(settings, info));
    } catch (ApiError invalid) {
      admission.refused(info, null, false, invalid);
      sendError(response, invalid);
      return;
    }
    ChatStream stream;
    try {
      stream = admission.admit(info, input);
    } catch (ApiError rejected) {
      sendError(response, rejected);
      return;
    }
    RouteHeaders.set(response, stream);
    ResponseDocument document =
        new ResponseDocument(
            ResponseOutput.newId("resp_"), System.currentTimeMillis() / 1000, parsed);
    Consumer<FinishedResponse> onFinished = store(parsed, history, document.id(), info);
    AsyncContext async = request.startAsync();
    NonBlockingWriter writer = NonBlockingWriter.start(async);
    stream.start(
        parsed.stream()
            ? new ResponseEventStream(async, writer, document, onFinished)
            : new ResponseJsonAnswer(async, writer, document, onFinished));
  }

  /** The conversation so far: the previous response's input items and its output items. */
  private List<JsonObject> history(String previousId, Long clientKeyId) {
    if (previousId == null) {
      return List.of();
    }
    StoredResponse previous =
        lookUp(previousId, clientKeyId)
            .orElseThrow(
                () ->
                    new ApiError(
                        404,
                        "previous_response_not_found",
                        "Previous response with id '" + previousId + "' not found."));
    List<JsonObject> items = new ArrayList<>();
    for (JsonValue item : items(previous.inputItems())) {
      items.add(item.asJsonObject());
    }
    JsonObject answer = JsonText.parseObject(previous.responseJson());
    for (JsonValue item : answer.getJsonArray("output")) {
      items.add(item.asJsonObject());
    }
    return items;
  }

  /**
   * What to do with the finished answer: store it (with the whole conversation) unless told not.
   */
  private Consumer<FinishedResponse> store(
      ResponsesRequest request, List<JsonObject> history, String id, RequestInfo info) {
    if (!request.store()) {
      return finished -> {};
    }
    return finished -> {
      JsonArrayBuilder conversation = JsonText.BUILDERS.createArrayBuilder();
      history.forEach(conversation::add);
      request.input().forEach(conversation::add);
      stored.save(
          id,
          info.clientKeyId(),
          finished.model(),
          finished.status(),
          JsonText.write(conversation.build()),
          JsonText.write(finished.response()));
    };
  }

  private void retrieve(HttpServletRequest request, HttpServletResponse response, String id)
      throws IOException {
    if (request.getParameter("stream") != null && !"false".equals(request.getParameter("stream"))) {
      throw ApiError.badRequest(
          "unsupported_stream", "replaying a stored response as a stream is not supported");
    }
    StoredResponse found = lookUp(id, clientKeyId(request)).orElseThrow(() -> notFound(id));
    sendJson(response, 200, found.responseJson());
  }

  private void delete(HttpServletRequest request, HttpServletResponse response, String id)
      throws IOException {
    boolean deleted;
    try {
      deleted = stored.delete(id, clientKeyId(request));
    } catch (RuntimeException unavailable) {
      throw storeUnavailable(unavailable);
    }
    if (!deleted) {
      throw notFound(id);
    }
    JsonObject body =
        JsonText.BUILDERS
            .createObjectBuilder()
            .add("id", id)
            .add("object", "response.deleted")
            .add("deleted", true)
            .build();
    sendJson(response, 200, JsonText.write(body));
  }

  private Optional<StoredResponse> lookUp(String id, Long clientKeyId) {
    if (!RESPONSE_ID.matcher(id).matches()) {
      return Optional.empty();
    }
    try {
      return stored.find(id, clientKeyId);
    } catch (RuntimeException unavailable) {
      throw storeUnavailable(unavailable);
    }
  }

  private static Long clientKeyId(HttpServletRequest request) {
    return RequestInfo.of(request, RequestInfo.RESPONSES).clientKeyId();
  }

  private static ApiError notFound(String id) {
    return new ApiError(404, "response_not_found", "Response with id '" + id + "' not found.");
  }

  private static ApiError storeUnavailable(RuntimeException cause) {
    LOG.log(Level.WARNING, "stored responses: the database does not answer", cause);
    return new ApiError(503, "store_unavailable", "stored responses are unavailable right now");
  }

  private static ApiError methodNotAllowed(HttpServletResponse response, String allowed) {
    response.setHeader("Allow", allowed);
    return new ApiError(405, "method_not_allowed", "use " + allowed);
  }

  private static void sendJson(HttpServletResponse response, int status, String json)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
  }

  private static void sendError(HttpServletResponse response, ApiError error) throws IOException {
    error.applyTo(response);
    response.getOutputStream().write(error.toJson().getBytes(StandardCharsets.UTF_8));
  }

  /** The stored input items of a conversation, parsed (they were written by this class). */
  static JsonArray items(String json) {
    try (jakarta.json.JsonReader reader = JsonText.PROVIDER.createReader(new StringReader(json))) {
      return reader.readArray();
    }
  }
}
