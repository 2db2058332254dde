package com.cogniforge.gateway.admission;

import com.cogniforge.gateway.cache.CacheKey;
import com.cogniforge.gateway.cache.CachedAnswer;
import com.cogniforge.gateway.relay.Answers;
import com.cogniforge.gateway.relay.ChatInput;
import com.cogniforge.gateway.relay.InFlight;
import com.cogniforge.gateway.relay.RequestInfo;
import com.cogniforge.gateway.routing.RouteDecision;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * In hybrid mode, a cacheable request is answered from the response cache, joins an identical call
 * in flight, or registers its own call for identical requests to join. The lookup comes before the
 * budget: a stored or shared answer costs nothing. Scoped to the client key (or to all anonymous
 * requests) unless {@code CACHE_SCOPE=global}: a HIT or COALESCED would otherwise tell one tenant
 * that another sent the same prompt.
 */
final class CacheLookup {

  /** What the lookup found. */
  sealed interface Found permits Hit, Joined, Lead, NotCacheable {}

  record Hit(CachedAnswer answer) implements Found {}

  record Joined(InFlight.Join join) implements Found {}

  /** A miss: this request makes the call, registered so that identical ones can join it. */
  record Lead(InFlight.Lead lead) implements Found {}

  record NotCacheable() implements Found {}

  private final Answers answers;
  private final InFlight inFlight;
  private final BooleanSupplier enabled;
  private final BooleanSupplier scopedToKey;

  CacheLookup(
      Answers answers, InFlight inFlight, BooleanSupplier enabled, BooleanSupplier scopedToKey) {
    this.answers = answers;
    this.inFlight = inFlight;
    this.enabled = enabled;
    this.scopedToKey = scopedToKey;
  }

  Found find(RequestInfo info, ChatInput input, RouteDecision route) {
    if (!enabled.getAsBoolean() || !input.cacheAllowed() || info.noCache()) {
      return new NotCacheable();
    }
    String scope = null;
    if (scopedToKey.getAsBoolean()) {
      scope = info.clientKey() == null ? "anonymous" : "key:" + info.clientKey().id();
    }
    String key = CacheKey.of(scope, route.model(), input.request());
    Optional<CachedAnswer> hit = answers.get(key);
    if (hit.isPresent()) {
      return new Hit(hit.get());
    }
    InFlight.Registration registration = inFlight.register(key);
    return registration instanceof InFlight.Lead lead
        ? new Lead(lead)
        : new Joined((InFlight.Join) registration);
  }
}
