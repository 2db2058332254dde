package com.cogniforge.gateway.budget;

import com.cogniforge.gateway.ApiError;
import java.util.Locale;

/**
 * How much one client key may hold in open reservations at once, whatever its own budget: at most
 * {@code perKeyUsd} ({@code KEY_RESERVATION_CAP_USD}, 0 for no cap) and at most {@code share}
 * ({@code KEY_RESERVATION_SHARE}) of what is left of the gateway's day. Without them one key asking
 * for huge {@code max_tokens} could reserve the whole day's budget and starve every other key.
 *
 * @param remainingUsd the gateway's daily budget minus what it has spent today
 */
record ReservationCaps(double perKeyUsd, double share, double remainingUsd) {

  /** Why a key holding {@code heldUsd} may not hold {@code moreUsd} more, or null if it may. */
  ApiError refusal(double heldUsd, double moreUsd) {
    double after = heldUsd + moreUsd;
    // With other reservations open it may fit once they end; alone, only a smaller request fits.
    boolean othersOpen = heldUsd > 1e-12;
    if (perKeyUsd > 0 && after > perKeyUsd + 1e-12) {
      return othersOpen
          ? new ApiError(
              429,
              "key_reservation_cap",
              message(
                  "this API key's open requests already hold $%.4f of the $%.2f it may hold at"
                      + " once; retry when one ends",
                  heldUsd, perKeyUsd),
              1L)
          : new ApiError(
              400,
              "key_reservation_cap",
              message(
                  "this request could cost $%.4f (its prompt and max_tokens), more than the $%.2f"
                      + " one API key may hold at once; lower max_tokens",
                  moreUsd, perKeyUsd));
    }
    double shareUsd = share * Math.max(0, remainingUsd);
    if (share < 1 && after > shareUsd + 1e-12) {
      return new ApiError(
          429,
          "key_budget_share",
          message(
              "one API key may hold at most %.0f%% of the $%.4f left of today's budget ($%.4f);"
                  + " this request could cost $%.4f and the key's open requests hold $%.4f",
              share * 100, Math.max(0, remainingUsd), shareUsd, moreUsd, heldUsd),
          othersOpen ? 1L : DailyBudget.secondsToMidnightUtc());
    }
    return null;
  }

  private static String message(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
