package com.cogniforge.gateway.providers;

import com.cogniforge.gateway.JsonText;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.util.NoSuchElementException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Reads a Gemini {@code streamGenerateContent?alt=sse} stream: every event is a whole {@code
 * GenerateContentResponse} holding the new parts of the answer, and the cumulative usage so far.
 * Gemini sends no end event; its last response carries the finish reason, and the stream ends with
 * the body.
 */
final class GeminiStreamDecoder implements StreamDecoder {

  private boolean modelKnown;
  private int calls;
  private String finish;
  private JsonObject usage;
  private JsonObject usageSent;

  @Override
  public boolean decode(String data, Consumer<UpstreamChunk> out) throws UpstreamFailure {
    JsonValue value = parse(data);
    if (value instanceof JsonArray responses) {
      // streamGenerateContent without alt=sse answers one JSON array of the same responses.
      for (JsonValue response : responses) {
        if (!(response instanceof JsonObject object)) {
          throw malformed();
        }
        response(object, out);
      }
    } else if (value instanceof JsonObject response) {
      response(response, out);
    } else {
      throw malformed();
    }
    return false;
  }

  private void response(JsonObject response, Consumer<UpstreamChunk> out) throws UpstreamFailure {
    if (response.get("error") instanceof JsonObject error) {
      String message =
          error.get("message") instanceof JsonString text
              ? text.getString()
              : "provider reported an error";
      throw new UpstreamFailure(
          UpstreamFailure.Kind.STREAM_ERROR,
          "provider reported an error: " + ProviderErrors.clip(message));
    }
    if (!modelKnown && response.get("modelVersion") instanceof JsonString model) {
      modelKnown = true;
      out.accept(UpstreamChunk.ofModel(model.getString()));
    }
    if (response.get("usageMetadata") instanceof JsonObject reported) {
      usage = reported;
    }
    boolean finishedNow = false;
    if (response.get("candidates") instanceof JsonArray candidates
        && !candidates.isEmpty()
        && candidates.get(0) instanceof JsonObject candidate) {
      if (candidate.get("content") instanceof JsonObject content
          && content.get("parts") instanceof JsonArray parts) {
        for (JsonValue part : parts) {
          if (part instanceof JsonObject object) {
            part(object, out);
          }
        }
      }
      if (finish == null && candidate.get("finishReason") instanceof JsonString reason) {
        finish = finishReason(reason.getString(), candidate);
        finishedNow = true;
      }
    } else if (finish == null
        && response.get("promptFeedback") instanceof JsonObject feedback
        && feedback.get("blockReason") instanceof JsonString) {
      // The prompt was blocked: no candidate, only the reason. OpenAI's word for an answer its
      // filters withheld is content_filter.
      finish = "content_filter";
      finishedNow = true;
    }
    if (finishedNow) {
      out.accept(UpstreamChunk.ofFinish(finish));
    }
    // Gemini repeats the usage so far in every response: it is relayed once, at the finish (and
    // again only if a later response still changes it), so that the last report wins.
    if (finish != null && usage != null && !usage.equals(usageSent)) {
      usageSent = usage;
      out.accept(usage(usage));
    }
  }

  private void part(JsonObject part, Consumer<UpstreamChunk> out) throws UpstreamFailure {
    if (part.get("text") instanceof JsonString text) {
      if (text.getString().isEmpty()) {
        return; // a part that only carries a thoughtSignature
      }
      if (part.get("thought") == JsonValue.TRUE) {
        out.accept(UpstreamChunk.ofDelta(OpenAiChoices.reasoning(text.getString())));
      } else {
        out.accept(UpstreamChunk.ofText(text.getString()));
      }
    } else if (part.get("functionCall") instanceof JsonObject call) {
      String name = call.get("name") instanceof JsonString n ? n.getString() : "";
      String id = call.get("id") instanceof JsonString given ? given.getString() : newCallId();
      if (part.get("thoughtSignature") instanceof JsonString signature) {
        // Gemini 3 wants it back with the call: the id is what the client returns unchanged.
        id = id + GeminiRequest.SIGNATURE_SEPARATOR + signature.getString();
      }
      JsonValue args = call.get("args");
      String arguments =
          args instanceof JsonObject object ? JsonText.write(object) : "{}"; // absent: no arguments
      int index = calls++;
      out.accept(UpstreamChunk.ofDelta(OpenAiChoices.toolCallStart(index, id, name)));
      out.accept(UpstreamChunk.ofDelta(OpenAiChoices.toolCallArguments(index, arguments)));
    } else {
      for (String kind :
          new String[] {"inlineData", "fileData", "executableCode", "codeExecutionResult"}) {
        if (part.containsKey(kind)) {
          throw new UpstreamFailure(
              UpstreamFailure.Kind.STREAM_ERROR,
              "provider answered with a " + kind + " part, which a chat answer cannot carry");
        }
      }
      // Anything else (a bare thoughtSignature, a future field) holds nothing to relay.
    }
  }

  /** Gemini's finish reason in OpenAI's words, or a failure when the answer is unusable. */
  private String finishReason(String reason, JsonObject candidate) throws UpstreamFailure {
    return switch (reason) {
      case "MAX_TOKENS" -> "length";
      case "SAFETY",
              "RECITATION",
              "BLOCKLIST",
              "PROHIBITED_CONTENT",
              "SPII",
              "LANGUAGE",
              "IMAGE_SAFETY",
              "IMAGE_PROHIBITED_CONTENT",
              "IMAGE_RECITATION" ->
          "content_filter";
      case "MALFORMED_FUNCTION_CALL", "UNEXPECTED_TOOL_CALL", "TOO_MANY_TOOL_CALLS" -> {
        // No OpenAI finish reason says "the call the model made is broken"; ending with "stop"
        // would tell an agent the model is done. A failure lets another provider try.
        String detail =
            candidate.get("finishMessage") instanceof JsonString message
                ? ": " + ProviderErrors.clip(message.getString())
                : "";
        throw new UpstreamFailure(
            UpstreamFailure.Kind.STREAM_ERROR, "provider ended the answer with " + reason + detail);
      }
        // STOP, and OTHER or a reason newer than this adapter: the answer ended normally as far as
        // anything the client could act on goes.
      default -> calls > 0 ? "tool_calls" : "stop";
    };
  }

  /**
   * Gemini's usage in the gateway's terms. proto3 JSON leaves zero counts out, so a missing count
   * is 0. Thoughts are billed as output; tool-use prompt tokens (search results and the like) as
   * input; cached content is part of promptTokenCount already.
   */
  private static UpstreamChunk usage(JsonObject usage) {
    int prompt = count(usage, "promptTokenCount") + count(usage, "toolUsePromptTokenCount");
    int thoughts = count(usage, "thoughtsTokenCount");
    int completion = count(usage, "candidatesTokenCount") + thoughts;
    return UpstreamChunk.ofUsage(
        prompt, completion, count(usage, "cachedContentTokenCount"), thoughts, -1);
  }

  private static int count(JsonObject usage, String name) {
    return usage.get(name) instanceof JsonNumber number ? number.intValue() : 0;
  }

  private static String newCallId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return "call_"
        + Long.toHexString(random.nextLong() | Long.MIN_VALUE)
        + Integer.toHexString(random.nextInt() | Integer.MIN_VALUE);
  }

  private static JsonValue parse(String data) throws UpstreamFailure {
    try (JsonParser parser = JsonText.PARSERS.createParser(new StringReader(data))) {
      if (!parser.hasNext()) {
        throw malformed();
      }
      parser.next();
      JsonValue value = parser.getValue();
      if (parser.hasNext()) {
        throw malformed();
      }
      return value;
    } catch (JsonException | IllegalStateException | NoSuchElementException notJson) {
      throw malformed();
    }
  }

  private static UpstreamFailure malformed() {
    return new UpstreamFailure(
        UpstreamFailure.Kind.MALFORMED_CHUNK, "provider sent an event that is not Gemini JSON");
  }
}
