package com.cogniforge.gateway.routing;

import java.util.List;

/**
 * Which tier and models serve a request, and why.
 *
 * @param tier the tier chosen (null for an explicit model that is in no tier)
 * @param models the models to try in order: the first serves, the rest are fallbacks
 * @param reason a sentence an operator can read
 * @param classification the classifier's reading, or null when routing did not classify
 */
public record RouteDecision(
    Tier tier, List<String> models, String reason, Classification classification) {

  public RouteDecision {
    models = List.copyOf(models);
  }

  public String model() {
    return models.get(0);
  }
}
