package com.cogniforge.gateway.providers;

import com.cogniforge.gateway.JsonText;
import jakarta.json.JsonException;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import java.io.StringReader;
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
 * @param error the provider's error message when the chunk is an error object, or {@code null}
 */
public record UpstreamChunk(
    String text, String finishReason, int promptTokens, int completionTokens, String error) {

  /**
   * Decodes a chunk. It runs once per relayed token, so it reads the JSON as a stream of parser
   * events and keeps only the fields above, instead of building a tree of the whole chunk (which
   * allocated about three times as much).
   *
   * @throws UpstreamFailure of kind {@code MALFORMED_CHUNK} if it is not a JSON object
   */
  public static UpstreamChunk decode(String json) throws UpstreamFailure {
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
          case "choices" -> readChoices(parser, value, fields);
          case "usage" -> readUsage(parser, value, fields);
          default -> skip(parser, value);
        }
      }
      if (parser.hasNext()) {
        throw malformed();
      }
      String text = fields.deltaSeen ? fields.deltaText : fields.messageText;
      return new UpstreamChunk(
          text, fields.finishReason, fields.prompt, fields.completion, fields.error);
    } catch (JsonException | IllegalStateException | NoSuchElementException notJson) {
      throw malformed();
    }
  }

  public boolean hasUsage() {
    return promptTokens >= 0 || completionTokens >= 0;
  }

  /** What {@link #decode} found so far. */
  private static final class Fields {
    String error;
    String finishReason;
    boolean deltaSeen;
    String deltaText;
    String messageText;
    int prompt = -1;
    int completion = -1;
  }

  private static UpstreamFailure malformed() {
    return new UpstreamFailure(
        UpstreamFailure.Kind.MALFORMED_CHUNK, "provider sent a chunk that is not a JSON object");
  }

  /** Only the first choice is relayed; the others are skipped. */
  private static void readChoices(JsonParser parser, Event value, Fields fields) {
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
            fields.deltaText = content(parser);
          } else {
            skip(parser, value);
          }
        }
        case "message" -> {
          if (value == Event.START_OBJECT) {
            fields.messageText = content(parser);
          } else {
            skip(parser, value);
          }
        }
        case "finish_reason" ->
            fields.finishReason = value == Event.VALUE_STRING ? parser.getString() : null;
        default -> skip(parser, value);
      }
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
      } else {
        skip(parser, number);
      }
    }
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
