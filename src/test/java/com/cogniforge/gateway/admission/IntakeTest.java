package com.cogniforge.gateway.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.providers.ChatMessage;
import com.cogniforge.gateway.providers.ChatRequest;
import com.cogniforge.gateway.providers.ProviderRoutes;
import com.cogniforge.gateway.relay.ChatInput;
import jakarta.json.JsonValue;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IntakeTest {

  private static final ProviderRoutes PROVIDER = ProviderRoutes.of(java.util.List.of(), null);

  private boolean draining;
  private Optional<ProviderRoutes> provider = Optional.of(PROVIDER);

  private Intake intake() {
    return new Intake(3, 100, () -> draining, self -> provider);
  }

  private static ChatInput messages(int count, String text) {
    return new ChatInput(
        new ChatRequest(
            null,
            Collections.nCopies(count, new ChatMessage("user", text)),
            null,
            JsonValue.EMPTY_JSON_OBJECT),
        true,
        true,
        null,
        true);
  }

  private ApiError refused(ChatInput input) {
    return assertThrows(ApiError.class, () -> intake().check(Requests.info(null, false), input));
  }

  @Test
  void anAcceptedRequestCarriesItsProviderAndPromptEstimate() {
    Intake.Accepted accepted = intake().check(Requests.info(null, false), messages(1, "hello"));
    assertEquals(PROVIDER, accepted.providers());
    assertEquals(true, accepted.promptTokens() > 0);
  }

  @Test
  void aDrainingGatewayRefusesWith503AndRetryAfter() {
    draining = true;
    ApiError error = refused(messages(1, "hi"));
    assertEquals(503, error.status());
    assertEquals(1L, error.retryAfterSeconds());
  }

  @Test
  void withoutAProviderTheRequestIsRefused() {
    provider = Optional.empty();
    assertEquals("no_provider", refused(messages(1, "hi")).code());
  }

  @Test
  void tooManyMessagesOrAPromptTooLargeAreRefusedWith400() {
    assertEquals("too_many_messages", refused(messages(4, "hi")).code());
    assertEquals("prompt_too_large", refused(messages(1, "word ".repeat(200))).code());
    // the limits themselves are accepted
    intake().check(Requests.info(null, false), messages(3, "hi"));
  }
}
