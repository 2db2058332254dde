package com.cogniforge.gateway;

import jakarta.json.JsonNumber;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;
import jakarta.json.bind.serializer.JsonbSerializer;
import jakarta.json.bind.serializer.SerializationContext;
import jakarta.json.stream.JsonGenerator;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * JSON-B for the cold paths (metrics, reports, settings, keys, exports): records written by one
 * shared {@link Jsonb}, thread-safe and built once. Java names become snake_case, nulls are written
 * (clients read {@code "p95":null}), and {@link BigDecimal}s are written in plain notation so that
 * a fixed number of decimals (see {@link #decimal}) reaches the client as it was chosen, never as
 * {@code 1E-8}. The per-token hot path stays hand-written in {@link JsonText}.
 *
 * <p>Records list their properties with {@code @JsonbPropertyOrder}: JSON-B's default order is
 * alphabetical, and readers of our documents expect the order they always had.
 */
public final class JsonDocuments {

  private static final Jsonb JSONB =
      JsonbBuilder.create(
          new JsonbConfig()
              .withNullValues(true)
              .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES)
              .withSerializers(new PlainDecimalSerializer()));

  private JsonDocuments() {}

  public static String toJson(Object document) {
    return JSONB.toJson(document);
  }

  /**
   * {@code value} rounded half-up to {@code places} decimals, as {@code %.Nf} did, for a JSON
   * number with exactly that many decimals; null (JSON {@code null}) when it is NaN or infinite.
   */
  public static BigDecimal decimal(double value, int places) {
    if (!Double.isFinite(value)) {
      return null;
    }
    return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP);
  }

  /** {@link #decimal(double, int)} of a value that may be absent. */
  public static BigDecimal decimal(Double value, int places) {
    return value == null ? null : decimal(value.doubleValue(), places);
  }

  /** The text of {@link #decimal}: {@code 0.00003000} whatever the JVM's default locale. */
  public static String decimalText(double value, int places) {
    BigDecimal decimal = decimal(value, places);
    return decimal == null ? String.valueOf(value) : decimal.toPlainString();
  }

  /** Writes a BigDecimal as its plain digits ({@code 0.00000001}, not {@code 1E-8}). */
  private static final class PlainDecimalSerializer implements JsonbSerializer<BigDecimal> {
    @Override
    public void serialize(BigDecimal value, JsonGenerator generator, SerializationContext context) {
      generator.write(new PlainNumber(value));
    }
  }

  /**
   * A JSON number whose text is the plain notation: JSON-P's generator writes a {@link JsonNumber}
   * by its {@code toString()}, and {@link BigDecimal#toString()} switches to exponent notation
   * below 10^-6.
   */
  private record PlainNumber(BigDecimal value) implements JsonNumber {
    @Override
    public boolean isIntegral() {
      return value.scale() <= 0;
    }

    @Override
    public int intValue() {
      return value.intValue();
    }

    @Override
    public int intValueExact() {
      return value.intValueExact();
    }

    @Override
    public long longValue() {
      return value.longValue();
    }

    @Override
    public long longValueExact() {
      return value.longValueExact();
    }

    @Override
    public BigInteger bigIntegerValue() {
      return value.toBigInteger();
    }

    @Override
    public BigInteger bigIntegerValueExact() {
      return value.toBigIntegerExact();
    }

    @Override
    public double doubleValue() {
      return value.doubleValue();
    }

    @Override
    public BigDecimal bigDecimalValue() {
      return value;
    }

    @Override
    public ValueType getValueType() {
      return ValueType.NUMBER;
    }

    @Override
    public String toString() {
      return value.toPlainString();
    }
  }
}
