package com.cogniforge.gateway.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProviderErrorsTest {

  private static final String OPENAI_401 =
      "{\"error\":{\"message\":\"Incorrect API key provided: sk-proj-****************abcd. You can"
          + " find your API key at https://platform.openai.com/account/api-keys.\","
          + "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}";

  @Test
  void anAuthFailureForwardsNoneOfTheProvidersWords() {
    String shown =
        UpstreamFailure.fromStatus(401, ProviderErrors.summarize(OPENAI_401), null).getMessage();
    assertFalse(shown.contains("sk-"), shown);
    assertFalse(shown.contains("abcd"), shown);
    assertEquals(
        UpstreamFailure.Kind.AUTH_FAILED, UpstreamFailure.fromStatus(403, "", null).kind());
  }

  @Test
  void aRejectedRequestKeepsItsExplanationWithKeyLikeTokensMasked() {
    String body =
        "{\"error\":{\"message\":\"max_tokens is too large for key sk-or-v1-0123456789abcdef"
            + " (Bearer abc.def.ghi)\"}}";
    String shown =
        UpstreamFailure.fromStatus(400, ProviderErrors.summarize(body), null).getMessage();
    assertTrue(shown.contains("max_tokens is too large"), shown);
    assertFalse(shown.contains("0123456789abcdef"), shown);
    assertFalse(shown.contains("abc.def.ghi"), shown);
  }

  @Test
  void baseUrlsAreShownWithoutUserInfoOrQuery() {
    ProviderEndpoint endpoint =
        new ProviderEndpoint(
            "openai-compatible",
            "https://user:s3cret@llm.example.com:8443/v1?api-key=k3y",
            Optional.of("sk-live"));
    String shown = endpoint.toString();
    assertFalse(shown.contains("s3cret"), shown);
    assertFalse(shown.contains("user"), shown);
    assertFalse(shown.contains("k3y"), shown);
    assertFalse(shown.contains("sk-live"), shown);
    assertTrue(shown.contains("https://llm.example.com:8443/v1"), shown);
  }
}
