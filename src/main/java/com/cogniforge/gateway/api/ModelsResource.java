package com.cogniforge.gateway.api;

import com.cogniforge.gateway.JsonDocuments;
import com.cogniforge.gateway.settings.GatewaySettings;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;

/** {@code GET /v1/models}: the models clients may ask for, in OpenAI's list format. */
@Path("/v1/models")
public class ModelsResource {

  @Inject GatewaySettings settings;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public String list() {
    List<String> ids = new ArrayList<>();
    ids.add("auto");
    ids.addAll(settings.configuredModels());
    List<Model> data = new ArrayList<>();
    for (String id : ids) {
      String owner = id.contains("/") ? id.substring(0, id.indexOf('/')) : "cogniforge";
      data.add(new Model(id, "model", 0, owner));
    }
    return JsonDocuments.toJson(new ModelList("list", data));
  }

  /** OpenAI's model list. */
  @JsonbPropertyOrder({"object", "data"})
  public record ModelList(String object, List<Model> data) {}

  @JsonbPropertyOrder({"id", "object", "created", "ownedBy"})
  public record Model(String id, String object, long created, String ownedBy) {}
}
