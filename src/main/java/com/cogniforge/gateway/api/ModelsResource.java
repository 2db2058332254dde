package com.cogniforge.gateway.api;

import com.cogniforge.gateway.JsonDocuments;
import com.cogniforge.gateway.routing.Router;
import com.cogniforge.gateway.settings.GatewaySettings;
import com.cogniforge.gateway.settings.SettingKind;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /v1/models}: the models clients may ask for, in OpenAI's list format, each with what
 * it can do beyond text ({@code MODEL_CAPABILITIES}); {@code auto} can do what any of them can.
 */
@Path("/v1/models")
public class ModelsResource {

  @Inject GatewaySettings settings;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public String list() {
    List<Model> data = new ArrayList<>();
    Set<String> any = new HashSet<>();
    for (String id : settings.configuredModels()) {
      String owner = id.contains("/") ? id.substring(0, id.indexOf('/')) : "cogniforge";
      Set<String> capabilities = settings.modelCapabilities(id);
      any.addAll(capabilities);
      data.add(new Model(id, "model", 0, owner, ordered(capabilities)));
    }
    data.add(0, new Model(Router.AUTO, "model", 0, "cogniforge", ordered(any)));
    return JsonDocuments.toJson(new ModelList("list", data));
  }

  private static List<String> ordered(Set<String> capabilities) {
    return SettingKind.CAPABILITY_NAMES.stream().filter(capabilities::contains).toList();
  }

  /** OpenAI's model list. */
  @JsonbPropertyOrder({"object", "data"})
  public record ModelList(String object, List<Model> data) {}

  @JsonbPropertyOrder({"id", "object", "created", "ownedBy", "capabilities"})
  public record Model(
      String id, String object, long created, String ownedBy, List<String> capabilities) {}
}
