package com.cogniforge.gateway.keys;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.JsonDocuments;
import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.budget.KeyBudgets;
import com.cogniforge.gateway.security.CsrfToken;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /api/v1/keys}: client keys for scripts, admin only (see {@code web.xml}). A new key's
 * secret is in the answer to its creation (or rotation) and nowhere else, ever.
 */
@Path("/api/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
public class KeysResource {

  @Inject ClientKeys keys;
  @Inject KeyBudgets budgets;
  @Context HttpServletRequest request;

  @GET
  public String list() {
    Instant now = Instant.now();
    List<KeyDocument> all = new ArrayList<>();
    for (ClientKey key : keys.all()) {
      all.add(document(key, now));
    }
    return JsonDocuments.toJson(new KeyDocument.Keys(all));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(String body) {
    checkCsrf();
    JsonObject json = parse(body);
    ClientKeys.Issued issued = keys.create(KeyForm.name(text(json, "name")), limits(json), actor());
    return Response.status(201).entity(issued(issued)).build();
  }

  @POST
  @Path("{id}/rotate")
  public Response rotate(@PathParam("id") long id, String body) {
    checkCsrf();
    JsonObject json = body == null || body.isBlank() ? JsonValue.EMPTY_JSON_OBJECT : parse(body);
    long grace = json.containsKey("grace_seconds") ? number(json, "grace_seconds") : 0;
    if (grace < 0 || grace > 30L * 24 * 3600) {
      throw ApiError.badRequest("invalid_grace_seconds", "grace_seconds: 0 to 2592000 (30 days)");
    }
    ClientKeys.Issued issued =
        keys.rotate(id, Duration.ofSeconds(grace), actor()).orElseThrow(KeysResource::noSuchKey);
    return Response.status(201).entity(issued(issued)).build();
  }

  @POST
  @Path("{id}/revoke")
  public String revoke(@PathParam("id") long id) {
    checkCsrf();
    ClientKey key = keys.revoke(id, actor()).orElseThrow(KeysResource::noSuchKey);
    return JsonDocuments.toJson(document(key, Instant.now()));
  }

  @PATCH
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public String limit(@PathParam("id") long id, String body) {
    checkCsrf();
    ClientKey key =
        keys.limit(id, limits(parse(body)), actor()).orElseThrow(KeysResource::noSuchKey);
    return JsonDocuments.toJson(document(key, Instant.now()));
  }

  private KeyDocument document(ClientKey key, Instant now) {
    return KeyDocument.of(key, budgets.spentToday(key.id()), now);
  }

  private String issued(ClientKeys.Issued issued) {
    return JsonDocuments.toJson(
        new KeyDocument.Issued(issued.secret(), document(issued.key(), Instant.now())));
  }

  private static KeyLimits limits(JsonObject json) {
    return KeyForm.limits(
        text(json, "daily_budget_usd"),
        text(json, "requests_per_minute"),
        text(json, "tokens_per_minute"),
        list(json, "allowed_tiers"),
        list(json, "allowed_models"),
        text(json, "max_tokens"),
        list(json, "allowed_options"));
  }

  /** A string or number field as text; null when absent or null. */
  private static String text(JsonObject json, String field) {
    JsonValue value = json.get(field);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (value instanceof JsonString string) {
      return string.getString();
    }
    if (value instanceof JsonNumber number) {
      return number.toString();
    }
    throw ApiError.badRequest("invalid_" + field, field + " must be a string or a number");
  }

  private static String list(JsonObject json, String field) {
    JsonValue value = json.get(field);
    if (value instanceof JsonArray array) {
      List<String> items = new ArrayList<>();
      for (JsonValue item : array) {
        if (!(item instanceof JsonString string)) {
          throw ApiError.badRequest("invalid_" + field, field + " must be an array of strings");
        }
        items.add(string.getString());
      }
      return String.join(",", items);
    }
    return text(json, field);
  }

  private static long number(JsonObject json, String field) {
    try {
      return Long.parseLong(text(json, field));
    } catch (NumberFormatException | NullPointerException notANumber) {
      throw ApiError.badRequest("invalid_" + field, field + " must be a whole number");
    }
  }

  private static JsonObject parse(String body) {
    try {
      return JsonText.parseObject(body == null ? "" : body);
    } catch (RuntimeException malformed) {
      throw ApiError.badRequest("invalid_json", "the request body must be a JSON object");
    }
  }

  private void checkCsrf() {
    CsrfToken.requireForCookieCallers(request);
  }

  private String actor() {
    return request.getUserPrincipal().getName() + " (api)";
  }

  private static ApiError noSuchKey() {
    return new ApiError(404, "key_not_found", "no such key");
  }
}
