package com.cogniforge.gateway.api;

import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.settings.GatewaySettings;
import jakarta.inject.Inject;
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
    StringBuilder json = new StringBuilder("{\"object\":\"list\",\"data\":[");
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      json.append(i == 0 ? "" : ",").append("{\"id\":");
      JsonText.quote(json, id).append(",\"object\":\"model\",\"created\":0,\"owned_by\":");
      JsonText.quote(json, id.contains("/") ? id.substring(0, id.indexOf('/')) : "cogniforge")
          .append('}');
    }
    return json.append("]}").toString();
  }
}
