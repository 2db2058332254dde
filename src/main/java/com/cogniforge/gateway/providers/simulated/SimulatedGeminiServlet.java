package com.cogniforge.gateway.providers.simulated;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.GatewayExecutors;
import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.http.NonBlockingWriter;
import com.cogniforge.gateway.http.RequestBodies;
import com.cogniforge.gateway.providers.ProviderSelection;
import com.cogniforge.gateway.providers.TokenEstimator;
import com.cogniforge.gateway.providers.UpstreamDelta.ToolCallFragment;
import com.cogniforge.gateway.settings.GatewaySettings;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToLongBiFunction;

/**
 * The simulated provider speaking the Gemini API, for demos and tests of the {@code gemini}
 * provider kind: a provider with {@code BASE_URL http://host:port/sim/gemini} reaches it exactly as
 * the official SDK reaches {@code generativelanguage.googleapis.com}. It answers {@code POST
 * /v1beta/models/{model}:streamGenerateContent?alt=sse} (and {@code :generateContent}) with what
 * {@link SimulatedAnswer} decides for the same conversation, as Gemini writes it: text parts,
 * {@code thought} parts when thoughts are asked for ({@code thinkingConfig.includeThoughts}, or
 * {@code sim_reasoning_tokens}), function calls when functions are declared, the usage so far in
 * every event, a system instruction counted as cached (an implicit cache hit).
 *
 * <p>The model name triggers Google's failures: {@code rate-limited} (429 with a {@code RetryInfo}
 * of 7 s), {@code bad-request} (400), {@code bad-key} (400 {@code API_KEY_INVALID}), {@code
 * overloaded} (503), {@code blocked} (a prompt blocked for safety), {@code error-midstream} (an
 * error event after the first tokens) and {@code cut} (the stream ends without a finish reason).
 * The {@code sim_*} timing knobs of {@code /sim/v1} work here too. Access is as for {@code
 * /sim/v1}: the per-start secret may come as the {@code x-goog-api-key}.
 */
@WebServlet(urlPatterns = "/sim/gemini/*", asyncSupported = true)
public class SimulatedGeminiServlet extends HttpServlet {

  private static final String MODELS = "/v1beta/models/";

  @Inject GatewaySettings settings;
  @Inject GatewayExecutors executors;
  @Inject SimulatedProviderStats stats;
  @Inject ProviderSelection providers;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    String key = request.getHeader("x-goog-api-key");
    String authorization = key != null ? "Bearer " + key : request.getHeader("Authorization");
    if (!providers.simulatorMayAnswer(authorization)) {
      sendError(response, 404, "NOT_FOUND", "unknown path"); // as if it were not deployed
      return;
    }
    super.service(request, response);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = request.getPathInfo() == null ? "" : request.getPathInfo();
    int colon = path.lastIndexOf(':');
    if (!path.startsWith(MODELS) || colon < MODELS.length()) {
      sendError(response, 404, "NOT_FOUND", "unknown path");
      return;
    }
    String model = path.substring(MODELS.length(), colon);
    String method = path.substring(colon + 1);
    boolean stream = method.equals("streamGenerateContent");
    if (!stream && !method.equals("generateContent")) {
      sendError(response, 404, "NOT_FOUND", "method " + method + " is not simulated");
      return;
    }
    JsonObject body;
    try {
      body =
          JsonText.parseObject(
              new String(
                  RequestBodies.read(request.getInputStream(), settings.maxRequestBytes()),
                  StandardCharsets.UTF_8));
    } catch (ApiError tooLarge) {
      sendError(response, tooLarge.status(), "INVALID_ARGUMENT", tooLarge.getMessage());
      return;
    } catch (RuntimeException malformed) {
      sendError(response, 400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
      return;
    }
    if (failedOnPurpose(model, response)) {
      return;
    }
    Plan plan;
    try {
      plan =
          plan(model, body, settings.simTokens(), settings::simTtftMs, settings.simInterTokenMs());
    } catch (ApiError outOfRange) {
      sendError(response, 400, "INVALID_ARGUMENT", outOfRange.getMessage());
      return;
    }
    stats.started();
    NonBlockingWriter writer;
    if (stream && "sse".equals(request.getParameter("alt"))) {
      response.setContentType("text/event-stream");
      response.setCharacterEncoding("UTF-8");
      writer = NonBlockingWriter.start(request.startAsync());
      GeminiStream sse = new GeminiStream(plan, writer);
      executors.timers().schedule(sse::tick, plan.ttftMs, TimeUnit.MILLISECONDS);
      return;
    }
    // generateContent: one response; streamGenerateContent without alt=sse: a JSON array of them.
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    writer = NonBlockingWriter.start(request.startAsync());
    long totalMs = plan.ttftMs + plan.interTokenMs * Math.max(0, plan.events.size() - 1);
    String json = stream ? "[" + String.join(",", plan.events) + "]" : plan.whole;
    executors
        .timers()
        .schedule(
            () -> {
              writer.write(json.getBytes(StandardCharsets.UTF_8));
              writer.close();
              stats.completed();
            },
            totalMs,
            TimeUnit.MILLISECONDS);
  }

  /**
   * Everything one answer needs, decided up front: the events of the stream, and the same answer as
   * one response.
   */
  record Plan(List<String> events, String whole, long ttftMs, long interTokenMs) {}

  /**
   * @param ttft the time to first token for a model and prompt, unless the request sets one
   */
  static Plan plan(
      String model,
      JsonObject body,
      int defaultTokens,
      ToLongBiFunction<String, String> ttft,
      long interTokenMs) {
    JsonArrayBuilder messages = JsonText.BUILDERS.createArrayBuilder();
    StringBuilder prompt = new StringBuilder();
    String system = systemText(body);
    prompt.append(system);
    int turns = 0;
    if (body.get("contents") instanceof JsonArray contents) {
      for (JsonValue content : contents) {
        if (content instanceof JsonObject turn) {
          turns++;
          addMessages(turn, messages, prompt);
        }
      }
    }
    int wanted = SimulatedLimits.TOKENS.of(body, defaultTokens);
    JsonObject generation =
        body.get("generationConfig") instanceof JsonObject config
            ? config
            : JsonValue.EMPTY_JSON_OBJECT;
    int cap =
        generation.get("maxOutputTokens") instanceof JsonNumber n
            ? Math.max(1, n.intValue())
            : Integer.MAX_VALUE;
    SimulatedAnswer answer =
        SimulatedAnswer.of(
            openAiOptions(body, generation),
            messages.build(),
            prompt.toString(),
            Math.min(wanted, cap));
    int promptTokens = TokenEstimator.textTokens(prompt) + 4 * turns + 3;
    int cached = system.isEmpty() ? 0 : Math.min(promptTokens, TokenEstimator.textTokens(system));
    String finish = answer.toolCalls().isEmpty() && wanted > cap ? "MAX_TOKENS" : "STOP";
    boolean blocked = model.contains("blocked");
    Events events = new Events(model, promptTokens, cached);
    if (blocked) {
      events.blocked();
    } else {
      events.of(answer, finish, model.contains("cut"), model.contains("error-midstream"));
    }
    return new Plan(
        events.list,
        events.whole(answer, finish, blocked),
        SimulatedLimits.TTFT_MS.of(body, (int) ttft.applyAsLong(model, prompt.toString())),
        SimulatedLimits.INTER_TOKEN_MS.of(body, (int) interTokenMs));
  }

  /** The Gemini events of one answer, each with the usage so far, as Gemini repeats it. */
  private static final class Events {
    final List<String> list = new ArrayList<>();
    private final String model;
    private final int prompt;
    private final int cached;
    private int candidates;
    private int thoughts;

    Events(String model, int prompt, int cached) {
      this.model = model;
      this.prompt = prompt;
      this.cached = cached;
    }

    void of(SimulatedAnswer answer, String finish, boolean cut, boolean errorMidstream) {
      for (String delta : answer.deltas()) {
        JsonObject parsed = JsonText.parseObject(delta);
        if (parsed.get("content") instanceof JsonString text) {
          candidates++;
          list.add(event(parts(part(text.getString(), false)), null));
        } else if (parsed.get("reasoning_content") instanceof JsonString text) {
          thoughts++;
          list.add(event(parts(part(text.getString(), true)), null));
        }
        // tool call pieces: Gemini sends each call whole, below
      }
      if (errorMidstream || cut) {
        if (list.isEmpty()) {
          list.add(event(parts(part("", false)), null));
        }
        int keep = Math.max(1, list.size() / 2);
        list.subList(keep, list.size()).clear();
        if (errorMidstream) {
          list.add(
              "{\"error\":{\"code\":500,\"message\":\"An internal error has occurred. Please retry"
                  + " or report in https://developers.generativeai.google/guide/troubleshooting\","
                  + "\"status\":\"INTERNAL\"}}");
        }
        return;
      }
      JsonArrayBuilder last = JsonText.BUILDERS.createArrayBuilder();
      boolean first = true;
      for (ToolCallFragment call : answer.toolCalls()) {
        candidates += 1 + (call.name().length() + call.arguments().length()) / 4;
        JsonObjectBuilder part =
            JsonText.BUILDERS
                .createObjectBuilder()
                .add(
                    "functionCall",
                    JsonText.BUILDERS
                        .createObjectBuilder()
                        .add("name", call.name())
                        .add("args", JsonText.parseObject(call.arguments())));
        if (first) {
          // Gemini 3 signs the first call of a turn; the gateway must hand it back.
          part.add("thoughtSignature", "c2ltdWxhdGVkIHRob3VnaHQgc2lnbmF0dXJl");
          first = false;
        }
        last.add(part);
      }
      list.add(event(last, finish));
    }

    void blocked() {
      list.add(
          "{\"promptFeedback\":{\"blockReason\":\"SAFETY\",\"safetyRatings\":[{\"category\":"
              + "\"HARM_CATEGORY_DANGEROUS_CONTENT\",\"probability\":\"HIGH\"}]},"
              + usage()
              + ",\"modelVersion\":"
              + quote(model)
              + "}");
    }

    /** The same answer in one response, as {@code generateContent} returns it. */
    String whole(SimulatedAnswer answer, String finish, boolean blocked) {
      if (blocked) {
        return list.get(0);
      }
      JsonArrayBuilder parts = JsonText.BUILDERS.createArrayBuilder();
      if (answer.reasoning() != null) {
        parts.add(part(answer.reasoning(), true));
      }
      if (!answer.text().isEmpty()) {
        parts.add(part(answer.text(), false));
      }
      for (ToolCallFragment call : answer.toolCalls()) {
        parts.add(
            JsonText.BUILDERS
                .createObjectBuilder()
                .add(
                    "functionCall",
                    JsonText.BUILDERS
                        .createObjectBuilder()
                        .add("name", call.name())
                        .add("args", JsonText.parseObject(call.arguments()))));
      }
      return event(parts, finish);
    }

    private String event(JsonArrayBuilder parts, String finish) {
      JsonObjectBuilder candidate =
          JsonText.BUILDERS
              .createObjectBuilder()
              .add(
                  "content",
                  JsonText.BUILDERS.createObjectBuilder().add("parts", parts).add("role", "model"));
      if (finish != null) {
        candidate.add("finishReason", finish);
      }
      candidate.add("index", 0);
      String candidates =
          JsonText.write(JsonText.BUILDERS.createArrayBuilder().add(candidate).build());
      return "{\"candidates\":"
          + candidates
          + ","
          + usage()
          + ",\"modelVersion\":"
          + quote(model)
          + ",\"responseId\":\"sim-"
          + Integer.toHexString(System.identityHashCode(this))
          + "\"}";
    }

    /** proto3 JSON: counts that are zero are left out, as Gemini does. */
    private String usage() {
      StringBuilder usage = new StringBuilder("\"usageMetadata\":{\"promptTokenCount\":");
      usage.append(prompt);
      if (candidates > 0) {
        usage.append(",\"candidatesTokenCount\":").append(candidates);
      }
      if (cached > 0) {
        usage.append(",\"cachedContentTokenCount\":").append(cached);
      }
      if (thoughts > 0) {
        usage.append(",\"thoughtsTokenCount\":").append(thoughts);
      }
      return usage
          .append(",\"totalTokenCount\":")
          .append(prompt + candidates + thoughts)
          .append('}')
          .toString();
    }
  }

  /** Emits one event per timer tick; stops as soon as the client is gone. */
  private final class GeminiStream {
    private final Plan plan;
    private final NonBlockingWriter writer;
    private int next;
    private volatile boolean clientGone;
    // Each call counts once: a client may leave after the last write (its writer gave up late).
    private final AtomicBoolean counted = new AtomicBoolean();

    GeminiStream(Plan plan, NonBlockingWriter writer) {
      this.plan = plan;
      this.writer = writer;
      writer.onClientGone(
          () -> {
            clientGone = true;
            if (counted.compareAndSet(false, true)) {
              stats.cancelledByClient();
            }
          });
    }

    void tick() {
      if (clientGone) {
        return;
      }
      if (!writer.awaitRoom(this::tick)) {
        return; // as a real server's socket would: no more until the gateway reads on
      }
      writer.write(
          ("data: " + plan.events.get(next++) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      if (next < plan.events.size()) {
        executors.timers().schedule(this::tick, plan.interTokenMs, TimeUnit.MILLISECONDS);
        return;
      }
      writer.close(); // Gemini has no end event: the body ends
      if (counted.compareAndSet(false, true)) {
        stats.completed();
      }
    }
  }

  /** The conversation's turns as OpenAI messages, for {@link SimulatedAnswer}. */
  private static void addMessages(
      JsonObject turn, JsonArrayBuilder messages, StringBuilder prompt) {
    String role = "model".equals(turn.getString("role", "user")) ? "assistant" : "user";
    if (!(turn.get("parts") instanceof JsonArray parts)) {
      return;
    }
    for (JsonValue value : parts) {
      if (!(value instanceof JsonObject part)) {
        continue;
      }
      if (part.get("text") instanceof JsonString text && part.get("thought") != JsonValue.TRUE) {
        prompt.append(text.getString()).append('\n');
        messages.add(message(role, text.getString()));
      } else if (part.get("functionResponse") instanceof JsonObject result) {
        JsonValue response = result.get("response");
        String content =
            response instanceof JsonObject object && object.get("output") instanceof JsonString out
                ? out.getString()
                : response == null ? "" : JsonText.write((JsonObject) response);
        messages.add(message("tool", content));
      } else if (part.containsKey("inlineData") || part.containsKey("fileData")) {
        JsonObject data =
            part.get("inlineData") instanceof JsonObject inline
                ? inline
                : part.getJsonObject("fileData");
        if (data.getString("mimeType", "").startsWith("image/")) {
          JsonObjectBuilder image =
              JsonText.BUILDERS
                  .createObjectBuilder()
                  .add("type", "image_url")
                  .add("image_url", JsonText.BUILDERS.createObjectBuilder().add("url", "sim"));
          messages.add(
              JsonText.BUILDERS
                  .createObjectBuilder()
                  .add("role", "user")
                  .add("content", JsonText.BUILDERS.createArrayBuilder().add(image)));
        }
      }
    }
  }

  /** What {@link SimulatedAnswer} reads from an OpenAI body, taken from the Gemini request. */
  private static JsonObject openAiOptions(JsonObject body, JsonObject generation) {
    JsonObjectBuilder options = JsonText.BUILDERS.createObjectBuilder();
    JsonArrayBuilder tools = JsonText.BUILDERS.createArrayBuilder();
    boolean anyTool = false;
    if (body.get("tools") instanceof JsonArray declared) {
      for (JsonValue tool : declared) {
        if (tool instanceof JsonObject object
            && object.get("functionDeclarations") instanceof JsonArray functions) {
          for (JsonValue function : functions) {
            if (function instanceof JsonObject f && f.get("name") instanceof JsonString name) {
              JsonObjectBuilder openAi = JsonText.BUILDERS.createObjectBuilder().add("name", name);
              JsonValue schema =
                  f.containsKey("parametersJsonSchema")
                      ? f.get("parametersJsonSchema")
                      : f.get("parameters");
              if (schema != null) {
                openAi.add("parameters", schema);
              }
              tools.add(
                  JsonText.BUILDERS
                      .createObjectBuilder()
                      .add("type", "function")
                      .add("function", openAi));
              anyTool = true;
            }
          }
        }
      }
    }
    if (anyTool) {
      options.add("tools", tools);
    }
    if (body.get("toolConfig") instanceof JsonObject config
        && config.get("functionCallingConfig") instanceof JsonObject calling) {
      String mode = calling.getString("mode", "AUTO");
      if (mode.equals("NONE")) {
        options.add("tool_choice", "none");
      } else if (mode.equals("ANY")
          && calling.get("allowedFunctionNames") instanceof JsonArray names
          && names.size() == 1) {
        options.add(
            "tool_choice",
            JsonText.BUILDERS
                .createObjectBuilder()
                .add("type", "function")
                .add(
                    "function", JsonText.BUILDERS.createObjectBuilder().add("name", names.get(0))));
      }
    }
    int reasoning =
        body.get("sim_reasoning_tokens") instanceof JsonNumber n
            ? n.intValue()
            : thoughts(generation);
    if (reasoning > 0) {
      options.add("sim_reasoning_tokens", reasoning);
    }
    if ("application/json".equals(generation.getString("responseMimeType", ""))) {
      options.add(
          "response_format", JsonText.BUILDERS.createObjectBuilder().add("type", "json_object"));
    }
    return options.build();
  }

  /** A few thoughts when they are asked for and thinking is not turned off. */
  private static int thoughts(JsonObject generation) {
    if (generation.get("thinkingConfig") instanceof JsonObject thinking
        && thinking.get("includeThoughts") == JsonValue.TRUE
        && !(thinking.get("thinkingBudget") instanceof JsonNumber budget
            && budget.intValue() == 0)) {
      return 8;
    }
    return 0;
  }

  private static String systemText(JsonObject body) {
    StringBuilder text = new StringBuilder();
    if (body.get("systemInstruction") instanceof JsonObject system
        && system.get("parts") instanceof JsonArray parts) {
      for (JsonValue part : parts) {
        if (part instanceof JsonObject p && p.get("text") instanceof JsonString t) {
          text.append(t.getString()).append('\n');
        }
      }
    }
    return text.toString();
  }

  /** The failures a model name asks for, in Google's error shape; true when one was sent. */
  private static boolean failedOnPurpose(String model, HttpServletResponse response)
      throws IOException {
    if (model.contains("rate-limited")) {
      sendJson(
          response,
          429,
          "{\"error\":{\"code\":429,\"message\":\"You exceeded your current quota, please check"
              + " your plan and billing details.\",\"status\":\"RESOURCE_EXHAUSTED\",\"details\":["
              + "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"7s\"}]}}");
    } else if (model.contains("bad-request")) {
      sendError(
          response,
          400,
          "INVALID_ARGUMENT",
          "Invalid value at 'generation_config.temperature' (TYPE_FLOAT)");
    } else if (model.contains("bad-key")) {
      sendJson(
          response,
          400,
          "{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid API key.\","
              + "\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":"
              + "\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"API_KEY_INVALID\","
              + "\"domain\":\"googleapis.com\"}]}}");
    } else if (model.contains("overloaded")) {
      sendError(response, 503, "UNAVAILABLE", "The model is overloaded. Please try again later.");
    } else {
      return false;
    }
    return true;
  }

  private static JsonObject message(String role, String content) {
    return JsonText.BUILDERS
        .createObjectBuilder()
        .add("role", role)
        .add("content", content)
        .build();
  }

  private static JsonObject part(String text, boolean thought) {
    JsonObjectBuilder part = JsonText.BUILDERS.createObjectBuilder().add("text", text);
    return thought ? part.add("thought", true).build() : part.build();
  }

  private static JsonArrayBuilder parts(JsonObject part) {
    return JsonText.BUILDERS.createArrayBuilder().add(part);
  }

  private static String quote(String value) {
    return JsonText.quote(new StringBuilder(), value).toString();
  }

  private static void sendJson(HttpServletResponse response, int status, String json)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Google's error shape: {@code {"error":{"code","message","status"}}}. */
  private static void sendError(
      HttpServletResponse response, int status, String googleStatus, String message)
      throws IOException {
    StringBuilder json = new StringBuilder("{\"error\":{\"code\":").append(status);
    JsonText.quote(json.append(",\"message\":"), message);
    JsonText.quote(json.append(",\"status\":"), googleStatus).append("}}");
    sendJson(response, status, json.toString());
  }
}
