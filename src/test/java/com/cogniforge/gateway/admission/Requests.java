package com.cogniforge.gateway.admission;

import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.budget.DailyBudget;
import com.cogniforge.gateway.cluster.SingleNode;
import com.cogniforge.gateway.keys.ClientKey;
import com.cogniforge.gateway.keys.KeyLimits;
import com.cogniforge.gateway.providers.ChatMessage;
import com.cogniforge.gateway.providers.ChatRequest;
import com.cogniforge.gateway.providers.TokenEstimator;
import com.cogniforge.gateway.relay.ChatInput;
import com.cogniforge.gateway.relay.RequestInfo;
import com.cogniforge.gateway.settings.GatewaySettings;
import com.cogniforge.gateway.settings.Setting;
import com.cogniforge.gateway.usage.UsageStore;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Requests, keys and settings for the admission stages' tests. */
final class Requests {

  private Requests() {}

  /** NANO n/1, FAST f/1 f/2, SMART s/1, GENIUS g/1; prices $1 and $1 per million tokens. */
  static GatewaySettings settings(Map<Setting, String> more) {
    Map<Setting, String> values = new HashMap<>();
    values.put(Setting.NANO_MODEL, "n/1");
    values.put(Setting.FAST_MODEL, "f/1,f/2");
    values.put(Setting.SMART_MODEL, "s/1");
    values.put(Setting.GENIUS_MODEL, "g/1");
    values.put(Setting.MODEL_PRICES, "n/1=1:1;f/1=1:1;f/2=1:1;s/1=1:1;g/1=1:1");
    values.put(Setting.LLM_DAILY_BUDGET, "100");
    values.putAll(more);
    return GatewaySettings.withValues(values);
  }

  static DailyBudget budget(GatewaySettings settings, double spentUsd) {
    return DailyBudget.of(
        settings,
        new UsageStore() {
          @Override
          public double costSince(Instant from) {
            return spentUsd;
          }

          @Override
          public double costSince(Instant from, long clientKeyId) {
            return 0;
          }
        },
        new SingleNode());
  }

  static ChatInput input(String model, String tier, Integer maxTokens) {
    return new ChatInput(
        new ChatRequest(
            model,
            List.of(new ChatMessage("user", "hello")),
            maxTokens,
            JsonValue.EMPTY_JSON_OBJECT),
        true,
        true,
        tier,
        true);
  }

  /**
   * A request for {@code model} (or routed, when null) on {@code tier} with one user message and
   * {@code options} (a JSON object's text); {@code image} adds an image part to the message.
   */
  static ChatInput rich(String model, String tier, boolean image, String options) {
    ChatMessage message =
        image
            ? new ChatMessage(
                "user",
                "what is this?",
                TokenEstimator.MEDIA_PART_TOKENS,
                JsonText.parseObject(
                    "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":"
                        + "\"what is this?\"},{\"type\":\"image_url\",\"image_url\":"
                        + "{\"url\":\"data:image/png;base64,AAAA\"}}]}"))
            : new ChatMessage("user", "hello");
    return new ChatInput(
        new ChatRequest(model, List.of(message), null, JsonText.parseObject(options)),
        true,
        true,
        tier,
        true);
  }

  static ClientKey key(KeyLimits limits) {
    return new ClientKey(
        42, "test", "cf_test", new byte[0], new byte[0], Instant.now(), null, null, limits);
  }

  static RequestInfo info(ClientKey key, boolean noCache) {
    return new RequestInfo("req_1", RequestInfo.OPENAI, "http://127.0.0.1:1", key, noCache);
  }
}
