package com.cogniforge.gateway.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Failover across a model's providers, with calls scripted instead of made over HTTP. */
class FailoverCallTest {

  private final AtomicLong now = new AtomicLong();
  private final ProviderHealth health = new ProviderHealth(now::get);
  private final List<String> heard = new ArrayList<>();
  private final List<UpstreamListener> started = new ArrayList<>();
  private final List<String> calledProviders = new ArrayList<>();

  private static Provider provider(String name) {
    return new Provider(
        name,
        ProviderKind.OPENAI,
        "http://127.0.0.1:1/v1",
        Optional.empty(),
        Map.of(),
        Map.of("m", ""),
        new Provider.Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)));
  }

  private final List<ProviderRoute> routes =
      List.of(
          ProviderRoute.of(provider("alpha"), "m", id -> Optional.empty()),
          ProviderRoute.of(provider("beta"), "m", id -> Optional.empty()),
          ProviderRoute.of(provider("gamma"), "m", id -> Optional.empty()));

  private FailoverCall call(List<ProviderRoute> order) {
    FailoverCall call =
        new FailoverCall(
            order,
            new UpstreamListener() {
              @Override
              public void onProvider(String provider) {
                heard.add("provider " + provider);
              }

              @Override
              public void onServedModel(String model) {
                heard.add("model " + model);
              }

              @Override
              public void onToken(String text) {
                heard.add("token " + text);
              }

              @Override
              public void onUsage(int promptTokens, int completionTokens) {}

              @Override
              public void onComplete(String finishReason) {
                heard.add("complete");
              }

              @Override
              public void onFailure(UpstreamFailure failure) {
                heard.add("failure " + failure.code());
              }
            },
            (route, guard) -> {
              calledProviders.add(route.provider().name());
              started.add(guard);
              return new UpstreamCall(
                  ProviderKind.OPENAI.wire(), guard, Duration.ofSeconds(1), Duration.ofSeconds(1));
            },
            health);
    call.start();
    return call;
  }

  private static UpstreamFailure failure(int status) {
    return UpstreamFailure.fromStatus(status, "", null);
  }

  @Test
  void aProviderThatFailsBeforeItsFirstTokenIsReplacedByTheNextOne() {
    call(routes);
    started.get(0).onServedModel("m-alpha-version");
    started.get(0).onFailure(failure(503));
    started.get(1).onServedModel("m-beta-version");
    started.get(1).onToken("hi");
    started.get(1).onComplete("stop");
    assertEquals(List.of("alpha", "beta"), calledProviders);
    assertEquals(
        List.of("provider alpha", "provider beta", "model m-beta-version", "token hi", "complete"),
        heard,
        "alpha's model name and failure never reach the listener");
  }

  @Test
  void afterTheFirstTokenAFailureIsTheCallersAndNoOtherProviderIsCalled() {
    call(routes);
    started.get(0).onToken("hi");
    started.get(0).onFailure(failure(502));
    assertEquals(List.of("alpha"), calledProviders);
    assertEquals("failure upstream_error", heard.get(heard.size() - 1));
  }

  @Test
  void aRequestTheProviderFoundWrongIsNotSentToTheNext() {
    call(routes);
    started.get(0).onFailure(failure(400));
    assertEquals(List.of("alpha"), calledProviders, "another provider would refuse it too");
    assertEquals("failure upstream_bad_request", heard.get(heard.size() - 1));
  }

  @Test
  void aModelUnknownToOneProviderOrRateLimitedMovesOn() {
    call(routes);
    started.get(0).onFailure(failure(404));
    started.get(1).onFailure(failure(429));
    started.get(2).onToken("ok");
    assertEquals(List.of("alpha", "beta", "gamma"), calledProviders);
  }

  @Test
  void whenEveryProviderFailsTheLastFailureReachesTheListener() {
    call(routes);
    started.get(0).onFailure(failure(500));
    started.get(1).onFailure(failure(502));
    started.get(2).onFailure(failure(429));
    assertEquals("failure upstream_rate_limited", heard.get(heard.size() - 1));
    assertEquals(1, heard.stream().filter(h -> h.startsWith("failure")).count());
  }

  @Test
  void aCancelledCallStartsNoOtherProvider() {
    FailoverCall call = call(routes);
    call.cancel();
    started.get(0).onFailure(failure(503));
    assertEquals(List.of("alpha"), calledProviders);
  }

  @Test
  void threeFailuresInARowPutARouteLastUntilItsCircuitTimeIsOver() {
    for (int i = 0; i < ProviderHealth.FAILURES_TO_OPEN; i++) {
      health.failed(routes.get(0), failure(503));
    }
    assertEquals(
        List.of("beta", "gamma", "alpha"),
        health.ordered(routes).stream().map(r -> r.provider().name()).toList());
    assertTrue(health.figures(routes.get(0)).open());
    now.addAndGet(ProviderHealth.OPEN_NANOS + 1);
    assertEquals(
        List.of("alpha", "beta", "gamma"),
        health.ordered(routes).stream().map(r -> r.provider().name()).toList(),
        "after the open time it is tried first again");
    health.succeeded(routes.get(0));
    assertEquals(0, health.figures(routes.get(0)).failuresInARow());
  }
}
