package com.cogniforge.gateway.providers;

import com.cogniforge.gateway.JsonText;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

/**
 * The Google Gemini API ({@code generativelanguage.googleapis.com}): {@code POST
 * {base}/v1beta/models/{model}:streamGenerateContent?alt=sse} with the key in {@code
 * x-goog-api-key} (never in the URL, where proxies and logs would keep it). The base URL is what
 * the official SDKs take as theirs, without the API version.
 */
final class GeminiWire implements ProviderWire {

  static final GeminiWire INSTANCE = new GeminiWire();

  private static final String RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo";

  private GeminiWire() {}

  @Override
  public HttpRequest.Builder request(Provider provider, String upstreamModel, ChatRequest request)
      throws UpstreamFailure {
    String model = modelPath(upstreamModel);
    String body = GeminiRequest.body(model.substring(model.indexOf('/') + 1), request);
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(
                provider.resolve("/v1beta/" + model + ":streamGenerateContent?alt=sse"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    provider.apiKey().ifPresent(key -> builder.header("x-goog-api-key", key));
    provider.headers().forEach(builder::setHeader);
    return builder;
  }

  /**
   * {@code models/<name>} (or {@code tunedModels/<name>}) with the name percent-encoded: a mapped
   * name may hold any printable character, none of which may reach the path unescaped.
   */
  static String modelPath(String upstreamModel) {
    String collection = "models";
    String name = upstreamModel;
    for (String prefix : new String[] {"models/", "tunedModels/"}) {
      if (name.startsWith(prefix)) {
        collection = prefix.substring(0, prefix.length() - 1);
        name = name.substring(prefix.length());
      }
    }
    StringBuilder path = new StringBuilder(collection).append('/');
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (Character.isLetterOrDigit(c) && c < 0x80 || c == '-' || c == '.' || c == '_') {
        path.append(c);
      } else {
        path.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)));
        path.append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return path.toString();
  }

  @Override
  public StreamDecoder decoder() {
    return new GeminiStreamDecoder();
  }

  /**
   * Google puts its retry hint in the error body, not in a {@code Retry-After} header: a {@code
   * google.rpc.RetryInfo} detail whose {@code retryDelay} is a protobuf Duration ({@code "30s"},
   * {@code "1.5s"}), rounded up to whole seconds here.
   */
  @Override
  public Long retryAfterSeconds(String errorBody) {
    try {
      JsonObject body = JsonText.parseObject(errorBody);
      if (!(body.get("error") instanceof JsonObject error
          && error.get("details") instanceof JsonArray details)) {
        return null;
      }
      for (JsonValue detail : details) {
        if (detail instanceof JsonObject info
            && RETRY_INFO.equals(info.getString("@type", ""))
            && info.get("retryDelay") instanceof JsonString delay
            && delay.getString().endsWith("s")) {
          String seconds = delay.getString().substring(0, delay.getString().length() - 1);
          BigDecimal value = new BigDecimal(seconds).setScale(0, RoundingMode.CEILING);
          return value.signum() < 0 ? 0L : value.longValueExact();
        }
      }
    } catch (RuntimeException unreadable) {
      // not Google's error shape: no hint
    }
    return null;
  }
}
