package com.cogniforge.gateway.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachedAnswerTest {

  @Test
  void rawChoicesSurviveTheTripThroughTheCluster() {
    String choice =
        "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"function\":"
            + "{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}}]},\"finish_reason\":null}";
    BitSet raw = new BitSet();
    raw.set(1);
    CachedAnswer answer =
        new CachedAnswer(List.of("text", choice, "more"), raw, "tool_calls", 3, 4, 2, "m/a");

    CachedAnswer copy = CachedAnswer.fromJson(answer.toJson());

    assertEquals(answer.pieces(), copy.pieces());
    assertFalse(copy.isRaw(0));
    assertTrue(copy.isRaw(1));
    assertFalse(copy.isRaw(2));
    assertEquals("tool_calls", copy.finishReason());
    assertEquals(4, copy.completionTokens());
    assertEquals(2, copy.reasoningTokens());
  }
}
