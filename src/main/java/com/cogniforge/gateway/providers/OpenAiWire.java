package com.cogniforge.gateway.providers;

import com.cogniforge.gateway.JsonText;
import java.nio.charset.StandardCharsets;

/**
 * Writes the OpenAI Chat Completions wire format: streaming chunks, whole completions and error
 * bodies. Built by hand with one buffer per message because it runs once per relayed token.
 */
public final class OpenAiWire {

  private static final byte[] DATA_PREFIX = "data: ".getBytes(StandardCharsets.US_ASCII);

  private OpenAiWire() {}

  /** One SSE event carrying {@code json}: {@code data: json\n\n}, as bytes for the socket. */
  public static byte[] sseFrame(String json) {
    byte[] json8 = json.getBytes(StandardCharsets.UTF_8);
    byte[] frame = new byte[json8.length + DATA_PREFIX.length + 2];
    System.arraycopy(DATA_PREFIX, 0, frame, 0, DATA_PREFIX.length);
    System.arraycopy(json8, 0, frame, DATA_PREFIX.length, json8.length);
    frame[frame.length - 2] = '\n';
    frame[frame.length - 1] = '\n';
    return frame;
  }

  /** The first chunk of a stream: announces the assistant role, as OpenAI does. */
  public static String roleChunk(String id, long created, String model) {
    return head(id, created, model, 0)
        .append("\"delta\":{\"role\":\"assistant\",\"content\":\"\"},")
        .append("\"finish_reason\":null}]}")
        .toString();
  }

  public static String contentChunk(String id, long created, String model, String text) {
    StringBuilder out = head(id, created, model, text.length()).append("\"delta\":{\"content\":");
    return JsonText.quote(out, text).append("},\"finish_reason\":null}]}").toString();
  }

  public static String finishChunk(String id, long created, String model, String finishReason) {
    StringBuilder out =
        head(id, created, model, finishReason.length()).append("\"delta\":{},\"finish_reason\":");
    return JsonText.quote(out, finishReason).append("}]}").toString();
  }

  /** The extra last chunk sent when the client asked for {@code stream_options.include_usage}. */
  public static String usageChunk(
      String id, long created, String model, int promptTokens, int completionTokens) {
    StringBuilder out = new StringBuilder(200).append("{\"id\":");
    JsonText.quote(out, id)
        .append(",\"object\":\"chat.completion.chunk\",\"created\":")
        .append(created)
        .append(",\"model\":");
    JsonText.quote(out, model).append(",\"choices\":[],");
    return usage(out, promptTokens, completionTokens).append('}').toString();
  }

  public static String completion(
      String id,
      long created,
      String model,
      String text,
      String finishReason,
      int promptTokens,
      int completionTokens) {
    StringBuilder out = new StringBuilder(text.length() + 300).append("{\"id\":");
    JsonText.quote(out, id)
        .append(",\"object\":\"chat.completion\",\"created\":")
        .append(created)
        .append(",\"model\":");
    JsonText.quote(out, model)
        .append(",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":");
    JsonText.quote(out, text).append("},\"finish_reason\":");
    JsonText.quote(out, finishReason).append("}],");
    return usage(out, promptTokens, completionTokens).append('}').toString();
  }

  /**
   * Sized for the whole chunk (a typical one is about 200 characters), so that the buffer is not
   * grown and copied on every token.
   */
  private static StringBuilder head(String id, long created, String model, int payloadChars) {
    StringBuilder out =
        new StringBuilder(150 + id.length() + model.length() + payloadChars + payloadChars / 8)
            .append("{\"id\":");
    JsonText.quote(out, id)
        .append(",\"object\":\"chat.completion.chunk\",\"created\":")
        .append(created)
        .append(",\"model\":");
    return JsonText.quote(out, model).append(",\"choices\":[{\"index\":0,");
  }

  private static StringBuilder usage(StringBuilder out, int promptTokens, int completionTokens) {
    return out.append("\"usage\":{\"prompt_tokens\":")
        .append(promptTokens)
        .append(",\"completion_tokens\":")
        .append(completionTokens)
        .append(",\"total_tokens\":")
        .append(promptTokens + completionTokens)
        .append('}');
  }
}
