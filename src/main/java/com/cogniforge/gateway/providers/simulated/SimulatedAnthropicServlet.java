package com.cogniforge.gateway.providers.simulated;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.GatewayExecutors;
import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.http.NonBlockingWriter;
import com.cogniforge.gateway.http.RequestBodies;
import com.cogniforge.gateway.providers.ProviderSelection;
import com.cogniforge.gateway.providers.TokenEstimator;
import com.cogniforge.gateway.settings.GatewaySettings;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The simulated provider in Anthropic's Messages format: {@code POST /sim/anthropic/v1/messages}
 * (streamed or not) and {@code .../v1/messages/count_tokens}, so that a provider of kind {@code
 * anthropic} with {@code BASE_URL=http://host:port/sim/anthropic} is served as Anthropic's SDKs
 * would be. It answers like {@code /sim/v1} ({@link SimulatedAnswer}'s rules in Anthropic's
 * shapes): tool_use blocks while tools are offered and no tool has answered, thinking with a
 * signature when {@code thinking} is enabled ({@code sim_reasoning_tokens} long, default 8), a JSON
 * answer for {@code output_config.format}, and usage with cache writes the first time a prompt with
 * {@code cache_control} is seen and cache reads after (everything before the last message is the
 * cached prefix). Timing: {@code sim_ttft_ms}, {@code sim_inter_token_ms}, {@code sim_tokens} as on
 * {@code /sim/v1}.
 *
 * <p>Failures in Anthropic's error shape: {@code sim_error} names an error type ({@code
 * overloaded_error} is HTTP 529, {@code rate_limit_error} 429 with {@code retry-after: 1}, {@code
 * api_error} 500, {@code authentication_error} 401, {@code invalid_request_error} 400...); with
 * {@code sim_error_after_tokens: N} the error instead comes as an {@code error} event after N text
 * deltas of a 200 stream. Access as {@code /sim/v1}: only while the simulator is this gateway's
 * provider, and outside development mode only with the per-start secret (as {@code x-api-key}).
 */
@WebServlet(urlPatterns = "/sim/anthropic/*", asyncSupported = true)
public class SimulatedAnthropicServlet extends HttpServlet {

  private static final Map<String, Integer> ERROR_STATUS =
      Map.of(
          "invalid_request_error", 400,
          "authentication_error", 401,
          "billing_error", 402,
          "permission_error", 403,
          "not_found_error", 404,
          "request_too_large", 413,
          "rate_limit_error", 429,
          "api_error", 500,
          "timeout_error", 504,
          "overloaded_error", 529);

  @Inject GatewaySettings settings;
  @Inject GatewayExecutors executors;
  @Inject SimulatedProviderStats stats;
  @Inject ProviderSelection providers;

  /** Prompts seen with a cache marker: the second sight reads what the first wrote. */
  private final Set<Integer> cachedPrefixes =
      Collections.synchronizedSet(
          Collections.newSetFromMap(
              new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Integer, Boolean> eldest) {
                  return size() > 10_000;
                }
              }));

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    String key = request.getHeader("x-api-key");
    String authorization = key != null ? "Bearer " + key : request.getHeader("Authorization");
    if (!providers.simulatorMayAnswer(authorization)) {
      sendError(response, "not_found_error", "Not found"); // as if it were not deployed
      return;
    }
    super.service(request, response);
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    sendError(response, "not_found_error", "Not found");
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = request.getPathInfo();
    if (!"/v1/messages".equals(path) && !"/v1/messages/count_tokens".equals(path)) {
      sendError(response, "not_found_error", "Not found");
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
      sendError(response, "request_too_large", "Request exceeds the maximum allowed size");
      return;
    } catch (RuntimeException malformed) {
      sendError(response, "invalid_request_error", "The request body is not valid JSON");
      return;
    }
    if (!(body.get("messages") instanceof JsonArray messages) || messages.isEmpty()) {
      sendError(response, "invalid_request_error", "messages: at least one message is required");
      return;
    }
    String prompt = SimulatedAnthropicAnswer.promptText(body);
    int promptTokens = TokenEstimator.textTokens(prompt) + 4 * messages.size() + 3;
    if (path.endsWith("/count_tokens")) {
      sendJson(response, 200, "{\"input_tokens\":" + promptTokens + "}");
      return;
    }
    if (!(body.get("max_tokens") instanceof JsonNumber maxTokens) || !maxTokens.isIntegral()) {
      sendError(response, "invalid_request_error", "max_tokens: Field required");
      return;
    }
    String simError = body.get("sim_error") instanceof JsonString e ? e.getString() : null;
    if (simError != null && !ERROR_STATUS.containsKey(simError)) {
      sendError(response, "invalid_request_error", "sim_error: unknown error type " + simError);
      return;
    }
    int errorAfter =
        body.get("sim_error_after_tokens") instanceof JsonNumber n ? Math.max(0, n.intValue()) : -1;
    boolean stream = body.getBoolean("stream", false);
    if (simError != null && (errorAfter < 0 || !stream)) {
      if (simError.equals("rate_limit_error")) {
        response.setHeader("retry-after", "1");
      }
      sendError(response, simError, "Simulated " + simError.replace('_', ' '));
      return;
    }
    SimulatedAnthropicAnswer answer;
    long ttftMs;
    long interTokenMs;
    int wanted;
    try {
      wanted = SimulatedLimits.TOKENS.of(body, settings.simTokens());
      String model = body.getString("model", "claude-simulated");
      ttftMs = SimulatedLimits.TTFT_MS.of(body, (int) settings.simTtftMs(model, prompt));
      interTokenMs = SimulatedLimits.INTER_TOKEN_MS.of(body, (int) settings.simInterTokenMs());
    } catch (ApiError outOfRange) {
      sendError(response, "invalid_request_error", outOfRange.getMessage());
      return;
    }
    int[] cache = cacheUsage(body, promptTokens);
    answer =
        SimulatedAnthropicAnswer.of(
            body, prompt, wanted, maxTokens.intValue(), cache, simError, errorAfter);
    stats.started();
    NonBlockingWriter writer;
    if (stream) {
      response.setContentType("text/event-stream");
      response.setCharacterEncoding("UTF-8");
      response.setHeader("Cache-Control", "no-cache");
      writer = NonBlockingWriter.start(request.startAsync());
      Frames frames = new Frames(answer.frames(), writer, interTokenMs);
      executors.timers().schedule(frames::tick, ttftMs, TimeUnit.MILLISECONDS);
    } else {
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      writer = NonBlockingWriter.start(request.startAsync());
      long totalMs = ttftMs + interTokenMs * Math.max(0, answer.frames().size() - 2);
      executors
          .timers()
          .schedule(
              () -> {
                writer.write(answer.message().getBytes(StandardCharsets.UTF_8));
                writer.close();
                stats.completed();
              },
              totalMs,
              TimeUnit.MILLISECONDS);
    }
  }

  /**
   * {uncached input, cache writes, cache reads}: with a {@code cache_control} marker anywhere, the
   * conversation before its last message is the cached prefix, written at first sight, read after.
   */
  private int[] cacheUsage(JsonObject body, int promptTokens) {
    if (!JsonText.write(body).contains("\"cache_control\"")) {
      return new int[] {promptTokens, 0, 0};
    }
    JsonArray messages = body.getJsonArray("messages");
    String prefix =
        String.valueOf(body.get("system"))
            + JsonText.write(
                JsonText.BUILDERS
                    .createArrayBuilder(messages.subList(0, messages.size() - 1))
                    .build());
    int cached = Math.min(promptTokens - 1, TokenEstimator.textTokens(prefix));
    if (cached <= 0) {
      return new int[] {promptTokens, 0, 0};
    }
    boolean seen = !cachedPrefixes.add(prefix.hashCode());
    return seen
        ? new int[] {promptTokens - cached, 0, cached}
        : new int[] {promptTokens - cached, cached, 0};
  }

  /** Sends one frame (a few events) per timer tick; stops as soon as the client is gone. */
  private final class Frames {
    private final List<String> frames;
    private final NonBlockingWriter writer;
    private final long interTokenMs;
    private int next;
    private volatile boolean clientGone;
    // Each call counts once: a client may leave after the last write (its writer gave up late).
    private final AtomicBoolean counted = new AtomicBoolean();

    Frames(List<String> frames, NonBlockingWriter writer, long interTokenMs) {
      this.frames = new ArrayList<>(frames);
      this.writer = writer;
      this.interTokenMs = interTokenMs;
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
      writer.write(frames.get(next++).getBytes(StandardCharsets.UTF_8));
      if (next < frames.size()) {
        executors.timers().schedule(this::tick, interTokenMs, TimeUnit.MILLISECONDS);
        return;
      }
      writer.close();
      if (counted.compareAndSet(false, true)) {
        stats.completed();
      }
    }
  }

  private static void sendJson(HttpServletResponse response, int status, String json)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Anthropic's error shape, with the status Anthropic gives the type. */
  private static void sendError(HttpServletResponse response, String type, String message)
      throws IOException {
    sendJson(
        response,
        ERROR_STATUS.getOrDefault(type, 500),
        SimulatedAnthropicAnswer.error(type, message));
  }
}
