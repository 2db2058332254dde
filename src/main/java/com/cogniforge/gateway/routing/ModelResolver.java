package com.cogniforge.gateway.routing;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.settings.GatewaySettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Turns the model a client asked for into the model that serves it. Only configured models are
 * served (the gateway is no open relay to every model of the provider); {@code auto} or no model at
 * all means the default model.
 */
@ApplicationScoped
public class ModelResolver {

  public static final String AUTO = "auto";

  @Inject GatewaySettings settings;

  public String resolve(String requested) {
    if (requested == null || requested.equals(AUTO)) {
      return settings.defaultModel();
    }
    if (!settings.configuredModels().contains(requested)) {
      throw new ApiError(
          404,
          "model_not_found",
          "model '"
              + printable(requested)
              + "' is not served here; GET /v1/models lists the models");
    }
    return requested;
  }

  /** Echoes a client's model name safely: bounded length, no control characters. */
  private static String printable(String name) {
    String clean = name.replaceAll("\\p{Cntrl}", "?");
    return clean.length() <= 100 ? clean : clean.substring(0, 100) + "...";
  }
}
