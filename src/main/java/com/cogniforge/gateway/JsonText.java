package com.cogniforge.gateway;

import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonWriterFactory;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Map;

/**
 * JSON plumbing shared by every component. The factories are looked up once: {@code Json.createX}
 * does a service-loader lookup on every call, which is far too slow for a per-chunk hot path.
 */
public final class JsonText {

  /** For values and readers ({@code Json.createValue} looks the provider up on every call). */
  public static final JsonProvider PROVIDER = JsonProvider.provider();

  public static final JsonWriterFactory WRITERS = Json.createWriterFactory(Map.of());
  public static final JsonBuilderFactory BUILDERS = Json.createBuilderFactory(Map.of());

  private JsonText() {}

  public static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

  /**
   * Parses a JSON object and nothing after it; throws {@link jakarta.json.JsonException} (or a
   * subtype) or {@link IllegalStateException} if the text is anything else.
   */
  public static JsonObject parseObject(String json) {
    try (JsonParser parser = PARSERS.createParser(new StringReader(json))) {
      if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
        throw new JsonException("not a JSON object");
      }
      JsonObject object = parser.getObject();
      if (parser.hasNext()) {
        throw new JsonException("unexpected text after the JSON object");
      }
      return object;
    }
  }

  public static String write(JsonStructure value) {
    StringWriter out = new StringWriter();
    WRITERS.createWriter(out).write(value);
    return out.toString();
  }

  /** Appends {@code value} as a JSON string literal (with quotes), escaping what JSON requires. */
  public static StringBuilder quote(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0, n = value.length(); i < n; i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          // Control characters must be escaped; U+2028/2029 too, so the text is safe in JavaScript.
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            out.append("\\u").append(String.format(Locale.ROOT, "%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"');
  }

  /** Appends {@code value} quoted, or {@code null} when there is none. */
  public static StringBuilder quoteOrNull(StringBuilder out, String value) {
    return value == null ? out.append("null") : quote(out, value);
  }

  public static String quote(String value) {
    return quote(new StringBuilder(value.length() + 8), value).toString();
  }
}
