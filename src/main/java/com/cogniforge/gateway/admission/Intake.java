package com.cogniforge.gateway.admission;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.providers.ProviderRoutes;
import com.cogniforge.gateway.providers.TokenEstimator;
import com.cogniforge.gateway.relay.ChatInput;
import com.cogniforge.gateway.relay.RequestInfo;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The first stage: whether the gateway takes requests at all now (not draining, a provider
 * configured) and whether this one is within the size limits. Parsing and validating the wire
 * format happened in the endpoint.
 */
final class Intake {

  /** What intake learnt about a request that passed. */
  record Accepted(ProviderRoutes providers, int promptTokens) {}

  private final int maxMessages;
  private final int maxPromptTokens;
  private final BooleanSupplier draining;
  private final Function<String, Optional<ProviderRoutes>> providers;

  /**
   * @param providers the provider for this gateway's own base URL (where the simulated one lives)
   */
  Intake(
      int maxMessages,
      int maxPromptTokens,
      BooleanSupplier draining,
      Function<String, Optional<ProviderRoutes>> providers) {
    this.maxMessages = maxMessages;
    this.maxPromptTokens = maxPromptTokens;
    this.draining = draining;
    this.providers = providers;
  }

  Accepted check(RequestInfo info, ChatInput input) {
    if (draining.getAsBoolean()) {
      throw new ApiError(
          503, "shutting_down", "the gateway is shutting down; retry on another instance", 1L);
    }
    ProviderRoutes routes =
        providers
            .apply(info.selfBaseUrl())
            .orElseThrow(
                () ->
                    new ApiError(
                        503,
                        "no_provider",
                        "no LLM provider configured: set PROVIDERS or OPENROUTER_API_KEY, or"
                            + " ALLOW_MOCK_LLM=true for the simulated provider"));
    if (input.request().messages().size() > maxMessages) {
      throw ApiError.badRequest(
          "too_many_messages", "at most " + maxMessages + " messages per request");
    }
    int promptTokens = TokenEstimator.promptTokens(input.request());
    if (promptTokens > maxPromptTokens) {
      throw ApiError.badRequest(
          "prompt_too_large",
          "the prompt is about "
              + promptTokens
              + " tokens; at most "
              + maxPromptTokens
              + " are accepted");
    }
    return new Accepted(routes, promptTokens);
  }
}
