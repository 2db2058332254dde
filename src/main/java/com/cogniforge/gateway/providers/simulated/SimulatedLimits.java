package com.cogniforge.gateway.providers.simulated;

import com.cogniforge.gateway.ApiError;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigDecimal;

/**
 * The per-request {@code sim_*} knobs and their bounds. The simulator builds the whole answer up
 * front, so an unbounded {@code sim_tokens} fills the heap and an unbounded delay holds a stream
 * for days; a value outside its range is a 400 in OpenAI's error shape, never silently clipped.
 */
enum SimulatedLimits {
  /** Tokens in the answer: enough for any test or benchmark, a few MB at most. */
  TOKENS("sim_tokens", 1, 100_000),
  /** Up to 15 minutes: the idle-stream benchmarks hold streams open that long. */
  TTFT_MS("sim_ttft_ms", 0, 900_000),
  INTER_TOKEN_MS("sim_inter_token_ms", 0, 60_000);

  private final String field;
  private final int min;
  private final int max;

  SimulatedLimits(String field, int min, int max) {
    this.field = field;
    this.min = min;
    this.max = max;
  }

  /** The request's value, or {@code fallback} when it has none; a 400 when out of range. */
  int of(JsonObject body, int fallback) {
    JsonValue value = body.get(field);
    if (value == null || value == JsonValue.NULL) {
      return Math.max(min, Math.min(max, fallback));
    }
    if (!(value instanceof JsonNumber number)
        || !number.isIntegral()
        || number.bigDecimalValue().compareTo(BigDecimal.valueOf(min)) < 0
        || number.bigDecimalValue().compareTo(BigDecimal.valueOf(max)) > 0) {
      throw new ApiError(
          400,
          "sim_value_out_of_range",
          field + " must be a whole number from " + min + " to " + max);
    }
    return number.intValue();
  }
}
