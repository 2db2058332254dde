package com.cogniforge.gateway.providers;

import java.util.function.Consumer;

/**
 * Reads one call's stream, event by event, into {@link UpstreamChunk}s. A decoder belongs to one
 * call and is used by one thread at a time, so it may keep state (an open content block, the usage
 * reported at the start).
 */
public interface StreamDecoder {

  /**
   * Decodes the data of one Server-Sent Event (or a whole JSON answer, when the provider did not
   * stream), handing what it holds to {@code out} in order.
   *
   * @return true when this event ends the stream (OpenAI's {@code [DONE]}, Anthropic's {@code
   *     message_stop})
   * @throws UpstreamFailure when the event is malformed or is the provider's report of an error
   */
  boolean decode(String data, Consumer<UpstreamChunk> out) throws UpstreamFailure;
}
