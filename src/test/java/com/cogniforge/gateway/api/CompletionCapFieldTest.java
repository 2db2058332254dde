package com.cogniforge.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cogniforge.gateway.providers.ChatRequest;
import com.cogniforge.gateway.relay.ChatInput;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The name a client gave its completion cap is kept for the upstream call. */
class CompletionCapFieldTest {

  private static ChatRequest parsed(String json) {
    return ChatInputParser.fromOpenAiBody(json.getBytes(StandardCharsets.UTF_8)).request();
  }

  @Test
  void maxCompletionTokensKeepsItsName() {
    ChatRequest request =
        parsed(
            "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_completion_tokens\":9}");
    assertEquals(9, request.maxTokens());
    assertEquals(ChatRequest.MAX_COMPLETION_TOKENS, request.maxTokensField());
  }

  @Test
  void maxTokensOrNoCapIsSentAsMaxTokensEvenAfterAKeyOrDefaultCapIsAdded() {
    assertEquals(
        ChatRequest.MAX_TOKENS,
        parsed("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":9}")
            .maxTokensField());
    ChatInput uncapped =
        ChatInputParser.fromOpenAiBody(
            "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                .getBytes(StandardCharsets.UTF_8));
    ChatRequest capped = uncapped.withMaxTokens(1024).request();
    assertEquals(1024, capped.maxTokens());
    assertEquals(ChatRequest.MAX_TOKENS, capped.maxTokensField());
  }
}
