package com.cogniforge.gateway.providers;

import com.cogniforge.gateway.GatewayExecutors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one HTTP client for every provider, whatever its wire format: JDK {@link HttpClient},
 * non-blocking, one connection pool per connect time-out (in practice one).
 */
@ApplicationScoped
public class UpstreamClient {

  @Inject GatewayExecutors executors;
  @Inject Providers providers;

  private final Map<Duration, HttpClient> clients = new ConcurrentHashMap<>();

  /**
   * Starts a streaming chat call to a model on the first of its {@code routes} that answers (see
   * {@link FailoverCall}); what it produces goes to {@code listener}.
   */
  public FailoverCall stream(
      List<ProviderRoute> routes, ChatRequest request, UpstreamListener listener) {
    FailoverCall call =
        new FailoverCall(
            routes, listener, (route, guard) -> stream(route, request, guard), providers.health());
    call.start();
    return call;
  }

  /** Starts a streaming chat call on one route, without failover. */
  public UpstreamCall stream(ProviderRoute route, ChatRequest request, UpstreamListener listener) {
    Provider provider = route.provider();
    ProviderWire wire = provider.kind().wire();
    Provider.Timeouts timeouts = provider.timeouts();
    UpstreamCall call = new UpstreamCall(wire, listener, timeouts.firstToken(), timeouts.idle());
    HttpRequest.Builder builder;
    try {
      builder = wire.request(provider, route.upstreamModel(), request);
    } catch (UpstreamFailure untranslatable) {
      call.failNow(untranslatable);
      return call;
    }
    call.start(
        clientFor(timeouts.connect()),
        builder.timeout(timeouts.firstToken()).build(),
        executors.timers());
    return call;
  }

  private HttpClient clientFor(Duration connectTimeout) {
    return clients.computeIfAbsent(
        connectTimeout,
        timeout ->
            HttpClient.newBuilder()
                // Plain HTTP/1.1: no h2c upgrade round trip on loopback, one stream per connection.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .executor(executors.relay())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
  }
}
