package com.cogniforge.gateway.providers;

import com.cogniforge.gateway.JsonText;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.http.HttpRequest;

/**
 * Anthropic's Messages API ({@code POST {base}/v1/messages}, streamed): the OpenAI-shaped request
 * is translated by {@link AnthropicRequest}, the event stream read back by {@link
 * AnthropicStreamDecoder}. The base URL is the one Anthropic's SDKs take ({@code
 * https://api.anthropic.com}, no {@code /v1}).
 */
final class AnthropicWire implements ProviderWire {

  static final AnthropicWire INSTANCE = new AnthropicWire();

  /** The API version every request names; the one Anthropic's SDKs send. */
  static final String API_VERSION = "2023-06-01";

  private AnthropicWire() {}

  @Override
  public HttpRequest.Builder request(Provider provider, String upstreamModel, ChatRequest request)
      throws UpstreamFailure {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(provider.resolve("/v1/messages"))
            .header("Content-Type", "application/json")
            .header("Accept", "text/event-stream")
            .header("anthropic-version", API_VERSION)
            .POST(
                HttpRequest.BodyPublishers.ofString(AnthropicRequest.body(upstreamModel, request)));
    provider.apiKey().ifPresent(key -> builder.header("x-api-key", key));
    // An operator's anthropic-beta (or another anthropic-version) replaces ours.
    provider.headers().forEach(builder::setHeader);
    return builder;
  }

  @Override
  public StreamDecoder decoder() {
    return new AnthropicStreamDecoder();
  }

  /**
   * Anthropic's error body is {@code {"type":"error","error":{"type":"overloaded_error",
   * "message":"Overloaded"}}}: the type says more than the message alone, so both are kept.
   */
  @Override
  public String errorMessage(String body) {
    try {
      JsonObject json = JsonText.parseObject(body);
      if (json.get("error") instanceof JsonObject error
          && error.get("type") instanceof JsonString type
          && error.get("message") instanceof JsonString message) {
        return ProviderErrors.clip(type.getString() + ": " + message.getString());
      }
    } catch (RuntimeException notJson) {
      // the common reading below shows what there is
    }
    return ProviderErrors.summarize(body);
  }
}
