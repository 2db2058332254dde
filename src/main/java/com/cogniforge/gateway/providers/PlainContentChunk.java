package com.cogniforge.gateway.providers;

/**
 * Reads the one chunk shape that makes up nearly all of a stream, an OpenAI chunk that carries
 * nothing but text, without a JSON parser: {@code {"id":..,"object":..,"created":..,"model":..,
 * "choices":[{"index":0,"delta":{"content":"text"},"logprobs":null,"finish_reason":null}]}}. It
 * runs once per relayed token, and the parser's machinery was about a tenth of the gateway's CPU at
 * 500 streams.
 *
 * <p>It is strict: anything it does not recognise (another field with a value, another choice, a
 * role other than the assistant's, usage, an error, spaces between tokens, an unexpected escape)
 * answers {@code null}, and the caller decodes the chunk fully with {@link UpstreamChunk#decode}.
 * So a chunk read here gives exactly what the full decoder would have: its text and nothing else.
 */
final class PlainContentChunk {

  private static final String CHOICE_OPEN = "\"choices\":[{\"index\":0,\"delta\":{";
  private static final String ROLE = "\"role\":\"assistant\",";
  private static final String CONTENT = "\"content\":\"";
  private static final String[] LITERALS = {"null", "true", "false"};

  private PlainContentChunk() {}

  /** The chunk's text, or {@code null} when the chunk is anything but plain text. */
  static String text(String json) {
    int n = json.length();
    if (n < 2 || json.charAt(0) != '{' || json.charAt(n - 1) != '}') {
      return null;
    }
    int choices = json.indexOf(CHOICE_OPEN);
    if (choices < 0 || !plainMembers(json, 1, choices, true)) {
      return null;
    }
    int at = choices + CHOICE_OPEN.length();
    if (json.startsWith(ROLE, at)) {
      at += ROLE.length();
    }
    if (!json.startsWith(CONTENT, at)) {
      return null;
    }
    at += CONTENT.length();
    int close = stringEnd(json, at);
    if (close < 0) {
      return null;
    }
    String text = unescape(json, at, close);
    if (text == null) {
      return null;
    }
    at = close + 1;
    if (at >= n || json.charAt(at) != '}') {
      return null; // the delta has more than its content
    }
    at++;
    // The rest of the choice: members that are null say nothing (logprobs, finish_reason...).
    while (at < n && json.charAt(at) == ',') {
      int value = memberValue(json, at + 1);
      if (value < 0 || !json.startsWith("null", value)) {
        return null;
      }
      at = value + 4;
    }
    if (!json.startsWith("}]", at)) {
      return null; // a second choice, or a malformed one
    }
    at += 2;
    if (at == n - 1) {
      return text;
    }
    if (json.charAt(at) != ',') {
      return null;
    }
    return plainMembers(json, at + 1, n - 1, false) ? text : null;
  }

  /**
   * Whether {@code json[from, to)} is a run of top-level members (each followed by a comma when
   * {@code trailingComma}, else separated by commas) whose values are strings, numbers, booleans or
   * null, none of them an error, choices, or a usage that is not null.
   */
  private static boolean plainMembers(String json, int from, int to, boolean trailingComma) {
    if (from == to) {
      return true;
    }
    int at = from;
    while (at < to) {
      int value = memberValue(json, at);
      if (value < 0) {
        return false;
      }
      int end = scalarEnd(json, value, to);
      if (end < 0) {
        return false;
      }
      boolean isNull = end - value == 4 && json.startsWith("null", value);
      if (keyIs(json, at, value, "error")
          || keyIs(json, at, value, "choices")
          || keyIs(json, at, value, "usage") && !isNull) {
        return false;
      }
      at = end;
      if (at == to) {
        return !trailingComma;
      }
      if (json.charAt(at) != ',') {
        return false;
      }
      at++;
      if (at == to) {
        return trailingComma;
      }
    }
    return false;
  }

  /**
   * Whether the member at {@code at}, whose value starts at {@code value}, is named {@code name}.
   */
  private static boolean keyIs(String json, int at, int value, String name) {
    return value - at - 3 == name.length() && json.startsWith(name, at + 1);
  }

  /** At {@code "key":} starting at {@code at}, the index of its value; -1 if it is not one. */
  private static int memberValue(String json, int at) {
    if (at >= json.length() || json.charAt(at) != '"') {
      return -1;
    }
    for (int i = at + 1; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c == '"') {
        return i + 1 < json.length() && json.charAt(i + 1) == ':' ? i + 2 : -1;
      }
      if (c == '\\' || c < 0x20) {
        return -1; // plain keys only
      }
    }
    return -1;
  }

  /** The end of a string, number, boolean or null value starting at {@code at}; -1 if not one. */
  private static int scalarEnd(String json, int at, int limit) {
    if (at >= limit) {
      return -1;
    }
    char first = json.charAt(at);
    if (first == '"') {
      int close = stringEnd(json, at + 1);
      return close < 0 || close >= limit || !validText(json, at + 1, close) ? -1 : close + 1;
    }
    for (String word : LITERALS) {
      if (json.startsWith(word, at)) {
        return at + word.length() <= limit ? at + word.length() : -1;
      }
    }
    int i = at;
    if (i < limit && json.charAt(i) == '-') {
      i++;
    }
    int digits = i;
    while (i < limit && isNumberPart(json.charAt(i))) {
      i++;
    }
    return i > digits && Character.isDigit(json.charAt(digits)) ? i : -1;
  }

  private static boolean isNumberPart(char c) {
    return c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
  }

  /** The index of the quote that closes a string whose text starts at {@code from}; -1 if none. */
  private static int stringEnd(String json, int from) {
    for (int i = from; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i;
      }
    }
    return -1;
  }

  /** Whether a string's text between {@code from} and its closing quote is valid JSON text. */
  private static boolean validText(String json, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = json.charAt(i);
      if (c < 0x20) {
        return false;
      }
      if (c == '\\') {
        return unescape(json, i, to) != null; // rare: an id or a model with an escape
      }
    }
    return true;
  }

  /** A string's text between {@code from} and its closing quote; null if not valid JSON text. */
  private static String unescape(String json, int from, int to) {
    int backslash = -1;
    for (int i = from; i < to; i++) {
      char c = json.charAt(i);
      if (c < 0x20) {
        return null;
      }
      if (c == '\\' && backslash < 0) {
        backslash = i;
      }
    }
    if (backslash < 0) {
      return json.substring(from, to); // most tokens: no escape at all
    }
    StringBuilder out = new StringBuilder(to - from).append(json, from, backslash);
    for (int i = backslash; i < to; i++) {
      char c = json.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (++i >= to) {
        return null;
      }
      switch (json.charAt(i)) {
        case '"' -> out.append('"');
        case '\\' -> out.append('\\');
        case '/' -> out.append('/');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (i + 4 >= to) {
            return null;
          }
          int code = 0;
          for (int k = 1; k <= 4; k++) {
            int digit = Character.digit(json.charAt(i + k), 16);
            if (digit < 0) {
              return null;
            }
            code = code * 16 + digit;
          }
          out.append((char) code);
          i += 4;
        }
        default -> {
          return null;
        }
      }
    }
    return out.toString();
  }
}
