package com.cogniforge.gateway.console;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.JsonDocuments;
import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.security.CsrfToken;
import com.cogniforge.gateway.settings.GatewaySettings;
import com.cogniforge.gateway.settings.Setting;
import com.cogniforge.gateway.settings.SettingKind;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code /api/v1/settings}: the run-time settings for scripts. {@code GET} lists them with where
 * each value comes from; {@code PATCH} with a JSON object of names and values changes them exactly
 * as the console does (checked, stored, audited). Admin only (see {@code web.xml}); a request
 * authenticated by the console's session cookie must also send the console's CSRF token.
 */
@Path("/api/v1/settings")
@Produces(MediaType.APPLICATION_JSON)
public class SettingsResource {

  @Inject GatewaySettings settings;
  @Context HttpServletRequest request;

  @GET
  public String list() {
    return JsonDocuments.toJson(SettingsDocument.of(settings));
  }

  @PATCH
  @Consumes(MediaType.APPLICATION_JSON)
  public Response change(String body) {
    CsrfToken.requireForCookieCallers(request);
    JsonObject changes;
    try {
      changes = JsonText.parseObject(body);
    } catch (RuntimeException malformed) {
      throw ApiError.badRequest("invalid_json", "the request body must be a JSON object");
    }
    Map<Setting, String> requested = new EnumMap<>(Setting.class);
    for (Map.Entry<String, JsonValue> entry : changes.entrySet()) {
      Setting setting =
          Setting.named(entry.getKey())
              .orElseThrow(
                  () -> ApiError.badRequest("unknown_setting", "no setting " + entry.getKey()));
      JsonValue value = entry.getValue();
      requested.put(
          setting,
          switch (value.getValueType()) {
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> value.toString();
            case TRUE -> "true";
            case FALSE -> "false";
            default ->
                throw ApiError.badRequest(
                    "invalid_value", entry.getKey() + " must be a string, number or boolean");
          });
    }
    Map<Setting, SettingKind.Checked> refused =
        settings.change(requested, request.getUserPrincipal().getName() + " (api)");
    if (refused.isEmpty()) {
      return Response.ok(list()).build();
    }
    return Response.status(400)
        .entity(JsonDocuments.toJson(SettingsDocument.refusal(refused)))
        .build();
  }
}
