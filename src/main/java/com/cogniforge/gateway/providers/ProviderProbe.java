package com.cogniforge.gateway.providers;

import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.settings.GatewaySettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * "Test connection": a one-token chat call to the FAST tier's primary model through the same client
 * and provider selection as real traffic, so it fails exactly when clients would. It is an
 * operator's check, not client traffic: it is not a usage record and not charged to the budget (one
 * token of the cheapest tier).
 */
@ApplicationScoped
public class ProviderProbe {

  private static final long WAIT_SECONDS = 15;

  @Inject Providers providers;
  @Inject UpstreamClient client;
  @Inject GatewaySettings settings;

  /** What the probe found. {@code code} is an error code when it failed, else null. */
  public record Result(
      boolean ok, String provider, String model, long millis, String code, String detail) {}

  /** Calls the FAST tier's primary model the way traffic would, failover included. */
  public Result probe(String selfBaseUrl) {
    String model = settings.tierModels("FAST").get(0);
    var routes = providers.routes(selfBaseUrl).map(found -> found.forModel(model));
    if (routes.isEmpty() || routes.get().isEmpty()) {
      return new Result(false, "none", model, 0, "no_provider", "no provider is configured");
    }
    return probe(routes.get().get(0));
  }

  /** Calls one provider alone (no failover): the first model it lists, or {@code model}. */
  public Result probe(ProviderRoute route) {
    String model = route.model();
    CompletableFuture<String> answer = new CompletableFuture<>();
    long start = System.nanoTime();
    UpstreamCall call =
        client.stream(
            route,
            new ChatRequest(
                model,
                List.of(new ChatMessage("user", "Reply with OK.")),
                1,
                JsonText.BUILDERS.createObjectBuilder().build()),
            new UpstreamListener() {
              @Override
              public void onToken(String text) {
                answer.complete(text);
              }

              @Override
              public void onUsage(int promptTokens, int completionTokens) {}

              @Override
              public void onComplete(String finishReason) {
                answer.complete("");
              }

              @Override
              public void onFailure(UpstreamFailure failure) {
                answer.completeExceptionally(failure);
              }
            });
    String name = route.provider().name();
    try {
      answer.get(WAIT_SECONDS, TimeUnit.SECONDS);
      return new Result(true, name, model, elapsedMillis(start), null, null);
    } catch (ExecutionException failed) {
      String code =
          failed.getCause() instanceof UpstreamFailure upstream
              ? upstream.code()
              : "upstream_error";
      return new Result(
          false, name, model, elapsedMillis(start), code, failed.getCause().getMessage());
    } catch (TimeoutException slow) {
      return new Result(
          false,
          name,
          model,
          elapsedMillis(start),
          "timeout",
          "no answer in " + WAIT_SECONDS + " s");
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return new Result(false, name, model, elapsedMillis(start), "interrupted", null);
    } finally {
      call.cancel();
    }
  }

  private static long elapsedMillis(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
