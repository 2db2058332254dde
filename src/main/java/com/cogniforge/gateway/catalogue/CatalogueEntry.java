package com.cogniforge.gateway.catalogue;

import java.util.Set;

/**
 * What the catalogue knows of one model. Prices are USD per million tokens.
 *
 * @param id the model id as clients and tier lists name it ({@code anthropic/claude-sonnet-4.5})
 * @param nativeName the vendor's own API name for it ({@code claude-sonnet-4-5-20250929})
 * @param cachedInputPerMillion a prompt token read from the provider's prompt cache
 * @param cacheWritePerMillion a prompt token written to the provider's prompt cache
 * @param contextWindow prompt and completion tokens together, at most
 * @param maxOutput completion tokens, at most
 * @param capabilities of images, tools, json_schema, reasoning
 */
public record CatalogueEntry(
    String id,
    String nativeName,
    double inputPerMillion,
    double cachedInputPerMillion,
    double cacheWritePerMillion,
    double outputPerMillion,
    int contextWindow,
    int maxOutput,
    Set<String> capabilities) {

  public CatalogueEntry {
    capabilities = Set.copyOf(capabilities);
  }
}
