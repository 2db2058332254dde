package com.cogniforge.gateway.admission;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.budget.CallLabel;
import com.cogniforge.gateway.budget.DailyBudget;
import com.cogniforge.gateway.budget.PriceTable;
import com.cogniforge.gateway.budget.Reservation;
import com.cogniforge.gateway.keys.ClientKey;
import com.cogniforge.gateway.keys.RateLimits;
import com.cogniforge.gateway.providers.Providers;
import com.cogniforge.gateway.relay.Admitted;
import com.cogniforge.gateway.relay.ChatInput;
import com.cogniforge.gateway.relay.ChatStream;
import com.cogniforge.gateway.relay.InFlight;
import com.cogniforge.gateway.relay.Relay;
import com.cogniforge.gateway.relay.RequestInfo;
import com.cogniforge.gateway.resilience.QualityMonitor;
import com.cogniforge.gateway.routing.RouteDecision;
import com.cogniforge.gateway.routing.Router;
import com.cogniforge.gateway.routing.TierModels;
import com.cogniforge.gateway.settings.GatewaySettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Whether and how a chat request is served, decided in order before anything is sent upstream:
 *
 * <ol>
 *   <li>{@link Intake}: the gateway is taking requests, a provider is configured, size limits;
 *   <li>{@link RouteStage}: tier and models, after the router, the key's policy, the budget and the
 *       circuits;
 *   <li>{@link Limits}: the key's completion cap and rate (given back if a later stage refuses);
 *   <li>{@link CacheLookup}: a cached answer, or an identical call in flight to join;
 *   <li>reserve: the worst-case cost in the daily budget and the key's ({@link DailyBudget#reserve}
 *       owns both ledgers from here to settlement);
 *   <li>start: the relay takes over.
 * </ol>
 *
 * A refusal at any stage is booked as a rejected request and thrown as an {@link ApiError} for the
 * endpoint to answer in its own wire format.
 */
@ApplicationScoped
public class Admission {

  @Inject GatewaySettings settings;
  @Inject Providers providers;
  @Inject Router router;
  @Inject TierModels tiers;
  @Inject DailyBudget budget;
  @Inject PriceTable prices;
  @Inject QualityMonitor quality;
  @Inject RateLimits rateLimits;
  @Inject Relay relay;

  private Intake intake;
  private RouteStage routes;
  private Limits limits;
  private CacheLookup cache;

  @PostConstruct
  void wire() {
    intake =
        new Intake(
            settings.maxMessages(),
            settings.maxPromptTokens(),
            relay.services().open()::draining,
            providers::routes);
    routes =
        new RouteStage(
            router,
            new KeyPolicy(router, tiers),
            tiers,
            budget,
            quality,
            settings::hybridStreaming);
    limits = new Limits(rateLimits);
    cache =
        new CacheLookup(
            relay.services().answers(),
            relay.services().inFlight(),
            settings::hybridStreaming,
            settings::cacheScopedToKey);
  }

  /**
   * Admits the request and returns its stream, ready to start.
   *
   * @throws ApiError (already booked as rejected) when the request cannot be served
   */
  public ChatStream admit(RequestInfo info, ChatInput input) {
    Limits.Granted granted = null;
    InFlight.Lead lead = null;
    try {
      ClientKey key = info.clientKey();
      Intake.Accepted accepted = intake.check(info, input);
      RouteDecision route = routes.decide(input, key, accepted.promptTokens());
      granted = limits.take(key, input, accepted.promptTokens());
      ChatInput capped = granted.input();
      if (capped.request().maxTokens() == null) {
        // The cap the budget reserves for goes upstream too: no call can cost more than it holds.
        capped = capped.withMaxTokens(budget.defaultMaxTokens());
      }
      Admitted request = new Admitted(info, capped, route, accepted.promptTokens());
      CacheLookup.Found found = cache.find(info, request.input(), route);
      if (found instanceof CacheLookup.Hit hit) {
        return relay.replay(request, hit.answer());
      }
      if (found instanceof CacheLookup.Joined joined) {
        return relay.join(request, joined.join());
      }
      if (found instanceof CacheLookup.Lead miss) {
        lead = miss.lead();
      }
      Integer maxTokens = request.input().request().maxTokens();
      Reservation reservation =
          budget.reserve(
              new CallLabel(info.requestId(), info.endpoint(), route.model(), input.stream()),
              budget.worstCase(route.model(), accepted.promptTokens(), maxTokens),
              key == null ? null : key.id(),
              key == null ? null : key.limits().dailyBudgetUsd());
      ReservedBudget held =
          new ReservedBudget(budget, prices, reservation, accepted.promptTokens(), maxTokens);
      InFlight.Lead started = lead;
      lead = null; // handed over: the stream unregisters it when it ends
      return relay.relayed(request, accepted.providers(), held, started);
    } catch (ApiError refused) {
      undo(granted, lead, refused);
      relay.refused(info, input.request().model(), input.stream(), refused);
      throw refused;
    } catch (RuntimeException failed) {
      // Not a refusal but a fault: requests that joined must not wait for a call never made.
      undo(granted, lead, new ApiError(500, "internal_error", "the gateway failed unexpectedly"));
      throw failed;
    }
  }

  /** Books a request the endpoint refused before admission (malformed body...). */
  public void refused(RequestInfo info, String requestedModel, boolean streamed, ApiError error) {
    relay.refused(info, requestedModel, streamed, error);
  }

  private void undo(Limits.Granted granted, InFlight.Lead lead, ApiError why) {
    if (granted != null) {
      granted.giveBack().run();
    }
    if (lead != null) {
      relay.services().inFlight().abandon(lead, why);
    }
  }
}
