package com.cogniforge.gateway.api;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.JsonDocuments;
import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.budget.DailyBudget;
import com.cogniforge.gateway.http.RequestBodies;
import com.cogniforge.gateway.providers.ChatMessage;
import com.cogniforge.gateway.providers.ChatRequest;
import com.cogniforge.gateway.routing.Classification;
import com.cogniforge.gateway.routing.QueryClassifier;
import com.cogniforge.gateway.routing.RouteDecision;
import com.cogniforge.gateway.routing.Router;
import com.cogniforge.gateway.settings.GatewaySettings;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/v1/route?q=...} and {@code POST /api/v1/route} ({@code messages} or {@code q},
 * optional {@code model}, {@code tier}): the decision the router would take now, with the
 * classifier's scores and the budget's limit, without calling any model.
 */
@Path("/api/v1/route")
@Produces(MediaType.APPLICATION_JSON)
public class RouteResource {

  @Inject Router router;
  @Inject DailyBudget budget;
  @Inject GatewaySettings settings;

  @GET
  public String explain(
      @QueryParam("q") String q,
      @QueryParam("model") String model,
      @QueryParam("tier") String tier) {
    if (q == null || q.isBlank()) {
      throw ApiError.badRequest("missing_prompt", "q must not be empty");
    }
    return explain(List.of(new ChatMessage("user", q)), blankToNull(model), blankToNull(tier));
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  public String explain(InputStream stream) throws IOException {
    byte[] body = RequestBodies.read(stream, settings.maxRequestBytes()); // as the chat endpoints
    JsonObject json;
    try {
      // JSON is UTF-8 (RFC 8259), whatever charset a client forgets to declare.
      json = JsonText.parseObject(new String(body, StandardCharsets.UTF_8));
    } catch (RuntimeException malformed) {
      throw ApiError.badRequest("invalid_json", "the request body must be a JSON object");
    }
    List<ChatMessage> messages = new ArrayList<>();
    if (json.get("messages") instanceof JsonArray array) {
      for (JsonValue value : array) {
        if (value instanceof JsonObject m && m.get("content") instanceof JsonString content) {
          messages.add(new ChatMessage(m.getString("role", "user"), content.getString()));
        }
      }
    } else if (json.get("q") instanceof JsonString q) {
      messages.add(new ChatMessage("user", q.getString()));
    }
    if (messages.isEmpty()) {
      throw ApiError.badRequest("missing_prompt", "send the prompt as q or as messages");
    }
    return explain(messages, stringOrNull(json, "model"), stringOrNull(json, "tier"));
  }

  private String explain(List<ChatMessage> messages, String model, String tier) {
    DailyBudget.Snapshot money = budget.snapshot();
    ChatRequest request = new ChatRequest(model, messages, null, JsonValue.EMPTY_JSON_OBJECT);
    RouteDecision decision = router.decide(request, tier, money.highestTier());
    Classification c =
        decision.classification() != null
            ? decision.classification()
            : QueryClassifier.classify(messages);
    return JsonDocuments.toJson(RouteExplanation.of(decision, c, money));
  }

  private static String stringOrNull(JsonObject json, String field) {
    return json.get(field) instanceof JsonString s && !s.getString().isBlank()
        ? s.getString()
        : null;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
