package com.cogniforge.gateway.providers.simulated;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.GatewayExecutors;
import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.http.NonBlockingWriter;
import com.cogniforge.gateway.http.RequestBodies;
import com.cogniforge.gateway.providers.OpenAiWire;
import com.cogniforge.gateway.providers.ProviderSelection;
import com.cogniforge.gateway.providers.TokenEstimator;
import com.cogniforge.gateway.settings.GatewaySettings;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The simulated provider: an OpenAI-compatible server inside the gateway, for development and
 * tests. It answers {@code POST /sim/v1/chat/completions} (streaming or not) with deterministic
 * text after a configurable time to first token and inter-token delay, and is reached over real
 * HTTP by the same client as any real provider. Timing can be set per request with the extra body
 * fields {@code sim_ttft_ms}, {@code sim_inter_token_ms} and {@code sim_tokens}; the models in
 * {@code SIM_TAIL_MODELS} answer a share ({@code SIM_TAIL_SHARE}) of prompts only after {@code
 * SIM_TAIL_TTFT_MS}, the slow tail that hedged requests are for. Tool calls, tool results,
 * reasoning ({@code sim_reasoning_tokens}) and image parts are answered as {@link SimulatedAnswer}
 * says. Tokens are emitted by timer ticks and written without blocking, so a slow simulated stream
 * holds no thread.
 *
 * <p>It has no keys or limits of its own, so it answers only while it is this gateway's provider:
 * to anyone in development mode, else only to the gateway itself ({@link
 * ProviderSelection#simulatorMayAnswer}); otherwise {@code /sim/v1} is a 404. Every {@code sim_*}
 * knob is bounded ({@link SimulatedLimits}): one request must not be able to fill the heap or hold
 * a stream open for days.
 */
@WebServlet(urlPatterns = "/sim/v1/*", asyncSupported = true)
public class SimulatedProviderServlet extends HttpServlet {

  @Inject GatewaySettings settings;
  @Inject GatewayExecutors executors;
  @Inject SimulatedProviderStats stats;
  @Inject ProviderSelection providers;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    if (!providers.simulatorMayAnswer(request.getHeader("Authorization"))) {
      sendError(response, 404, "unknown path"); // as if it were not deployed
      return;
    }
    super.service(request, response);
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if ("/models".equals(request.getPathInfo())) {
      StringBuilder body = new StringBuilder("{\"object\":\"list\",\"data\":[");
      List<String> models = settings.configuredModels();
      for (int i = 0; i < models.size(); i++) {
        body.append(i == 0 ? "" : ",").append("{\"id\":");
        JsonText.quote(body, models.get(i))
            .append(",\"object\":\"model\",\"owned_by\":\"simulated\"}");
      }
      sendJson(response, 200, body.append("]}").toString());
    } else if ("/stats".equals(request.getPathInfo())) {
      sendJson(response, 200, stats.toJson());
    } else {
      sendError(response, 404, "unknown path");
    }
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!"/chat/completions".equals(request.getPathInfo())) {
      sendError(response, 404, "unknown path");
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
      tooLarge.writeTo(response);
      return;
    } catch (RuntimeException malformed) {
      sendError(response, 400, "request body is not a JSON object");
      return;
    }
    if (!(body.get("messages") instanceof JsonArray messages) || messages.isEmpty()) {
      sendError(response, 400, "messages must be a non-empty array");
      return;
    }
    Plan plan;
    try {
      plan = plan(body, messages);
    } catch (ApiError outOfRange) {
      outOfRange.writeTo(response);
      return;
    }
    stats.started();
    if (plan.stream) {
      response.setContentType("text/event-stream");
      response.setCharacterEncoding("UTF-8");
      response.setHeader("Cache-Control", "no-cache");
      SimulatedStream stream =
          new SimulatedStream(plan, NonBlockingWriter.start(request.startAsync()));
      executors.timers().schedule(stream::tick, plan.ttftMs, TimeUnit.MILLISECONDS);
    } else {
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      NonBlockingWriter writer = NonBlockingWriter.start(request.startAsync());
      long totalMs = plan.ttftMs + plan.interTokenMs * Math.max(0, plan.answer.deltas().size() - 1);
      executors
          .timers()
          .schedule(
              () -> {
                String completion =
                    plan.answer.completion(
                        plan.id, plan.created, plan.model, plan.finish, plan.promptTokens);
                writer.write(
                    OpenAiWire.withProviderFields(completion, plan.providerFields)
                        .getBytes(StandardCharsets.UTF_8));
                writer.close();
                stats.completed();
              },
              totalMs,
              TimeUnit.MILLISECONDS);
    }
  }

  /** Everything one simulated answer needs, decided up front. */
  private record Plan(
      String id,
      long created,
      String model,
      SimulatedAnswer answer,
      String finish,
      int promptTokens,
      long ttftMs,
      long interTokenMs,
      boolean stream,
      boolean includeUsage,
      String providerFields) {}

  /**
   * What OpenAI adds to every chunk and completion beside the choices: a fingerprint of the serving
   * configuration and the tier that served ({@code auto} is served as {@code default}).
   */
  private static String providerFields(JsonObject body) {
    String tier =
        body.get("service_tier") instanceof JsonString asked && !asked.getString().equals("auto")
            ? asked.getString()
            : "default";
    return JsonText.quote(new StringBuilder("\"service_tier\":"), tier)
        .append(",\"system_fingerprint\":\"fp_cogniforge_sim\"")
        .toString();
  }

  private Plan plan(JsonObject body, JsonArray messages) {
    StringBuilder prompt = new StringBuilder();
    for (JsonValue message : messages) {
      if (message instanceof JsonObject object && object.get("content") != null) {
        String text = SimulatedAnswer.text(object.get("content"));
        if (!text.isEmpty()) {
          prompt.append(text).append('\n');
        }
      }
    }
    int wanted = SimulatedLimits.TOKENS.of(body, settings.simTokens());
    int maxTokens =
        intField(body, "max_completion_tokens", intField(body, "max_tokens", Integer.MAX_VALUE));
    int count = Math.max(1, Math.min(wanted, maxTokens));
    String model = body.get("model") instanceof JsonString name ? name.getString() : "simulated";
    boolean includeUsage =
        body.get("stream_options") instanceof JsonObject options
            && options.getBoolean("include_usage", false);
    SimulatedAnswer answer = SimulatedAnswer.of(body, messages, prompt.toString(), count);
    return new Plan(
        "chatcmpl-sim-" + Long.toHexString(System.nanoTime()),
        System.currentTimeMillis() / 1000,
        model,
        answer,
        answer.finish() != null ? answer.finish() : wanted > maxTokens ? "length" : "stop",
        TokenEstimator.textTokens(prompt) + 4 * messages.size() + 3,
        SimulatedLimits.TTFT_MS.of(body, (int) settings.simTtftMs(model, prompt.toString())),
        SimulatedLimits.INTER_TOKEN_MS.of(body, (int) settings.simInterTokenMs()),
        body.getBoolean("stream", false),
        includeUsage,
        providerFields(body));
  }

  /** Emits one token per timer tick; stops as soon as the client is gone. */
  private final class SimulatedStream {
    private final Plan plan;
    private final NonBlockingWriter writer;
    private int next;
    private volatile boolean clientGone;
    // Each call counts once: a client may leave after the last write (its writer gave up late).
    private final AtomicBoolean counted = new AtomicBoolean();

    SimulatedStream(Plan plan, NonBlockingWriter writer) {
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
      if (next == 0) {
        send(OpenAiWire.roleChunk(plan.id, plan.created, plan.model));
      }
      String delta = plan.answer.deltas().get(next++);
      send(
          OpenAiWire.choiceChunk(plan.id, plan.created, plan.model, SimulatedAnswer.choice(delta)));
      if (next < plan.answer.deltas().size()) {
        executors.timers().schedule(this::tick, plan.interTokenMs, TimeUnit.MILLISECONDS);
        return;
      }
      send(OpenAiWire.finishChunk(plan.id, plan.created, plan.model, plan.finish));
      if (plan.includeUsage) {
        send(
            OpenAiWire.usageChunk(
                plan.id,
                plan.created,
                plan.model,
                plan.promptTokens,
                plan.answer.completionTokens(),
                0,
                plan.answer.reasoningTokens(),
                Double.NaN));
      }
      writer.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
      writer.close();
      if (counted.compareAndSet(false, true)) {
        stats.completed();
      }
    }

    private void send(String json) {
      String chunk = OpenAiWire.withProviderFields(json, plan.providerFields);
      writer.write(("data: " + chunk + "\n\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  private static int intField(JsonObject body, String name, int fallback) {
    return body.get(name) instanceof JsonNumber number ? number.intValue() : fallback;
  }

  private static void sendJson(HttpServletResponse response, int status, String json)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
  }

  private static void sendError(HttpServletResponse response, int status, String message)
      throws IOException {
    sendJson(
        response,
        status,
        ApiError.body(message, ApiError.typeOf(status), status == 404 ? "not_found" : null));
  }
}
