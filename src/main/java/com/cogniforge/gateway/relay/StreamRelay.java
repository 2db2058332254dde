package com.cogniforge.gateway.relay;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.GatewayExecutors;
import com.cogniforge.gateway.budget.DailyBudget;
import com.cogniforge.gateway.budget.KeyBudgets;
import com.cogniforge.gateway.budget.PriceTable;
import com.cogniforge.gateway.budget.Reservation;
import com.cogniforge.gateway.cache.CacheKey;
import com.cogniforge.gateway.cache.CachedAnswer;
import com.cogniforge.gateway.cache.ResponseCache;
import com.cogniforge.gateway.keys.ClientKey;
import com.cogniforge.gateway.keys.KeyAccess;
import com.cogniforge.gateway.keys.RateLimits;
import com.cogniforge.gateway.monitoring.GatewayMetrics;
import com.cogniforge.gateway.monitoring.PrometheusMetrics;
import com.cogniforge.gateway.providers.ProviderEndpoint;
import com.cogniforge.gateway.providers.ProviderSelection;
import com.cogniforge.gateway.providers.TokenEstimator;
import com.cogniforge.gateway.providers.UpstreamClient;
import com.cogniforge.gateway.resilience.Hedging;
import com.cogniforge.gateway.resilience.QualityMonitor;
import com.cogniforge.gateway.routing.RouteDecision;
import com.cogniforge.gateway.routing.Router;
import com.cogniforge.gateway.routing.Tier;
import com.cogniforge.gateway.routing.TierModels;
import com.cogniforge.gateway.settings.GatewaySettings;
import com.cogniforge.gateway.usage.Outcome;
import com.cogniforge.gateway.usage.UsageRecord;
import com.cogniforge.gateway.usage.UsageRecorder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The streaming engine: decides who serves a chat request (route, provider, budget reservation),
 * then relays the provider's stream to the client and books the result (usage record, metrics, one
 * log line). The endpoints only translate between their wire format and this.
 */
@ApplicationScoped
public class StreamRelay {

  private static final Logger LOG = Logger.getLogger("com.cogniforge.gateway.requests");

  @Inject Router router;
  @Inject TierModels tiers;
  @Inject ProviderSelection providers;
  @Inject UpstreamClient upstream;
  @Inject GatewayExecutors executors;
  @Inject GatewaySettings settings;
  @Inject PriceTable prices;
  @Inject DailyBudget budget;
  @Inject UsageRecorder usage;
  @Inject GatewayMetrics metrics;
  @Inject KeyAccess keyAccess;
  @Inject RateLimits rateLimits;
  @Inject KeyBudgets keyBudgets;
  @Inject ResponseCache cache;
  @Inject PrometheusMetrics prometheus;
  @Inject QualityMonitor quality;
  @Inject Hedging hedging;

  /** Calls in flight that identical requests may join (request coalescing), by cache key. */
  final ConcurrentHashMap<String, SharedStream> inFlight = new ConcurrentHashMap<>();

  private final Set<RelayedStream> open = ConcurrentHashMap.newKeySet();
  private volatile boolean draining;

  void opened(RelayedStream stream) {
    open.add(stream);
  }

  void closed(RelayedStream stream) {
    open.remove(stream);
  }

  /**
   * Stops taking new streams, lets open ones finish for up to {@code grace}, then ends the rest
   * with an error event; returns how many had to be ended.
   */
  public int drain(Duration grace) throws InterruptedException {
    draining = true;
    long deadline = System.nanoTime() + grace.toNanos();
    while (!open.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    int interrupted = 0;
    for (RelayedStream stream : open) {
      stream.interrupt();
      interrupted++;
    }
    return interrupted;
  }

  /**
   * Decides who serves the request and reserves its worst-case cost, before anything is sent.
   *
   * @throws ApiError (already recorded as rejected) when the request cannot be served
   */
  public ChatStream prepare(RequestInfo info, ChatInput input) {
    String cacheKey = null;
    SharedStream shared = null;
    try {
      if (draining) {
        throw new ApiError(
            503, "shutting_down", "the gateway is shutting down; retry on another instance", 1L);
      }
      ClientKey key = info.clientKey();
      RouteDecision route =
          keyAccess.restrict(
              router.decide(input.request(), input.tier(), budget.highestTier()),
              key,
              input.tier() != null || input.explicitModel());
      ProviderEndpoint provider =
          providers
              .select(info.selfBaseUrl())
              .orElseThrow(
                  () ->
                      new ApiError(
                          503,
                          "no_provider",
                          "no LLM provider configured: set"
                              + " OPENROUTER_API_KEY, or ALLOW_MOCK_LLM=true for the simulated"
                              + " provider"));
      int promptTokens = TokenEstimator.promptTokens(input.request());
      checkSize(input, promptTokens);
      if (key != null) {
        input = admit(key, input, promptTokens);
      }
      if (settings.hybridStreaming() && input.cacheAllowed() && !info.noCache()) {
        cacheKey = CacheKey.of(route.model(), input.request());
        Optional<CachedAnswer> hit = cache.get(cacheKey);
        if (hit.isPresent()) {
          return new CachedReplay(this, info, input, route, hit.get());
        }
        // Registered now, before anything slow, so that a burst of identical requests coalesces.
        shared = new SharedStream();
        SharedStream running = inFlight.putIfAbsent(cacheKey, shared);
        if (running != null) {
          return new CoalescedStream(this, info, input, route, running, cacheKey);
        }
      }
      if (settings.hybridStreaming()) {
        route = quality.steer(route); // after the cache: a stored answer needs no healthy model
      }
      Integer maxTokens = input.request().maxTokens();
      Optional<Reservation> reservation =
          budget.tryReserve(budget.worstCase(route.model(), promptTokens, maxTokens));
      if (reservation.isEmpty() && budget.nanoWhenExhausted() && route.tier() != Tier.NANO) {
        route = router.downgrade(route, Tier.NANO, "budget spent: NANO only");
        reservation = budget.tryReserve(budget.worstCase(route.model(), promptTokens, maxTokens));
      }
      if (reservation.isEmpty()) {
        throw budget.exhausted();
      }
      Double keyBudget = key == null ? null : key.limits().dailyBudgetUsd();
      if (keyBudget != null
          && !keyBudgets.tryReserve(
              reservation.get(),
              key.id(),
              keyBudget,
              budget.worstCase(route.model(), promptTokens, maxTokens))) {
        budget.settle(reservation.get(), 0);
        throw keyBudgets.exhausted(keyBudget);
      }
      RelayedStream stream =
          new RelayedStream(this, info, input, route, provider, reservation.get(), promptTokens);
      if (cacheKey != null) {
        stream.share(cacheKey, shared);
        shared = null; // handed over: the stream unregisters it when it ends
      }
      return stream;
    } catch (ApiError rejected) {
      release(cacheKey, shared, rejected);
      rejected(info, input.request().model(), input.stream(), rejected);
      throw rejected;
    } catch (RuntimeException failed) {
      // Not a refusal but a fault: requests that joined must not wait for a call never made.
      release(
          cacheKey, shared, new ApiError(500, "internal_error", "the gateway failed unexpectedly"));
      throw failed;
    }
  }

  /** Unregisters a call that will not be made; requests that joined it share its fate. */
  private void release(String cacheKey, SharedStream shared, ApiError why) {
    if (shared != null && inFlight.remove(cacheKey, shared)) {
      shared.fail(why);
    }
  }

  private void checkSize(ChatInput input, int promptTokens) {
    if (input.request().messages().size() > settings.maxMessages()) {
      throw ApiError.badRequest(
          "too_many_messages", "at most " + settings.maxMessages() + " messages per request");
    }
    if (promptTokens > settings.maxPromptTokens()) {
      throw ApiError.badRequest(
          "prompt_too_large",
          "the prompt is about "
              + promptTokens
              + " tokens; at most "
              + settings.maxPromptTokens()
              + " are accepted");
    }
  }

  /**
   * The key's own limits on one request: {@code max_tokens} (capped, or set to the cap when the
   * client set none) and the requests and tokens per minute.
   */
  private ChatInput admit(ClientKey key, ChatInput input, int promptTokens) {
    Integer cap = key.limits().maxTokens();
    Integer asked = input.request().maxTokens();
    if (cap != null && asked != null && asked > cap) {
      throw ApiError.badRequest(
          "max_tokens_too_large", "this API key allows max_tokens up to " + cap);
    }
    OptionalLong wait = rateLimits.admit(key, promptTokens);
    if (wait.isPresent()) {
      throw new ApiError(
          429, "rate_limit_exceeded", "this API key's rate limit is reached", wait.getAsLong());
    }
    return cap != null && asked == null ? input.withMaxTokens(cap) : input;
  }

  /** Books a request refused before it reached a provider. */
  public void rejected(RequestInfo info, String requestedModel, boolean streamed, ApiError error) {
    book(
        new UsageRecord(
                Instant.now(),
                info.requestId(),
                info.endpoint(),
                streamed,
                requestedModel,
                null,
                null,
                0,
                0,
                false,
                0,
                null,
                0,
                Outcome.REJECTED,
                error.code(),
                null,
                null,
                null)
            .forClientKey(info.clientKeyId()));
  }

  void book(UsageRecord record) {
    usage.record(record);
    metrics.record(record);
    prometheus.record(record);
    LOG.info(
        () ->
            "request_id="
                + record.requestId()
                + " endpoint="
                + record.endpoint()
                + " tier="
                + record.tier()
                + " model="
                + record.servedModel()
                + " provider="
                + record.provider()
                + " ttft_ms="
                + record.ttftMs()
                + " total_ms="
                + record.totalMs()
                + " tokens="
                + record.promptTokens()
                + "+"
                + record.completionTokens()
                + " cost_usd="
                + String.format("%.6f", record.costUsd())
                + " outcome="
                + record.outcome().name().toLowerCase()
                + (record.errorCode() == null ? "" : " error=" + record.errorCode())
                + (record.attempts() != null && record.attempts().contains(",")
                    ? " attempts=" + record.attempts()
                    : ""));
  }
}
