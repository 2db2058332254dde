package com.cogniforge.gateway.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cogniforge.gateway.JsonText;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Golden translations of OpenAI chat requests into Anthropic Messages bodies. */
class AnthropicRequestTest {

  /** An OpenAI body ({@code '} for {@code "}) as the gateway holds it after admission. */
  static ChatRequest openAi(String body, int cap) {
    JsonObject json = JsonText.parseObject(body.replace('\'', '"'));
    List<ChatMessage> messages = new ArrayList<>();
    for (JsonValue message : json.getJsonArray("messages")) {
      JsonObject object = message.asJsonObject();
      messages.add(new ChatMessage(object.getString("role"), "", 0, object));
    }
    JsonObjectBuilder options = JsonText.BUILDERS.createObjectBuilder();
    for (Map.Entry<String, JsonValue> field : json.entrySet()) {
      if (!field.getKey().equals("messages")) {
        options.add(field.getKey(), field.getValue());
      }
    }
    return new ChatRequest("claude", messages, cap, options.build());
  }

  static JsonObject translate(String body, int cap) throws UpstreamFailure {
    return JsonText.parseObject(AnthropicRequest.body("claude-sonnet-4-5", openAi(body, cap)));
  }

  static void assertGolden(String expected, JsonObject actual) {
    assertEquals(JsonText.parseObject(expected.replace('\'', '"')), actual);
  }

  static String refusal(String body, int cap) {
    UpstreamFailure failure = assertThrows(UpstreamFailure.class, () -> translate(body, cap));
    assertEquals(UpstreamFailure.Kind.UNTRANSLATABLE, failure.kind());
    return failure.getMessage();
  }

  @Test
  void systemAndDeveloperMessagesBecomeSystemBlocksAndTheCapGoesAsMaxTokens()
      throws UpstreamFailure {
    assertGolden(
        "{'model':'claude-sonnet-4-5','max_tokens':512,"
            + "'system':[{'type':'text','text':'Be brief.'},{'type':'text','text':'Use SI units.'}],"
            + "'messages':[{'role':'user','content':[{'type':'text','text':'How far is the moon?'}]}],"
            + "'stream':true}",
        translate(
            "{'messages':[{'role':'system','content':'Be brief.'},"
                + "{'role':'developer','content':[{'type':'text','text':'Use SI units.'}]},"
                + "{'role':'user','content':'How far is the moon?'}]}",
            512));
  }

  @Test
  void consecutiveTurnsOfOneRoleAreMergedSoTurnsAlternate() throws UpstreamFailure {
    assertGolden(
        "{'model':'claude-sonnet-4-5','max_tokens':100,'messages':["
            + "{'role':'user','content':[{'type':'text','text':'a'},{'type':'text','text':'b'}]},"
            + "{'role':'assistant','content':[{'type':'text','text':'c'}]},"
            + "{'role':'user','content':[{'type':'text','text':'d'}]}],'stream':true}",
        translate(
            "{'messages':[{'role':'user','content':'a'},{'role':'user','content':'b'},"
                + "{'role':'assistant','content':'c'},{'role':'user','content':'d'}]}",
            100));
  }

  @Test
  void toolsAndANamedToolChoiceWithoutParallelCalls() throws UpstreamFailure {
    assertGolden(
        "{'model':'claude-sonnet-4-5','max_tokens':100,"
            + "'messages':[{'role':'user','content':[{'type':'text','text':'Weather?'}]}],"
            + "'tools':[{'name':'get_weather','description':'Weather now',"
            + "'input_schema':{'type':'object','properties':{'city':{'type':'string'}}}},"
            + "{'name':'now','input_schema':{'type':'object','properties':{}}}],"
            + "'tool_choice':{'type':'tool','name':'get_weather','disable_parallel_tool_use':true},"
            + "'stream':true}",
        translate(
            "{'messages':[{'role':'user','content':'Weather?'}],"
                + "'tools':[{'type':'function','function':{'name':'get_weather',"
                + "'description':'Weather now','parameters':{'type':'object',"
                + "'properties':{'city':{'type':'string'}}}}},"
                + "{'type':'function','function':{'name':'now'}}],"
                + "'tool_choice':{'type':'function','function':{'name':'get_weather'}},"
                + "'parallel_tool_calls':false}",
            100));
  }

  @Test
  void toolChoiceModesMapToAutoAnyAndNone() throws UpstreamFailure {
    String tools = "'tools':[{'type':'function','function':{'name':'f'}}]";
    for (String[] mode : new String[][] {{"auto", "auto"}, {"required", "any"}, {"none", "none"}}) {
      JsonObject body =
          translate(
              "{'messages':[{'role':'user','content':'x'}],"
                  + tools
                  + ",'tool_choice':'"
                  + mode[0]
                  + "'}",
              100);
      assertEquals(
          JsonText.parseObject("{\"type\":\"" + mode[1] + "\"}"), body.get("tool_choice"), mode[0]);
    }
  }

  @Test
  void assistantToolCallsBecomeToolUseAndToolResultsShareOneUserTurn() throws UpstreamFailure {
    assertGolden(
        "{'model':'claude-sonnet-4-5','max_tokens':100,'messages':["
            + "{'role':'user','content':[{'type':'text','text':'Paris and Rome?'}]},"
            + "{'role':'assistant','content':[{'type':'text','text':'Checking.'},"
            + "{'type':'tool_use','id':'call_1','name':'get_weather','input':{'city':'Paris'}},"
            + "{'type':'tool_use','id':'call_2','name':'get_weather','input':{}}]},"
            + "{'role':'user','content':["
            + "{'type':'tool_result','tool_use_id':'call_1','content':'18C'},"
            + "{'type':'tool_result','tool_use_id':'call_2','content':[{'type':'text','text':'21C'}]},"
            + "{'type':'text','text':'Thanks'}]}],'stream':true}",
        translate(
            "{'messages':[{'role':'user','content':'Paris and Rome?'},"
                + "{'role':'assistant','content':'Checking.','tool_calls':["
                + "{'id':'call_1','type':'function','function':{'name':'get_weather',"
                + "'arguments':'{\\'city\\':\\'Paris\\'}'}},"
                + "{'id':'call_2','type':'function','function':{'name':'get_weather','arguments':''}}]},"
                + "{'role':'tool','tool_call_id':'call_1','content':'18C'},"
                + "{'role':'tool','tool_call_id':'call_2','content':[{'type':'text','text':'21C'}]},"
                + "{'role':'user','content':'Thanks'}]}",
            100));
  }

  @Test
  void imagesFromDataUrlsAreBase64AndFromHttpUrlsAreUrlSources() throws UpstreamFailure {
    assertGolden(
        "{'model':'claude-sonnet-4-5','max_tokens':100,'messages':[{'role':'user','content':["
            + "{'type':'text','text':'Compare'},"
            + "{'type':'image','source':{'type':'base64','media_type':'image/png','data':'iVBORw0KGgo='}},"
            + "{'type':'image','source':{'type':'url','url':'https://example.com/cat.jpg'}}]}],"
            + "'stream':true}",
        translate(
            "{'messages':[{'role':'user','content':[{'type':'text','text':'Compare'},"
                + "{'type':'image_url','image_url':{'url':'data:image/png;base64,iVBORw0KGgo='}},"
                + "{'type':'image_url','image_url':{'url':'https://example.com/cat.jpg',"
                + "'detail':'auto'}}]}]}",
            100));
  }

  @Test
  void anInlinePdfIsADocumentBlock() throws UpstreamFailure {
    JsonObject body =
        translate(
            "{'messages':[{'role':'user','content':[{'type':'file','file':{"
                + "'filename':'a.pdf','file_data':'data:application/pdf;base64,JVBERi0='}}]}]}",
            100);
    assertEquals(
        JsonText.parseObject(
            "{\"type\":\"document\",\"source\":{\"type\":\"base64\","
                + "\"media_type\":\"application/pdf\",\"data\":\"JVBERi0=\"},\"title\":\"a.pdf\"}"),
        body.getJsonArray("messages").getJsonObject(0).getJsonArray("content").get(0));
  }

  @Test
  void reasoningEffortIsAThinkingBudgetBelowTheCap() throws UpstreamFailure {
    String messages = "'messages':[{'role':'user','content':'Prove it'}]";
    assertEquals(
        JsonText.parseObject("{\"type\":\"enabled\",\"budget_tokens\":3276}"),
        translate("{" + messages + ",'reasoning_effort':'high'}", 4096).get("thinking"));
    assertEquals(
        JsonText.parseObject("{\"type\":\"enabled\",\"budget_tokens\":1024}"),
        translate("{" + messages + ",'reasoning_effort':'low'}", 2000).get("thinking"));
    assertEquals(
        JsonText.parseObject("{\"type\":\"enabled\",\"budget_tokens\":32000}"),
        translate("{" + messages + ",'reasoning_effort':'high'}", 64000).get("thinking"));
    assertTrue(
        !translate("{" + messages + ",'reasoning_effort':'none'}", 4096).containsKey("thinking"));
    assertTrue(refusal("{" + messages + ",'reasoning_effort':'low'}", 1024).contains("max_tokens"));
    assertTrue(
        refusal("{" + messages + ",'reasoning_effort':'low','temperature':0.2}", 4096)
            .contains("temperature"));
    assertTrue(
        refusal(
                "{"
                    + messages
                    + ",'reasoning_effort':'low',"
                    + "'tools':[{'type':'function','function':{'name':'f'}}],'tool_choice':'required'}",
                4096)
            .contains("tool_choice"));
  }

  @Test
  void aMessagesApiClientsThinkingBudgetComesBackExactly() throws UpstreamFailure {
    ChatRequest request =
        openAi(
            "{'messages':[{'role':'user','content':'Prove it'}],'reasoning_effort':'medium'}",
            9000);
    ChatRequest withBudget =
        new ChatRequest(
            request.model(), request.messages(), 9000, request.options(), "max_tokens", 5000);
    assertEquals(
        JsonText.parseObject("{\"type\":\"enabled\",\"budget_tokens\":5000}"),
        JsonText.parseObject(AnthropicRequest.body("claude", withBudget)).get("thinking"));
  }

  @Test
  void signedReasoningDetailsGoBackAsThinkingBlocksBeforeTheToolCall() throws UpstreamFailure {
    JsonObject body =
        translate(
            "{'messages':[{'role':'user','content':'Weather?'},"
                + "{'role':'assistant','content':null,'reasoning_content':'unsigned, ignored',"
                + "'reasoning_details':["
                + "{'type':'reasoning.text','text':'I should ','format':'anthropic-claude-v1','index':0},"
                + "{'type':'reasoning.text','text':'call it.','format':'anthropic-claude-v1','index':0},"
                + "{'type':'reasoning.text','signature':'EqQBsig','format':'anthropic-claude-v1','index':0},"
                + "{'type':'reasoning.encrypted','data':'EmwKAhgB','format':'anthropic-claude-v1','index':1},"
                + "{'type':'reasoning.text','text':'other vendor','signature':'x','format':'openai-responses-v1'}],"
                + "'tool_calls':[{'id':'toolu_1','type':'function','function':{'name':'w','arguments':'{}'}}]},"
                + "{'role':'tool','tool_call_id':'toolu_1','content':'sunny'}]}",
            4096);
    assertGolden(
        "{'c':[{'type':'thinking','thinking':'I should call it.','signature':'EqQBsig'},"
            + "{'type':'redacted_thinking','data':'EmwKAhgB'},"
            + "{'type':'tool_use','id':'toolu_1','name':'w','input':{}}]}",
        JsonText.BUILDERS
            .createObjectBuilder()
            .add("c", body.getJsonArray("messages").getJsonObject(1).getJsonArray("content"))
            .build());
  }

  @Test
  void samplingStopUserAndStructuredOutput() throws UpstreamFailure {
    JsonObject body =
        translate(
            "{'messages':[{'role':'user','content':'x'}],'temperature':0.3,'top_p':0.9,"
                + "'stop':'END','user':'u-42','response_format':{'type':'json_schema',"
                + "'json_schema':{'name':'answer','strict':true,'schema':{'type':'object',"
                + "'properties':{'a':{'type':'string'}},'required':['a'],"
                + "'additionalProperties':false}}},'top_k':5,'logprobs':false,'store':false}",
            100);
    assertGolden(
        "{'model':'claude-sonnet-4-5','max_tokens':100,"
            + "'messages':[{'role':'user','content':[{'type':'text','text':'x'}]}],"
            + "'temperature':0.3,'top_p':0.9,'stop_sequences':['END'],"
            + "'metadata':{'user_id':'u-42'},'output_config':{'format':{'type':'json_schema',"
            + "'schema':{'type':'object','properties':{'a':{'type':'string'}},'required':['a'],"
            + "'additionalProperties':false}}},'top_k':5,'stream':true}",
        body);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "'seed':1",
        "'logit_bias':{'50256':-100}",
        "'presence_penalty':0.5",
        "'frequency_penalty':0.5",
        "'logprobs':true",
        "'top_logprobs':2",
        "'audio':{'voice':'alloy','format':'mp3'}",
        "'modalities':['text','audio']",
        "'prediction':{'type':'content','content':'x'}",
        "'n':2",
        "'temperature':1.5",
        "'metadata':{'tag':'x'}",
        "'store':true",
        "'response_format':{'type':'json_object'}",
        "'service_tier':'flex'",
        "'prompt_cache_key':'k'"
      })
  void aFieldAnthropicCannotCarryIsRefusedByName(String field) {
    String message = refusal("{'messages':[{'role':'user','content':'x'}]," + field + "}", 100);
    String name = field.substring(1, field.indexOf('\'', 1));
    assertTrue(message.contains(name), message);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{'role':'user','content':[{'type':'input_audio','input_audio':{'data':'AA==','format':'wav'}}]}",
        "{'role':'user','content':[{'type':'file','file':{'file_id':'file-abc'}}]}",
        "{'role':'user','content':[{'type':'image_url','image_url':{'url':'data:image/tiff;base64,AA=='}}]}",
        "{'role':'user','name':'alice','content':'hi'}",
        "{'role':'assistant','content':null,'tool_calls':[{'id':'c','type':'function','function':{'name':'f','arguments':'{not json'}}]}"
      })
  void aMessageAnthropicCannotCarryIsRefused(String message) {
    String text = refusal("{'messages':[" + message + "]}", 100);
    assertTrue(text.startsWith("the Anthropic Messages API cannot carry messages[0]"), text);
  }

  @Test
  void anAnthropicFieldThatTheTranslationAlsoWritesIsAConflict() {
    assertTrue(
        refusal(
                "{'messages':[{'role':'user','content':'x'}],'stop':'a','stop_sequences':['b']}",
                100)
            .contains("stop_sequences"));
  }
}
