package com.cogniforge.gateway.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.cache.CachedAnswer;
import com.cogniforge.gateway.keys.ClientKey;
import com.cogniforge.gateway.keys.KeyLimits;
import com.cogniforge.gateway.relay.Answers;
import com.cogniforge.gateway.relay.ChatInput;
import com.cogniforge.gateway.relay.InFlight;
import com.cogniforge.gateway.routing.RouteDecision;
import com.cogniforge.gateway.routing.Tier;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CacheLookupTest {

  private static final RouteDecision ROUTE =
      new RouteDecision(Tier.FAST, List.of("f/1"), "tier FAST requested", null);

  private final Map<String, CachedAnswer> stored = new HashMap<>();
  private final InFlight inFlight = new InFlight();
  private boolean hybrid = true;
  private boolean scopedToKey = true;

  private final Answers answers =
      new Answers() {
        @Override
        public Optional<CachedAnswer> get(String key) {
          return Optional.ofNullable(stored.get(key));
        }

        @Override
        public void put(String key, CachedAnswer answer) {
          stored.put(key, answer);
        }
      };

  private CacheLookup.Found find(ChatInput input, boolean noCache) {
    return find(null, input, noCache);
  }

  private CacheLookup.Found find(ClientKey key, ChatInput input, boolean noCache) {
    return new CacheLookup(answers, inFlight, () -> hybrid, () -> scopedToKey)
        .find(Requests.info(key, noCache), input, ROUTE);
  }

  private static ClientKey key(long id) {
    return new ClientKey(
        id, "test", "cf_test", new byte[0], new byte[0], Instant.now(), null, null, KeyLimits.NONE);
  }

  @Test
  void byDefaultTwoKeysWithTheSamePromptBothLeadAndNeitherSeesTheOthersAnswer() {
    ChatInput input = Requests.input(null, null, null);
    CacheLookup.Lead first = assertInstanceOf(CacheLookup.Lead.class, find(key(1), input, false));
    assertInstanceOf(CacheLookup.Lead.class, find(key(2), input, false), "another key: no join");
    assertInstanceOf(CacheLookup.Lead.class, find(null, input, false), "anonymous: no join");
    assertInstanceOf(CacheLookup.Joined.class, find(key(1), input, false), "same key joins");

    stored.put(first.lead().key(), new CachedAnswer(List.of("hi"), "stop", 1, 1, "f/1"));
    inFlight.abandon(first.lead(), new ApiError(503, "retry", "test"));
    assertInstanceOf(CacheLookup.Hit.class, find(key(1), input, false));
    assertInstanceOf(CacheLookup.Joined.class, find(key(2), input, false), "still its own call");
  }

  @Test
  void aGlobalScopeSharesAcrossKeys() {
    scopedToKey = false;
    ChatInput input = Requests.input(null, null, null);
    assertInstanceOf(CacheLookup.Lead.class, find(key(1), input, false));
    assertInstanceOf(CacheLookup.Joined.class, find(key(2), input, false));
  }

  @Test
  void theFirstRequestLeadsTheSecondJoinsAndAStoredAnswerHits() {
    ChatInput input = Requests.input(null, null, null);
    CacheLookup.Lead lead = assertInstanceOf(CacheLookup.Lead.class, find(input, false));
    assertInstanceOf(CacheLookup.Joined.class, find(input, false));

    stored.put(lead.lead().key(), new CachedAnswer(List.of("hi"), "stop", 1, 1, "f/1"));
    inFlight.abandon(lead.lead(), new ApiError(503, "retry", "test"));
    CacheLookup.Hit hit = assertInstanceOf(CacheLookup.Hit.class, find(input, false));
    assertEquals(List.of("hi"), hit.answer().pieces());
  }

  @Test
  void anotherMaxTokensIsAnotherQuestion() {
    assertInstanceOf(CacheLookup.Lead.class, find(Requests.input(null, null, 10), false));
    assertInstanceOf(CacheLookup.Lead.class, find(Requests.input(null, null, 20), false));
  }

  @Test
  void nothingIsCachedWithoutHybridOrWhenTheClientOptsOut() {
    assertInstanceOf(CacheLookup.NotCacheable.class, find(Requests.input(null, null, null), true));
    hybrid = false;
    assertInstanceOf(CacheLookup.NotCacheable.class, find(Requests.input(null, null, null), false));
  }
}
