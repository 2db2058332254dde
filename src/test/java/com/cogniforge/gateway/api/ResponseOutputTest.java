package com.cogniforge.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.providers.UpstreamDelta;
import com.cogniforge.gateway.providers.UpstreamDelta.ToolCallFragment;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Golden event sequences: the order and fields of OpenAI's Responses streaming events. */
class ResponseOutputTest {

  private final List<String> events = new ArrayList<>();

  /** Each event as {@code type json}, with random ids replaced by stable names. */
  private ResponseOutput output(boolean summary) {
    return new ResponseOutput(
        (type, fields) -> events.add(type + " " + JsonText.write(fields.build())), summary);
  }

  private List<String> stable() {
    Pattern id = Pattern.compile("(msg|fc|rs)_[0-9a-f]{32}");
    List<String> names = new ArrayList<>();
    List<String> out = new ArrayList<>();
    for (String event : events) {
      Matcher m = id.matcher(event);
      StringBuilder replaced = new StringBuilder();
      while (m.find()) {
        if (!names.contains(m.group())) {
          names.add(m.group());
        }
        m.appendReplacement(replaced, m.group(1) + "_" + names.indexOf(m.group()));
      }
      m.appendTail(replaced);
      out.add(replaced.toString());
    }
    return out;
  }

  private static UpstreamDelta reasoning(String text) {
    return new UpstreamDelta("{}", null, text, null, List.of(), null);
  }

  private static UpstreamDelta call(int index, String id, String name, String arguments) {
    return new UpstreamDelta(
        "{}",
        null,
        null,
        null,
        List.of(new ToolCallFragment(index, id, id == null ? null : "function", name, arguments)),
        null);
  }

  @Test
  void textStreamsAsOneMessageItemWithOneOutputTextPart() {
    ResponseOutput output = output(false);
    output.text("Hel");
    output.text("lo");
    output.finish("completed");
    assertEquals(
        List.of(
            "response.output_item.added {\"output_index\":0,\"item\":{\"id\":\"msg_0\","
                + "\"type\":\"message\",\"status\":\"in_progress\",\"role\":\"assistant\","
                + "\"content\":[]}}",
            "response.content_part.added {\"item_id\":\"msg_0\",\"output_index\":0,"
                + "\"content_index\":0,\"part\":{\"type\":\"output_text\",\"text\":\"\","
                + "\"annotations\":[],\"logprobs\":[]}}",
            "response.output_text.delta {\"item_id\":\"msg_0\",\"output_index\":0,"
                + "\"content_index\":0,\"delta\":\"Hel\",\"logprobs\":[]}",
            "response.output_text.delta {\"item_id\":\"msg_0\",\"output_index\":0,"
                + "\"content_index\":0,\"delta\":\"lo\",\"logprobs\":[]}",
            "response.output_text.done {\"item_id\":\"msg_0\",\"output_index\":0,"
                + "\"content_index\":0,\"text\":\"Hello\",\"logprobs\":[]}",
            "response.content_part.done {\"item_id\":\"msg_0\",\"output_index\":0,"
                + "\"content_index\":0,\"part\":{\"type\":\"output_text\",\"text\":\"Hello\","
                + "\"annotations\":[],\"logprobs\":[]}}",
            "response.output_item.done {\"output_index\":0,\"item\":{\"id\":\"msg_0\","
                + "\"type\":\"message\",\"status\":\"completed\",\"role\":\"assistant\","
                + "\"content\":[{\"type\":\"output_text\",\"text\":\"Hello\","
                + "\"annotations\":[],\"logprobs\":[]}]}}"),
        stable());
    assertEquals("Hello", output.outputText());
  }

  @Test
  void reasoningTextThenInterleavedFunctionCallsEachGetTheirOwnItem() {
    ResponseOutput output = output(false);
    output.delta(reasoning("hmm"));
    output.delta(call(0, "call_a", "f", "{\"x\""));
    output.delta(call(1, "call_b", "g", ""));
    output.delta(call(0, null, null, ":1}"));
    output.delta(call(1, null, null, "{}"));
    output.finish("completed");
    assertEquals(
        List.of(
            "response.output_item.added {\"output_index\":0,\"item\":{\"id\":\"rs_0\","
                + "\"type\":\"reasoning\",\"summary\":[],\"content\":[]}}",
            "response.content_part.added {\"item_id\":\"rs_0\",\"output_index\":0,"
                + "\"content_index\":0,\"part\":{\"type\":\"reasoning_text\",\"text\":\"\"}}",
            "response.reasoning_text.delta {\"item_id\":\"rs_0\",\"output_index\":0,"
                + "\"content_index\":0,\"delta\":\"hmm\"}",
            "response.reasoning_text.done {\"item_id\":\"rs_0\",\"output_index\":0,"
                + "\"content_index\":0,\"text\":\"hmm\"}",
            "response.content_part.done {\"item_id\":\"rs_0\",\"output_index\":0,"
                + "\"content_index\":0,\"part\":{\"type\":\"reasoning_text\",\"text\":\"hmm\"}}",
            "response.output_item.done {\"output_index\":0,\"item\":{\"id\":\"rs_0\","
                + "\"type\":\"reasoning\",\"summary\":[],"
                + "\"content\":[{\"type\":\"reasoning_text\",\"text\":\"hmm\"}]}}",
            "response.output_item.added {\"output_index\":1,\"item\":{\"id\":\"fc_1\","
                + "\"type\":\"function_call\",\"status\":\"in_progress\",\"call_id\":\"call_a\","
                + "\"name\":\"f\",\"arguments\":\"\"}}",
            "response.function_call_arguments.delta {\"item_id\":\"fc_1\",\"output_index\":1,"
                + "\"delta\":\"{\\\"x\\\"\"}",
            "response.output_item.added {\"output_index\":2,\"item\":{\"id\":\"fc_2\","
                + "\"type\":\"function_call\",\"status\":\"in_progress\",\"call_id\":\"call_b\","
                + "\"name\":\"g\",\"arguments\":\"\"}}",
            "response.function_call_arguments.delta {\"item_id\":\"fc_1\",\"output_index\":1,"
                + "\"delta\":\":1}\"}",
            "response.function_call_arguments.delta {\"item_id\":\"fc_2\",\"output_index\":2,"
                + "\"delta\":\"{}\"}",
            "response.function_call_arguments.done {\"item_id\":\"fc_1\",\"output_index\":1,"
                + "\"name\":\"f\",\"arguments\":\"{\\\"x\\\":1}\"}",
            "response.output_item.done {\"output_index\":1,\"item\":{\"id\":\"fc_1\","
                + "\"type\":\"function_call\",\"status\":\"completed\",\"call_id\":\"call_a\","
                + "\"name\":\"f\",\"arguments\":\"{\\\"x\\\":1}\"}}",
            "response.function_call_arguments.done {\"item_id\":\"fc_2\",\"output_index\":2,"
                + "\"name\":\"g\",\"arguments\":\"{}\"}",
            "response.output_item.done {\"output_index\":2,\"item\":{\"id\":\"fc_2\","
                + "\"type\":\"function_call\",\"status\":\"completed\",\"call_id\":\"call_b\","
                + "\"name\":\"g\",\"arguments\":\"{}\"}}"),
        stable());
  }

  @Test
  void aRequestedSummaryCarriesTheReasoningAsSummaryText() {
    ResponseOutput output = output(true);
    output.delta(reasoning("a"));
    output.delta(reasoning("b"));
    output.text("done");
    output.finish("completed");
    List<String> stable = stable();
    assertEquals(
        List.of(
            "response.output_item.added {\"output_index\":0,\"item\":{\"id\":\"rs_0\","
                + "\"type\":\"reasoning\",\"summary\":[]}}",
            "response.reasoning_summary_part.added {\"item_id\":\"rs_0\",\"output_index\":0,"
                + "\"summary_index\":0,\"part\":{\"type\":\"summary_text\",\"text\":\"\"}}",
            "response.reasoning_summary_text.delta {\"item_id\":\"rs_0\",\"output_index\":0,"
                + "\"summary_index\":0,\"delta\":\"a\"}",
            "response.reasoning_summary_text.delta {\"item_id\":\"rs_0\",\"output_index\":0,"
                + "\"summary_index\":0,\"delta\":\"b\"}",
            "response.reasoning_summary_text.done {\"item_id\":\"rs_0\",\"output_index\":0,"
                + "\"summary_index\":0,\"text\":\"ab\"}",
            "response.reasoning_summary_part.done {\"item_id\":\"rs_0\",\"output_index\":0,"
                + "\"summary_index\":0,\"part\":{\"type\":\"summary_text\",\"text\":\"ab\"}}",
            "response.output_item.done {\"output_index\":0,\"item\":{\"id\":\"rs_0\","
                + "\"type\":\"reasoning\",\"summary\":[{\"type\":\"summary_text\","
                + "\"text\":\"ab\"}]}}"),
        stable.subList(0, 7));
    assertEquals(
        "response.output_item.added {\"output_index\":1,\"item\":{\"id\":\"msg_1\","
            + "\"type\":\"message\",\"status\":\"in_progress\",\"role\":\"assistant\","
            + "\"content\":[]}}",
        stable.get(7));
  }

  @Test
  void aCutShortAnswerMarksItsItemsIncomplete() {
    ResponseOutput output = output(false);
    output.text("partial");
    output.finish("incomplete");
    JsonObject item = output.items("incomplete").getJsonObject(0);
    assertEquals("incomplete", item.getString("status"));
    assertEquals("partial", item.getJsonArray("content").getJsonObject(0).getString("text"));
    assertEquals(true, events.get(events.size() - 1).contains("\"status\":\"incomplete\""));
  }

  @Test
  void aRefusalIsARefusalPartOfTheMessage() {
    ResponseOutput output = output(false);
    output.delta(new UpstreamDelta("{}", null, null, "No.", List.of(), null));
    output.finish("completed");
    List<String> stable = stable();
    assertEquals(
        "response.content_part.added {\"item_id\":\"msg_0\",\"output_index\":0,"
            + "\"content_index\":0,\"part\":{\"type\":\"refusal\",\"refusal\":\"\"}}",
        stable.get(1));
    assertEquals(
        "response.refusal.done {\"item_id\":\"msg_0\",\"output_index\":0,"
            + "\"content_index\":0,\"refusal\":\"No.\"}",
        stable.get(3));
  }

  @Test
  void aNonStreamedAnswerBuildsNoEventsButTheSameItems() {
    ResponseOutput output = new ResponseOutput(ResponseOutput.NONE, false);
    output.delta(reasoning("r"));
    output.text("t");
    output.delta(call(0, "call_1", "f", "{}"));
    output.finish("completed");
    assertEquals(
        List.of("reasoning", "message", "function_call"),
        output.items("completed").stream().map(v -> v.asJsonObject().getString("type")).toList());
  }

  @Test
  void eventFramesCarryTheirTypeAndSequenceNumber() {
    byte[] frame =
        ResponseEventStream.frame(
            "response.output_text.delta",
            7,
            JsonText.BUILDERS.createObjectBuilder().add("delta", "x"));
    assertEquals(
        "event: response.output_text.delta\n"
            + "data: {\"delta\":\"x\",\"type\":\"response.output_text.delta\","
            + "\"sequence_number\":7}\n\n",
        new String(frame, java.nio.charset.StandardCharsets.UTF_8));
  }
}
