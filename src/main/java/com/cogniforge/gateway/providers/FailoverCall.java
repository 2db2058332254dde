package com.cogniforge.gateway.providers;

import java.util.List;
import java.util.function.BiFunction;

/**
 * A call to one model that may move across its providers: when a provider fails before its first
 * token (connection refused, 5xx, 429, first-token time-out...), the same model is called on the
 * next provider. Once a provider has sent output, the call is its: a failure then is the caller's
 * to handle (the relay's fallback to another model). Each outcome feeds the route's circuit.
 */
public final class FailoverCall {

  private final List<ProviderRoute> routes;
  private final UpstreamListener listener;
  private final BiFunction<ProviderRoute, UpstreamListener, UpstreamCall> start;
  private final ProviderHealth health;
  private volatile UpstreamCall current;
  private volatile int active; // the route now called
  private volatile boolean cancelled;

  FailoverCall(
      List<ProviderRoute> routes,
      UpstreamListener listener,
      BiFunction<ProviderRoute, UpstreamListener, UpstreamCall> start,
      ProviderHealth health) {
    this.routes = routes;
    this.listener = listener;
    this.start = start;
    this.health = health;
  }

  void start() {
    startRoute(0);
  }

  /** Stops the call on whichever provider has it; the listener hears nothing more. */
  public void cancel() {
    cancelled = true;
    UpstreamCall call = current;
    if (call != null) {
      call.cancel();
    }
  }

  private void startRoute(int index) {
    if (cancelled) {
      return;
    }
    ProviderRoute route = routes.get(index);
    listener.onProvider(route.provider().name());
    active = index;
    UpstreamCall call = start.apply(route, new Guard(index, route));
    if (active != index) {
      return; // it failed at once (a request its format cannot carry) and the next route has it
    }
    current = call;
    if (cancelled) {
      call.cancel(); // cancelled while this route was starting
    }
  }

  /**
   * Passes one route's events on. Until the route commits (its first output), the model it names is
   * held back and a failure may move the call to the next route instead of reaching the listener.
   */
  private final class Guard implements UpstreamListener {
    private final int index;
    private final ProviderRoute route;
    private boolean committed;
    private String servedModel;
    private String providerFields;

    Guard(int index, ProviderRoute route) {
      this.index = index;
      this.route = route;
    }

    private void commit() {
      if (!committed) {
        committed = true;
        health.succeeded(route);
        if (servedModel != null) {
          listener.onServedModel(servedModel);
        }
        if (providerFields != null) {
          listener.onProviderFields(providerFields);
        }
      }
    }

    @Override
    public void onToken(String text) {
      commit();
      listener.onToken(text);
    }

    @Override
    public void onDelta(UpstreamDelta delta) {
      commit();
      listener.onDelta(delta);
    }

    @Override
    public void onUsage(int promptTokens, int completionTokens) {
      commit();
      listener.onUsage(promptTokens, completionTokens);
    }

    @Override
    public void onUsageDetails(int cachedPromptTokens, int reasoningTokens) {
      listener.onUsageDetails(cachedPromptTokens, reasoningTokens);
    }

    @Override
    public void onCacheWriteTokens(int tokens) {
      listener.onCacheWriteTokens(tokens);
    }

    @Override
    public void onServedModel(String model) {
      if (committed) {
        listener.onServedModel(model);
      } else {
        servedModel = model;
      }
    }

    @Override
    public boolean awaitRoom(Runnable resume) {
      return !committed || listener.awaitRoom(resume); // nothing reached the client before that
    }

    @Override
    public void onProviderFields(String members) {
      if (committed) {
        listener.onProviderFields(members);
      } else {
        providerFields = members;
      }
    }

    @Override
    public void onComplete(String finishReason) {
      commit();
      listener.onComplete(finishReason);
    }

    @Override
    public void onFailure(UpstreamFailure failure) {
      if (committed) {
        listener.onFailure(failure);
        return;
      }
      health.failed(route, failure);
      if (!cancelled && index + 1 < routes.size() && failure.worthAnotherProvider()) {
        startRoute(index + 1);
      } else {
        listener.onFailure(failure);
      }
    }
  }
}
