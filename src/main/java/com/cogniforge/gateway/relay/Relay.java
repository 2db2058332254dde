package com.cogniforge.gateway.relay;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.GatewayExecutors;
import com.cogniforge.gateway.cache.CachedAnswer;
import com.cogniforge.gateway.cache.ResponseCache;
import com.cogniforge.gateway.providers.ChatRequest;
import com.cogniforge.gateway.providers.FailoverCall;
import com.cogniforge.gateway.providers.ProviderRoute;
import com.cogniforge.gateway.providers.ProviderRoutes;
import com.cogniforge.gateway.providers.UpstreamClient;
import com.cogniforge.gateway.providers.UpstreamFailure;
import com.cogniforge.gateway.providers.UpstreamListener;
import com.cogniforge.gateway.resilience.Hedging;
import com.cogniforge.gateway.resilience.QualityMonitor;
import com.cogniforge.gateway.routing.TierModels;
import com.cogniforge.gateway.settings.GatewaySettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The streaming engine as the rest of the gateway sees it: it wires the engine's collaborators once
 * ({@link RelayServices}) and makes the three kinds of stream an admitted request can become:
 * relayed from a provider, replayed from the cache, or joined to an identical call in flight.
 */
@ApplicationScoped
public class Relay {

  @Inject GatewayExecutors executors;
  @Inject GatewaySettings settings;
  @Inject TierModels tiers;
  @Inject Hedging hedging;
  @Inject QualityMonitor quality;
  @Inject ResponseCache cache;
  @Inject Bookkeeper books;
  @Inject UpstreamClient upstream;

  private RelayServices services;

  @PostConstruct
  void wire() {
    services =
        new RelayServices(
            executors.timers(),
            executors.relay(),
            executors.ends(),
            () ->
                new RelayOptions(
                    settings.hybridStreaming(), settings.chunkSize(), settings.heartbeatInterval()),
            tiers,
            hedging,
            quality,
            new Answers() {
              @Override
              public Optional<CachedAnswer> get(String key) {
                return cache.get(key);
              }

              @Override
              public void put(String key, CachedAnswer answer) {
                cache.put(key, answer);
              }
            },
            books,
            new InFlight(),
            new OpenStreams());
  }

  public RelayServices services() {
    return services;
  }

  /**
   * A stream from the providers of its route's models, holding {@code budget}; {@code lead} when
   * cacheable.
   */
  public ChatStream relayed(
      Admitted request, ProviderRoutes providers, StreamBudget budget, InFlight.Lead lead) {
    return new RelayedStream(
        request, "none", upstreamOf(providers, request), budget, lead, services);
  }

  public ChatStream replay(Admitted request, CachedAnswer answer) {
    return new CachedReplay(request, answer, services);
  }

  public ChatStream join(Admitted request, InFlight.Join join) {
    return new CoalescedStream(request, join, services);
  }

  /** Books a request refused before it reached a provider. */
  public void refused(RequestInfo info, String requestedModel, boolean streamed, ApiError error) {
    services.books().book(info.refused(streamed, requestedModel, error), info.clientKey());
  }

  /** See {@link OpenStreams#drain}. */
  public int drain(Duration grace) throws InterruptedException {
    return services.open().drain(grace);
  }

  private Upstream upstreamOf(ProviderRoutes providers, Admitted request) {
    ChatRequest chat = request.input().request();
    return new Upstream() {
      @Override
      public Call call(String model, UpstreamListener listener) {
        List<ProviderRoute> routes = providers.forModel(model);
        if (routes.isEmpty()) {
          listener.onFailure(
              new UpstreamFailure(
                  UpstreamFailure.Kind.CONNECT_FAILED, "no provider serves model " + model));
          return () -> {};
        }
        FailoverCall call = upstream.stream(routes, chat, listener);
        return call::cancel;
      }

      @Override
      public String firstProvider(String model) {
        return providers.firstProvider(model);
      }
    };
  }
}
