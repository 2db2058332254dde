package com.cogniforge.gateway.providers;

import com.cogniforge.gateway.JsonText;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

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

  /**
   * One stream's content chunks as SSE frames, byte for byte what {@code sseFrame(contentChunk(id,
   * created, model, text))} gives, with the parts that never change in a stream (the id, creation
   * time and model around the text) encoded once: a token then costs one array, filled directly
   * when its text is plain ASCII (most tokens), instead of a buffer, a string and two arrays.
   */
  public static final class ContentFrames {

    private static final byte[] SUFFIX =
        "},\"finish_reason\":null}]}\n\n".getBytes(StandardCharsets.US_ASCII);

    private final byte[] prefix;

    public ContentFrames(String id, long created, String model) {
      this(id, created, model, null);
    }

    /**
     * @param providerFields the provider's own top-level fields to carry in every chunk (see {@link
     *     #withProviderFields}), or null
     */
    public ContentFrames(String id, long created, String model, String providerFields) {
      String head =
          withProviderFields(head(id, created, model, 0).toString(), providerFields)
              + "\"delta\":{\"content\":";
      byte[] head8 = head.getBytes(StandardCharsets.UTF_8);
      prefix = new byte[DATA_PREFIX.length + head8.length];
      System.arraycopy(DATA_PREFIX, 0, prefix, 0, DATA_PREFIX.length);
      System.arraycopy(head8, 0, prefix, DATA_PREFIX.length, head8.length);
    }

    public byte[] frame(String text) {
      int n = text.length();
      for (int i = 0; i < n; i++) {
        char c = text.charAt(i);
        if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
          return frame(JsonText.quote(text).getBytes(StandardCharsets.UTF_8));
        }
      }
      byte[] frame = new byte[prefix.length + n + 2 + SUFFIX.length];
      System.arraycopy(prefix, 0, frame, 0, prefix.length);
      int at = prefix.length;
      frame[at++] = '"';
      for (int i = 0; i < n; i++) {
        frame[at++] = (byte) text.charAt(i);
      }
      frame[at++] = '"';
      System.arraycopy(SUFFIX, 0, frame, at, SUFFIX.length);
      return frame;
    }

    private byte[] frame(byte[] quoted) {
      byte[] frame = new byte[prefix.length + quoted.length + SUFFIX.length];
      System.arraycopy(prefix, 0, frame, 0, prefix.length);
      System.arraycopy(quoted, 0, frame, prefix.length, quoted.length);
      System.arraycopy(SUFFIX, 0, frame, prefix.length + quoted.length, SUFFIX.length);
      return frame;
    }
  }

  /**
   * A chunk or completion written here, with the provider's own top-level fields ({@code
   * system_fingerprint}, {@code service_tier}..., JSON members without braces) where OpenAI puts
   * them: after the model, before the choices. Unchanged when there are none, or when the document
   * has no choices (an error).
   */
  public static String withProviderFields(String document, String providerFields) {
    if (providerFields == null) {
      return document;
    }
    // Only our own documents come here: the first ',"choices":' follows the model (no string of
    // ours can hold an unescaped quote).
    int at = document.indexOf(",\"choices\":");
    if (at < 0) {
      return document;
    }
    return new StringBuilder(document.length() + providerFields.length() + 1)
        .append(document, 0, at)
        .append(',')
        .append(providerFields)
        .append(document, at, document.length())
        .toString();
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

  /**
   * A chunk whose choice the provider wrote: its choice goes out byte for byte, in the gateway's
   * frame (its id, creation time and routed model). A choice read from a whole completion (a
   * provider that ignored {@code stream}) has no chunk form and is written as a delta.
   */
  public static String deltaChunk(String id, long created, String model, UpstreamDelta delta) {
    String choice = delta.choiceJson();
    if (choice == null) {
      choice = synthesizedChoice(delta);
    }
    return choiceChunk(id, created, model, choice);
  }

  /** A chunk around one choice object written elsewhere ({@code {"index":0,"delta":...}}). */
  public static String choiceChunk(String id, long created, String model, String choice) {
    StringBuilder out = new StringBuilder(120 + id.length() + model.length() + choice.length());
    return opening(out, id, CHUNK, created, model)
        .append(",\"choices\":[")
        .append(choice)
        .append("]}")
        .toString();
  }

  private static String synthesizedChoice(UpstreamDelta delta) {
    StringBuilder out = new StringBuilder(200).append("{\"index\":0,\"delta\":{");
    appendMessageFields(
        out, delta.text(), delta.reasoning(), delta.refusal(), delta.toolCalls(), true);
    out.append("},\"finish_reason\":");
    return JsonText.quoteOrNull(out, delta.finishReason()).append('}').toString();
  }

  /**
   * The fields of an assistant message or delta, without braces: content, refusal, reasoning (as
   * {@code reasoning_content}), tool calls.
   */
  static StringBuilder appendMessageFields(
      StringBuilder out,
      String content,
      String reasoning,
      String refusal,
      java.util.List<UpstreamDelta.ToolCallFragment> toolCalls,
      boolean withIndex) {
    out.append("\"content\":");
    JsonText.quoteOrNull(out, content);
    if (refusal != null) {
      JsonText.quote(out.append(",\"refusal\":"), refusal);
    }
    if (reasoning != null) {
      JsonText.quote(out.append(",\"reasoning_content\":"), reasoning);
    }
    if (!toolCalls.isEmpty()) {
      out.append(",\"tool_calls\":[");
      for (int i = 0; i < toolCalls.size(); i++) {
        UpstreamDelta.ToolCallFragment call = toolCalls.get(i);
        out.append(i == 0 ? "{" : ",{");
        if (withIndex) {
          out.append("\"index\":").append(call.index()).append(',');
        }
        if (call.id() != null) {
          JsonText.quote(out.append("\"id\":"), call.id()).append(',');
        }
        if (call.id() != null || call.type() != null) {
          JsonText.quote(out.append("\"type\":"), call.type() == null ? "function" : call.type())
              .append(',');
        }
        out.append("\"function\":{");
        if (call.name() != null) {
          JsonText.quote(out.append("\"name\":"), call.name()).append(',');
        }
        JsonText.quote(
            out.append("\"arguments\":"), call.arguments() == null ? "" : call.arguments());
        out.append("}}");
      }
      out.append(']');
    }
    return out;
  }

  /**
   * A whole {@code chat.completion} whose message has more than text: content (null when there is
   * none beside tool calls), refusal, reasoning and tool calls (each merged from its fragments).
   */
  public static String completion(
      String id,
      long created,
      String model,
      String text,
      String reasoning,
      String refusal,
      java.util.List<UpstreamDelta.ToolCallFragment> toolCalls,
      String finishReason,
      int promptTokens,
      int completionTokens) {
    return completion(
        id,
        created,
        model,
        text,
        reasoning,
        refusal,
        toolCalls,
        finishReason,
        promptTokens,
        completionTokens,
        0,
        0,
        Double.NaN);
  }

  /** The same, its usage with the cost and details of {@link #usageChunk}. */
  public static String completion(
      String id,
      long created,
      String model,
      String text,
      String reasoning,
      String refusal,
      java.util.List<UpstreamDelta.ToolCallFragment> toolCalls,
      String finishReason,
      int promptTokens,
      int completionTokens,
      int cachedPromptTokens,
      int reasoningTokens,
      double costUsd) {
    StringBuilder out = new StringBuilder(text.length() + 400);
    opening(out, id, COMPLETION, created, model)
        .append(",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",");
    appendMessageFields(
        out,
        text.isEmpty() && !toolCalls.isEmpty() ? null : text,
        reasoning,
        refusal,
        toolCalls,
        false);
    out.append("},\"finish_reason\":");
    JsonText.quote(out, finishReason).append("}],");
    return usage(out, promptTokens, completionTokens, cachedPromptTokens, reasoningTokens, costUsd)
        .append('}')
        .toString();
  }

  public static String finishChunk(String id, long created, String model, String finishReason) {
    StringBuilder out =
        head(id, created, model, finishReason.length()).append("\"delta\":{},\"finish_reason\":");
    return JsonText.quote(out, finishReason).append("}]}").toString();
  }

  /** The extra last chunk sent when the client asked for {@code stream_options.include_usage}. */
  public static String usageChunk(
      String id, long created, String model, int promptTokens, int completionTokens) {
    return usageChunk(id, created, model, promptTokens, completionTokens, -1, -1, Double.NaN);
  }

  /**
   * The usage chunk with what the gateway knows beyond the totals: {@code cost} in USD inside
   * {@code usage} as OpenRouter sends it (left out when NaN), and the prompt's cached tokens and
   * the completion's reasoning tokens as OpenAI sends them (each details object when its count is
   * known, 0 included, as OpenAI always sends them; -1 leaves it out).
   */
  public static String usageChunk(
      String id,
      long created,
      String model,
      int promptTokens,
      int completionTokens,
      int cachedPromptTokens,
      int reasoningTokens,
      double costUsd) {
    StringBuilder out = new StringBuilder(300);
    opening(out, id, CHUNK, created, model).append(",\"choices\":[],");
    return usage(out, promptTokens, completionTokens, cachedPromptTokens, reasoningTokens, costUsd)
        .append('}')
        .toString();
  }

  /** USD to 8 decimals, always with a dot: a JSON number and a header value. */
  public static String usd(double value) {
    return String.format(Locale.ROOT, "%.8f", value);
  }

  public static String completion(
      String id,
      long created,
      String model,
      String text,
      String finishReason,
      int promptTokens,
      int completionTokens) {
    StringBuilder out = new StringBuilder(text.length() + 300);
    opening(out, id, COMPLETION, created, model)
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
        new StringBuilder(150 + id.length() + model.length() + payloadChars + payloadChars / 8);
    return opening(out, id, CHUNK, created, model).append(",\"choices\":[{\"index\":0,");
  }

  private static StringBuilder usage(StringBuilder out, int promptTokens, int completionTokens) {
    return usage(out, promptTokens, completionTokens, -1, -1, Double.NaN);
  }

  private static StringBuilder usage(
      StringBuilder out,
      int promptTokens,
      int completionTokens,
      int cachedPromptTokens,
      int reasoningTokens,
      double costUsd) {
    out.append("\"usage\":{\"prompt_tokens\":")
        .append(promptTokens)
        .append(",\"completion_tokens\":")
        .append(completionTokens)
        .append(",\"total_tokens\":")
        .append(promptTokens + completionTokens);
    if (cachedPromptTokens >= 0) {
      out.append(",\"prompt_tokens_details\":{\"cached_tokens\":")
          .append(cachedPromptTokens)
          .append('}');
    }
    if (reasoningTokens >= 0) {
      out.append(",\"completion_tokens_details\":{\"reasoning_tokens\":")
          .append(reasoningTokens)
          .append('}');
    }
    if (Double.isFinite(costUsd)) {
      out.append(",\"cost\":").append(usd(costUsd));
    }
    return out.append('}');
  }

  private static final String CHUNK = "chat.completion.chunk";
  private static final String COMPLETION = "chat.completion";

  /** Every document's opening, up to its model: {@code {"id":..,"object":..,"created":..,"model":..}. */
  private static StringBuilder opening(
      StringBuilder out, String id, String object, long created, String model) {
    JsonText.quote(out.append("{\"id\":"), id)
        .append(",\"object\":\"")
        .append(object)
        .append("\",\"created\":")
        .append(created)
        .append(",\"model\":");
    return JsonText.quote(out, model);
  }
}
