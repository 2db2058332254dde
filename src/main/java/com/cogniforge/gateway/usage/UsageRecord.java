package com.cogniforge.gateway.usage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One chat request, whatever became of it. Written once, never changed; the schema is owned by the
 * Flyway migrations in {@code db/migration}.
 */
@Entity
@Table(name = "usage_record")
public class UsageRecord {

  private static final int MODEL_CHARS = 200;

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "request_id", nullable = false)
  private String requestId;

  @Column(nullable = false)
  private String endpoint;

  @Column(nullable = false)
  private boolean streamed;

  @Column(name = "requested_model")
  private String requestedModel;

  @Column(name = "served_model")
  private String servedModel;

  private String provider;

  @Column(name = "prompt_tokens", nullable = false)
  private int promptTokens;

  @Column(name = "completion_tokens", nullable = false)
  private int completionTokens;

  @Column(name = "usage_estimated", nullable = false)
  private boolean usageEstimated;

  @Column(name = "cost_usd", nullable = false)
  private double costUsd;

  @Column(name = "ttft_ms")
  private Long ttftMs;

  @Column(name = "total_ms", nullable = false)
  private long totalMs;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Outcome outcome;

  @Column(name = "error_code")
  private String errorCode;

  private String tier;

  @Column(name = "route_reason")
  private String routeReason;

  /** Every model tried, in order, as {@code model:outcome} joined by commas. */
  private String attempts;

  /** The client key that made the request; null for an anonymous one (development mode). */
  @Column(name = "client_key_id")
  private Long clientKeyId;

  /** Answered from the response cache (hybrid streaming), without an upstream call. */
  @Column(name = "cache_hit", nullable = false)
  private boolean cacheHit;

  /** Of the prompt tokens, those the provider read from its prompt cache (priced apart). */
  @Column(name = "cached_prompt_tokens", nullable = false)
  private int cachedPromptTokens;

  /** Of the completion tokens, those the provider says were spent reasoning. */
  @Column(name = "reasoning_tokens", nullable = false)
  private int reasoningTokens;

  /** Of the prompt tokens, those the provider wrote to its prompt cache (priced apart). */
  @Column(name = "cache_write_tokens", nullable = false)
  private int cacheWriteTokens;

  /**
   * Its name in the {@link RecordJournal}, given by the gateway (a client may reuse its request
   * id): a start after {@code kill -9} inserts the journalled records whose name is missing here.
   */
  @Column(name = "journal_ref")
  private String journalRef;

  protected UsageRecord() {} // for JPA

  /** One column each; everyone else goes through {@link #builder}. */
  private UsageRecord(
      Instant createdAt,
      String requestId,
      String endpoint,
      boolean streamed,
      String requestedModel,
      String servedModel,
      String provider,
      int promptTokens,
      int completionTokens,
      boolean usageEstimated,
      double costUsd,
      Long ttftMs,
      long totalMs,
      Outcome outcome,
      String errorCode,
      String tier,
      String routeReason,
      String attempts) {
    this.createdAt = createdAt;
    this.requestId = clip(requestId, 64);
    this.endpoint = clip(endpoint, 32);
    this.streamed = streamed;
    this.requestedModel = clip(requestedModel, MODEL_CHARS);
    this.servedModel = clip(servedModel, MODEL_CHARS);
    this.provider = clip(provider, 64);
    this.promptTokens = promptTokens;
    this.completionTokens = completionTokens;
    this.usageEstimated = usageEstimated;
    this.costUsd = costUsd;
    this.ttftMs = ttftMs;
    this.totalMs = totalMs;
    this.outcome = outcome;
    this.errorCode = clip(errorCode, 64);
    this.tier = clip(tier, 16);
    this.routeReason = clip(routeReason, 500);
    this.attempts = clip(attempts, 1000);
  }

  /**
   * Starts the one way every part of the gateway writes a record: relayed, cached, coalesced and
   * rejected requests fill in what they know, and everything else keeps a neutral value.
   */
  public static Builder builder(Instant createdAt, String requestId, String endpoint) {
    return new Builder(createdAt, requestId, endpoint);
  }

  /** Fills a record field by field; {@link #build()} checks nothing is left undecided. */
  public static final class Builder {
    private final Instant createdAt;
    private final String requestId;
    private final String endpoint;
    private boolean streamed;
    private String requestedModel;
    private String servedModel;
    private String provider;
    private int promptTokens;
    private int completionTokens;
    private boolean usageEstimated;
    private double costUsd;
    private Long ttftMs;
    private long totalMs;
    private Outcome outcome;
    private String errorCode;
    private String tier;
    private String routeReason;
    private String attempts;
    private Long clientKeyId;
    private boolean cacheHit;
    private int cachedPromptTokens;
    private int reasoningTokens;
    private int cacheWriteTokens;

    private Builder(Instant createdAt, String requestId, String endpoint) {
      this.createdAt = createdAt;
      this.requestId = requestId;
      this.endpoint = endpoint;
    }

    /** What the client asked: whether it streams, which model (null: none named). */
    public Builder request(boolean streamed, String requestedModel) {
      this.streamed = streamed;
      this.requestedModel = requestedModel;
      return this;
    }

    public Builder clientKey(Long keyId) {
      this.clientKeyId = keyId;
      return this;
    }

    /** Who answered: the model, the provider (or {@code cache}, {@code coalesced}) and its tier. */
    public Builder served(String model, String provider, String tier) {
      this.servedModel = model;
      this.provider = provider;
      this.tier = tier;
      return this;
    }

    public Builder route(String reason, String attempts) {
      this.routeReason = reason;
      this.attempts = attempts;
      return this;
    }

    public Builder tokens(int prompt, int completion, boolean estimated) {
      this.promptTokens = prompt;
      this.completionTokens = completion;
      this.usageEstimated = estimated;
      return this;
    }

    /** What the provider reported of its prompt cache and of reasoning, 0 when it said nothing. */
    public Builder usageDetails(int cachedPromptTokens, int reasoningTokens) {
      this.cachedPromptTokens = Math.max(0, cachedPromptTokens);
      this.reasoningTokens = Math.max(0, reasoningTokens);
      return this;
    }

    /** Prompt tokens the provider wrote to its prompt cache, 0 when it said nothing. */
    public Builder cacheWrites(int tokens) {
      this.cacheWriteTokens = Math.max(0, tokens);
      return this;
    }

    public Builder cost(double usd) {
      this.costUsd = usd;
      return this;
    }

    public Builder timing(Long ttftMs, long totalMs) {
      this.ttftMs = ttftMs;
      this.totalMs = totalMs;
      return this;
    }

    public Builder outcome(Outcome outcome, String errorCode) {
      this.outcome = outcome;
      this.errorCode = errorCode;
      return this;
    }

    /** Answered without an upstream call of its own (response cache, or a coalesced request). */
    public Builder cacheHit() {
      this.cacheHit = true;
      return this;
    }

    public UsageRecord build() {
      if (outcome == null) {
        throw new IllegalStateException("a usage record needs an outcome");
      }
      UsageRecord record =
          new UsageRecord(
              createdAt,
              requestId,
              endpoint,
              streamed,
              requestedModel,
              servedModel,
              provider,
              promptTokens,
              completionTokens,
              usageEstimated,
              costUsd,
              ttftMs,
              totalMs,
              outcome,
              errorCode,
              tier,
              routeReason,
              attempts);
      record.clientKeyId = clientKeyId;
      record.cacheHit = cacheHit;
      record.cachedPromptTokens = cachedPromptTokens;
      record.reasoningTokens = reasoningTokens;
      record.cacheWriteTokens = cacheWriteTokens;
      return record;
    }
  }

  /**
   * Text as its column can hold it. Much of it comes from the client (model names, request ids): a
   * control character would break the CSV export and log lines, and PostgreSQL refuses a NUL
   * outright; text longer than the column is refused too. So control characters become a space
   * (tab, line breaks) or {@code ?}, the text is cut to the column's width, and a surrogate pair
   * cut in half loses its lone half.
   */
  private static String clip(String text, int chars) {
    if (text == null) {
      return null;
    }
    StringBuilder clean = new StringBuilder(Math.min(text.length(), chars));
    for (int i = 0; i < text.length() && clean.length() < chars; i++) {
      char c = text.charAt(i);
      if (c == '\t' || c == '\n' || c == '\r') {
        clean.append(' ');
      } else if (Character.isISOControl(c)) {
        clean.append('?');
      } else {
        clean.append(c);
      }
    }
    int end = clean.length();
    if (end > 0 && Character.isHighSurrogate(clean.charAt(end - 1))) {
      clean.setLength(end - 1);
    }
    return clean.toString();
  }

  public Long id() {
    return id;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public String requestId() {
    return requestId;
  }

  public String endpoint() {
    return endpoint;
  }

  public boolean streamed() {
    return streamed;
  }

  public String requestedModel() {
    return requestedModel;
  }

  public String servedModel() {
    return servedModel;
  }

  public String provider() {
    return provider;
  }

  public int promptTokens() {
    return promptTokens;
  }

  public int completionTokens() {
    return completionTokens;
  }

  public boolean usageEstimated() {
    return usageEstimated;
  }

  public double costUsd() {
    return costUsd;
  }

  public Long ttftMs() {
    return ttftMs;
  }

  public long totalMs() {
    return totalMs;
  }

  public Outcome outcome() {
    return outcome;
  }

  public String errorCode() {
    return errorCode;
  }

  public String tier() {
    return tier;
  }

  public String routeReason() {
    return routeReason;
  }

  public Long clientKeyId() {
    return clientKeyId;
  }

  public boolean cacheHit() {
    return cacheHit;
  }

  public String attempts() {
    return attempts;
  }

  public int cachedPromptTokens() {
    return cachedPromptTokens;
  }

  public int reasoningTokens() {
    return reasoningTokens;
  }

  public int cacheWriteTokens() {
    return cacheWriteTokens;
  }

  /** Its name in the {@link RecordJournal}, or null when it was not journalled. */
  public String journalRef() {
    return journalRef;
  }

  /** Named once, when it is queued; a record read back from the journal keeps its first name. */
  void journalRef(String ref) {
    this.journalRef = ref;
  }
}
