package com.cogniforge.gateway.cache;

import com.cogniforge.gateway.JsonText;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A complete, successful answer kept in the response cache: the text as the provider sent it (piece
 * by piece, so a replay streams the same way), how it ended, and its token counts (the reasoning
 * tokens too: a replay that streams the reasoning again reports them again).
 */
public final class CachedAnswer {

  private final List<String> pieces;
  private final BitSet raw; // pieces that are a provider's choice JSON (tool calls, reasoning...)
  private final String finishReason;
  private final int promptTokens;
  private final int completionTokens;
  private final int reasoningTokens;
  private final String model;
  private final String providerFields;
  private final int bytes;
  private final AtomicInteger hits = new AtomicInteger();

  public CachedAnswer(
      List<String> pieces,
      String finishReason,
      int promptTokens,
      int completionTokens,
      String model) {
    this(pieces, new BitSet(), finishReason, promptTokens, completionTokens, 0, model);
  }

  /**
   * @param raw which pieces are not text but a chunk's first choice as the provider wrote it (tool
   *     calls, reasoning, refusal...), replayed as they are
   * @param reasoningTokens of {@code completionTokens}, those the provider reported as reasoning
   */
  public CachedAnswer(
      List<String> pieces,
      BitSet raw,
      String finishReason,
      int promptTokens,
      int completionTokens,
      int reasoningTokens,
      String model) {
    this(pieces, raw, finishReason, promptTokens, completionTokens, reasoningTokens, model, null);
  }

  /**
   * @param providerFields the provider's own top-level fields of the answer ({@code
   *     system_fingerprint}...), JSON members without braces, or null; a replay passes them on
   */
  public CachedAnswer(
      List<String> pieces,
      BitSet raw,
      String finishReason,
      int promptTokens,
      int completionTokens,
      int reasoningTokens,
      String model,
      String providerFields) {
    this.providerFields = providerFields;
    this.pieces = List.copyOf(pieces);
    this.raw = (BitSet) raw.clone();
    this.finishReason = finishReason;
    this.promptTokens = promptTokens;
    this.completionTokens = completionTokens;
    this.reasoningTokens = reasoningTokens;
    this.model = model;
    int size = 64 + (providerFields == null ? 0 : 40 + 2 * providerFields.length());
    for (String piece : this.pieces) {
      size += 40 + 2 * piece.length(); // a String's header and UTF-16 chars, roughly
    }
    this.bytes = size;
  }

  public List<String> pieces() {
    return pieces;
  }

  /** Whether piece {@code index} is a provider's choice JSON rather than text. */
  public boolean isRaw(int index) {
    return raw.get(index);
  }

  public String finishReason() {
    return finishReason;
  }

  public int promptTokens() {
    return promptTokens;
  }

  public int completionTokens() {
    return completionTokens;
  }

  public int reasoningTokens() {
    return reasoningTokens;
  }

  public String model() {
    return model;
  }

  /** The provider's own top-level fields of the answer, JSON members without braces, or null. */
  public String providerFields() {
    return providerFields;
  }

  int bytes() {
    return bytes;
  }

  int hit() {
    return hits.incrementAndGet();
  }

  /** The answer as JSON, to share it with the other instances of a cluster. */
  String toJson() {
    JsonArrayBuilder texts = JsonText.BUILDERS.createArrayBuilder();
    for (int i = 0; i < pieces.size(); i++) {
      if (raw.get(i)) {
        texts.add(JsonText.BUILDERS.createObjectBuilder().add("choice", pieces.get(i)));
      } else {
        texts.add(pieces.get(i));
      }
    }
    JsonObjectBuilder json =
        JsonText.BUILDERS
            .createObjectBuilder()
            .add("pieces", texts)
            .add("prompt_tokens", promptTokens)
            .add("completion_tokens", completionTokens)
            .add("reasoning_tokens", reasoningTokens)
            .add("model", model);
    if (finishReason != null) {
      json.add("finish_reason", finishReason);
    }
    if (providerFields != null) {
      json.add("provider_fields", providerFields);
    }
    return JsonText.write(json.build());
  }

  static CachedAnswer fromJson(String text) {
    JsonObject json = JsonText.parseObject(text);
    List<String> pieces = new ArrayList<>();
    BitSet raw = new BitSet();
    for (JsonValue piece : json.getJsonArray("pieces")) {
      if (piece instanceof JsonObject choice) {
        raw.set(pieces.size());
        pieces.add(choice.getString("choice"));
      } else {
        pieces.add(((JsonString) piece).getString());
      }
    }
    return new CachedAnswer(
        pieces,
        raw,
        json.getString("finish_reason", null),
        json.getInt("prompt_tokens"),
        json.getInt("completion_tokens"),
        json.getInt("reasoning_tokens", 0),
        json.getString("model"),
        json.getString("provider_fields", null));
  }
}
