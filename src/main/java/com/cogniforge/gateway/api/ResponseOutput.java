package com.cogniforge.gateway.api;

import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.providers.UpstreamDelta;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The output of one Responses API answer, put together from the Chat Completions deltas the relay
 * hands over, and the events that describe it as it grows (OpenAI's streaming events, in their
 * order: an item is added, its content part added, deltas, the part done, the item done).
 *
 * <p>Reasoning comes first as a {@code reasoning} item, the text as a {@code message} item with an
 * {@code output_text} part (and a {@code refusal} part if the model refused), each tool call as a
 * {@code function_call} item (calls may interleave: each has its own output index). Reasoning
 * streams as {@code reasoning_text} content, or, when the client asked for a summary ({@code
 * reasoning.summary}), as the item's summary: providers behind Chat Completions return their
 * reasoning, never a summary of it, and Codex shows only summaries.
 *
 * <p>Not thread-safe: the client stream that owns it serializes calls.
 */
final class ResponseOutput {

  /** Where events go; {@link #NONE} when the client wants one document, not a stream. */
  interface Events {
    void event(String type, JsonObjectBuilder fields);
  }

  static final Events NONE = (type, fields) -> {};

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Events events;
  private final boolean reasoningAsSummary;
  private final boolean streaming;
  private final List<Item> items = new ArrayList<>();
  private Item reasoning; // the open reasoning item
  private Item message; // the open message item
  private final Map<Integer, Item> calls = new TreeMap<>(); // open function calls by tool index

  ResponseOutput(Events events, boolean reasoningAsSummary) {
    this.events = events;
    this.reasoningAsSummary = reasoningAsSummary;
    this.streaming = events != NONE;
  }

  /** A fresh id with OpenAI's prefixes ({@code resp_}, {@code msg_}, {@code fc_}, {@code rs_}). */
  static String newId(String prefix) {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return prefix + HexFormat.of().formatHex(bytes);
  }

  private enum Kind {
    REASONING,
    MESSAGE,
    FUNCTION_CALL
  }

  private static final class Item {
    final Kind kind;
    final String id;
    final int outputIndex;
    final StringBuilder text = new StringBuilder(); // reasoning, message text, or arguments
    StringBuilder refusal; // a message's refusal part, when there is one
    int textPart = -1; // content index of the output_text part, -1 until opened
    int refusalPart = -1;
    String callId;
    String name;
    boolean done;
    String status; // set when the item is done

    Item(Kind kind, String id, int outputIndex) {
      this.kind = kind;
      this.id = id;
      this.outputIndex = outputIndex;
    }
  }

  void text(String text) {
    if (text == null || text.isEmpty()) {
      return;
    }
    closeReasoning();
    Item item = openMessage();
    if (item.textPart < 0) {
      item.textPart = item.refusalPart < 0 ? 0 : 1;
      partAdded(item, item.textPart, outputText(""));
    }
    item.text.append(text);
    if (streaming) {
      events.event(
          "response.output_text.delta",
          itemFields(item)
              .add("content_index", item.textPart)
              .add("delta", text)
              .add("logprobs", JsonValue.EMPTY_JSON_ARRAY));
    }
  }

  void delta(UpstreamDelta delta) {
    if (delta.reasoning() != null && !delta.reasoning().isEmpty()) {
      reasoning(delta.reasoning());
    }
    text(delta.text());
    if (delta.refusal() != null && !delta.refusal().isEmpty()) {
      refusal(delta.refusal());
    }
    for (UpstreamDelta.ToolCallFragment fragment : delta.toolCalls()) {
      toolCall(fragment);
    }
  }

  private void reasoning(String text) {
    if (reasoning == null) {
      closeMessage();
      reasoning = add(Kind.REASONING, "rs_");
      events(
          "response.output_item.added",
          () -> outputIndexFields(reasoning).add("item", reasoningItem(reasoning, false)));
      if (reasoningAsSummary) {
        events(
            "response.reasoning_summary_part.added",
            () -> itemFields(reasoning).add("summary_index", 0).add("part", summaryText("")));
      } else {
        partAdded(reasoning, 0, reasoningText(""));
      }
    }
    reasoning.text.append(text);
    if (streaming) {
      events.event(
          reasoningAsSummary
              ? "response.reasoning_summary_text.delta"
              : "response.reasoning_text.delta",
          itemFields(reasoning)
              .add(reasoningAsSummary ? "summary_index" : "content_index", 0)
              .add("delta", text));
    }
  }

  private void refusal(String text) {
    closeReasoning();
    Item item = openMessage();
    if (item.refusalPart < 0) {
      item.refusalPart = item.textPart < 0 ? 0 : item.textPart + 1;
      item.refusal = new StringBuilder();
      partAdded(item, item.refusalPart, refusalPart(""));
    }
    item.refusal.append(text);
    events(
        "response.refusal.delta",
        () -> itemFields(item).add("content_index", item.refusalPart).add("delta", text));
  }

  private void toolCall(UpstreamDelta.ToolCallFragment fragment) {
    Item call = calls.get(fragment.index());
    if (call == null) {
      closeReasoning();
      closeMessage();
      Item added = add(Kind.FUNCTION_CALL, "fc_");
      added.callId = fragment.id() != null ? fragment.id() : newId("call_");
      added.name = fragment.name() == null ? "" : fragment.name();
      calls.put(fragment.index(), added);
      events(
          "response.output_item.added",
          () -> outputIndexFields(added).add("item", functionCallItem(added, "in_progress")));
      call = added;
    } else if (fragment.name() != null && call.text.isEmpty() && call.name.isEmpty()) {
      call.name = fragment.name();
    }
    String arguments = fragment.arguments();
    if (arguments != null && !arguments.isEmpty()) {
      call.text.append(arguments);
      Item target = call;
      events(
          "response.function_call_arguments.delta",
          () -> itemFields(target).add("delta", arguments));
    }
  }

  /**
   * Closes every open item, in output order, with the status the answer ended with ({@code
   * completed}, or {@code incomplete} when it was cut short).
   */
  void finish(String itemStatus) {
    closeReasoning();
    closeMessage(itemStatus);
    for (Item call : calls.values()) {
      if (!call.done) {
        call.done = true;
        call.status = itemStatus;
        events(
            "response.function_call_arguments.done",
            () -> itemFields(call).add("name", call.name).add("arguments", call.text.toString()));
        events(
            "response.output_item.done",
            () -> outputIndexFields(call).add("item", functionCallItem(call, itemStatus)));
      }
    }
  }

  /**
   * The output items as they stand, with their text so far; {@code itemStatus} for those not done
   * (a failed answer's).
   */
  JsonArray items(String itemStatus) {
    JsonArrayBuilder out = JsonText.BUILDERS.createArrayBuilder();
    for (Item item : items) {
      out.add(
          switch (item.kind) {
            case REASONING -> reasoningItem(item, true);
            case MESSAGE -> messageItem(item, item.done ? item.status : itemStatus);
            case FUNCTION_CALL -> functionCallItem(item, item.done ? item.status : itemStatus);
          });
    }
    return out.build();
  }

  /** The concatenated text of the message items (the SDKs' {@code output_text}). */
  String outputText() {
    StringBuilder text = new StringBuilder();
    for (Item item : items) {
      if (item.kind == Kind.MESSAGE) {
        text.append(item.text);
      }
    }
    return text.toString();
  }

  private Item add(Kind kind, String prefix) {
    Item item = new Item(kind, newId(prefix), items.size());
    items.add(item);
    return item;
  }

  private Item openMessage() {
    if (message == null) {
      message = add(Kind.MESSAGE, "msg_");
      Item added = message;
      events(
          "response.output_item.added",
          () -> outputIndexFields(added).add("item", messageItem(added, "in_progress")));
    }
    return message;
  }

  private void closeReasoning() {
    Item item = reasoning;
    if (item == null) {
      return;
    }
    reasoning = null;
    item.done = true;
    String text = item.text.toString();
    if (reasoningAsSummary) {
      events(
          "response.reasoning_summary_text.done",
          () -> itemFields(item).add("summary_index", 0).add("text", text));
      events(
          "response.reasoning_summary_part.done",
          () -> itemFields(item).add("summary_index", 0).add("part", summaryText(text)));
    } else {
      events(
          "response.reasoning_text.done",
          () -> itemFields(item).add("content_index", 0).add("text", text));
      events(
          "response.content_part.done",
          () -> itemFields(item).add("content_index", 0).add("part", reasoningText(text)));
    }
    events(
        "response.output_item.done",
        () -> outputIndexFields(item).add("item", reasoningItem(item, true)));
  }

  private void closeMessage() {
    closeMessage("completed");
  }

  private void closeMessage(String status) {
    Item item = message;
    if (item == null) {
      return;
    }
    message = null;
    item.done = true;
    item.status = status;
    if (item.textPart >= 0) {
      String text = item.text.toString();
      events(
          "response.output_text.done",
          () ->
              itemFields(item)
                  .add("content_index", item.textPart)
                  .add("text", text)
                  .add("logprobs", JsonValue.EMPTY_JSON_ARRAY));
      events(
          "response.content_part.done",
          () -> itemFields(item).add("content_index", item.textPart).add("part", outputText(text)));
    }
    if (item.refusalPart >= 0) {
      String refusal = item.refusal.toString();
      events(
          "response.refusal.done",
          () -> itemFields(item).add("content_index", item.refusalPart).add("refusal", refusal));
      events(
          "response.content_part.done",
          () ->
              itemFields(item)
                  .add("content_index", item.refusalPart)
                  .add("part", refusalPart(refusal)));
    }
    events(
        "response.output_item.done",
        () -> outputIndexFields(item).add("item", messageItem(item, status)));
  }

  private void partAdded(Item item, int contentIndex, JsonObject part) {
    events(
        "response.content_part.added",
        () -> itemFields(item).add("content_index", contentIndex).add("part", part));
  }

  /** Builds an event only when someone listens: a non-streamed answer builds none. */
  private void events(String type, java.util.function.Supplier<JsonObjectBuilder> fields) {
    if (streaming) {
      events.event(type, fields.get());
    }
  }

  private static JsonObjectBuilder outputIndexFields(Item item) {
    return JsonText.BUILDERS.createObjectBuilder().add("output_index", item.outputIndex);
  }

  private static JsonObjectBuilder itemFields(Item item) {
    return JsonText.BUILDERS
        .createObjectBuilder()
        .add("item_id", item.id)
        .add("output_index", item.outputIndex);
  }

  // ---- items and parts -------------------------------------------------------------------------

  private JsonObject reasoningItem(Item item, boolean withText) {
    String text = withText ? item.text.toString() : "";
    JsonObjectBuilder json =
        JsonText.BUILDERS.createObjectBuilder().add("id", item.id).add("type", "reasoning");
    JsonArrayBuilder summary = JsonText.BUILDERS.createArrayBuilder();
    if (reasoningAsSummary && withText) {
      summary.add(summaryText(text));
    }
    json.add("summary", summary);
    if (!reasoningAsSummary) {
      JsonArrayBuilder content = JsonText.BUILDERS.createArrayBuilder();
      if (withText) {
        content.add(reasoningText(text));
      }
      json.add("content", content);
    }
    return json.build();
  }

  private static JsonObject messageItem(Item item, String status) {
    JsonArrayBuilder content = JsonText.BUILDERS.createArrayBuilder();
    // Parts in content-index order (none yet when the item is added): text first unless the
    // refusal came first.
    List<JsonObject> parts = new ArrayList<>();
    if (item.textPart >= 0) {
      parts.add(outputText(item.text.toString()));
    }
    if (item.refusalPart >= 0) {
      parts.add(
          item.refusalPart < item.textPart ? 0 : parts.size(),
          refusalPart(item.refusal.toString()));
    }
    parts.forEach(content::add);
    return JsonText.BUILDERS
        .createObjectBuilder()
        .add("id", item.id)
        .add("type", "message")
        .add("status", status)
        .add("role", "assistant")
        .add("content", content)
        .build();
  }

  private static JsonObject functionCallItem(Item item, String status) {
    return JsonText.BUILDERS
        .createObjectBuilder()
        .add("id", item.id)
        .add("type", "function_call")
        .add("status", status)
        .add("call_id", item.callId)
        .add("name", item.name)
        .add("arguments", item.text.toString())
        .build();
  }

  private static JsonObject outputText(String text) {
    return JsonText.BUILDERS
        .createObjectBuilder()
        .add("type", "output_text")
        .add("text", text)
        .add("annotations", JsonValue.EMPTY_JSON_ARRAY)
        .add("logprobs", JsonValue.EMPTY_JSON_ARRAY)
        .build();
  }

  private static JsonObject refusalPart(String refusal) {
    return JsonText.BUILDERS
        .createObjectBuilder()
        .add("type", "refusal")
        .add("refusal", refusal)
        .build();
  }

  private static JsonObject reasoningText(String text) {
    return JsonText.BUILDERS
        .createObjectBuilder()
        .add("type", "reasoning_text")
        .add("text", text)
        .build();
  }

  private static JsonObject summaryText(String text) {
    return JsonText.BUILDERS
        .createObjectBuilder()
        .add("type", "summary_text")
        .add("text", text)
        .build();
  }

  /** A string field of {@code json}, or null. */
  static String string(JsonObject json, String name) {
    return json.get(name) instanceof JsonString value ? value.getString() : null;
  }
}
