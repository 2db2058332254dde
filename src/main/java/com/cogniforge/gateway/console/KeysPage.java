package com.cogniforge.gateway.console;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.budget.KeyBudgets;
import com.cogniforge.gateway.keys.ClientKey;
import com.cogniforge.gateway.keys.ClientKeys;
import com.cogniforge.gateway.keys.KeyForm;
import com.cogniforge.gateway.keys.KeyLimits;
import com.cogniforge.gateway.settings.SettingKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code /admin/keys}: the client keys. Create one (its secret is shown on the answer page, once),
 * rotate it (the old one may keep working for a grace period), revoke it, change its limits, and
 * see what each spent today. Whether anonymous calls are allowed is said at the top.
 */
@ApplicationScoped
public class KeysPage implements ConsolePage {

  @Inject ClientKeys keys;
  @Inject KeyBudgets budgets;

  /** One row of the table. */
  public record Row(ClientKey key, String state, double spentToday) {}

  @Override
  public String path() {
    return "keys";
  }

  @Override
  public void get(ConsoleExchange exchange, String action) throws IOException {
    show(exchange, null);
  }

  @Override
  public void post(ConsoleExchange exchange, String action) throws IOException {
    String actor = exchange.operator();
    try {
      switch (action) {
        case "" -> {
          ClientKeys.Issued issued =
              keys.create(KeyForm.name(exchange.param("name")), limits(exchange), actor);
          exchange.status(201);
          show(exchange, issued);
        }
        case "rotate" -> {
          Duration grace = Duration.ofMinutes(minutes(exchange.param("grace")));
          Optional<ClientKeys.Issued> issued = keys.rotate(id(exchange), grace, actor);
          if (issued.isEmpty()) {
            notFound(exchange);
            return;
          }
          exchange.status(201);
          show(exchange, issued.get());
        }
        case "revoke" -> {
          if (keys.revoke(id(exchange), actor).isEmpty()) {
            notFound(exchange);
            return;
          }
          exchange.flash("ok", exchange.text("keys.revoked"));
          exchange.redirect("/admin/keys");
        }
        case "limits" -> {
          if (keys.limit(id(exchange), limits(exchange), actor).isEmpty()) {
            notFound(exchange);
            return;
          }
          exchange.flash("ok", exchange.text("keys.limits_saved"));
          exchange.redirect("/admin/keys");
        }
        default -> ConsolePage.super.post(exchange, action);
      }
    } catch (ApiError invalid) {
      exchange.status(400);
      exchange.put("formError", exchange.text("keys.invalid", invalid.getMessage()));
      show(exchange, null);
    }
  }

  private void show(ConsoleExchange exchange, ClientKeys.Issued issued) throws IOException {
    Instant now = Instant.now();
    List<Row> rows = new ArrayList<>();
    for (ClientKey key : keys.all()) {
      rows.add(new Row(key, key.state(now), budgets.spentToday(key.id())));
    }
    exchange
        .put("rows", rows)
        .put("issued", issued)
        .put("keyRequired", keys.keyRequired())
        .put("providerOptions", SettingKind.PROVIDER_OPTION_NAMES);
    exchange.render("keys", "keys");
  }

  private static KeyLimits limits(ConsoleExchange exchange) {
    return KeyForm.limits(
        exchange.param("daily_budget_usd"),
        exchange.param("requests_per_minute"),
        exchange.param("tokens_per_minute"),
        checked(exchange, "allowed_tiers"),
        exchange.param("allowed_models"),
        exchange.param("max_tokens"),
        checked(exchange, "allowed_options"));
  }

  /** The values of a group of checkboxes, comma-separated (none ticked: empty). */
  private static String checked(ConsoleExchange exchange, String name) {
    String[] values = exchange.request().getParameterValues(name);
    return values == null ? "" : String.join(",", values);
  }

  private static long id(ConsoleExchange exchange) {
    try {
      return Long.parseLong(exchange.param("id"));
    } catch (NumberFormatException notAnId) {
      throw ApiError.badRequest("invalid_id", "no such key");
    }
  }

  private static long minutes(String raw) {
    try {
      long minutes = Long.parseLong(raw);
      if (minutes >= 0 && minutes <= 30L * 24 * 60) {
        return minutes;
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw ApiError.badRequest("invalid_grace", "grace: 0 to 43200 minutes");
  }

  private static void notFound(ConsoleExchange exchange) throws IOException {
    exchange.status(404);
    exchange.put("message", exchange.text("error.not_found"));
    exchange.render("error", "error");
  }
}
