package com.cogniforge.gateway.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.cogniforge.gateway.JsonText;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PlainContentChunkTest {

  private static final String HEAD =
      "{\"id\":\"chatcmpl-9x\",\"object\":\"chat.completion.chunk\",\"created\":1732450000,"
          + "\"model\":\"openai/gpt-4o-mini\",";

  private static String chunk(String quotedText) {
    return HEAD
        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":"
        + quotedText
        + "},\"finish_reason\":null}]}";
  }

  /** What the full decoder says: the text of a chunk that is text only, else null. */
  private static String fullDecoder(String json) {
    try {
      UpstreamChunk chunk = UpstreamChunk.decode(json, false);
      boolean textOnly =
          chunk.delta() == null
              && chunk.finishReason() == null
              && !chunk.hasUsage()
              && chunk.error() == null
              && chunk.cachedPromptTokens() < 0
              && chunk.cacheWriteTokens() < 0;
      return textOnly ? chunk.text() : null;
    } catch (UpstreamFailure malformed) {
      return null;
    }
  }

  @Test
  void theChunksProvidersSendForTextAreReadWithoutAParser() {
    List<String> plain =
        List.of(
            chunk("\" relays\""),
            // OpenAI with include_usage: usage null on every chunk, a fingerprint, logprobs null
            "{\"id\":\"chatcmpl-B\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                + "\"model\":\"gpt-4o-mini-2024-07-18\",\"service_tier\":\"default\","
                + "\"system_fingerprint\":\"fp_0ba0d124f1\",\"choices\":[{\"index\":0,\"delta\":"
                + "{\"content\":\"Hi\"},\"logprobs\":null,\"finish_reason\":null}],"
                + "\"usage\":null,\"obfuscation\":\"x9Yz\"}",
            // OpenRouter: the role on every chunk, native_finish_reason null
            "{\"id\":\"gen-1\",\"provider\":\"OpenAI\",\"model\":\"openai/gpt-4o\",\"object\":"
                + "\"chat.completion.chunk\",\"created\":1,\"choices\":[{\"index\":0,\"delta\":"
                + "{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":null,"
                + "\"native_finish_reason\":null,\"logprobs\":null}]}",
            chunk("\"line\\nbreak \\\"quoted\\\" back\\\\slash \\u00e9 \\ud83d\\ude00\""),
            chunk("\"مرحبا بالعالم\""),
            chunk("\"\""),
            "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]}");
    for (String json : plain) {
      String text = PlainContentChunk.text(json);
      assertNotNull(text, json);
      assertEquals(fullDecoder(json), text, json);
    }
  }

  @Test
  void anythingMoreThanTextIsLeftToTheFullDecoder() {
    List<String> rich =
        List.of(
            HEAD
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":\"stop\"}]}",
            HEAD
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\",\"refusal\":\"no\"},"
                + "\"finish_reason\":null}]}",
            HEAD
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},\"logprobs\":"
                + "{\"content\":[]},\"finish_reason\":null}]}",
            HEAD
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":null},"
                + "{\"index\":1,\"delta\":{\"content\":\"y\"},\"finish_reason\":null}]}",
            HEAD
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":null}],"
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}",
            HEAD
                + "\"error\":{\"message\":\"boom\"},\"choices\":[{\"index\":0,\"delta\":"
                + "{\"content\":\"x\"},\"finish_reason\":null}]}",
            HEAD
                + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0}],"
                + "\"content\":\"x\"},\"finish_reason\":null}]}",
            HEAD
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":null},\"finish_reason\":null}]}",
            "{\"id\": \"spaces\", \"choices\": [{\"index\": 0, \"delta\": {\"content\": \"x\"}}]}",
            HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"bad \\q escape\"}}]}",
            HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"raw \n control\"}}]}",
            HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"cut",
            HEAD
                + "\"x\":{\"nested\":1},\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]}");
    for (String json : rich) {
      assertNull(PlainContentChunk.text(json), json);
    }
  }

  @Test
  void randomTextsReadTheSameAsTheFullDecoderReadsThem() {
    Random random = new Random(42);
    char[] alphabet =
        "aZ 09\"\\/\n\r\t\b\f\u0001\u001f\u00e9\u0627\ud83d\ude00{}[],:".toCharArray();
    for (int round = 0; round < 5000; round++) {
      StringBuilder text = new StringBuilder();
      for (int i = random.nextInt(12); i > 0; i--) {
        text.append(alphabet[random.nextInt(alphabet.length)]);
      }
      String json = chunk(JsonText.quote(text.toString()));
      assertEquals(text.toString(), PlainContentChunk.text(json), json);
      assertEquals(fullDecoder(json), PlainContentChunk.text(json), json);
    }
  }
}
