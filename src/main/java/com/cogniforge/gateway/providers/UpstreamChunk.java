package com.cogniforge.gateway.providers;

import com.cogniforge.gateway.JsonText;
import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * What one OpenAI {@code chat.completion.chunk} (or a full {@code chat.completion}) says, reduced
 * to what the gateway relays.
 *
 * @param text generated text of the first choice ({@code delta.content} or {@code
 *     message.content}), or {@code null}
 * @param finishReason the first choice's finish reason, or {@code null}
 * @param promptTokens reported prompt tokens, or -1
 * @param completionTokens reported completion tokens, or -1
 * @param cachedPromptTokens of the prompt tokens, those read from the provider's prompt cache
 *     ({@code usage.prompt_tokens_details.cached_tokens}), or -1
 * @param reasoningTokens of the completion tokens, those spent reasoning ({@code
 *     usage.completion_tokens_details.reasoning_tokens}), or -1
 * @param cacheWriteTokens of the prompt tokens, those written to the provider's prompt cache
 *     (Anthropic's {@code cache_creation_input_tokens}, OpenRouter's {@code
 *     prompt_tokens_details.cache_write_tokens}), priced apart; or -1
 * @param error the provider's error message when the chunk is an error object, or {@code null}
 * @param model the model the provider says answered (the chunk's {@code model}), read only when
 *     asked for (the first chunk of a call), else {@code null}
 * @param delta the first choice as the provider wrote it, when it holds more than plain text (tool
 *     calls, reasoning, refusal, logprobs, annotations...); {@code null} for a plain text chunk
 * @param providerFields the chunk's own top-level fields that the gateway passes on as they are
 *     ({@code system_fingerprint}, {@code service_tier}...), as JSON members without braces; read
 *     with the model (the first chunk of a call), else {@code null}
 */
public record UpstreamChunk(
    String text,
    String finishReason,
    int promptTokens,
    int completionTokens,
    int cachedPromptTokens,
    int reasoningTokens,
    int cacheWriteTokens,
    String error,
    String model,
    UpstreamDelta delta,
    String providerFields) {

  /**
   * Decodes a chunk. It runs once per relayed token, so it reads the JSON as a stream of parser
   * events and keeps only the fields above, instead of building a tree of the whole chunk (which
   * allocated about three times as much).
   *
   * @throws UpstreamFailure of kind {@code MALFORMED_CHUNK} if it is not a JSON object
   */
  public static UpstreamChunk decode(String json) throws UpstreamFailure {
    return decode(json, false);
  }

  /**
   * Decodes a chunk, with its {@code model} when {@code withModel} (a string per chunk that the
   * plain token path does without).
   */
  public static UpstreamChunk decode(String json, boolean withModel) throws UpstreamFailure {
    try (JsonParser parser = JsonText.PARSERS.createParser(new StringReader(json))) {
      if (!parser.hasNext() || parser.next() != Event.START_OBJECT) {
        throw malformed();
      }
      Fields fields = new Fields();
      Event event;
      while ((event = parser.next()) != Event.END_OBJECT) {
        String key = parser.getString();
        Event value = parser.next();
        switch (key) {
          case "error" -> fields.error = errorMessage(parser, value);
          case "choices" -> readChoices(parser, value, fields, json);
          case "usage" -> readUsage(parser, value, fields);
          case "model" -> {
            if (withModel && value == Event.VALUE_STRING) {
              fields.model = parser.getString();
            } else {
              skip(parser, value);
            }
          }
          case "id", "object", "created", "obfuscation" -> skip(parser, value);
          default -> {
            if (withModel) {
              fields.providerField(key, parser.getValue()); // the first chunk: read once per call
            } else {
              skip(parser, value);
            }
          }
        }
      }
      if (parser.hasNext()) {
        throw malformed();
      }
      String text = fields.deltaSeen ? fields.deltaText : fields.messageText;
      return new UpstreamChunk(
          text,
          fields.finishReason,
          fields.prompt,
          fields.completion,
          fields.cached,
          fields.reasoning,
          fields.cacheWrite,
          fields.error,
          fields.model,
          fields.rich ? fields.richDelta(text) : null,
          fields.providerFields == null ? null : fields.providerFields.toString());
    } catch (JsonException | IllegalStateException | NoSuchElementException notJson) {
      throw malformed();
    }
  }

  /**
   * Reads one choice object as stored by the cache ({@link UpstreamDelta#choiceJson()}): a chunk
   * replayed from the cache reaches the client as the provider first sent it.
   */
  public static UpstreamDelta decodeChoice(String choiceJson) throws UpstreamFailure {
    try (JsonParser parser = JsonText.PARSERS.createParser(new StringReader(choiceJson))) {
      if (!parser.hasNext() || parser.next() != Event.START_OBJECT) {
        throw malformed();
      }
      Fields fields = new Fields();
      fields.extra().choiceJson = choiceJson;
      readChoice(parser, fields);
      fields.rich = true;
      return fields.richDelta(fields.deltaSeen ? fields.deltaText : fields.messageText);
    } catch (JsonException | IllegalStateException | NoSuchElementException notJson) {
      throw malformed();
    }
  }

  /** A chunk of plain generated text, as a translating decoder makes it. */
  public static UpstreamChunk ofText(String text) {
    return new UpstreamChunk(text, null, -1, -1, -1, -1, -1, null, null, null, null);
  }

  /**
   * A chunk with more than text (tool calls, reasoning...), as a translating decoder makes it: the
   * delta's {@code choiceJson} must be the OpenAI choice the client is to get ({@link
   * OpenAiChoices} writes them).
   */
  public static UpstreamChunk ofDelta(UpstreamDelta delta) {
    return new UpstreamChunk(
        delta.text(), delta.finishReason(), -1, -1, -1, -1, -1, null, null, delta, null);
  }

  /**
   * The end of the answer, in OpenAI's words ({@code stop}, {@code length}, {@code tool_calls}).
   */
  public static UpstreamChunk ofFinish(String finishReason) {
    return new UpstreamChunk(null, finishReason, -1, -1, -1, -1, -1, null, null, null, null);
  }

  /**
   * Token counts as the provider reported them, each -1 when not reported.
   *
   * @param promptTokens every prompt token billed: uncached, read from the cache and written to it
   * @param cachedPromptTokens of those, the ones read from the provider's prompt cache
   * @param cacheWriteTokens of those, the ones written to the provider's prompt cache
   */
  public static UpstreamChunk ofUsage(
      int promptTokens,
      int completionTokens,
      int cachedPromptTokens,
      int reasoningTokens,
      int cacheWriteTokens) {
    return new UpstreamChunk(
        null,
        null,
        promptTokens,
        completionTokens,
        cachedPromptTokens,
        reasoningTokens,
        cacheWriteTokens,
        null,
        null,
        null,
        null);
  }

  /** The model the provider says is answering. */
  public static UpstreamChunk ofModel(String model) {
    return new UpstreamChunk(null, null, -1, -1, -1, -1, -1, null, model, null, null);
  }

  public boolean hasUsage() {
    return promptTokens >= 0 || completionTokens >= 0;
  }

  /** What {@link #decode} found so far. */
  private static final class Fields {
    String error;
    String model;
    String finishReason;
    boolean deltaSeen;
    String deltaText;
    String messageText;
    int prompt = -1;
    int completion = -1;
    int cached = -1;
    int reasoning = -1;
    int cacheWrite = -1;
    // Only for a choice with more than plain text: everything else stays unallocated.
    boolean rich;
    boolean fromMessage;
    Extra extra; // allocated by the first rich field
    StringBuilder providerFields;

    void providerField(String key, JsonValue value) {
      if (providerFields == null) {
        providerFields = new StringBuilder();
      } else {
        providerFields.append(',');
      }
      JsonText.quote(providerFields, key).append(':').append(value); // a JsonValue prints as JSON
    }

    Extra extra() {
      if (extra == null) {
        extra = new Extra();
      }
      return extra;
    }

    UpstreamDelta richDelta(String text) {
      Extra e = extra();
      return new UpstreamDelta(
          e.choiceJson, text, e.reasoning, e.refusal, e.toolCalls, finishReason);
    }
  }

  /** What only a rich choice has, kept apart so that a plain chunk does not allocate it. */
  private static final class Extra {
    String choiceJson;
    String reasoning;
    String refusal;
    List<UpstreamDelta.ToolCallFragment> toolCalls;
  }

  private static UpstreamFailure malformed() {
    return new UpstreamFailure(
        UpstreamFailure.Kind.MALFORMED_CHUNK, "provider sent a chunk that is not a JSON object");
  }

  /** Only the first choice is relayed; the others are skipped. */
  private static void readChoices(JsonParser parser, Event value, Fields fields, String json) {
    if (value != Event.START_ARRAY) {
      skip(parser, value);
      return;
    }
    Event element = parser.next();
    if (element == Event.END_ARRAY) {
      return;
    }
    if (element == Event.START_OBJECT) {
      readChoice(parser, fields);
      if (fields.rich && !fields.fromMessage) {
        // Only now is the choice worth its text. The parser's offset is just past the '}' it
        // read; asking for it allocates, so a plain chunk never does.
        int end = (int) parser.getLocation().getStreamOffset();
        fields.extra().choiceJson = firstChoice(json, end);
      }
    } else {
      skip(parser, element);
    }
    while ((element = parser.next()) != Event.END_ARRAY) {
      skip(parser, element);
    }
  }

  private static void readChoice(JsonParser parser, Fields fields) {
    while (parser.next() != Event.END_OBJECT) {
      String key = parser.getString();
      Event value = parser.next();
      switch (key) {
        case "delta" -> {
          if (value == Event.START_OBJECT) {
            fields.deltaSeen = true;
            fields.deltaText = readDelta(parser, fields);
          } else {
            skip(parser, value);
          }
        }
        case "message" -> {
          if (value == Event.START_OBJECT) {
            fields.fromMessage = true; // a whole completion: its choice is not a chunk's
            fields.messageText = readDelta(parser, fields);
          } else {
            skip(parser, value);
          }
        }
        case "finish_reason" ->
            fields.finishReason = value == Event.VALUE_STRING ? parser.getString() : null;
        case "index" -> {}
        default -> {
          // logprobs, native_finish_reason...: passed through when they say anything
          fields.rich |= value != Event.VALUE_NULL;
          skip(parser, value);
        }
      }
    }
  }

  /**
   * Reads a delta object just opened and returns its {@code content}. A delta with any other
   * non-null field (tool calls, reasoning, refusal, annotations...) makes the choice rich; the
   * fields the gateway reads from it are kept, the rest travels in the raw choice.
   */
  private static String readDelta(JsonParser parser, Fields fields) {
    String content = null;
    while (parser.next() != Event.END_OBJECT) {
      String key = parser.getString();
      Event value = parser.next();
      if (key.equals("content")) {
        content = value == Event.VALUE_STRING ? parser.getString() : null;
      } else if (value != Event.VALUE_NULL && !key.equals("role")) {
        // Kept out of this loop so that it stays small enough to inline: a plain chunk's Fields
        // then never leaves decode() and is not allocated at all.
        readRichField(parser, key, value, fields);
        continue;
      }
      skip(parser, value);
    }
    return content;
  }

  /** One non-null delta field other than content and role: the choice is rich. */
  private static void readRichField(JsonParser parser, String key, Event value, Fields fields) {
    fields.rich = true;
    switch (key) {
      case "reasoning_content", "reasoning" -> {
        if (value == Event.VALUE_STRING) {
          fields.extra().reasoning = append(fields.extra().reasoning, parser.getString());
        }
      }
      case "refusal" -> {
        if (value == Event.VALUE_STRING) {
          fields.extra().refusal = parser.getString();
        }
      }
      case "tool_calls" -> {
        if (value == Event.START_ARRAY) {
          readToolCalls(parser, fields);
          return;
        }
      }
      default -> {}
    }
    skip(parser, value);
  }

  /**
   * The text of the first element of the chunk's {@code choices}, which ends just before {@code
   * end}: the element that starts after a {@code "choices"} key and its {@code [} and whose braces
   * close exactly there. (A {@code "choices"} in a string value is escaped, so cannot match; one
   * nested in another object is passed over because its element ends elsewhere.) {@code null} if
   * none fits, in which case the choice is written from what was read.
   */
  static String firstChoice(String json, int end) {
    int key = json.indexOf("\"choices\"");
    while (key >= 0) {
      int at = skipSpace(json, key + 9);
      if (at < json.length() && json.charAt(at) == ':') {
        at = skipSpace(json, at + 1);
        if (at < json.length() && json.charAt(at) == '[') {
          at = skipSpace(json, at + 1);
          if (at < json.length() && json.charAt(at) == '{' && closingBrace(json, at) == end) {
            return json.substring(at, end);
          }
        }
      }
      key = json.indexOf("\"choices\"", key + 1);
    }
    return null;
  }

  private static int skipSpace(String json, int at) {
    while (at < json.length() && Character.isWhitespace(json.charAt(at))) {
      at++;
    }
    return at;
  }

  /** The offset just past the brace that closes the object opening at {@code start}, or -1. */
  private static int closingBrace(String json, int start) {
    int depth = 0;
    boolean inString = false;
    for (int i = start; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if ((c == '}' || c == ']') && --depth == 0) {
        return i + 1;
      }
    }
    return -1;
  }

  private static String append(String before, String more) {
    return before == null ? more : before + more;
  }

  /** The array of a delta's {@code tool_calls}, just opened. */
  private static void readToolCalls(JsonParser parser, Fields fields) {
    Extra extra = fields.extra();
    if (extra.toolCalls == null) {
      extra.toolCalls = new ArrayList<>(2);
    }
    Event element;
    while ((element = parser.next()) != Event.END_ARRAY) {
      if (element != Event.START_OBJECT) {
        skip(parser, element);
        continue;
      }
      int index = extra.toolCalls.size();
      String id = null;
      String type = null;
      String name = null;
      String arguments = null;
      while (parser.next() != Event.END_OBJECT) {
        String key = parser.getString();
        Event value = parser.next();
        if (key.equals("index") && value == Event.VALUE_NUMBER) {
          index = parser.getInt();
        } else if (key.equals("id") && value == Event.VALUE_STRING) {
          id = parser.getString();
        } else if (key.equals("type") && value == Event.VALUE_STRING) {
          type = parser.getString();
        } else if (key.equals("function") && value == Event.START_OBJECT) {
          while (parser.next() != Event.END_OBJECT) {
            String field = parser.getString();
            Event fieldValue = parser.next();
            if (field.equals("name") && fieldValue == Event.VALUE_STRING) {
              name = parser.getString();
            } else if (field.equals("arguments") && fieldValue == Event.VALUE_STRING) {
              arguments = parser.getString();
            } else {
              skip(parser, fieldValue);
            }
          }
        } else {
          skip(parser, value);
        }
      }
      extra.toolCalls.add(new UpstreamDelta.ToolCallFragment(index, id, type, name, arguments));
    }
  }

  /** The {@code content} string of a delta or message object just opened, or {@code null}. */
  private static String content(JsonParser parser) {
    String content = null;
    while (parser.next() != Event.END_OBJECT) {
      String key = parser.getString();
      Event value = parser.next();
      if (key.equals("content")) {
        content = value == Event.VALUE_STRING ? parser.getString() : null;
      }
      skip(parser, value);
    }
    return content;
  }

  private static void readUsage(JsonParser parser, Event value, Fields fields) {
    if (value != Event.START_OBJECT) {
      skip(parser, value);
      return;
    }
    while (parser.next() != Event.END_OBJECT) {
      String key = parser.getString();
      Event number = parser.next();
      if (number == Event.VALUE_NUMBER && key.equals("prompt_tokens")) {
        fields.prompt = parser.getInt();
      } else if (number == Event.VALUE_NUMBER && key.equals("completion_tokens")) {
        fields.completion = parser.getInt();
      } else if (number == Event.START_OBJECT && key.equals("prompt_tokens_details")) {
        readPromptDetails(parser, fields);
      } else if (number == Event.START_OBJECT && key.equals("completion_tokens_details")) {
        fields.reasoning = detail(parser, "reasoning_tokens");
      } else {
        skip(parser, number);
      }
    }
  }

  /** Cache reads and (OpenRouter, for Anthropic models) cache writes; the parser past the start. */
  private static void readPromptDetails(JsonParser parser, Fields fields) {
    while (parser.next() != Event.END_OBJECT) {
      String key = parser.getString();
      Event value = parser.next();
      if (value == Event.VALUE_NUMBER && key.equals("cached_tokens")) {
        fields.cached = parser.getInt();
      } else if (value == Event.VALUE_NUMBER && key.equals("cache_write_tokens")) {
        fields.cacheWrite = parser.getInt();
      } else {
        skip(parser, value);
      }
    }
  }

  /** Reads one number out of a details object, the parser just past its start; -1 if absent. */
  private static int detail(JsonParser parser, String name) {
    int found = -1;
    while (parser.next() != Event.END_OBJECT) {
      String key = parser.getString();
      Event value = parser.next();
      if (value == Event.VALUE_NUMBER && key.equals(name)) {
        found = parser.getInt();
      } else {
        skip(parser, value);
      }
    }
    return found;
  }

  private static String errorMessage(JsonParser parser, Event value) {
    switch (value) {
      case VALUE_NULL:
        return null;
      case VALUE_STRING:
        return parser.getString();
      case START_OBJECT:
        String message = null;
        while (parser.next() != Event.END_OBJECT) {
          String key = parser.getString();
          Event field = parser.next();
          if (key.equals("message") && field == Event.VALUE_STRING) {
            message = parser.getString();
          } else {
            skip(parser, field);
          }
        }
        return message != null ? message : "provider reported an error";
      default:
        skip(parser, value);
        return "provider reported an error";
    }
  }

  /** Skips the value that {@code value} starts (nothing to do for a scalar). */
  private static void skip(JsonParser parser, Event value) {
    if (value == Event.START_OBJECT) {
      parser.skipObject();
    } else if (value == Event.START_ARRAY) {
      parser.skipArray();
    }
  }
}
