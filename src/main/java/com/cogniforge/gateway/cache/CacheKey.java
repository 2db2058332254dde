package com.cogniforge.gateway.cache;

import com.cogniforge.gateway.providers.ChatMessage;
import com.cogniforge.gateway.providers.ChatRequest;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The normalised identity of a request for the response cache: the model that will answer, every
 * message (as the client wrote it: content parts, tool calls), the completion cap and every other
 * option that can change the output (sampling parameters, stop, seed, tools, tool_choice,
 * response_format, reasoning settings...), in a fixed order. Hashed, so a key is small whatever the
 * prompt's size and holds no prompt text. A scope (the client key) in front keeps one tenant's
 * answers from another's.
 */
public final class CacheKey {

  private CacheKey() {}

  /** A key shared by every client (cache scope {@code global}). */
  public static String of(String model, ChatRequest request) {
    return of(null, model, request);
  }

  /**
   * @param scope who may share the answer (for example {@code key:42}), or null for everyone
   */
  public static String of(String scope, String model, ChatRequest request) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
    if (scope != null) {
      update(sha256, "scope", scope);
    }
    update(sha256, "model", model);
    for (ChatMessage message : request.messages()) {
      JsonObject json = message.json();
      if (json.size() == 2 && json.get("content") instanceof JsonString) {
        // A plain text message, the usual case: hashed without writing its JSON again.
        update(sha256, "role", message.role());
        update(sha256, "content", message.content());
      } else {
        // The whole message: content parts, tool calls and results, names all change the answer.
        update(sha256, "message", json.toString());
      }
    }
    update(sha256, "max_tokens", String.valueOf(request.maxTokens()));
    if (request.thinkingBudget() != null) {
      update(sha256, "thinking_budget", request.thinkingBudget().toString());
    }
    // Options sorted by name: {"temperature":0,"seed":1} and {"seed":1,"temperature":0} match.
    Map<String, JsonValue> options = new TreeMap<>(request.options());
    for (Map.Entry<String, JsonValue> option : options.entrySet()) {
      update(sha256, option.getKey(), option.getValue().toString());
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256.digest());
  }

  /** Length-prefixed, so that no two different requests can run together into the same bytes. */
  private static void update(MessageDigest digest, String name, String value) {
    for (String part : new String[] {name, value == null ? "\u0000" : value}) {
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      digest.update((byte) (bytes.length >>> 24));
      digest.update((byte) (bytes.length >>> 16));
      digest.update((byte) (bytes.length >>> 8));
      digest.update((byte) bytes.length);
      digest.update(bytes);
    }
  }
}
