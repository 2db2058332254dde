package com.cogniforge.gateway.relay;

import com.cogniforge.gateway.providers.UpstreamListener;

/**
 * Where one stream's calls go: the request bound to its provider, so that the relay only names the
 * model. The real one is the provider's HTTP client; unit tests answer from a script.
 */
@FunctionalInterface
public interface Upstream {

  /** Starts calling {@code model}; what it produces goes to {@code listener}. */
  Call call(String model, UpstreamListener listener);

  /** The provider a call to {@code model} goes to first, or {@code null} if unknown. */
  default String firstProvider(String model) {
    return null;
  }

  /** A call in flight. */
  @FunctionalInterface
  interface Call {
    /** Stops the call; the listener hears nothing more from it. */
    void cancel();
  }
}
