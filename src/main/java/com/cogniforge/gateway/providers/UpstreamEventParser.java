package com.cogniforge.gateway.providers;

/**
 * Reassembles Server-Sent Events from the lines of an upstream response, following the SSE spec:
 * comments ({@code :...}) and unknown fields are skipped, several {@code data:} lines form one
 * payload joined by newlines, and a blank line ends the event. Not thread-safe: one parser per
 * stream. An event's data is capped ({@value #MAX_EVENT_CHARS} characters): many {@code data:}
 * lines without a blank one would otherwise grow it without limit.
 */
public final class UpstreamEventParser {

  static final int MAX_EVENT_CHARS = 1 << 20;

  private final StringBuilder data = new StringBuilder();
  private boolean hasData;

  /**
   * Feeds one line (without its line terminator).
   *
   * @return the data of the event this line completes, or {@code null} if no event is complete yet
   */
  public String feed(String line) throws UpstreamFailure {
    if (line.isEmpty()) {
      return dispatch();
    }
    if (line.charAt(0) == ':') {
      return null; // comment, e.g. a keep-alive
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    if (!field.equals("data")) {
      return null; // event:, id:, retry: carry nothing the OpenAI protocol uses
    }
    int valueStart = colon < 0 ? line.length() : colon + 1;
    if (valueStart < line.length() && line.charAt(valueStart) == ' ') {
      valueStart++;
    }
    if (data.length() + 1 + line.length() - valueStart > MAX_EVENT_CHARS) {
      throw new UpstreamFailure(
          UpstreamFailure.Kind.OVERSIZED,
          "provider sent an event larger than " + MAX_EVENT_CHARS + " characters");
    }
    if (hasData) {
      data.append('\n');
    }
    data.append(line, valueStart, line.length());
    hasData = true;
    return null;
  }

  /** Ends the stream: returns an event whose blank line never came, or {@code null}. */
  public String finish() {
    return dispatch();
  }

  private String dispatch() {
    if (!hasData) {
      return null;
    }
    String payload = data.toString();
    data.setLength(0);
    hasData = false;
    return payload;
  }
}
