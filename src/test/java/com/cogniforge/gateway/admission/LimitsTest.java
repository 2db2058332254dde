package com.cogniforge.gateway.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.keys.ClientKey;
import com.cogniforge.gateway.keys.KeyLimits;
import com.cogniforge.gateway.keys.RateLimits;
import com.cogniforge.gateway.relay.ChatInput;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LimitsTest {

  private final Limits limits = new Limits(new RateLimits());

  private static ClientKey key(Integer requestsPerMinute, Integer maxTokens) {
    return Requests.key(
        new KeyLimits(null, requestsPerMinute, null, Set.of(), Set.of(), maxTokens, Set.of()));
  }

  @Test
  void anAnonymousRequestPassesUnchanged() {
    ChatInput input = Requests.input(null, null, null);
    assertSame(input, limits.take(null, input, 5).input());
  }

  @Test
  void theKeysCapIsTheDefaultAndTheLimit() {
    ClientKey key = key(null, 100);
    assertEquals(
        100, limits.take(key, Requests.input(null, null, null), 5).input().request().maxTokens());
    assertEquals(
        50, limits.take(key, Requests.input(null, null, 50), 5).input().request().maxTokens());
    ApiError refused =
        assertThrows(ApiError.class, () -> limits.take(key, Requests.input(null, null, 101), 5));
    assertEquals("max_tokens_too_large", refused.code());
  }

  @Test
  void theRateLimitRefusesWith429AndRetryAfter() {
    ClientKey key = key(2, null);
    limits.take(key, Requests.input(null, null, null), 5);
    limits.take(key, Requests.input(null, null, null), 5);
    ApiError refused =
        assertThrows(ApiError.class, () -> limits.take(key, Requests.input(null, null, null), 5));
    assertEquals(429, refused.status());
    assertEquals(30L, refused.retryAfterSeconds(), "one request refills in 30 s at 2/minute");
  }

  @Test
  void whatARefusedRequestTookIsGivenBack() {
    ClientKey key = key(1, null);
    limits.take(key, Requests.input(null, null, null), 5).giveBack().run();
    limits.take(key, Requests.input(null, null, null), 5); // passes: the first was given back
    assertThrows(ApiError.class, () -> limits.take(key, Requests.input(null, null, null), 5));
  }
}
